"""Reading documents: only what the reader may see, with the few queries a list needs."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from cwg.core.access_levels import AccessLevel
from cwg.core.i18n import pick_with_language
from cwg.core.pickers import RESULTS_LIMIT, Choice, other_language, resolve_among
from cwg.documents.models import (
    Document,
    DocumentFile,
    DocumentRevision,
    MeetingReport,
    ReportState,
    SourceKind,
    TranslationStatus,
    fold_for_search,
)
from cwg.meetings.queries import drafting_group_filter, member_group_filter
from cwg.registry import access

PUBLIC = AccessLevel.PUBLIC
INHERIT = AccessLevel.INHERIT

# A document is public when it says so, or inherits from a public meeting, or from a public
# group: the meeting's group when the meeting inherits too, its own when it has no meeting
# (as Document.effective_access).
PUBLIC_DOCUMENTS = (
    Q(access_level=PUBLIC)
    | Q(access_level=INHERIT, meeting__access_level=PUBLIC)
    | Q(access_level=INHERIT, meeting__access_level=INHERIT, meeting__group__visibility=PUBLIC)
    | Q(access_level=INHERIT, meeting__isnull=True, group__visibility=PUBLIC)
)


def _public_at_meeting(meeting) -> Q:
    """PUBLIC_DOCUMENTS for the documents of one meeting: what they inherit is known, so neither
    the meeting nor a group is joined."""
    if meeting.effective_access() == PUBLIC:
        return Q(access_level__in=(PUBLIC, INHERIT))
    return Q(access_level=PUBLIC)


def _level_filter(user, public: Q = PUBLIC_DOCUMENTS) -> Q | None:
    """A filter on Document for what its access level lets the person see; None: everything."""
    standing = access.standing(user)
    if standing.is_superuser or access.MEMBER_ROLES & standing.roles_by_group.get(None, set()):
        return None
    member_groups = [
        group_id
        for group_id, roles in standing.roles_by_group.items()
        if group_id is not None and roles & access.MEMBER_ROLES
    ]
    if member_groups:
        return public | Q(group_id__in=member_groups)
    return public


def visibility_filter(user, public: Q = PUBLIC_DOCUMENTS) -> Q | None:
    """A filter on Document for what the person may see; None means everything.

    The query form of `cwg.documents.permissions.can_view` (docs/visibility.md): a meeting
    report is seen by the secretariat and officers while a draft, by the group's members once
    circulated, and as its access level once approved; any other document as its access level.
    `public` says which documents are public (narrower forms for one meeting's documents).
    """

    drafters = drafting_group_filter(user)
    if drafters is None:
        return None
    level = _level_filter(user, public)
    members = member_group_filter(user)
    approved_or_none = Q(meeting_report__isnull=True) | Q(
        meeting_report__state=ReportState.APPROVED
    )
    by_level = approved_or_none if level is None else approved_or_none & level
    circulated = Q(meeting_report__state=ReportState.CIRCULATED)
    if members is not None:
        circulated &= members
    return by_level | circulated | (Q(meeting_report__isnull=False) & drafters)


def visible_documents(user) -> QuerySet[Document]:
    documents = Document.objects.all()
    condition = visibility_filter(user)
    return documents if condition is None else documents.filter(condition)


def visible_at_meeting(user, meeting) -> QuerySet[Document]:
    """`visible_documents(user).filter(meeting=meeting)`, with the meeting's access level put in:
    the same documents from a shorter query (the meeting page reads it several times)."""
    documents = Document.objects.filter(meeting=meeting)
    condition = visibility_filter(user, _public_at_meeting(meeting))
    return documents if condition is None else documents.filter(condition)


def with_list_relations(documents: QuerySet[Document]) -> QuerySet[Document]:
    """What a list shows for each row, fetched in a constant number of queries."""
    return documents.select_related(
        "group", "meeting", "meeting__group", "submitting_state"
    ).prefetch_related(
        "source_states",
        Prefetch(
            "files",
            queryset=DocumentFile.objects.only(
                "id",
                "document_id",
                "revision",
                "language",
                "file",
                "translation_status",
                "size",
                "content_type",
            ),
        ),
    )


def search_condition(q: str) -> Q:
    """Every word of the query in the symbol or a title (case and accents ignored)."""
    condition = Q()
    for word in fold_for_search(q).split()[:10]:
        condition &= Q(search_text__contains=word)
    return condition


def document_list(
    user,
    *,
    group=None,
    meeting=None,
    document_type: str | None = None,
    language: str | None = None,
    q: str | None = None,
    include_withdrawn: bool = True,
) -> QuerySet[Document]:
    """Documents the person may see, filtered; group/meeting are ids, slugs or instances."""
    documents = visible_documents(user)
    if group is not None:
        group_value = getattr(group, "pk", group)
        if isinstance(group_value, int) or str(group_value).isdigit():
            documents = documents.filter(group_id=int(group_value))
        else:
            documents = documents.filter(group__slug=group_value)
    if meeting is not None:
        documents = documents.filter(meeting_id=getattr(meeting, "pk", meeting))
    if document_type:
        documents = documents.filter(document_type=document_type)
    if language:
        documents = documents.filter(
            Exists(
                DocumentFile.objects.filter(
                    document=OuterRef("pk"),
                    revision=OuterRef("current_revision"),
                    language=language,
                ).exclude(file="")
            )
        )
    if q and q.strip():
        documents = documents.filter(search_condition(q))
    if not include_withdrawn:
        documents = documents.filter(withdrawn=False)
    return with_list_relations(documents).order_by(
        "group_id", "meeting__start_date", "meeting_id", "series_year", "number", "id"
    )


@dataclass
class LanguageVersion:
    language: str
    status: str  # a TranslationStatus value, or "missing"
    file: DocumentFile | None = None


@dataclass
class RevisionView:
    revision: DocumentRevision | None
    number: int
    files: list[DocumentFile] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"Rev.{self.number}" if self.number else "Original"


def current_files(document: Document) -> list[DocumentFile]:
    """Files of the current revision (uses prefetched files when present)."""
    return [f for f in document.files.all() if f.revision == document.current_revision and f.file]


def translation_status(document: Document) -> list[LanguageVersion]:
    """For each UN language, the state of the current revision's version."""
    by_language = {
        f.language: f for f in document.files.all() if f.revision == document.current_revision
    }
    result = []
    for language in settings.UN_LANGUAGES:
        found = by_language.get(language)
        if found is None:
            result.append(LanguageVersion(language, "missing"))
        elif found.file:
            status = (
                TranslationStatus.ORIGINAL
                if language == document.original_language
                else TranslationStatus.AVAILABLE
            )
            result.append(LanguageVersion(language, status, found))
        else:
            result.append(LanguageVersion(language, found.translation_status))
    return result


def revision_history(document: Document) -> list[RevisionView]:
    """Every revision, newest first, each with the files it was issued with."""
    revisions = {r.revision: r for r in document.revisions.all()}
    files = list(document.files.all())
    numbers = sorted(set(revisions) | {f.revision for f in files} | {document.current_revision})
    return [
        RevisionView(
            revision=revisions.get(number),
            number=number,
            files=[f for f in files if f.revision == number and f.file],
        )
        for number in reversed(numbers)
    ]


def document_detail(document: Document) -> Document:
    """Load what the document page shows (revisions, files, report) onto the document."""
    return (
        Document.objects.select_related("group", "meeting", "meeting__group", "submitting_state")
        .prefetch_related(
            "source_states",
            "files",
            Prefetch("revisions", queryset=DocumentRevision.objects.select_related("created_by")),
        )
        .get(pk=document.pk)
    )


def report_of(document: Document) -> MeetingReport | None:
    return (
        MeetingReport.objects.select_related("meeting", "approved_at_meeting")
        .filter(document=document)
        .first()
    )


def meeting_documents(user, meeting) -> QuerySet[Document]:
    return document_list(user, meeting=meeting)


def contributions_of(user) -> QuerySet[Document]:
    """The contributions of the Member States the person speaks for, in the groups where they
    speak for them, and any document they submitted themselves; newest first.

    A delegate of one State never sees another State's contributions here, even when the
    group's documents are visible to them elsewhere.
    """
    if not getattr(user, "is_authenticated", False):
        return Document.objects.none()
    condition = Q(submitted_by=user)
    for group_id, states in access.standing(user).states_by_group.items():
        by_state = Q(source_kind=SourceKind.MEMBER_STATE, submitting_state_id__in=states)
        condition |= by_state if group_id is None else by_state & Q(group_id=group_id)
    return (
        visible_documents(user)
        .filter(condition)
        .select_related("group", "meeting", "meeting__group", "submitting_state")
        .order_by("-submitted_at", "-id")
    )


def pick_documents(user, query: str, language: str) -> list[Choice]:
    """Documents the reader may see whose symbol or title (any language) has every word typed."""
    if not query:
        return []
    documents = (
        visible_documents(user)
        .filter(search_condition(query))
        .only("id", "symbol", "title", "current_revision")
        .order_by("-id")[:RESULTS_LIMIT]
    )
    choices = []
    for d in documents:
        title = pick_with_language(d.title, language)
        choices.append(Choice(str(d.pk), d.symbol, title.text, hint_lang=other_language(title)))
    return choices


def find_document(user, text: str, language: str) -> Document | None:
    """The document the reader may see named by its symbol, or by its title in any language."""
    documents = visible_documents(user)
    found = documents.filter(symbol__iexact=text.strip()).first()
    if found is not None:
        return found
    candidates = documents.filter(search_condition(text)).only("id", "symbol", "title")[:50]
    return resolve_among(((d, (d.title or {}).values()) for d in candidates), text)
