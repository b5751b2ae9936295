"""The consultation forms take a meeting or a country by the name a reader sees."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from cwg.consultations.forms import FilterForm, StateForm
from cwg.core.access_levels import AccessLevel
from cwg.testing.factories import GroupFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def test_the_examining_meeting_is_named_by_number_or_by_label(personas):
    group = personas.group
    meeting = MeetingFactory(group=group, number=23)
    elsewhere = MeetingFactory(group=GroupFactory(), number=23)
    with translation.override("fr"):
        label = f"{group.display_acronym('fr')} réunion 23"
        for text in ("23", label, label.upper()):
            form = StateForm(
                {"state": "examined", "meeting": text}, reader=personas.secretariat, group=group
            )
            assert form.is_valid(), form.errors
            assert form.cleaned_data["meeting"] == meeting
        other = f"{elsewhere.group.display_acronym('fr')} réunion 23"
        form = StateForm(
            {"state": "examined", "meeting": other}, reader=personas.secretariat, group=group
        )
        assert not form.is_valid()
        assert "choisissez-en un dans la liste" in form.errors["meeting"][0]


def test_a_members_only_meeting_cannot_be_named_by_an_outsider(personas):
    MeetingFactory(group=personas.group, number=24, access_level=AccessLevel.MEMBERS)
    form = StateForm(
        {"state": "examined", "meeting": "24"}, reader=personas.stakeholder, group=personas.group
    )
    assert not form.is_valid()
    form = StateForm(
        {"state": "examined", "meeting": "24"}, reader=personas.delegate, group=personas.group
    )
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("language", "typed"),
    [("fr", "Allemagne"), ("en", "germany"), ("ar", "ألمانيا"), ("en", "DEU")],
)
def test_the_published_responses_are_filtered_by_a_country_name_in_any_language(language, typed):
    with translation.override(language):
        form = FilterForm({"country": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["country"] == "DEU"
    # Another country or territory, not a Member State, is searched as written.
    form = FilterForm({"country": "Atlantis"})
    assert form.is_valid() and form.cleaned_data["country"] == "Atlantis"


def test_the_state_change_says_why_a_meeting_name_is_refused(client, personas, consultation):
    client.force_login(personas.secretariat)
    url = reverse("consultations:change_state", args=[consultation.slug])
    response = client.post(url, {"state": "closed", "meeting": "No such meeting"}, follow=True)
    said = [m.message for m in response.context["messages"]]
    assert said == [
        "The state was not changed. Nothing called “No such meeting” was found: choose one "
        "from the list."
    ]
    client.force_login(personas.delegate)
    assert client.post(url, {"state": "closed"}).status_code in (403, 404)
