"""Meetings are written by the secretariat only, with dates, agenda and participants checked."""

import datetime as dt

import pytest

from cwg.core.exceptions import Conflict, InvalidInput, NotAllowed
from cwg.core.models import AuditEvent
from cwg.groups.models import Participation
from cwg.meetings import services
from cwg.meetings.models import AgendaItem, Meeting, MeetingStatus, Participant, ParticipantKind
from cwg.testing.factories import DocumentFactory, GroupFactory, MeetingFactory

pytestmark = pytest.mark.django_db

D = dt.date


def test_secretariat_schedules_a_meeting_numbered_after_the_last(personas, meeting):
    created = services.create_meeting(
        personas.secretariat, personas.group, start_date="2027-02-03", end_date="2027-02-04"
    )
    assert created.number == 24
    assert (created.start_date, created.end_date) == (D(2027, 2, 3), D(2027, 2, 4))
    event = AuditEvent.objects.get(action="meeting.create")
    assert event.object_id == str(created.pk) and event.after["number"] == 24


@pytest.mark.parametrize("who", ["chair", "delegate", "stakeholder", "anonymous"])
def test_only_the_secretariat_schedules_meetings(personas, who):
    with pytest.raises(NotAllowed):
        services.create_meeting(getattr(personas, who), personas.group, start_date=D(2027, 1, 1))
    assert not Meeting.objects.exists()


def test_end_before_start_is_refused_with_a_clear_message(personas):
    with pytest.raises(InvalidInput) as err:
        services.create_meeting(
            personas.secretariat, personas.group, start_date=D(2027, 2, 4), end_date=D(2027, 2, 3)
        )
    assert err.value.field == "end_date"
    assert "2027-02-03" in err.value.message and "before start_date" in err.value.message
    assert not Meeting.objects.exists() and not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"start_date": "3 Feb"}, "start_date"),
        ({"start_date": D(2027, 1, 1), "number": 0}, "number"),
        (
            {"start_date": D(2027, 1, 1), "contribution_deadline_days": 400},
            "contribution_deadline_days",
        ),
        ({"start_date": D(2027, 1, 1), "access_level": "secret"}, "access_level"),
        ({"start_date": D(2027, 1, 1), "venue": 999999}, "venue"),
        ({"start_date": D(2027, 1, 1), "title": {"xx": "?"}}, None),
        ({"start_date": D(2027, 1, 1), "next_document_number": 5}, "next_document_number"),
    ],
)
def test_bad_meeting_values_are_refused(personas, values, field):
    with pytest.raises(InvalidInput) as err:
        services.create_meeting(personas.secretariat, personas.group, **values)
    assert err.value.field == field
    assert not Meeting.objects.exists()


def test_a_number_already_used_is_a_conflict(personas, meeting):
    with pytest.raises(Conflict, match="already has a meeting number 23"):
        services.create_meeting(
            personas.secretariat, personas.group, start_date=D(2027, 1, 1), number=23
        )


def test_update_checks_dates_against_the_stored_ones(personas, meeting):
    with pytest.raises(InvalidInput, match="end_date"):
        services.update_meeting(
            personas.secretariat, meeting, end_date=meeting.start_date - dt.timedelta(days=1)
        )
    services.update_meeting(personas.secretariat, meeting, end_date=meeting.start_date)
    meeting.refresh_from_db()
    assert meeting.end_date == meeting.start_date
    event = AuditEvent.objects.get(action="meeting.update")
    assert event.before["end_date"] != event.after["end_date"]


def test_held_meeting_keeps_its_dates(personas, meeting):
    services.set_meeting_status(personas.secretariat, meeting, MeetingStatus.HELD)
    with pytest.raises(Conflict):
        services.update_meeting(personas.secretariat, meeting, start_date=D(2020, 1, 1))


def test_status_moves(personas, meeting):
    with pytest.raises(InvalidInput, match="status must be one of"):
        services.set_meeting_status(personas.secretariat, meeting, "postponed")
    services.set_meeting_status(personas.secretariat, meeting, MeetingStatus.CANCELLED)
    services.set_meeting_status(personas.secretariat, meeting, MeetingStatus.PLANNED)
    services.set_meeting_status(personas.secretariat, meeting, MeetingStatus.HELD)
    with pytest.raises(Conflict, match="cannot become planned"):
        services.set_meeting_status(personas.secretariat, meeting, MeetingStatus.PLANNED)
    with pytest.raises(NotAllowed):
        services.set_meeting_status(personas.chair, meeting, MeetingStatus.CANCELLED)
    assert AuditEvent.objects.filter(action="meeting.status").count() == 3


# Agenda ---------------------------------------------------------------------------------------


def _titles(meeting):
    return [(i.number, i.title["en"]) for i in AgendaItem.objects.filter(meeting=meeting)]


def test_agenda_items_are_numbered_and_can_be_inserted_moved_and_removed(personas, meeting):
    s = personas.secretariat
    first = services.add_agenda_item(s, meeting, title={"en": "Opening"})
    services.add_agenda_item(s, meeting, title={"en": "Contributions"})
    services.add_agenda_item(s, meeting, title={"en": "Agenda"}, number=2)
    assert _titles(meeting) == [(1, "Opening"), (2, "Agenda"), (3, "Contributions")]
    services.update_agenda_item(s, first, number=3)
    assert _titles(meeting) == [(1, "Agenda"), (2, "Contributions"), (3, "Opening")]
    services.remove_agenda_item(s, AgendaItem.objects.get(meeting=meeting, number=1))
    assert _titles(meeting) == [(1, "Contributions"), (2, "Opening")]
    assert AuditEvent.objects.filter(object_type="meetings.agendaitem").count() == 5


