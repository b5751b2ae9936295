"""The workspace links to the drafting room only for a reader who may see one of its texts, and
counts only those texts."""

from __future__ import annotations

import pytest
from django.test import Client

from cwg.drafting import services
from cwg.registry.models import Role
from cwg.testing.drafting import sample_text
from cwg.testing.factories import GroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db

WORKSPACE = "/en/workspace/"
ROOM = 'id="drafting-room"'


def page_of(person, language="en") -> str:
    client = Client()
    client.force_login(person)
    response = client.get(f"/{language}/workspace/")
    assert response.status_code == 200
    return response.content.decode()


def members_only(personas, slug, group):
    text = sample_text(personas, slug=slug, group=group)
    text.access_level = "members"
    text.save(update_fields=["access_level"])
    return text


def elsewhere_text(personas):
    """A members-only text of a members-only group none of the personas belongs to."""
    group = GroupFactory(visibility="members")
    secretariat = MembershipFactory(group=group, role=Role.SECRETARIAT).person
    return services.create_text(
        secretariat, group, slug="res-elsewhere", title={"en": "Elsewhere"}, access_level="members"
    )


def test_no_link_for_a_reader_who_sees_no_text(personas):
    assert ROOM not in page_of(personas.delegate)  # no text at all
    elsewhere_text(personas)
    for person in (personas.delegate, personas.chair, personas.vice_chair):
        assert ROOM not in page_of(person), person


def test_the_link_counts_only_the_texts_the_reader_may_see(personas):
    elsewhere_text(personas)
    members_only(personas, "res-999", personas.group)
    for person in (personas.delegate, personas.chair, personas.vice_chair, personas.secretariat):
        html = page_of(person)
        assert ROOM in html, person
        assert '<a href="/en/drafting/">Drafting room (1)</a>' in html, person
    assert "Salle de rédaction (1)" in page_of(personas.delegate, "fr")


def test_the_workspace_stays_404_to_those_with_no_work_there(personas):
    members_only(personas, "res-999", personas.group)
    client = Client()
    client.force_login(personas.stakeholder)
    assert client.get(WORKSPACE).status_code == 404
