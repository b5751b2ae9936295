"""What readers may see of the meetings' records in a group's audit trail."""

from __future__ import annotations

from django.urls import reverse

from cwg.core import history
from cwg.meetings.models import AgendaItem, Participant, Subscription
from cwg.meetings.queries import member_group_filter, visible_meetings


def _meetings(reader, group_id: int | None):
    meetings = visible_meetings(reader)
    return meetings if group_id is None else meetings.filter(group_id=group_id)


def _agenda_items(reader, group_id: int | None):
    return AgendaItem.objects.filter(meeting__in=_meetings(reader, group_id))


def _participants(reader, group_id: int | None):
    """As `can_see_participants`: names of delegates are for the group's members."""
    participants = Participant.objects.filter(meeting__in=_meetings(reader, group_id))
    members = member_group_filter(reader, prefix="meeting__group")
    return participants if members is None else participants.filter(members)


def _subscriptions(reader, group_id: int | None):
    """Whom a person follows is their own business."""
    if not getattr(reader, "is_authenticated", False):
        return Subscription.objects.none()
    return Subscription.objects.filter(person_id=reader.pk)


def register() -> None:
    history.register(
        "meetings.meeting",
        _meetings,
        group_of=lambda meeting: meeting.group_id,
        page_name="meeting",
        link=lambda pk: reverse("meetings:detail", args=[pk]),
    )
    history.register(
        "meetings.agendaitem",
        _agenda_items,
        group_of=lambda item: item.meeting.group_id,
        page_name="agenda-item",
    )
    history.register("meetings.participant", _participants)
    history.register("meetings.subscription", _subscriptions)
