"""The groups API: readers see what they may, the secretariat writes, others are refused."""

import json

import pytest

from cwg.groups.models import Group, GroupResolution, Resolution
from cwg.registry.models import Membership
from cwg.testing.factories import (
    GroupFactory,
    GroupResolutionFactory,
    MembershipFactory,
    ResolutionFactory,
)

pytestmark = pytest.mark.django_db


def _as(client, person):
    if getattr(person, "pk", None):
        client.force_login(person)
    return client


def _post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def _patch(client, url, body):
    return client.patch(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def hidden(personas):
    return GroupFactory(slug="hidden-group", visibility="members")


def test_list_shows_public_groups_and_members_only_groups_to_members(client, personas, hidden):
    slugs = [g["slug"] for g in client.get("/api/v1/groups").json()]
    assert personas.group.slug in slugs and "hidden-group" not in slugs
    MembershipFactory(
        person=personas.delegate, role="delegate", group=hidden, member_state=personas.state
    )
    slugs = [g["slug"] for g in _as(client, personas.delegate).get("/api/v1/groups").json()]
    assert "hidden-group" in slugs


def test_hidden_group_is_a_404_for_outsiders(client, personas, hidden):
    assert client.get("/api/v1/groups/hidden-group").status_code == 404
    _as(client, personas.stakeholder)
    assert client.get("/api/v1/groups/hidden-group").status_code == 404
    assert _patch(client, "/api/v1/groups/hidden-group", {"reports_to": "X"}).status_code == 404
    client.logout()
    _as(client, personas.council_member)  # Council members see every group's member records
    assert client.get("/api/v1/groups/hidden-group").status_code == 200


def test_group_detail_cites_the_legal_basis_in_the_language_asked_for(client, personas):
    pp = ResolutionFactory(number="102", place={"en": "Bucharest", "fr": "Bucarest"})
    council = ResolutionFactory(
        instrument="C", number="1336", revision_kind="mod", year=2019, place={}
    )
    for order, (resolution, role) in enumerate([(pp, "accordance"), (council, "establishes")]):
        GroupResolutionFactory(group=personas.group, resolution=resolution, role=role, order=order)
    body = client.get(f"/api/v1/groups/{personas.group.slug}?lang=fr").json()
    assert [link["role"] for link in body["legal_basis"]] == ["accordance", "establishes"]
    assert (
        body["legal_basis"][0]["resolution"]["citation"] == "Résolution 102 (Rév. Bucarest, 2022)"
    )
    assert body["references"] == (
        "Résolution 102 (Rév. Bucarest, 2022) de la Conférence de plénipotentiaires; "
        "Résolution 1336 (Mod. 2019) du Conseil"
    )
    chair = [o for o in body["officers"] if o["role"] == "chair"]
    assert chair == [
        {
            "role": "chair",
            "name": "Wojciech Berezowski",
            "member_state": "POL",
            "member_state_name": "Pologne",
        }
    ]
    assert client.get("/api/v1/groups/no-such-group").status_code == 404


def test_group_detail_query_count_does_not_grow_with_the_legal_basis(
    client, personas, django_assert_max_num_queries
):
    for order in range(8):
        GroupResolutionFactory(
            group=personas.group, resolution=ResolutionFactory(), role="accordance", order=order
        )
    with django_assert_max_num_queries(6):
        client.get(f"/api/v1/groups/{personas.group.slug}")


def test_resolutions_with_citation_per_language(client, personas):
    ResolutionFactory(instrument="C", number="1305", revision_kind="mod", year=2019, place={})
    en = client.get("/api/v1/resolutions?lang=en").json()
    fr = client.get("/api/v1/resolutions?lang=fr").json()
    assert [r["citation"] for r in en] == ["Council Resolution 1305 (Mod. 2019)"]
    assert [r["citation"] for r in fr] == ["Résolution 1305 (Mod. 2019) du Conseil"]
    assert client.get("/api/v1/resolutions?instrument=XYZ").status_code == 400
    assert client.get(f"/api/v1/resolutions/{en[0]['id']}").json()["number"] == "1305"
    assert client.get("/api/v1/resolutions/999999").status_code == 404


def test_anonymous_writes_are_401_and_nothing_is_stored(client, personas):
    count = Resolution.objects.count()
    response = _post(
        client, "/api/v1/resolutions", {"instrument": "C", "number": "1", "year": 2020}
    )
    assert response.status_code == 401
    assert (
        _patch(client, f"/api/v1/groups/{personas.group.slug}", {"reports_to": "X"}).status_code
        == 401
    )
    assert Resolution.objects.count() == count


def test_delegate_is_refused_with_a_403(client, personas):
    _as(client, personas.delegate)
    response = _patch(client, f"/api/v1/groups/{personas.group.slug}", {"reports_to": "PP"})
    assert response.status_code == 403 and response.json()["code"] == "NotAllowed"
    response = _post(
        client, "/api/v1/resolutions", {"instrument": "C", "number": "1", "year": 2020}
    )
    assert response.status_code == 403
    personas.group.refresh_from_db()
    assert personas.group.reports_to == "Council"


def test_secretariat_writes(client, personas):
    _as(client, personas.secretariat)
    response = _patch(
        client,
        f"/api/v1/groups/{personas.group.slug}",
        {"mandate": {"en": "Mandate."}, "holds_open_consultations": False},
    )
    assert response.status_code == 200 and response.json()["mandate"] == "Mandate."
    response = _post(
        client,
        "/api/v1/resolutions?lang=fr",
        {"instrument": "C", "number": "1336", "revision_kind": "mod", "year": 2019},
    )
    assert response.status_code == 201
    assert response.json()["citation"] == "Résolution 1336 (Mod. 2019) du Conseil"
    resolution_id = response.json()["id"]
    response = _post(
        client,
        f"/api/v1/groups/{personas.group.slug}/legal-basis",
        {"resolution_id": resolution_id, "role": "establishes", "summary": {"en": "Creates it."}},
    )
    assert response.status_code == 201 and response.json()["order"] == 0
    response = _post(
        client,
        f"/api/v1/groups/{personas.group.slug}/roles",
        {"username": "otherdelegate", "role": "vice_chair"},
    )
    assert response.status_code == 201 and response.json()["role"] == "vice_chair"


@pytest.mark.parametrize(
    "url, body, status, field",
    [
        (
            "/api/v1/resolutions",
            {"instrument": "XX", "number": "1", "year": 2020},
            400,
            "instrument",
        ),
        ("/api/v1/resolutions", {"instrument": "C", "number": "1"}, 400, None),
        ("/api/v1/resolutions", {"instrument": "C", "number": "1", "year": "soon"}, 400, None),
        ("{group}/legal-basis", {"resolution_id": 999999, "role": "mandate"}, 400, "resolution_id"),
        ("{group}/roles", {"username": "nobody", "role": "chair"}, 400, "username"),
        ("{group}/roles", {"username": "otherdelegate", "role": "delegate"}, 400, "member_state"),
        (
            "{group}/roles",
            {"username": "otherdelegate", "role": "delegate", "member_state": "XXX"},
            400,
            "member_state",
        ),
        ("{group}/roles", {"username": "otherdelegate", "role": "chair"}, 409, "person"),
    ],
)
def test_bad_input_is_a_4xx_with_a_message_and_nothing_stored(
    client, personas, url, body, status, field
):
    _as(client, personas.secretariat)
    counts = (
        Resolution.objects.count(),
        GroupResolution.objects.count(),
        Membership.objects.count(),
    )
    response = _post(client, url.replace("{group}", f"/api/v1/groups/{personas.group.slug}"), body)
    assert response.status_code == status
    assert response.json()["detail"]
    if field:
        assert response.json()["field"] == field
    assert (
        Resolution.objects.count(),
        GroupResolution.objects.count(),
        Membership.objects.count(),
    ) == counts


def test_group_creation_needs_the_platform_secretariat(client, personas):
    body = {
        "slug": "cwg-api",
        "acronym": {"en": "CWG-API"},
        "name": {"en": "API group"},
        "symbol_prefix": "CWG-API",
    }
    _as(client, personas.secretariat)
    assert _post(client, "/api/v1/groups", body).status_code == 403
    MembershipFactory(person=personas.secretariat, role="secretariat", group=None)
    response = _post(client, "/api/v1/groups", body)
    assert response.status_code == 201 and response.json()["slug"] == "cwg-api"
    assert _post(client, "/api/v1/groups", body).status_code == 409
    assert Group.objects.filter(slug="cwg-api").count() == 1
    response = _patch(client, "/api/v1/groups/cwg-api", {"visibility": None})
    assert response.status_code == 400 and response.json()["field"] == "visibility"
    assert _patch(client, "/api/v1/groups/cwg-api", {}).status_code == 400


def test_group_list_takes_few_queries(client, personas, django_assert_max_num_queries):
    for n in range(6):
        GroupFactory(slug=f"extra-{n}")
    _as(client, personas.delegate)
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/groups")
    assert len(response.json()) == 7


def test_admin_is_for_staff_with_permissions(client, personas):
    from django.contrib.auth.models import Permission

    personas.secretariat.is_staff = True
    personas.secretariat.save()
    personas.secretariat.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["groups", "registry"])
    )
    _as(client, personas.secretariat)
    assert client.get("/admin/groups/group/").status_code == 200
    assert client.get("/admin/registry/memberstate/?region__id__exact=1").status_code == 200
    assert client.get(f"/admin/groups/group/{personas.group.pk}/change/").status_code == 200
    client.logout()
    _as(client, personas.delegate)
    assert client.get("/admin/groups/group/").status_code == 302
