"""Read side of the meetings domain: what a reader may see, loaded in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import quote

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from cwg.core.access_levels import AccessLevel
from cwg.core.dates import format_days
from cwg.core.i18n import pick_with_language
from cwg.core.pickers import RESULTS_LIMIT, Choice, matches, resolve_among
from cwg.groups.models import Visibility
from cwg.meetings.deadlines import contribution_deadline
from cwg.meetings.models import AgendaItem, Delegation, Meeting, MeetingStatus, Participant
from cwg.registry.access import MEMBER_ROLES, can_see_level, standing
from cwg.registry.models import MemberState, Role


def member_group_filter(user, prefix: str = "group") -> Q | None:
    """A filter on `<prefix>_id` for the groups whose member-only records the person may see.

    None means every group (superuser or a platform-wide member role such as Council member).
    """
    s = standing(user)
    if s.is_superuser:
        return None
    if MEMBER_ROLES & s.roles_by_group.get(None, set()):
        return None
    ids = [
        gid for gid, roles in s.roles_by_group.items() if gid is not None and MEMBER_ROLES & roles
    ]
    return Q(**{f"{prefix}_id__in": ids})


DRAFTING_ROLES = frozenset({Role.SECRETARIAT, Role.CHAIR, Role.VICE_CHAIR})


def drafting_group_filter(user, prefix: str = "group") -> Q | None:
    """A filter on `<prefix>_id` for the groups whose drafts the person may see.

    The query form of `cwg.meetings.permissions.can_see_drafts`: the secretariat and the
    officers (chair, vice-chairs). None means every group (superuser, platform secretariat).
    """
    s = standing(user)
    if s.is_superuser or DRAFTING_ROLES & s.roles_by_group.get(None, set()):
        return None
    ids = [
        gid for gid, roles in s.roles_by_group.items() if gid is not None and DRAFTING_ROLES & roles
    ]
    return Q(**{f"{prefix}_id__in": ids})


def public_meeting_filter(prefix: str = "") -> Q:
    """Meetings whose effective access is public (set, or inherited from a public group)."""
    return Q(**{f"{prefix}access_level": AccessLevel.PUBLIC}) | Q(
        **{
            f"{prefix}access_level": AccessLevel.INHERIT,
            f"{prefix}group__visibility": Visibility.PUBLIC,
        }
    )


def visible_meetings(user, group=None) -> QuerySet[Meeting]:
    qs = Meeting.objects.select_related("group", "venue")
    if group is not None:
        qs = qs.filter(group=group)
    members = member_group_filter(user)
    if members is not None:
        qs = qs.filter(public_meeting_filter() | members)
    return qs


def upcoming_meetings(user, group=None, *, on: dt.date | None = None) -> QuerySet[Meeting]:
    on = on or timezone.localdate()
    return visible_meetings(user, group).filter(end_date__gte=on).order_by("start_date")


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


def visible_documents(user, meeting: Meeting) -> QuerySet:
    """The meeting's documents the person may see (withdrawn ones are kept and marked)."""
    from cwg.documents.queries import visible_documents as documents_seen_by

    return documents_seen_by(user).filter(meeting=meeting)


class _UrlPattern:
    """Reverse a URL once and fill it in per row: reversing 2,000 times costs more than the query."""

    MARK = "999999937"

    def __init__(self, name: str):
        from django.urls import NoReverseMatch, reverse

        try:
            self.template = reverse(name, args=[self.MARK])
        except NoReverseMatch:
            self.template = ""

    def __call__(self, value) -> str:
        if not self.template:
            return ""
        return self.template.replace(self.MARK, quote(str(value), safe="/~:@!$&'()*+,;="), 1)


def document_rows(user, meeting: Meeting, language: str) -> list[DocumentRow]:
    """Documents with their language versions and sources: four queries whatever their number."""
    from cwg.documents.models import Document, DocumentFile

    docs = list(
        visible_documents(user, meeting)
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
    ids = visible_documents(user, meeting).values("id")
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
    from django.utils.translation import gettext

    from cwg.documents.models import SourceKind, TranslationStatus

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
    from django.conf import settings

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


@dataclass
class AgendaEntry:
    item: AgendaItem
    documents: list[tuple[int, str]]  # (document id, symbol as displayed)
    count: int | None = None  # all the item's documents, when `documents` lists only the first

    @property
    def documents_html(self):
        from cwg.meetings.rendering import agenda_documents_html

        count = len(self.documents) if self.count is None else self.count
        return agenda_documents_html(self.documents, self.item.number, count)


def agenda_items(meeting: Meeting, counts: dict, documents: dict) -> list[AgendaEntry]:
    """Agenda items with the documents the page's document list found under each (one query)."""
    return [
        AgendaEntry(item, documents.get(item.number, []), counts.get(item.number, 0))
        for item in AgendaItem.objects.filter(meeting=meeting).order_by("number")
    ]


def agenda(user, meeting: Meeting) -> list[AgendaEntry]:
    """Agenda items with the visible documents under each (two queries)."""
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("number"))
    links: dict[int, list[tuple[int, str]]] = {item.pk: [] for item in items}
    through = AgendaItem.documents.through
    for item_id, doc_id, symbol, revision in (
        through.objects.filter(
            agendaitem__meeting=meeting,
            document_id__in=visible_documents(user, meeting).values("id"),
        )
        .order_by("document__number", "document_id")
        .values_list(
            "agendaitem_id", "document_id", "document__symbol", "document__current_revision"
        )
    ):
        links[item_id].append((doc_id, f"{symbol} (Rev.{revision})" if revision else symbol))
    return [AgendaEntry(item, links[item.pk]) for item in items]


