"""What readers may see of documents and meeting reports in a group's audit trail."""

from __future__ import annotations

from cwg.core import history
from cwg.documents.models import DocumentRevision, MeetingReport
from cwg.documents.queries import visible_documents


def _documents(reader, group_id: int | None):
    documents = visible_documents(reader)
    return documents if group_id is None else documents.filter(group_id=group_id)


def _revisions(reader, group_id: int | None):
    return DocumentRevision.objects.filter(document__in=_documents(reader, group_id))


def _reports(reader, group_id: int | None):
    return MeetingReport.objects.filter(document__in=_documents(reader, group_id))


def register() -> None:
    history.register(
        "documents.document",
        _documents,
        group_of=lambda document: document.group_id,
        page_name="document",
    )
    history.register("documents.documentrevision", _revisions)
    history.register(
        "documents.meetingreport",
        _reports,
        group_of=lambda report: report.meeting.group_id,
        page_name="meeting-report",
    )