def test_agenda_documents_must_belong_to_the_group(personas, meeting):
    own = DocumentFactory(meeting=meeting)
    foreign = DocumentFactory()
    item = services.add_agenda_item(
        personas.secretariat, meeting, title={"en": "Contributions"}, documents=[own.pk]
    )
    assert list(item.documents.all()) == [own]
    with pytest.raises(InvalidInput, match=f"document {foreign.pk} is not a document"):
        services.update_agenda_item(personas.secretariat, item, documents=[own.pk, foreign.pk])
    assert list(item.documents.all()) == [own]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"title": {}}, "title needs a text"),
        ({"title": {"en": "X"}, "number": 5}, "number must be from 1 to 1"),
        ({"title": {"en": "X"}, "documents": ["abc"]}, "documents must be a list"),
    ],
)
def test_bad_agenda_items_are_refused(personas, meeting, kwargs, message):
    with pytest.raises(InvalidInput, match=message):
        services.add_agenda_item(personas.secretariat, meeting, **kwargs)
    assert not AgendaItem.objects.exists()


def test_only_the_secretariat_edits_the_agenda(personas, meeting):
    with pytest.raises(NotAllowed):
        services.add_agenda_item(personas.chair, meeting, title={"en": "Opening"})


# Participants ---------------------------------------------------------------------------------


def test_delegates_are_registered_in_their_states_delegation(personas, meeting):
    head = services.register_participant(
        personas.secretariat, meeting, personas.delegate, kind="head", member_state=personas.state
    )
    # A delegate may register a colleague of the State they speak for, not of another.
    colleague = services.register_participant(
        personas.delegate,
        meeting,
        personas.vice_chair,
        kind="delegate",
        member_state=personas.state,
    )
    assert head.delegation == colleague.delegation
    assert head.delegation.member_state == personas.state
    with pytest.raises(NotAllowed):
        services.register_participant(
            personas.delegate,
            meeting,
            personas.other_delegate,
            kind="delegate",
            member_state=personas.other_state,
        )
    with pytest.raises(Conflict, match="already has a head"):
        services.register_participant(
            personas.secretariat, meeting, personas.chair, kind="head", member_state=personas.state
        )
    with pytest.raises(Conflict, match="already registered"):
        services.register_participant(
            personas.secretariat,
            meeting,
            personas.delegate,
            kind="delegate",
            member_state=personas.state,
        )
    with pytest.raises(InvalidInput, match="must belong to a Member State"):
        services.register_participant(
            personas.secretariat, meeting, personas.chair, kind="delegate"
        )


def test_observers_only_where_the_group_allows_them(personas, meeting):
    with pytest.raises(InvalidInput, match="Member States only"):
        services.register_participant(
            personas.secretariat, meeting, personas.stakeholder, kind=ParticipantKind.OBSERVER
        )
    personas.group.participation = Participation.OPEN
    personas.group.save()
    meeting.refresh_from_db()
    observer = services.register_participant(
        personas.secretariat,
        meeting,
        personas.stakeholder,
        kind=ParticipantKind.OBSERVER,
        organisation=personas.stakeholder.organisation,
    )
    assert observer.delegation is None
    assert Participant.objects.filter(meeting=meeting).count() == 1


def test_removing_the_last_delegate_removes_the_delegation(personas, meeting):
    p = services.register_participant(
        personas.secretariat,
        meeting,
        personas.delegate,
        kind="delegate",
        member_state=personas.state,
    )
    services.remove_participant(personas.secretariat, p)
    assert not meeting.delegations.exists()


def test_meetings_of_other_groups_are_not_managed_by_this_secretariat(personas):
    other = MeetingFactory(group=GroupFactory())
    with pytest.raises(NotAllowed):
        services.update_meeting(personas.secretariat, other, end_date=other.end_date)


def test_meeting_numbers_follow_the_calendar(personas):
    group = personas.group
    secretariat = personas.secretariat
    services.create_meeting(secretariat, group, number=21, start_date=D(2025, 1, 20))
    services.create_meeting(secretariat, group, number=23, start_date=D(2026, 1, 20))
    # Number 22 between them fits.
    fits = services.create_meeting(secretariat, group, number=22, start_date=D(2025, 9, 15))
    # Number 24 before 23's day: refused, naming the meeting it would come before.
    with pytest.raises(InvalidInput) as refused:
        services.create_meeting(secretariat, group, number=24, start_date=D(2025, 12, 1))
    assert refused.value.field == "number"
    assert "meeting 23, numbered before it, starts later (20 January 2026)" in str(refused.value)
    # A following number taken automatically cannot start before the last meeting either.
    with pytest.raises(InvalidInput, match="numbered before it"):
        services.create_meeting(secretariat, group, start_date=D(2020, 1, 1))
    # Moving 22 after 23's day: refused on the start date.
    with pytest.raises(InvalidInput) as moved:
        services.update_meeting(secretariat, fits, start_date=D(2026, 3, 1), end_date=D(2026, 3, 2))
    assert moved.value.field == "start_date" and "numbered after it" in str(moved.value)
    assert sorted(Meeting.objects.values_list("number", flat=True)) == [21, 22, 23]
    assert Meeting.objects.get(number=22).start_date == D(2025, 9, 15)
