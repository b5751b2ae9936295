"""Every write of the meetings domain: meetings, agenda, participants, subscriptions."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext

from cwg.core.access_levels import AccessLevel
from cwg.core.audit import record, snapshot
from cwg.core.dates import format_day, read_date
from cwg.core.exceptions import Conflict, InvalidInput, NotAllowed
from cwg.core.i18n import pick, validate_texts
from cwg.groups.models import Group, Visibility
from cwg.meetings import agenda_documents
from cwg.meetings.models import (
    DELEGATION_KINDS,
    AgendaItem,
    Delegation,
    Meeting,
    MeetingStatus,
    Participant,
    ParticipantKind,
    Subscription,
    Venue,
)
from cwg.meetings.notifications import notify_meeting_change
from cwg.meetings.permissions import can_add_venues, can_manage_meetings, observers_allowed
from cwg.registry.access import delegated_states, is_member

MEETING_FIELDS = (
    "number",
    "start_date",
    "end_date",
    "venue",
    "access_level",
    "contribution_deadline_days",
    "title",
)

# Which status a meeting may move to from each status.
STATUS_CHANGES = {
    MeetingStatus.PLANNED: {MeetingStatus.HELD, MeetingStatus.CANCELLED},
    MeetingStatus.CANCELLED: {MeetingStatus.PLANNED},
    MeetingStatus.HELD: set(),
}


def _require_secretariat(actor, group, what: str) -> None:
    if not can_manage_meetings(actor, group):
        raise NotAllowed(f"Only the secretariat of {group} may {what}.")


def _meeting_snapshot(meeting: Meeting) -> dict[str, Any]:
    return snapshot(meeting, exclude=("next_document_number",))


def _clean_meeting_values(group, values: dict[str, Any], current: Meeting | None) -> dict[str, Any]:
    unknown = set(values) - set(MEETING_FIELDS)
    if unknown:
        name = sorted(unknown)[0]
        raise InvalidInput(f"{name} cannot be set on a meeting", field=name)
    clean = dict(values)
    for name in ("start_date", "end_date"):
        if name in clean:
            clean[name] = read_date(clean[name], name)
    start = clean.get("start_date", current.start_date if current else None)
    end = clean.get("end_date", current.end_date if current else None)
    if start is None:
        raise InvalidInput("start_date is required", field="start_date")
    if end is None:
        end = clean["end_date"] = start
    if end < start:
        raise InvalidInput(
            f"end_date ({end.isoformat()}) cannot be before start_date ({start.isoformat()})",
            field="end_date",
        )
    if "number" in clean:
        number = clean["number"]
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            raise InvalidInput("number must be a whole number of at least 1", field="number")
        clash = Meeting.objects.filter(group=group, number=number)
        if current is not None:
            clash = clash.exclude(pk=current.pk)
        if clash.exists():
            raise Conflict(f"{group} already has a meeting number {number}", field="number")
    elif current is None:
        clean["number"] = (
            Meeting.objects.filter(group=group).aggregate(m=Max("number"))["m"] or 0
        ) + 1
    if current is None or {"number", "start_date"} & set(clean):
        number = clean.get("number", current.number if current else None)
        field = "number" if current is None or "number" in clean else "start_date"
        _check_chronological_order(group, number, start, current, field)
    if "access_level" in clean and clean["access_level"] not in AccessLevel.values:
        raise InvalidInput(
            f"access_level must be one of {', '.join(AccessLevel.values)}", field="access_level"
        )
    if "contribution_deadline_days" in clean:
        days = clean["contribution_deadline_days"]
        if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= 90:
            raise InvalidInput(
                "contribution_deadline_days must be a whole number from 0 to 90",
                field="contribution_deadline_days",
            )
    if "venue" in clean and clean["venue"] is not None and not isinstance(clean["venue"], Venue):
        try:
            clean["venue"] = Venue.objects.get(pk=int(clean["venue"]))
        except (Venue.DoesNotExist, TypeError, ValueError):
            raise InvalidInput(f"no venue with id {clean['venue']!r}", field="venue") from None
    if "title" in clean:
        clean["title"] = validate_texts(clean["title"] or {})
    return clean


def _lock_meeting_order(group) -> None:
    """Meetings of a group are numbered and dated one writer at a time, so that two meetings
    scheduled at once cannot both pass the calendar-order check against the other."""
    Group.objects.select_for_update().filter(pk=group.pk).values_list("pk").first()


def _check_chronological_order(
    group, number: int, start, current: Meeting | None, field: str
) -> None:
    """Meeting numbers follow the calendar: a number's meeting starts no earlier than the
    meeting numbered before it, and no later than the one numbered after it."""
    others = Meeting.objects.filter(group=group)
    if current is not None:
        others = others.exclude(pk=current.pk)
    before = others.filter(number__lt=number, start_date__gt=start).order_by("-number").first()
    after = others.filter(number__gt=number, start_date__lt=start).order_by("number").first()
    if before is None and after is None:
        return
    other = before or after
    message = (
        gettext(
            "Meeting %(number)s cannot start on %(date)s: meeting %(other)s, numbered before it, "
            "starts later (%(other_date)s). Choose another number or date."
        )
        if before
        else gettext(
            "Meeting %(number)s cannot start on %(date)s: meeting %(other)s, numbered after it, "
            "starts earlier (%(other_date)s). Choose another number or date."
        )
    )
    raise InvalidInput(
        message
        % {
            "number": number,
            "date": format_day(start),
            "other": other.number,
            "other_date": format_day(other.start_date),
        },
        field=field,
    )


def create_meeting(actor, group, **values) -> Meeting:
    """Schedule a meeting of the group; the number follows the last one unless given."""
    _require_secretariat(actor, group, "schedule meetings")
    with transaction.atomic():
        _lock_meeting_order(group)
        clean = _clean_meeting_values(group, values, None)
        meeting = Meeting(group=group, **clean)
        try:
            with transaction.atomic():
                meeting.save()
        except IntegrityError:
            raise Conflict(
                f"{group} already has a meeting number {meeting.number}", field="number"
            ) from None
        record(actor, "meeting.create", meeting, after=_meeting_snapshot(meeting))
    return meeting


def update_meeting(actor, meeting: Meeting, **values) -> Meeting:
    _require_secretariat(actor, meeting.group, "change meetings")
    with transaction.atomic():
        _lock_meeting_order(meeting.group)
        meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
        if meeting.status == MeetingStatus.HELD and {"start_date", "end_date", "number"} & set(
            values
        ):
            raise Conflict(
                "the dates and number of a meeting that has been held cannot change",
                field=sorted({"start_date", "end_date", "number"} & set(values))[0],
            )
        clean = _clean_meeting_values(meeting.group, values, meeting)
        before = _meeting_snapshot(meeting)
        for name, value in clean.items():
            setattr(meeting, name, value)
        after = _meeting_snapshot(meeting)
        if after == before:
            return meeting
        meeting.save()
        record(actor, "meeting.update", meeting, before=before, after=after)
        if "start_date" in clean or "end_date" in clean:
            notify_meeting_change(meeting, "dates")
    return meeting


def set_meeting_status(actor, meeting: Meeting, status: str) -> Meeting:
    _require_secretariat(actor, meeting.group, "change the status of meetings")
    if status not in MeetingStatus.values:
        raise InvalidInput(
            f"status must be one of {', '.join(MeetingStatus.values)}; got {status!r}",
            field="status",
        )
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("group").get(pk=meeting.pk)
        if status == meeting.status:
            return meeting
        if status not in STATUS_CHANGES[MeetingStatus(meeting.status)]:
            raise Conflict(
                f"a {meeting.get_status_display().lower()} meeting cannot become {status}",
                field="status",
            )
        before = {"status": meeting.status}
        meeting.status = status
        meeting.save(update_fields=["status"])
        record(actor, "meeting.status", meeting, before=before, after={"status": status})

        notify_meeting_change(meeting, "status")
    return meeting


# Agenda ---------------------------------------------------------------------------------------


def _documents_for(meeting: Meeting, document_ids) -> list[int]:
    """The ids of the documents to list under an item, checked by the documents app."""
    if document_ids is None:
        return []
    try:
        ids = sorted({int(i) for i in document_ids})
    except (TypeError, ValueError):
        raise InvalidInput("documents must be a list of document ids", field="documents") from None
    return agenda_documents.provider().check(meeting, ids)


def _item_snapshot(item: AgendaItem, document_ids=None) -> dict[str, Any]:
    data = {"number": item.number, "title": item.title, "description": item.description}
    if document_ids is not None:
        data["documents"] = sorted(document_ids)
    return data


def add_agenda_item(
    actor,
    meeting: Meeting,
    *,
    title: dict,
    description: dict | None = None,
    number=None,
    documents=None,
) -> AgendaItem:
    """Add an item; with a number, later items move down one place."""
    _require_secretariat(actor, meeting.group, "edit the agenda")
    title = validate_texts(title or {})
    if not title:
        raise InvalidInput("title needs a text in at least one language", field="title")
    description = validate_texts(description or {})
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        last = AgendaItem.objects.filter(meeting=meeting).aggregate(m=Max("number"))["m"] or 0
        if number is None:
            number = last + 1
        if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= last + 1:
            raise InvalidInput(f"number must be from 1 to {last + 1}", field="number")
        docs = _documents_for(meeting, documents)
        _shift(meeting, number, +1)
        item = AgendaItem.objects.create(
            meeting=meeting, number=number, title=title, description=description
        )
        agenda_documents.provider().replace(item, docs)
        record(
            actor,
            "agenda_item.create",
            item,
            group_id=meeting.group_id,
            after=_item_snapshot(item, docs),
        )
    return item


def _shift(meeting: Meeting, from_number: int, step: int) -> None:
    """Move items at or after a number by one place, avoiding clashes on the unique number."""
    items = list(
        AgendaItem.objects.filter(meeting=meeting, number__gte=from_number).order_by(
            "-number" if step > 0 else "number"
        )
    )
    for item in items:
        item.number += step
        item.save(update_fields=["number"])


def update_agenda_item(
    actor, item: AgendaItem, *, title=None, description=None, number=None, documents=None
) -> AgendaItem:
    meeting = item.meeting
    _require_secretariat(actor, meeting.group, "edit the agenda")
    with transaction.atomic():
        item = AgendaItem.objects.select_for_update().get(pk=item.pk)
        old_docs = agenda_documents.provider().linked(item)
        before = _item_snapshot(item, old_docs)
        if title is not None:
            title = validate_texts(title)
            if not title:
                raise InvalidInput("title needs a text in at least one language", field="title")
            item.title = title
        if description is not None:
            item.description = validate_texts(description)
        new_docs = old_docs
        if documents is not None:
            new_docs = _documents_for(meeting, documents)
            agenda_documents.provider().replace(item, new_docs)
        if number is not None and number != item.number:
            last = AgendaItem.objects.filter(meeting=meeting).aggregate(m=Max("number"))["m"]
            if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= last:
                raise InvalidInput(f"number must be from 1 to {last}", field="number")
            old = item.number
            item.number = 0  # out of the way while the others move
            item.save(update_fields=["number"])
            _shift_between(meeting, old, number)
            item.number = number
        item.save()
        after = _item_snapshot(item, new_docs)
        if after != before:
            record(
                actor,
                "agenda_item.update",
                item,
                group_id=meeting.group_id,
                before=before,
                after=after,
            )
    return item


def _shift_between(meeting: Meeting, old: int, new: int) -> None:
    if new < old:
        items = AgendaItem.objects.filter(
            meeting=meeting, number__gte=new, number__lt=old
        ).order_by("-number")
        step = 1
    else:
        items = AgendaItem.objects.filter(
            meeting=meeting, number__gt=old, number__lte=new
        ).order_by("number")
        step = -1
    for other in items:
        other.number += step
        other.save(update_fields=["number"])


def remove_agenda_item(actor, item: AgendaItem) -> None:
    meeting = item.meeting
    _require_secretariat(actor, meeting.group, "edit the agenda")
    with transaction.atomic():
        item = AgendaItem.objects.select_for_update().get(pk=item.pk)
        before = _item_snapshot(item, agenda_documents.provider().linked(item))
        number = item.number
        record(actor, "agenda_item.delete", item, group_id=meeting.group_id, before=before)
        item.delete()
        _shift(meeting, number + 1, -1)


# Participants ---------------------------------------------------------------------------------


def register_participant(
    actor, meeting: Meeting, person, *, kind: str, member_state=None, organisation=None
) -> Participant:
    """Register a person: delegates in their State's delegation, observers only if allowed.

    The secretariat registers anyone; a delegate may register colleagues of a State they
    speak for.
    """
    group = meeting.group
    if kind not in ParticipantKind.values:
        raise InvalidInput(
            f"kind must be one of {', '.join(ParticipantKind.values)}; got {kind!r}", field="kind"
        )
    is_delegation = kind in DELEGATION_KINDS
    speaks_for_state = (
        is_delegation
        and member_state is not None
        and member_state.pk in delegated_states(actor, group)
    )
    if not (can_manage_meetings(actor, group) or speaks_for_state):
        raise NotAllowed(
            "Only the secretariat, or a delegate for that Member State, may register participants."
        )
    if meeting.status == MeetingStatus.CANCELLED:
        raise Conflict("participants cannot be registered for a cancelled meeting")
    if is_delegation and member_state is None:
        raise InvalidInput(
            "a delegate must belong to a Member State's delegation", field="member_state"
        )
    if not is_delegation and member_state is not None:
        raise InvalidInput(
            "only delegates and heads of delegation belong to a Member State's delegation",
            field="member_state",
        )
    if kind == ParticipantKind.OBSERVER and not observers_allowed(group):
        raise InvalidInput(
            f"{group} is open to Member States only; observers cannot be registered",
            field="kind",
        )
    if kind != ParticipantKind.OBSERVER and organisation is not None:
        raise InvalidInput("only observers speak for an organisation", field="organisation")
    with transaction.atomic():
        delegation = None
        if is_delegation:
            delegation, _ = Delegation.objects.get_or_create(
                meeting=meeting, member_state=member_state
            )
            if (
                kind == ParticipantKind.HEAD_OF_DELEGATION
                and delegation.delegates.filter(kind=ParticipantKind.HEAD_OF_DELEGATION).exists()
            ):
                raise Conflict(
                    f"the delegation of {member_state} already has a head of delegation",
                    field="kind",
                )
        if Participant.objects.filter(meeting=meeting, person=person).exists():
            raise Conflict(f"{person} is already registered for this meeting", field="person")
        participant = Participant.objects.create(
            meeting=meeting,
            person=person,
            kind=kind,
            delegation=delegation,
            organisation=organisation,
        )
        record(
            actor,
            "participant.register",
            participant,
            group_id=group.pk,
            after={
                "meeting": meeting.pk,
                "person": person.pk,
                "kind": kind,
                "member_state": member_state.pk if member_state else None,
                "organisation": organisation.pk if organisation else None,
            },
        )
    return participant


def remove_participant(actor, participant: Participant) -> None:
    meeting = participant.meeting
    _require_secretariat(actor, meeting.group, "remove participants")
    with transaction.atomic():
        before = {
            "meeting": meeting.pk,
            "person": participant.person_id,
            "kind": participant.kind,
            "delegation": participant.delegation_id,
        }
        record(actor, "participant.remove", participant, group_id=meeting.group_id, before=before)
        delegation = participant.delegation
        participant.delete()
        if delegation is not None and not delegation.delegates.exists():
            delegation.delete()


# Venues ---------------------------------------------------------------------------------------


def create_venue(
    actor, *, name: dict, city: dict | None = None, country=None, is_virtual=False
) -> Venue:
    if not can_add_venues(actor):
        raise NotAllowed("Only the secretariat may add venues.")
    name = validate_texts(name or {})
    if not name:
        raise InvalidInput("name needs a text in at least one language", field="name")
    with transaction.atomic():
        venue = Venue.objects.create(
            name=name, city=validate_texts(city or {}), country=country, is_virtual=bool(is_virtual)
        )
        record(actor, "venue.create", venue, after=snapshot(venue))
    return venue


# Subscriptions --------------------------------------------------------------------------------


def subscribe(actor, group, *, new_documents=True, deadlines=True, changes=True) -> Subscription:
    """Subscribe oneself to a group's news; changes the topics if already subscribed."""
    if not getattr(actor, "is_authenticated", False):
        raise NotAllowed("Sign in to subscribe.")
    if not actor.email:
        raise InvalidInput("your profile has no email address to write to", field="email")

    if group.visibility != Visibility.PUBLIC and not is_member(actor, group):
        raise NotAllowed(f"Only members may subscribe to {group}.")
    topics = {
        "new_documents": bool(new_documents),
        "deadlines": bool(deadlines),
        "changes": bool(changes),
    }
    if not any(topics.values()):
        raise InvalidInput("choose at least one topic, or unsubscribe", field="topics")
    with transaction.atomic():
        sub, created = Subscription.objects.select_for_update().get_or_create(
            person=actor, group=group, defaults=topics
        )
        before = None if created else {k: getattr(sub, k) for k in topics}
        if not created:
            for k, v in topics.items():
                setattr(sub, k, v)
            sub.save(update_fields=list(topics))
        if before != topics:
            record(actor, "subscription.set", sub, group_id=group.pk, before=before, after=topics)
    return sub


def unsubscribe(actor, group) -> bool:
    if not getattr(actor, "is_authenticated", False):
        raise NotAllowed("Sign in to manage subscriptions.")
    with transaction.atomic():
        sub = Subscription.objects.filter(person=actor, group=group).first()
        if sub is None:
            return False
        record(actor, "subscription.delete", sub, group_id=group.pk, before={"group": group.pk})
        sub.delete()
    return True


def meeting_label(meeting: Meeting, language: str | None = None) -> str:
    title = pick(meeting.title, language)
    base = f"{meeting.group.display_acronym(language)} – {meeting.number}"
    return f"{base}: {title}" if title else base
