"""The shell pages: home, sign-in, profile and the secretariat's workspace, by reader."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.test import Client
from django.utils import timezone

from cwg.consultations.models import Consultation, ConsultationState
from cwg.core.access_levels import AccessLevel
from cwg.decisions.models import ActionStatus, AddresseeKind
from cwg.groups.models import Visibility
from cwg.testing.factories import ActionFactory, DecisionFactory, GroupFactory, MeetingFactory
from cwg.testing.personas import PASSWORD

_slugs = itertools.count(1)


def open_consultation(group, topic="Expanding Internet connectivity", **extra):
    now = timezone.now()
    fields = {
        "group": group,
        "slug": f"consultation-{next(_slugs)}",
        "topic": {"en": topic, "fr": f"{topic} (fr)"},
        "languages": ["en", "fr"],
        "state": ConsultationState.OPEN,
        "opens_at": now - dt.timedelta(days=1),
        "closes_at": now + dt.timedelta(days=30),
    }
    return Consultation.objects.create(**(fields | extra))


def signed_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.django_db
class TestHome:
    def test_lists_public_meetings_groups_and_open_consultations(self, client, personas):
        MeetingFactory(group=personas.group, number=41)
        open_consultation(personas.group, topic="Affordable access")
        page = client.get("/en/")
        assert page.status_code == 200
        html = page.content.decode()
        assert personas.group.display_acronym("en") in html
        assert "meeting 41" in html
        assert "Affordable access" in html

    def test_members_only_meeting_not_listed_for_anonymous_but_listed_for_member(
        self, client, personas
    ):
        MeetingFactory(group=personas.group, number=7, access_level=AccessLevel.MEMBERS)
        assert "meeting 7" not in client.get("/en/").content.decode()
        assert "meeting 7" in signed_in(personas.delegate).get("/en/").content.decode()

    def test_members_only_group_not_listed_for_outsiders(self, client, personas):
        hidden = GroupFactory(visibility=Visibility.MEMBERS, acronym={"en": "HIDDEN-WG"})
        assert "HIDDEN-WG" not in client.get("/en/").content.decode()
        assert "HIDDEN-WG" not in signed_in(personas.stakeholder).get("/en/").content.decode()
        # A Council member (a platform-wide member role) sees every group.
        assert "HIDDEN-WG" in signed_in(personas.council_member).get("/en/").content.decode()
        assert hidden.pk

    def test_draft_and_closed_consultations_are_not_open(self, client, personas):
        open_consultation(personas.group, topic="Still in draft", state=ConsultationState.DRAFT)
        assert "Still in draft" not in client.get("/en/").content.decode()

    def test_query_count_does_not_grow_with_data(self, client, personas, django_assert_num_queries):
        def add(n):
            for _ in range(n):
                group = GroupFactory()
                MeetingFactory(group=group)
                open_consultation(group)

        add(2)
        client.get("/en/")  # warm caches (content types, sessions)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as small:
            assert client.get("/en/").status_code == 200
        add(10)
        with django_assert_num_queries(len(small.captured_queries)):
            assert client.get("/en/").status_code == 200

    def test_times_are_shown_in_the_readers_time_zone(self, client, personas):
        closes = dt.datetime(2031, 3, 1, 12, 0, tzinfo=dt.UTC)
        open_consultation(personas.group, topic="Timed", closes_at=closes)
        assert "1 Mar 2031, 12:00 (UTC)" in client.get("/en/").content.decode()
        personas.delegate.time_zone = "Asia/Tokyo"
        personas.delegate.save(update_fields=["time_zone"])
        html = signed_in(personas.delegate).get("/en/").content.decode()
        assert "1 Mar 2031, 21:00 (Asia/Tokyo)" in html

    @pytest.mark.parametrize("language", ["en", "fr", "es", "ru", "zh-hans", "ar"])
    def test_each_language_has_its_page_and_direction(self, client, language):
        page = client.get(f"/{language}/")
        assert page.status_code == 200
        html = page.content.decode()
        assert f'<html lang="{language}"' in html
        direction = "rtl" if language == "ar" else "ltr"
        assert f'<html lang="{language}" dir="{direction}">' in html

    def test_french_home_is_translated(self, client, db):
        html = client.get("/fr/").content.decode()
        assert "Groupes de travail du Conseil" in html
        assert "Consultations ouvertes" in html


@pytest.mark.django_db
class TestSignIn:
    def test_wrong_password_shows_the_error_and_signs_nobody_in(self, client, personas):
        page = client.post("/en/sign-in/", {"username": "delegate", "password": "wrong"})
        assert page.status_code == 200
        assert "Please enter a correct" in page.content.decode()
        assert "_auth_user_id" not in client.session

    def test_empty_fields_show_errors_next_to_the_fields(self, client, personas):
        html = client.post("/en/sign-in/", {"username": "", "password": ""}).content.decode()
        assert 'id="id_username_error"' in html
        assert 'id="id_password_error"' in html
        assert 'aria-invalid="true"' in html

    def test_right_password_signs_in_and_goes_to_next(self, client, personas):
        page = client.post(
            "/en/sign-in/", {"username": "delegate", "password": PASSWORD, "next": "/en/profile/"}
        )
        assert page.status_code == 302
        assert page["Location"] == "/en/profile/"

    def test_next_to_another_site_is_ignored(self, client, personas):
        page = client.post(
            "/en/sign-in/",
            {"username": "delegate", "password": PASSWORD, "next": "https://evil.example/"},
        )
        assert page.status_code == 302
        assert "evil.example" not in page["Location"]

    def test_sign_out_needs_a_post(self, client, personas):
        client.login(username="delegate", password=PASSWORD)
        assert client.get("/en/sign-out/").status_code == 405
        assert client.post("/en/sign-out/").status_code == 302
        assert "_auth_user_id" not in client.session


@pytest.mark.django_db
class TestProfile:
    def test_anonymous_is_sent_to_sign_in(self, client, db):
        page = client.get("/en/profile/")
        assert page.status_code == 302
        assert "/sign-in/" in page["Location"]

    def test_shows_roles_with_group_and_state(self, personas):
        html = signed_in(personas.delegate).get("/en/profile/").content.decode()
        assert "Delegate of a Member State" in html
        assert personas.group.display_acronym("en") in html
        assert personas.state.name("en") in html

    def test_roles_are_translated(self, personas):
        html = signed_in(personas.delegate).get("/fr/profile/").content.decode()
        assert "Délégué d&#x27;un État Membre" in html or "Délégué d'un État Membre" in html


@pytest.mark.django_db
class TestWorkspace:
    @pytest.mark.parametrize("who", ["council_member", "stakeholder"])
    def test_is_a_404_for_those_with_no_work_in_it(self, personas, who):
        assert signed_in(getattr(personas, who)).get("/en/workspace/").status_code == 404

    def test_sends_anonymous_readers_to_sign_in(self, client, personas):
        response = client.get("/en/workspace/")
        assert response.status_code == 302 and "/en/sign-in/" in response["Location"]

    def test_not_in_the_navigation_of_others(self, personas):
        assert "/en/workspace/" not in signed_in(personas.stakeholder).get("/en/").content.decode()
        assert "/en/workspace/" in signed_in(personas.secretariat).get("/en/").content.decode()

    def test_delegates_see_no_secretariat_sections(self, personas):
        html = signed_in(personas.delegate).get("/en/workspace/").content.decode()
        assert 'id="moderation"' not in html and 'id="drafts"' not in html

    def test_shows_drafts_moderation_and_actions_of_the_groups_served(self, personas):
        group = personas.group
        open_consultation(group, topic="Draft topic", state=ConsultationState.DRAFT)
        open_consultation(group, topic="Live topic")
        meeting = MeetingFactory(group=group, number=3)
        decision = DecisionFactory(
            meeting=meeting,
            number=1,
            text={"en": "Do it"},
            addressee_kind=AddresseeKind.SECRETARIAT,
        )
        ActionFactory(
            decision=decision,
            description={"en": "Prepare the background paper"},
            assignee_kind=AddresseeKind.SECRETARIAT,
            status=ActionStatus.OPEN,
            due_date=timezone.localdate() + dt.timedelta(days=5),
        )
        other = GroupFactory()
        open_consultation(other, topic="Another group's draft", state=ConsultationState.DRAFT)
        html = signed_in(personas.secretariat).get("/en/workspace/").content.decode()
        assert "Draft topic" in html
        assert "Live topic" in html
        assert "Prepare the background paper" in html
        assert "Another group&#x27;s draft" not in html and "Another group's draft" not in html


@pytest.mark.django_db
class TestErrorPages:
    def test_404_is_translated_and_invites_to_sign_in(self, client, db):
        page = client.get("/fr/groups/no-such-group/")
        assert page.status_code == 404
        html = page.content.decode()
        assert '<html lang="fr"' in html
        assert "/fr/sign-in/" in html

    def test_404_for_a_signed_in_reader_does_not_invite_to_sign_in(self, personas):
        page = signed_in(personas.delegate).get("/en/groups/no-such-group/")
        assert page.status_code == 404
        assert "signing in may show them" not in page.content.decode()


@pytest.mark.django_db
def test_workspace_query_count_does_not_grow_with_its_lists(personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(personas.secretariat)
    group = personas.group

    def add(first, n):
        for i in range(first, first + n):
            open_consultation(group, topic=f"Draft {i}", state=ConsultationState.DRAFT)
            open_consultation(group, topic=f"Live {i}")
            meeting = MeetingFactory(group=group, number=i)
            decision = DecisionFactory(
                meeting=meeting, number=1, text={"en": "x"}, addressee_kind="secretariat"
            )
            ActionFactory(
                decision=decision,
                description={"en": f"Action {i}"},
                assignee_kind="secretariat",
                due_date=timezone.localdate(),
            )

    add(1, 2)
    client.get("/en/workspace/")
    with CaptureQueriesContext(connection) as small:
        assert client.get("/en/workspace/").status_code == 200
    add(10, 10)
    with CaptureQueriesContext(connection) as large:
        html = client.get("/en/workspace/").content.decode()
    assert "Action 19" in html and "Draft 19" in html
    assert len(large.captured_queries) == len(small.captured_queries)


def test_committed_assets_are_served(client):
    for path in ("/static/cwg/site.css", "/static/cwg/vendor/htmx.min.js"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert b"".join(response.streaming_content if response.streaming else [response.content])


@pytest.mark.django_db
def test_workspace_leaves_out_closed_consultations_with_nothing_to_moderate(personas):
    open_consultation(personas.group, topic="Closed and empty", state=ConsultationState.CLOSED)
    open_consultation(personas.group, topic="Still open")
    html = signed_in(personas.secretariat).get("/en/workspace/").content.decode()
    assert "Still open" in html
    assert "Closed and empty" not in html


@pytest.mark.django_db
def test_language_switch_keeps_the_page_and_its_filters(client):
    page = client.post(
        "/i18n/setlang/", {"language": "fr", "next": "/en/states/?region=B"}, follow=False
    )
    assert page.status_code == 302
    assert page["Location"] == "/fr/states/?region=B"
    assert client.cookies["django_language"].value == "fr"
    # An address on another site is not followed.
    page = client.post("/i18n/setlang/", {"language": "ar", "next": "https://evil.example/"})
    assert "evil.example" not in page.get("Location", "")
