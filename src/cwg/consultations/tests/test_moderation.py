"""Moderation (hide with a reason, kept in history) and the public listing with filters and search."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cwg.consultations import queries, services
from cwg.consultations.models import ModerationEvent, Submission
from cwg.consultations.tests.conftest import make_consultation, payload
from cwg.core.exceptions import Conflict, InvalidInput, NotAllowed
from cwg.core.models import AuditEvent
from cwg.registry.models import Region
from cwg.testing.factories import SubmissionFactory, member_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(personas):
    c = make_consultation(personas)
    region_a, _ = Region.objects.get_or_create(code="A", defaults={"name": {"en": "Americas"}})
    brazil = member_state("BRA")
    brazil.region = region_a
    brazil.save()
    rows = [
        payload(name="Alice", category="civil_society", country="FRA", language="en",
                answers={"1": "Universal acceptance of domain names matters."}),
        payload(name="Bruno", category="private_sector", country="BRA", language="fr",
                answers={"1": "Les noms de domaine internationalisés."}),
        payload(name="Carla", category="academia", country="", country_other="Kosovo", language="en",
                answers={"1": "Local content and keyboards."}),
        payload(name="Dan", category="academia", country="FRA", language="en",
                consent_to_publication=False, answers={"1": "Private view on domain names."}),
    ]  # fmt: skip
    receipts = {}
    for row in rows:
        receipts[row["name"]] = services.submit(personas.anonymous, c, row).submission.receipt
    return c, receipts


def names(qs) -> set[str]:
    return {s.name for s in qs}


def test_published_listing_filters_and_search(filled):
    c, _ = filled
    assert names(queries.published_submissions(c)) == {"Alice", "Bruno", "Carla"}
    assert names(queries.published_submissions(c, category="academia")) == {"Carla"}
    assert names(queries.published_submissions(c, country="bra")) == {"Bruno"}
    assert names(queries.published_submissions(c, country="Kosovo")) == {"Carla"}
    assert names(queries.published_submissions(c, region="A")) == {"Bruno"}
    assert names(queries.published_submissions(c, language="fr")) == {"Bruno"}
    assert names(queries.published_submissions(c, q="domain names")) == {"Alice"}
    assert names(queries.published_submissions(c, q="keyboards")) == {"Carla"}


def test_search_for_other_apps_respects_visibility(filled, personas):
    c, _ = filled
    found = queries.published_submissions_for_search(personas.anonymous, "acceptance")
    assert names(found) == {"Alice"}
    assert names(queries.published_submissions_for_search(personas.anonymous, "private")) == set()
    draft = make_consultation(personas, slug="draft-search", open_it=False)
    SubmissionFactory(
        consultation=draft, receipt="X-1", submitted_at=c.opens_at, name="Ghost", category="academia",
        country_other="Nowhere", language="en", answers={"1": "acceptance"}, consent_to_publication=True,
        search_text="ghost acceptance",
    )  # fmt: skip
    assert "Ghost" not in names(
        queries.published_submissions_for_search(personas.anonymous, "acceptance")
    )
    assert "Ghost" in names(
        queries.published_submissions_for_search(personas.secretariat, "acceptance")
    )


def test_hiding_keeps_history_and_audit(filled, personas):
    c, receipts = filled
    submission = Submission.objects.get(receipt=receipts["Alice"])
    services.hide_submission(personas.secretariat, submission, "Insults another respondent")
    assert names(queries.published_submissions(c)) == {"Bruno", "Carla"}
    services.restore_submission(personas.secretariat, submission, "Reviewed: acceptable")
    services.hide_submission(personas.secretariat, submission, "Second look: abusive")
    events = list(
        ModerationEvent.objects.filter(submission=submission).values_list("action", "reason")
    )
    assert events == [
        ("hide", "Insults another respondent"),
        ("restore", "Reviewed: acceptable"),
        ("hide", "Second look: abusive"),
    ]
    assert Submission.objects.filter(pk=submission.pk).exists()  # never deleted
    assert AuditEvent.objects.filter(action="consultation.submission.hide").count() == 2


def test_moderation_refusals(filled, personas):
    _, receipts = filled
    submission = Submission.objects.get(receipt=receipts["Bruno"])
    with pytest.raises(NotAllowed):
        services.hide_submission(personas.chair, submission, "no")
    with pytest.raises(InvalidInput, match="reason"):
        services.hide_submission(personas.secretariat, submission, "  ")
    with pytest.raises(Conflict, match="already visible"):
        services.restore_submission(personas.secretariat, submission, "why")


def test_moderation_api(client, filled, personas):
    c, receipts = filled
    url = f"/api/v1/consultations/{c.slug}/submissions/{receipts['Carla']}/hide"
    body = json.dumps({"reason": "spam link"})
    assert client.post(url, data=body, content_type="application/json").status_code == 401
    client.force_login(personas.delegate)
    assert client.post(url, data=body, content_type="application/json").status_code == 403
    client.force_login(personas.secretariat)
    response = client.post(url, data=body, content_type="application/json")
    assert response.status_code == 200 and response.json()["hidden"] is True
    empty = client.post(
        url.replace("/hide", "/restore"), data="{}", content_type="application/json"
    )
    assert empty.status_code == 400
    queue = client.get(f"/api/v1/consultations/{c.slug}/moderation?show=hidden").json()
    assert [row["name"] for row in queue["items"]] == ["Carla"]
    assert queue["count"] == 1 and queue["next"] is None
    assert queue["items"][0]["history"][0]["reason"] == "spam link"
    client.force_login(personas.delegate)
    assert client.get(f"/api/v1/consultations/{c.slug}/moderation").status_code == 404
    # A hidden submission is a 404 to readers, even one that knows its receipt.
    assert client.post(url, data=body, content_type="application/json").status_code == 404


def test_published_api_hides_what_it_must(client, filled):
    c, _ = filled
    data = client.get(f"/api/v1/consultations/{c.slug}/submissions?q=universal").json()
    assert data["count"] == 1 and data["items"][0]["name"] == "Alice"
    everything = client.get(f"/api/v1/consultations/{c.slug}/submissions").json()
    assert {r["name"] for r in everything["items"]} == {"Alice", "Bruno", "Carla"}
    assert "search_text" not in everything["items"][0]
    assert client.get("/api/v1/consultations/nope/submissions").status_code == 404


def test_published_page_filters_with_constant_queries(client, filled, personas):
    c, _ = filled
    url = f"/en/consultations/{c.slug}/submissions/"
    with CaptureQueriesContext(connection) as few:
        page = client.get(url)
    assert page.status_code == 200 and "Alice" in page.content.decode()
    assert "Dan" not in page.content.decode()
    for i in range(15):
        services.submit(personas.anonymous, c, payload(name=f"Extra {i}", country="BRA"))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
    filtered = client.get(url, {"category": "academia", "q": "keyboards"}).content.decode()
    assert "Carla" in filtered and "Alice" not in filtered


def test_moderation_page_and_web_actions(client, filled, personas):
    c, receipts = filled
    page_url = f"/en/consultations/{c.slug}/moderation/"
    hide_url = f"/en/consultations/{c.slug}/moderation/{receipts['Dan']}/hide/"
    assert client.get(page_url).status_code == 404
    client.force_login(personas.delegate)
    assert client.get(page_url).status_code == 404
    assert client.post(hide_url, {"reason": "x"}).status_code == 404
    client.force_login(personas.secretariat)
    page = client.get(page_url)
    assert page.status_code == 200 and "Dan" in page.content.decode()
    client.post(hide_url, {"reason": ""})
    assert not Submission.objects.get(receipt=receipts["Dan"]).hidden
    client.post(hide_url, {"reason": "Personal attack"})
    assert Submission.objects.get(receipt=receipts["Dan"]).hidden
    assert "Personal attack" in client.get(page_url + "?show=hidden").content.decode()
    assert client.get(hide_url).status_code == 405
