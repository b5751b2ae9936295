"""Read side of the meetings domain: what a reader may see, loaded in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from cwg.core.access_levels import AccessLevel
from cwg.core.dates import format_days
from cwg.core.pickers import RESULTS_LIMIT, Choice, matches, resolve_among
from cwg.groups.models import Visibility
from cwg.meetings import agenda_documents
from cwg.meetings.deadlines import contribution_deadline
from cwg.meetings.models import AgendaItem, Delegation, Meeting, MeetingStatus, Participant
from cwg.meetings.rendering import agenda_documents_html
from cwg.registry.access import MEMBER_ROLES, can_see_level, standing
from cwg.registry.models import Role


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
class AgendaEntry:
    item: AgendaItem
    documents: list[tuple[int, str]]  # (document id, symbol as displayed)
    count: int | None = None  # all the item's documents, when `documents` lists only the first

    @property
    def documents_html(self):
        count = len(self.documents) if self.count is None else self.count
        return agenda_documents_html(self.documents, self.item.number, count)


def agenda_items(
    meeting: Meeting, counts: dict, documents: dict, items: list[AgendaItem] | None = None
) -> list[AgendaEntry]:
    """Agenda items with the documents the page's document list found under each (`items`: the
    meeting's items in order when already read, else one query)."""
    if items is None:
        items = AgendaItem.objects.filter(meeting=meeting).order_by("number")
    return [
        AgendaEntry(item, documents.get(item.number, []), counts.get(item.number, 0))
        for item in items
    ]


def agenda(user, meeting: Meeting) -> list[AgendaEntry]:
    """Agenda items with the documents under each that the person may see (the documents app
    registers how they are read: cwg.meetings.agenda_documents)."""
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("number"))
    links = agenda_documents.provider().visible_by_item(user, meeting)
    return [AgendaEntry(item, links.get(item.pk, [])) for item in items]


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
