"""Who may see and manage meetings, and the fetch-and-authorise helpers of the meetings domain."""

from __future__ import annotations

from django.http import Http404

from cwg.groups.models import Participation
from cwg.meetings.models import AgendaItem, Meeting
from cwg.registry.access import can_see_level, is_member, is_officer, is_secretariat, standing
from cwg.registry.models import Role


def can_view_meeting(user, meeting: Meeting) -> bool:
    return can_see_level(user, meeting.group_id, meeting.effective_access())


def can_see_drafts(user, group) -> bool:
    """Drafts (decisions, meeting reports, consultations) are for the secretariat and officers.

    The one rule every app applies to its draft records (docs/visibility.md); its query form
    is `cwg.meetings.queries.drafting_group_filter`.
    """
    return is_secretariat(user, group) or is_officer(user, group)


def can_manage_meetings(user, group) -> bool:
    """Create and change meetings, agendas and participant lists: the secretariat only."""
    return is_secretariat(user, group)


def can_add_venues(user) -> bool:
    """Venues are shared by every group: the secretariat of any group may add one."""

    s = standing(user)
    return s.is_superuser or any(Role.SECRETARIAT in roles for roles in s.roles_by_group.values())


def can_see_participants(user, meeting: Meeting) -> bool:
    # Names of delegates are personal data: shown to the group's members, not to the public.
    return can_view_meeting(user, meeting) and is_member(user, meeting.group_id)


def can_see_history(user, group) -> bool:
    """The change history (who did what) is for the group's members and officers."""
    return is_member(user, group) or is_officer(user, group)


def observers_allowed(group) -> bool:
    return group.participation != Participation.MEMBER_STATES_ONLY


def get_meeting_for(user, meeting_id) -> Meeting:
    """The meeting if the person may see it; Http404 otherwise (a hidden meeting does not exist)."""
    try:
        meeting = Meeting.objects.select_related("group", "venue").get(pk=int(meeting_id))
    except (Meeting.DoesNotExist, TypeError, ValueError):
        raise Http404("No such meeting.") from None
    if not can_view_meeting(user, meeting):
        raise Http404("No such meeting.")
    return meeting


def get_agenda_item_for(user, item_id) -> AgendaItem:
    try:
        item = AgendaItem.objects.select_related("meeting__group").get(pk=int(item_id))
    except (AgendaItem.DoesNotExist, TypeError, ValueError):
        raise Http404("No such agenda item.") from None
    if not can_view_meeting(user, item.meeting):
        raise Http404("No such agenda item.")
    return item


def group_page_links(user, group, page, so_far) -> dict:
    """The group page offers to schedule a meeting to those who may (a cwg.core.sections part)."""
    return {"can_schedule": can_manage_meetings(user, group)}
