"""The owning apps' queries behind the personal workspace, called directly (no sign-in)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from cwg.decisions.models import AddresseeKind
from cwg.decisions.queries import actions_assigned_to
from cwg.documents.models import SourceKind
from cwg.documents.queries import contributions_of
from cwg.meetings.models import ParticipantKind
from cwg.meetings.queries import open_contribution_deadlines, registered_meetings
from cwg.testing.factories import (
    ActionFactory,
    DecisionFactory,
    DocumentFactory,
    MeetingFactory,
    ParticipantFactory,
)


@pytest.mark.django_db
def test_each_query_keeps_to_the_reader(personas):
    today = timezone.localdate()
    soon = MeetingFactory(group=personas.group, start_date=today + dt.timedelta(days=3))
    later = MeetingFactory(group=personas.group, start_date=today + dt.timedelta(days=40))
    own = DocumentFactory(
        meeting=later, source_kind=SourceKind.MEMBER_STATE, submitting_state=personas.state
    )
    DocumentFactory(
        meeting=later, source_kind=SourceKind.MEMBER_STATE, submitting_state=personas.other_state
    )
    ParticipantFactory(meeting=later, person=personas.chair, kind=ParticipantKind.CHAIR)
    decision = DecisionFactory(meeting=later, number=1, text={"en": "x"}, addressee_kind="chair")
    action = ActionFactory(
        decision=decision, description={"en": "y"}, assignee_kind=AddresseeKind.CHAIR
    )

    assert list(contributions_of(personas.delegate)) == [own]
    assert list(contributions_of(personas.stakeholder)) == []
    assert [m.pk for m in open_contribution_deadlines(personas.delegate)] == [later.pk]
    assert soon.pk not in [m.pk for m in open_contribution_deadlines(personas.delegate)]
    assert open_contribution_deadlines(personas.stakeholder) == []
    assert list(registered_meetings(personas.chair)) == [later]
    assert list(registered_meetings(personas.delegate)) == []
    assert list(actions_assigned_to(personas.chair)) == [action]
    assert list(actions_assigned_to(personas.vice_chair)) == []
