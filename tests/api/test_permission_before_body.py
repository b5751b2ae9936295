"""Who may write is decided before the body is read: an outsider learns nothing of its schema."""

from __future__ import annotations

import json

import pytest

from cwg.testing.factories import MembershipFactory

pytestmark = pytest.mark.django_db

GARBAGE = {"nonsense": 1, "year": "soon"}


@pytest.mark.parametrize("path", ["/api/v1/groups", "/api/v1/resolutions", "/api/v1/venues"])
@pytest.mark.parametrize("who", ["delegate", "stakeholder", "council_member", "chair"])
def test_a_refused_writer_gets_403_whatever_the_body(client, personas, path, who):
    client.force_login(getattr(personas, who))
    for body in (json.dumps(GARBAGE), json.dumps({}), "{not json", "[1, 2]"):
        response = client.post(path, body, content_type="application/json")
        assert response.status_code == 403, (body, response.content[:300])
        text = response.content.decode()
        # Nothing about the fields the operation expects, nor about what was sent.
        for word in ("instrument", "slug", "acronym", "nonsense", "year", "missing", "JSON"):
            assert word not in text, (word, text)


@pytest.mark.parametrize("path", ["/api/v1/groups", "/api/v1/resolutions"])
def test_anonymous_gets_401_whatever_the_body(client, path):
    response = client.post(path, json.dumps(GARBAGE), content_type="application/json")
    assert response.status_code == 401


def test_a_hidden_record_is_404_before_the_body_is_read(client, personas):
    from cwg.testing.factories import GroupFactory, MeetingFactory

    hidden = MeetingFactory(group=GroupFactory(slug="hidden", visibility="members"))
    client.force_login(personas.delegate)
    response = client.patch(
        f"/api/v1/meetings/{hidden.pk}", json.dumps(GARBAGE), content_type="application/json"
    )
    assert response.status_code == 404


def test_the_permitted_writer_gets_the_400_naming_the_field(client, personas):
    from cwg.registry.models import Role

    MembershipFactory(person=personas.secretariat, role=Role.SECRETARIAT, group=None)
    client.force_login(personas.secretariat)
    response = client.post(
        "/api/v1/resolutions", json.dumps(GARBAGE), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["field"] in {"instrument", "nonsense", "year", "number"}