def delegations(meeting: Meeting) -> list[Delegation]:
    return list(
        Delegation.objects.filter(meeting=meeting)
        .select_related("member_state")
        .prefetch_related(
            Prefetch(
                "delegates",
                queryset=Participant.objects.select_related("person").order_by(
                    "kind", "person__last_name"
                ),
            )
        )
    )


def other_participants(meeting: Meeting) -> list[Participant]:
    return list(
        Participant.objects.filter(meeting=meeting, delegation__isnull=True)
        .select_related("person", "organisation")
        .order_by("kind", "person__last_name")
    )


def meeting_report(meeting: Meeting, user):
    """The meeting's report record if the person may see it, or None."""
    from cwg.documents.models import MeetingReport
    from cwg.documents.permissions import can_view

    report = (
        MeetingReport.objects.filter(meeting=meeting)
        .select_related("document", "document__group", "document__meeting", "approved_at_meeting")
        .first()
    )
    if report is None or not can_view(user, report.document):
        return None
    return report


def agenda_documents(user, meeting: Meeting) -> list:
    """The meeting's agenda as documents (a draft agenda posted before any item is entered)."""
    return list(
        visible_documents(user, meeting)
        .filter(document_type="agenda", withdrawn=False)  # documents.DocumentType.AGENDA
        .only("id", "symbol", "title", "current_revision")
        .order_by("number", "id")
    )


def group_page_meetings(user, group, so_far) -> dict:
    """The group page's meetings the reader may see, latest first (a cwg.core.sections part)."""
    meetings = [
        meeting
        for meeting in Meeting.objects.filter(group=group)
        .select_related("venue", "group")
        .order_by("-number")
        if can_see_level(user, group, meeting.effective_access())
    ]
    return {"meetings": meetings}


def registered_meetings(user, *, on: dt.date | None = None) -> QuerySet[Meeting]:
    """Meetings not yet over at which the person is registered (delegate, officer, observer...)."""
    if not getattr(user, "is_authenticated", False):
        return Meeting.objects.none()
    on = on or timezone.localdate()
    return (
        visible_meetings(user)
        .filter(participants__person=user, end_date__gte=on)
        .exclude(status=MeetingStatus.CANCELLED)
        .distinct()
        .order_by("start_date", "id")
    )


def open_contribution_deadlines(user, *, now: dt.datetime | None = None) -> list[Meeting]:
    """Planned meetings of the groups where the person speaks for a Member State whose
    contribution deadline has not passed, soonest deadline first.

    Each meeting carries `deadline`: the end (UTC) of its last day for contributions, an instant
    the page shows in the reader's own time zone.
    """
    group_ids = set(standing(user).states_by_group)
    if not group_ids:
        return []
    now = now or timezone.now()
    meetings = visible_meetings(user).filter(
        status=MeetingStatus.PLANNED, start_date__gte=now.astimezone(dt.UTC).date()
    )
    if None not in group_ids:
        meetings = meetings.filter(group_id__in=group_ids)
    open_ones = []
    for meeting in meetings:
        meeting.deadline = contribution_deadline(meeting)
        if meeting.deadline >= now:
            open_ones.append(meeting)
    return sorted(open_ones, key=lambda meeting: (meeting.deadline, meeting.pk))


def meeting_label(meeting: Meeting, language: str) -> str:
    return gettext("%(group)s meeting %(number)s") % {
        "group": meeting.group.display_acronym(language),
        "number": meeting.number,
    }


def pick_meetings(user, query: str, language: str) -> list[Choice]:
    """Meetings the reader may see, latest first, whose group, number or title matches."""
    found = []
    for meeting in visible_meetings(user).order_by("-start_date", "-number"):
        label = meeting_label(meeting, language)
        if matches(query, label, str(meeting.number), *(meeting.title or {}).values()):
            hint = format_days(meeting.start_date, meeting.end_date, language)
            found.append(Choice(str(meeting.pk), label, hint))
            if len(found) >= RESULTS_LIMIT:
                break
    return found


def find_meeting(user, text: str, language: str, group=None) -> Meeting | None:
    """The meeting the reader may see named by its id or label ("CWG-Internet meeting 23")."""
    meetings = visible_meetings(user, group)
    if text.isdigit():
        return meetings.filter(pk=int(text)).first()
    return resolve_among(
        (
            (
                m,
                [
                    meeting_label(m, language),
                    *(f"{a} {m.number}" for a in m.group.acronym.values()),
                ],
            )
            for m in meetings
        ),
        text,
    )
