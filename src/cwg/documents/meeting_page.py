"""The meeting page's documents, draft agenda and report: cwg.core.sections parts documents adds
to the meetings app's page and API, loaded in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext

from cwg.core.access_levels import AccessLevel
from cwg.core.i18n import pick_with_language
from cwg.documents.models import (
    Document,
    DocumentFile,
    DocumentType,
    MeetingReport,
    SourceKind,
    TranslationStatus,
)
from cwg.documents.permissions import can_view
from cwg.documents.queries import visible_documents
from cwg.registry.models import MemberState


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
    return visible_documents(user).filter(meeting=meeting)


class _UrlPattern:
    """Reverse a URL once and fill it in per row: reversing 2,000 times costs more than the query."""

    MARK = "999999937"

    def __init__(self, name: str):
        try:
            self.template = reverse(name, args=[self.MARK])
        except NoReverseMatch:
            self.template = ""

    def __call__(self, value) -> str:
        if not self.template:
            return ""
        return self.template.replace(self.MARK, quote(str(value), safe="/~:@!$&'()*+,;="), 1)


def document_rows(user, meeting, language: str) -> list[DocumentRow]:
    """Documents with their language versions and sources: four queries whatever their number."""
    docs = list(
        meeting_documents(user, meeting)
        .only(
            "id",
            "symbol",
            "number",
            "title",
            "source_kind",
            "access_level",
            "current_revision",
            "is_late",
            "withdrawn",
        )
        .order_by("number", "id")
    )
    ids = meeting_documents(user, meeting).values("id")
    # Plain tuples rather than model instances: thousands of rows, only four columns needed.
    files: dict[int, list[tuple]] = {}
    for doc_id, file_id, revision, lang, status in (
        DocumentFile.objects.filter(document_id__in=ids)
        .order_by("language")
        .values_list("document_id", "id", "revision", "language", "translation_status")
    ):
        files.setdefault(doc_id, []).append((file_id, revision, lang, status))
    state_names = {}
    sources: dict[int, list[int]] = {}
    through = Document.source_states.through
    for doc_id, state_id in through.objects.filter(document_id__in=ids).values_list(
        "document_id", "memberstate_id"
    ):
        sources.setdefault(doc_id, []).append(state_id)
    if sources:
        wanted = {sid for sids in sources.values() for sid in sids}
        state_names = {
            state.pk: state.name(language)
            for state in MemberState.objects.filter(pk__in=wanted).only("id", "iso3", "names")
        }
    notes = {
        TranslationStatus.REQUESTED: gettext("translation requested"),
        TranslationStatus.IN_PROGRESS: gettext("translation in progress"),
    }
    kind_labels = {value: gettext(label) for value, label in SourceKind.choices}
    doc_url = _UrlPattern("documents:detail")
    file_url = _UrlPattern("documents:download")
    meeting_access = meeting.effective_access()
    rows = []
    for doc in docs:
        names = [state_names[sid] for sid in sources.get(doc.pk, ()) if sid in state_names]
        versions = []
        for file_id, revision, lang, status in files.get(doc.pk, ()):
            if revision != doc.current_revision:
                continue
            note = notes.get(status, "")
            versions.append(LanguageVersion(lang, status, "" if note else file_url(file_id), note))
        title = pick_with_language(doc.title, language)
        rows.append(
            DocumentRow(
                id=doc.pk,
                symbol=doc.display_symbol,
                title=title.text,
                title_language=title.html_lang if title.is_fallback else "",
                access=doc.access_level
                if doc.access_level != AccessLevel.INHERIT
                else meeting_access,
                url=doc_url(doc.symbol),
                sources=", ".join(names) if names else kind_labels.get(doc.source_kind, ""),
                is_late=doc.is_late,
                withdrawn=doc.withdrawn,
                languages=versions,
            )
        )
    return rows


@dataclass
class LanguageSummary:
    language: str
    available: int = 0
    pending: int = 0  # translation requested or in progress


def language_summary(rows: list[DocumentRow]) -> list[LanguageSummary]:
    """How many of the listed documents each language has, and how many are being translated."""
    summary = {code: LanguageSummary(code) for code in settings.UN_LANGUAGES}
    for row in rows:
        for version in row.languages:
            entry = summary.get(version.language)
            if entry is None:
                continue
            if version.note:
                entry.pending += 1
            else:
                entry.available += 1
    return list(summary.values())


def meeting_report(user, meeting) -> MeetingReport | None:
    """The meeting's report record if the person may see it, or None."""
    report = (
        MeetingReport.objects.filter(meeting=meeting)
        .select_related("document", "document__group", "document__meeting", "approved_at_meeting")
        .first()
    )
    if report is None or not can_view(user, report.document):
        return None
    return report


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
