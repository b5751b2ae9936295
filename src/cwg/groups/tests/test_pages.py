"""The group pages: what each reader sees, hidden groups, and a constant number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cwg.core.access_levels import AccessLevel
from cwg.decisions.models import AddresseeKind, DecisionStatus
from cwg.groups.models import ResolutionRole, Visibility
from cwg.testing.factories import (
    ActionFactory,
    DecisionFactory,
    GroupFactory,
    GroupResolutionFactory,
    MeetingFactory,
    ResolutionFactory,
)
from cwg.testing.personas import PASSWORD


def signed_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def url(group, language="en"):
    return f"/{language}/groups/{group.slug}/"


def add_decision(meeting, number, status=DecisionStatus.APPROVED, text="Carry on"):
    decision = DecisionFactory(
        meeting=meeting,
        number=number,
        status=status,
        text={"en": text},
        addressee_kind=AddresseeKind.SECRETARIAT,
    )
    ActionFactory(
        decision=decision, description={"en": f"{text}: action"}, assignee_kind="secretariat"
    )
    return decision


@pytest.mark.django_db
class TestGroupPage:
    def test_shows_mandate_legal_basis_and_officers_with_country(self, client, personas):
        group = personas.group
        group.mandate = {"en": "Study Internet public policy", "fr": "Étudier"}
        group.save()
        resolution = ResolutionFactory(number="102", place={"en": "Bucharest", "fr": "Bucarest"})
        GroupResolutionFactory(group=group, resolution=resolution, role=ResolutionRole.INSTRUCTS)
        html = client.get(url(group)).content.decode()
        assert "Study Internet public policy" in html
        assert "Resolution 102 (Rev. Bucharest, 2022)" in html
        assert "Wojciech Berezowski" in html
        assert personas.chair.country.name("en") in html
        french = client.get(url(group, "fr")).content.decode()
        assert "Résolution 102 (Rév. Bucarest, 2022)" in french
        assert "Étudier" in french

    def test_members_only_meeting_and_its_decisions_are_hidden_from_the_public(
        self, client, personas
    ):
        group = personas.group
        open_meeting = MeetingFactory(group=group, number=5)
        closed_meeting = MeetingFactory(group=group, number=6, access_level=AccessLevel.MEMBERS)
        add_decision(open_meeting, 1, text="Public decision")
        add_decision(closed_meeting, 1, text="Closed decision")
        public = client.get(url(group)).content.decode()
        assert "Meeting 5" in public and "Public decision" in public
        assert "Meeting 6" not in public and "Closed decision" not in public
        member = signed_in(personas.delegate).get(url(group)).content.decode()
        assert "Meeting 6" in member and "Closed decision" in member

    def test_draft_decisions_are_not_shown(self, client, personas):
        meeting = MeetingFactory(group=personas.group, number=5)
        add_decision(meeting, 1, status=DecisionStatus.DRAFT, text="Not yet agreed")
        assert "Not yet agreed" not in client.get(url(personas.group)).content.decode()

    def test_members_only_group_is_a_404_for_outsiders(self, client, personas):
        hidden = GroupFactory(visibility=Visibility.MEMBERS)
        assert client.get(url(hidden)).status_code == 404
        assert signed_in(personas.stakeholder).get(url(hidden)).status_code == 404
        # A delegate of another group is an outsider here too.
        assert signed_in(personas.delegate).get(url(hidden)).status_code == 404
        assert signed_in(personas.council_member).get(url(hidden)).status_code == 200

    def test_unknown_group_is_a_404(self, client, db):
        assert client.get("/en/groups/no-such-group/").status_code == 404

    def test_list_leaves_out_hidden_groups(self, client, personas):
        GroupFactory(visibility=Visibility.MEMBERS, acronym={"en": "SECRET-WG"})
        html = client.get("/en/groups/").content.decode()
        assert personas.group.display_acronym("en") in html
        assert "SECRET-WG" not in html

    def test_query_count_does_not_grow_with_meetings_decisions_and_basis(self, client, personas):
        group = personas.group

        def add(first, n):
            for i in range(first, first + n):
                meeting = MeetingFactory(group=group, number=i)
                add_decision(meeting, 1)
                add_decision(meeting, 2)
                GroupResolutionFactory(
                    group=group, resolution=ResolutionFactory(), role=ResolutionRole.INSTRUCTS
                )

        add(1, 2)
        client.get(url(group))
        with CaptureQueriesContext(connection) as small:
            assert client.get(url(group)).status_code == 200
        add(10, 12)
        with CaptureQueriesContext(connection) as large:
            assert client.get(url(group)).status_code == 200
        assert len(large.captured_queries) == len(small.captured_queries), (
            len(small.captured_queries),
            len(large.captured_queries),
        )
