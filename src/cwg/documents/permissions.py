"""Who may see, download, submit, revise and approve documents: pure predicates, deny by default."""

from __future__ import annotations

from django.http import Http404

from cwg.documents.models import (
    Document,
    DocumentFile,
    DocumentType,
    MeetingReport,
    ReportState,
    SourceKind,
)
from cwg.meetings import deadlines
from cwg.meetings.models import MeetingStatus
from cwg.meetings.permissions import can_see_drafts
from cwg.registry import access


def can_view(user, document: Document) -> bool:
    """As the access level; a meeting report also as its state (docs/visibility.md).

    Its query form is `cwg.documents.queries.visibility_filter`.
    """
    if document.document_type == DocumentType.MEETING_REPORT:
        state = report_state(document)
        if state == ReportState.DRAFT:
            return can_see_drafts(user, document.group_id)
        if state == ReportState.CIRCULATED:
            return access.is_member(user, document.group_id)
    return access.can_see_level(user, document.group_id, document.effective_access())


def report_state(document: Document) -> str | None:
    """The state of the meeting report this document is, or None if it is none."""

    try:
        return document.meeting_report.state
    except MeetingReport.DoesNotExist:
        return None


def can_download(user, document_file: DocumentFile) -> bool:
    return bool(document_file.file) and can_view(user, document_file.document)


def can_submit_contribution(user, meeting, state=None) -> bool:
    """A delegate of a Member State submits for a State they represent in the meeting's group."""
    states = access.delegated_states(user, meeting.group_id)
    if not states:
        return False
    if state is None:
        return True
    return getattr(state, "pk", state) in states


def can_submit_document(user, group) -> bool:
    """Documents other than Member States' contributions are posted by the secretariat."""
    return access.is_secretariat(user, group)


def is_submitting_delegation(user, document: Document) -> bool:
    return (
        document.source_kind == SourceKind.MEMBER_STATE
        and document.submitting_state_id is not None
        and document.submitting_state_id in access.delegated_states(user, document.group_id)
    )


def can_revise(user, document: Document) -> bool:
    """The secretariat, or for a contribution the delegation that submitted it."""
    if not can_view(user, document):
        return False
    if access.is_secretariat(user, document.group_id):
        return True
    if document.document_type == DocumentType.MEETING_REPORT:
        return False
    return is_submitting_delegation(user, document)


def can_upload_version(user, document: Document) -> bool:
    return can_revise(user, document)


def can_withdraw(user, document: Document) -> bool:
    return can_revise(user, document)


def can_change_access_level(user, document: Document) -> bool:
    return access.is_secretariat(user, document.group_id)


def can_manage_translations(user, document: Document) -> bool:
    return access.is_secretariat(user, document.group_id)


def can_create_report(user, meeting) -> bool:
    return access.is_secretariat(user, meeting.group_id)


def can_move_report(user, report) -> bool:
    """Only the secretariat circulates, returns to draft and records approval of a report."""
    return access.is_secretariat(user, report.meeting.group_id)


def can_approve_report(user, report) -> bool:
    return report.state != ReportState.APPROVED and can_move_report(user, report)


def _documents():
    return Document.objects.select_related(
        "group", "meeting", "meeting__group", "submitting_state"
    ).prefetch_related("source_states")


def get_document_for(user, *, pk: int | None = None, symbol: str | None = None) -> Document:
    """The document if the person may see it; Http404 otherwise (a hidden record is a 404)."""
    if pk is None and not symbol:
        raise Http404("No document given.")
    filters = {"pk": pk} if pk is not None else {"symbol": symbol}
    document = _documents().filter(**filters).first()
    if document is None or not can_view(user, document):
        raise Http404("No such document.")
    return document


def get_file_for(user, file_id: int) -> DocumentFile:
    document_file = (
        DocumentFile.objects.select_related("document__group", "document__meeting__group")
        .filter(pk=file_id)
        .first()
    )
    if document_file is None or not can_download(user, document_file):
        raise Http404("No such file.")
    return document_file


def get_report_for(user, pk: int):
    report = (
        MeetingReport.objects.select_related(
            "meeting__group", "document__group", "document__meeting__group", "approved_at_meeting"
        )
        .filter(pk=pk)
        .first()
    )
    if report is None or not can_view(user, report.document):
        raise Http404("No such report.")
    return report


def group_page_links(user, group, page, so_far) -> dict:
    """Delegates may contribute to any meeting of the group that has not ended (a section part)."""
    return {
        "can_contribute": bool(page.meetings) and can_submit_contribution(user, page.meetings[0])
    }


def may_contribute_now(user, meeting) -> bool:
    """A delegate may submit to a planned meeting while its contribution deadline is open."""
    return (
        meeting.status == MeetingStatus.PLANNED
        and not deadlines.is_past_deadline(meeting)
        and can_submit_contribution(user, meeting)
    )


def meeting_page_links(user, meeting, so_far) -> dict:
    """The meeting page's "Submit a contribution" (a section part)."""
    return {"can_contribute": may_contribute_now(user, meeting)}


def meetings_list_links(user, meetings, so_far) -> dict:
    """The meetings of a list the reader may still contribute to (a section part)."""
    return {"contribute_ids": {m.pk for m in meetings if may_contribute_now(user, m)}}
