"""What a reader sees of groups: members-only groups, meetings and decisions stay hidden."""

import pytest

from cwg.groups import queries
from cwg.testing.factories import DecisionFactory, GroupFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def test_member_group_ids(personas):
    assert queries.member_group_ids(personas.delegate) == [personas.group.pk]
    assert queries.member_group_ids(personas.stakeholder) == []
    assert queries.member_group_ids(personas.anonymous) == []
    assert queries.member_group_ids(personas.council_member) is None  # every group


def test_visible_groups(personas):
    hidden = GroupFactory(visibility="members")
    assert hidden not in queries.visible_groups(personas.delegate)
    assert hidden in queries.visible_groups(personas.council_member)
    assert personas.group in queries.visible_groups(personas.anonymous)


def test_group_page_hides_members_only_meetings_and_their_decisions(personas):
    open_meeting = MeetingFactory(group=personas.group, number=1)
    closed_meeting = MeetingFactory(group=personas.group, number=2, access_level="members")
    for meeting in (open_meeting, closed_meeting):
        DecisionFactory(
            meeting=meeting, number=1, status="approved", text={"en": "x"}, addressee_kind="chair"
        )
    DecisionFactory(
        meeting=open_meeting, number=2, status="draft", text={"en": "y"}, addressee_kind="chair"
    )
    public = queries.group_page(personas.anonymous, personas.group)
    assert [m.number for m in public.meetings] == [1]
    assert [(d.meeting.number, d.number) for d in public.decisions] == [(1, 1)]
    member = queries.group_page(personas.delegate, personas.group)
    assert [m.number for m in member.meetings] == [2, 1]
    assert [(d.meeting.number, d.number) for d in member.decisions] == [(2, 1), (1, 1)]
    assert [o.role for o in member.officers] == ["chair", "vice_chair", "secretariat"]
