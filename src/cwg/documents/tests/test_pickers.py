"""Pickers: each search answers only what the reader may see, in the reader's language; the forms
take the displayed name as well as the id; bad search input is a 400 naming the field."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from cwg.core.access_levels import AccessLevel
from cwg.core.pickers import name_key
from cwg.decisions import services as decision_services
from cwg.decisions.models import Action, Decision
from cwg.groups.models import Visibility
from cwg.registry.models import MemberState
from cwg.testing.factories import DocumentFactory, GroupFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def labels(client, url, q, language="en"):
    response = client.get(f"/{language}{url[3:]}", {"q": q})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return [r["label"] for r in response.json()["results"]]


@pytest.fixture
def wsis(db):
    return GroupFactory(
        slug="cwg-wsis-sdg",
        acronym={"en": "CWG-WSIS&SDG", "fr": "GTC-SMSI&ODD"},
        name={"en": "Council Working Group on WSIS and SDGs", "fr": "Groupe de travail SMSI"},
    )


@pytest.fixture
def hidden_group(db):
    return GroupFactory(
        slug="closed-circle",
        acronym={"en": "CLOSED-CIRCLE"},
        name={"en": "Closed circle"},
        visibility=Visibility.MEMBERS,
    )


def test_group_search_is_by_name_in_the_readers_language_and_hides_members_only_groups(
    client, personas, wsis, hidden_group
):
    url = reverse("groups:pick")
    assert labels(client, url, "smsi", "fr") == ["GTC-SMSI&ODD"]
    assert labels(client, url, "wsis", "en") == ["CWG-WSIS&SDG"]
    # A members-only group is never offered to an outsider, whatever is typed.
    assert labels(client, url, "closed") == []
    client.force_login(personas.stakeholder)
    assert labels(client, url, "circle") == []
    assert "CLOSED-CIRCLE" not in labels(client, url, "")


def test_meeting_search_hides_members_only_meetings(client, personas):
    today = timezone.localdate()
    MeetingFactory(group=personas.group, number=41, start_date=today, end_date=today)
    MeetingFactory(
        group=personas.group,
        number=42,
        start_date=today,
        end_date=today,
        access_level=AccessLevel.MEMBERS,
    )
    url = reverse("meetings:pick")
    found = labels(client, url, "4")
    assert any(label.endswith(" 41") for label in found)
    assert not any(label.endswith(" 42") for label in found)
    client.force_login(personas.delegate)
    assert any(label.endswith(" 42") for label in labels(client, url, "42"))


def test_document_search_never_offers_a_members_only_document_to_an_outsider(client, personas):
    meeting = MeetingFactory(group=personas.group)
    DocumentFactory(meeting=meeting, title={"en": "Open arrangements"})
    DocumentFactory(
        meeting=meeting, title={"en": "Secret arrangements"}, access_level=AccessLevel.MEMBERS
    )
    url = reverse("documents:pick")
    assert labels(client, url, "arrangements") == [
        d.symbol for d in meeting.documents.filter(access_level=AccessLevel.INHERIT)
    ]
    assert "Secret" not in str(client.get(url, {"q": "secret"}).json())
    client.force_login(personas.stakeholder)
    assert client.get(url, {"q": "secret"}).json()["results"] == []
    client.force_login(personas.delegate)
    assert len(client.get(url, {"q": "arrangements"}).json()["results"]) == 2


def test_member_states_come_by_name_in_the_readers_language_accents_aside(client):
    url = reverse("registry:pick")
    assert "Égypte" in labels(client, url, "egypte", "fr")
    assert labels(client, url, "ETATS-UNIS", "fr")[0].startswith("États-Unis")
    assert "مصر" in labels(client, url, "EGY", "ar")


@pytest.mark.parametrize(
    "query",
    [{"q": "x" * 101}, {"q": "a\x00b"}, {"q": "a\x1fb"}, {"q": ["one", "two"]}],
)
def test_bad_search_input_is_a_400_naming_the_field(client, query):
    for name in ("groups:pick", "meetings:pick", "documents:pick", "registry:pick"):
        response = client.get(reverse(name), query)
        assert response.status_code == 400, (name, query)
        assert response.json()["field"] == "q"


def test_search_answers_are_never_shared_between_readers(client):
    response = client.get(reverse("groups:pick"), {"q": ""})
    assert "no-store" in response["Cache-Control"]
    assert client.post(reverse("groups:pick")).status_code == 405


def test_the_decision_form_takes_the_group_by_its_displayed_name_in_french(client, personas, wsis):
    today = timezone.localdate()
    meeting = MeetingFactory(group=personas.group, number=30, start_date=today, end_date=today)
    client.force_login(personas.secretariat)
    url = f"/fr{reverse('decisions:record', args=[meeting.pk])[3:]}"
    page = client.get(url).content.decode()
    assert 'data-picker="/fr/groups/pick.json"' in page and "groups/pick.json" in page
    response = client.post(
        url,
        {"text_en": "Liaise", "addressee_kind": "group", "addressee_group": "GTC-SMSI&ODD"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Decision.objects.get(meeting=meeting).addressee_group == wsis


def test_the_decision_form_refuses_a_name_the_reader_may_not_see_in_their_language(
    client, personas, hidden_group
):
    today = timezone.localdate()
    meeting = MeetingFactory(group=personas.group, number=31, start_date=today, end_date=today)
    client.force_login(personas.secretariat)
    url = f"/fr{reverse('decisions:record', args=[meeting.pk])[3:]}"
    for name in ("CLOSED-CIRCLE", "Nothing like it", str(hidden_group.pk)):
        response = client.post(
            url, {"text_en": "Liaise", "addressee_kind": "group", "addressee_group": name}
        )
        assert response.status_code == 400
        errors = response.context["form"].errors["addressee_group"]
        assert errors == [
            f"Aucun élément nommé « {name} » n’a été trouvé : choisissez-en un dans la liste."
        ]
    missing = client.post(url, {"text_en": "Liaise", "addressee_kind": "group"})
    assert missing.context["form"].errors["addressee_group"] == [
        "Choisissez le groupe auquel elle s’adresse."
    ]
    assert not Decision.objects.filter(meeting=meeting).exists()


def test_an_action_takes_its_group_by_name_and_says_why_it_refuses(client, personas, wsis):
    today = timezone.localdate()
    meeting = MeetingFactory(group=personas.group, number=32, start_date=today, end_date=today)
    decision = decision_services.record_decision(
        personas.secretariat, meeting, text={"en": "Liaise"}, addressee_kind="secretariat"
    )
    url = reverse("decisions:add_action", args=[decision.pk])
    client.force_login(personas.delegate)
    assert (
        client.post(url, {"description_en": "x", "assignee_kind": "secretariat"}).status_code == 404
    )
    client.force_login(personas.secretariat)
    response = client.post(
        url,
        {"description_en": "Send a note", "assignee_kind": "group", "assignee_group": "wsis"},
        follow=True,
    )
    said = [m.message for m in response.context["messages"]]
    assert any("choose one from the list" in m for m in said), said
    client.post(
        url,
        {
            "description_en": "Send a note",
            "assignee_kind": "group",
            "assignee_group": "CWG-WSIS&SDG",
            "due_date": (today.replace(year=today.year - 1)).isoformat(),
        },
    )
    assert not Action.objects.exists()
    client.post(
        url,
        {
            "description_en": "Send a note",
            "assignee_kind": "group",
            "assignee_group": "cwg-wsis&sdg",
        },
    )
    assert Action.objects.get().assignee_group == wsis


def test_linking_a_document_by_its_title_and_never_one_hidden_from_the_reader(client, personas):
    today = timezone.localdate()
    meeting = MeetingFactory(group=personas.group, number=33, start_date=today, end_date=today)
    decision = decision_services.record_decision(
        personas.secretariat, meeting, text={"en": "Write"}, addressee_kind="secretariat"
    )
    action = decision_services.add_action(
        personas.secretariat, decision, description={"en": "Write"}, assignee_kind="secretariat"
    )
    other = GroupFactory(visibility=Visibility.MEMBERS)
    hidden = DocumentFactory(meeting=MeetingFactory(group=other), title={"en": "Hidden paper"})
    shown = DocumentFactory(meeting=meeting, title={"en": "Liaison note", "fr": "Note de liaison"})
    url = reverse("decisions:link_documents", args=[action.pk])
    client.force_login(personas.secretariat)
    client.post(url, {"symbols": hidden.symbol})
    assert not action.fulfilled_by.exists()
    client.post(url, {"symbols": "note de liaison, "})
    assert list(action.fulfilled_by.all()) == [shown]


def test_member_state_lists_are_sorted_by_name_in_the_readers_language(client, personas):
    from django.utils import translation

    from cwg.documents.forms import ContributionForm
    from cwg.meetings.forms import ParticipantForm

    with translation.override("fr"):
        names = [label for _, label in ContributionForm().fields["co_sponsors"].choices]
        assert len(names) == MemberState.objects.count() == 194
        assert names == sorted(names, key=name_key)
        # "Égypte" sits among the Es, not after "Zimbabwe" as a code-point sort puts it.
        assert names.index("Égypte") < names.index("Érythrée") < names.index("Fidji")
        participant = [
            label
            for _, label in ParticipantForm(group=personas.group).fields["member_state"].choices
        ]
        assert participant[1:] == names
    with translation.override("ar"):
        names = [label for _, label in ContributionForm().fields["co_sponsors"].choices]
        assert names == sorted(names, key=name_key) and names[0] != "Afghanistan"


def test_a_name_shown_in_another_language_than_the_page_says_which(client, wsis):
    url = reverse("groups:pick")
    arabic = client.get(f"/ar{url[3:]}", {"q": "wsis"}).json()["results"]
    assert arabic == [
        {
            "id": str(wsis.pk),
            "label": "CWG-WSIS&SDG",
            "hint": "Council Working Group on WSIS and SDGs",
            "lang": "en",
            "hint_lang": "en",
        }
    ]
    french = client.get(f"/fr{url[3:]}", {"q": "wsis"}).json()["results"]
    assert "lang" not in french[0] and "hint_lang" not in french[0]
