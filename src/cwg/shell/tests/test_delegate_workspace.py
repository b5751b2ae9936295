"""The workspace of delegates and officers, and the "Submit a contribution" entry points, by reader."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from cwg.decisions.models import AddresseeKind
from cwg.documents.models import SourceKind
from cwg.meetings.models import ParticipantKind
from cwg.registry.models import Person
from cwg.testing.factories import (
    ActionFactory,
    DecisionFactory,
    DocumentFactory,
    MeetingFactory,
    ParticipantFactory,
)

WORKSPACE = "/en/workspace/"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def contribution(meeting, state, title):
    return DocumentFactory(
        meeting=meeting,
        source_kind=SourceKind.MEMBER_STATE,
        submitting_state=state,
        title={"en": title},
    )


@pytest.fixture
def open_meeting(personas):
    """A planned meeting of the personas' group whose contribution deadline is weeks away."""
    return MeetingFactory(
        group=personas.group, number=41, start_date=timezone.localdate() + dt.timedelta(days=40)
    )


@pytest.fixture
def closed_meeting(personas):
    """A planned meeting whose contribution deadline has passed (it starts in three days)."""
    return MeetingFactory(
        group=personas.group, number=42, start_date=timezone.localdate() + dt.timedelta(days=3)
    )


@pytest.mark.django_db
class TestWho:
    def test_anonymous_is_sent_to_sign_in(self, client, personas):
        response = client.get(WORKSPACE)
        assert response.status_code == 302
        assert "/sign-in/" in response["Location"]

    @pytest.mark.parametrize("who", ["stakeholder", "council_member"])
    def test_a_404_for_those_with_no_work_here(self, personas, who):
        assert signed_in(getattr(personas, who)).get(WORKSPACE).status_code == 404

    @pytest.mark.parametrize("who", ["delegate", "chair", "vice_chair", "secretariat"])
    def test_opens_for_delegates_officers_and_the_secretariat(self, personas, who):
        client = signed_in(getattr(personas, who))
        assert client.get(WORKSPACE).status_code == 200
        assert WORKSPACE in client.get("/en/").content.decode()

    def test_not_in_the_stakeholder_navigation(self, personas):
        assert WORKSPACE not in signed_in(personas.stakeholder).get("/en/").content.decode()


@pytest.mark.django_db
class TestDelegateSections:
    def test_own_contributions_not_another_states(self, personas, open_meeting):
        contribution(open_meeting, personas.state, "Our own proposal")
        contribution(open_meeting, personas.other_state, "Their proposal")
        html = signed_in(personas.delegate).get(WORKSPACE).content.decode()
        assert 'id="my-contributions"' in html
        assert "Our own proposal" in html
        assert "Their proposal" not in html
        other = signed_in(personas.other_delegate).get(WORKSPACE).content.decode()
        assert "Their proposal" in other and "Our own proposal" not in other

    def test_open_deadlines_link_to_the_contribution_form(
        self, personas, open_meeting, closed_meeting
    ):
        html = signed_in(personas.delegate).get(WORKSPACE).content.decode()
        assert f"/en/documents/meetings/{open_meeting.pk}/contribute/" in html
        assert f"/meetings/{closed_meeting.pk}/contribute/" not in html

    def test_deadline_in_the_readers_time_zone(self, personas, open_meeting):
        # The deadline is the end of the day in UTC: 23:59 in UTC, 08:59 the next day in Tokyo.
        Person.objects.filter(pk=personas.delegate.pk).update(time_zone="Asia/Tokyo")
        html = signed_in(personas.delegate).get(WORKSPACE).content.decode()
        assert "08:59" in html

    def test_registered_meetings_and_actions_assigned(self, personas, open_meeting):
        ParticipantFactory(meeting=open_meeting, person=personas.chair, kind=ParticipantKind.CHAIR)
        decision = DecisionFactory(
            meeting=open_meeting, number=1, text={"en": "Do"}, addressee_kind="chair"
        )
        ActionFactory(
            decision=decision,
            description={"en": "Draft the chair's summary"},
            assignee_kind=AddresseeKind.CHAIR,
        )
        ActionFactory(
            decision=decision,
            description={"en": "Someone else's task"},
            assignee_kind=AddresseeKind.SECRETARIAT,
        )
        html = signed_in(personas.chair).get(WORKSPACE).content.decode()
        assert f"/en/meetings/{open_meeting.pk}/" in html
        assert "Draft the chair&#x27;s summary" in html
        assert "Someone else" not in html
        # The chair's report entry point.
        assert 'id="chair-report"' in html

    def test_the_vice_chair_has_no_report_entry_point(self, personas):
        html = signed_in(personas.vice_chair).get(WORKSPACE).content.decode()
        assert 'id="chair-report"' not in html
        assert 'id="my-contributions"' not in html

    def test_the_secretariat_keeps_its_sections(self, personas):
        html = signed_in(personas.secretariat).get(WORKSPACE).content.decode()
        assert 'id="moderation"' in html and 'id="my-meetings"' in html
        assert 'id="my-contributions"' not in html


@pytest.mark.django_db
class TestSubmitContributionLinks:
    def test_on_the_meeting_page_while_the_deadline_is_open(
        self, personas, open_meeting, closed_meeting
    ):
        delegate = signed_in(personas.delegate)
        link = f"/en/documents/meetings/{open_meeting.pk}/contribute/"
        assert link in delegate.get(f"/en/meetings/{open_meeting.pk}/").content.decode()
        closed = delegate.get(f"/en/meetings/{closed_meeting.pk}/").content.decode()
        assert f"/meetings/{closed_meeting.pk}/contribute/" not in closed

    @pytest.mark.parametrize("who", ["stakeholder", "secretariat", "chair"])
    def test_not_for_those_who_may_not_contribute(self, personas, open_meeting, who):
        html = signed_in(getattr(personas, who)).get(f"/en/meetings/{open_meeting.pk}/")
        assert "/contribute/" not in html.content.decode()

    def test_on_the_meetings_list_for_delegates_only(self, personas, open_meeting):
        link = f"/en/documents/meetings/{open_meeting.pk}/contribute/"
        assert link in signed_in(personas.delegate).get("/en/meetings/").content.decode()
        assert link not in signed_in(personas.stakeholder).get("/en/meetings/").content.decode()

    def test_on_the_home_page_for_delegates_only(self, personas, open_meeting):
        link = f"/en/documents/meetings/{open_meeting.pk}/contribute/"
        assert link in signed_in(personas.delegate).get("/en/").content.decode()
        assert link not in signed_in(personas.stakeholder).get("/en/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"),
    [("fr", "Vos contributions"), ("ar", "مساهماتك"), ("zh-hans", "您的文稿")],
)
def test_the_delegate_sections_are_translated(personas, language, heading):
    html = signed_in(personas.delegate).get(f"/{language}/workspace/").content.decode()
    assert heading in html
