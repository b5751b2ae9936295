"""The Member States API: paginated, filtered by region, basis and name; bad input is a 400."""

import pytest

pytestmark = pytest.mark.django_db


def test_member_states_are_paginated(client):
    first = client.get("/api/v1/member-states?limit=50").json()
    assert first["count"] == 194 and len(first["items"]) == 50
    last = client.get("/api/v1/member-states?limit=50&offset=150").json()
    assert len(last["items"]) == 44
    codes = [s["iso3"] for s in first["items"]] + [s["iso3"] for s in last["items"]]
    assert len(set(codes)) == 94
    assert first["items"][0]["iso3"] == "AFG"


def test_filter_by_region_and_basis(client):
    region_c = client.get("/api/v1/member-states?region=c&limit=200").json()
    assert region_c["count"] == 21
    assert {s["region"] for s in region_c["items"]} == {"C"}
    derived_e = client.get("/api/v1/member-states?region=E&basis=derived&limit=200").json()
    assert derived_e["count"] == 35
    assert all(s["region_basis"] == "derived" for s in derived_e["items"])


def test_search_by_name_in_any_language_ignoring_accents(client):
    result = client.get("/api/v1/member-states", {"search": "cote d'ivoire"}).json()
    assert [s["iso3"] for s in result["items"]] == ["CIV"]
    result = client.get("/api/v1/member-states", {"search": "Suisse", "lang": "fr"}).json()
    assert [(s["iso3"], s["name"]) for s in result["items"]] == [("CHE", "Suisse")]
    result = client.get("/api/v1/member-states", {"search": "Польша"}).json()
    assert [s["iso3"] for s in result["items"]] == ["POL"]
    assert client.get("/api/v1/member-states", {"search": "zzzz"}).json()["count"] == 0


@pytest.mark.parametrize(
    "query, field",
    [
        ("region=Z", "region"),
        ("basis=guessed", "basis"),
        ("limit=0", "limit"),
        ("limit=1000", "limit"),
        ("offset=-1", "offset"),
    ],
)
def test_bad_filters_are_refused_with_a_message(client, query, field):
    response = client.get(f"/api/v1/member-states?{query}")
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert response.json()["detail"]


def test_not_a_number_is_a_400_naming_the_field(client):
    response = client.get("/api/v1/member-states?limit=many")
    assert response.status_code == 400
    assert "limit" in response.json()["detail"]


def test_one_member_state_and_an_unknown_one(client):
    poland = client.get("/api/v1/member-states/pol?lang=fr").json()
    assert poland["name"] == "Pologne" and poland["region"] == "C"
    assert client.get("/api/v1/member-states/XXX").status_code == 404


def test_regions_list_counts_and_seats(client):
    regions = client.get("/api/v1/regions?lang=es").json()
    assert [(r["code"], r["member_states"], r["council_seats"]) for r in regions] == [
        ("A", 35, 9),
        ("B", 33, 8),
        ("C", 21, 5),
        ("D", 54, 13),
        ("E", 51, 13),
    ]
    assert regions[3]["name"] == "África"


def test_the_list_takes_few_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get("/api/v1/member-states?limit=200")


def test_openapi_schema_lists_the_registry_and_group_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/member-states",
        "/api/v1/groups",
        "/api/v1/groups/{slug}",
        "/api/v1/resolutions",
    ):
        assert path in schema["paths"], path
