"""The meeting page's documents, draft agenda and report: cwg.core.sections parts documents adds
to the meetings app's page and API, loaded in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from cwg.core.access_levels import AccessLevel
from cwg.documents.models import (
    Document,
    DocumentType,
    MeetingReport,
)
from cwg.documents.permissions import can_view
from cwg.documents.queries import visible_at_meeting


@dataclass
class LanguageVersion:
    language: str
    status: str
    url: str = ""  # set only when the version can be downloaded
    note: str = ""  # e.g. "translation requested"

    @property
    def code(self) -> str:
        return self.language.upper()


@dataclass
class DocumentRow:
    """What the meeting page shows of one document, ready to print (no lookups in the template)."""

    id: int
    symbol: str
    title: str
    access: str
    url: str = ""
    title_language: str = ""  # the HTML lang of a title shown in another language than the page
    sources: str = ""
    is_late: bool = False
    withdrawn: bool = False
    languages: list[LanguageVersion] = field(default_factory=list)

    @property
    def public(self) -> bool:
        return self.access == AccessLevel.PUBLIC


def meeting_documents(user, meeting) -> QuerySet[Document]:
    """The meeting's documents the person may see (withdrawn ones are kept and marked)."""
    return visible_at_meeting(user, meeting)


@dataclass
class LanguageSummary:
    language: str
    available: int = 0
    pending: int = 0  # translation requested or in progress


def meeting_report(user, meeting) -> MeetingReport | None:
    """The meeting's report record if the person may see it, or None."""
    report = (
        MeetingReport.objects.filter(meeting=meeting)
        .select_related("document", "approved_at_meeting")
        .first()
    )
    if report is None:
        return None
    # The report is nearly always a document of this meeting: its meeting and group are in hand.
    document = report.document
    if document.meeting_id == meeting.pk:
        document.meeting = meeting
    if document.group_id == meeting.group_id:
        document.group = meeting.group
    return report if can_view(user, document) else None


def agenda_documents(user, meeting) -> list[Document]:
    """The meeting's agenda as documents (a draft agenda posted before any item is entered)."""
    return list(
        meeting_documents(user, meeting)
        .filter(document_type=DocumentType.AGENDA, withdrawn=False)
        .only("id", "symbol", "title", "current_revision")
        .order_by("number", "id")
    )


# cwg.core.sections providers (DocumentsConfig.sections) ---------------------------------------


def meeting_page_draft_agenda(user, meeting, so_far) -> dict:
    """ "meeting_draft_agenda": the agenda posted as a document while no item is entered."""
    return {"agenda_documents": agenda_documents(user, meeting)}


def meeting_page_report(user, meeting, so_far) -> dict:
    """ "meeting_report": the meeting's report if the reader may see it."""
    return {"report": meeting_report(user, meeting)}


def meeting_page_symbols(user, meeting, so_far) -> dict:
    """ "meeting_symbols": the symbols of the meeting's documents the reader may see."""
    symbols = meeting_documents(user, meeting).order_by("number", "id")
    return {"symbols": list(symbols.values_list("symbol", flat=True))}
