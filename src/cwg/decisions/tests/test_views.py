"""Decision pages and API: readers see what they may, writers are checked, refusals are clear."""

import json

import pytest
from django.urls import reverse

from cwg.core.access_levels import AccessLevel
from cwg.decisions import services
from cwg.decisions.models import Action

pytestmark = pytest.mark.django_db


def _json(client, url, data, method="post"):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def test_decision_list_and_detail_pages(client, personas, decision):
    action = services.add_action(
        personas.secretariat,
        decision,
        description={"en": "Send a liaison note"},
        assignee_kind="secretariat",
    )
    services.set_action_status(personas.secretariat, action, "in_progress", note="Drafting")
    detail = reverse("decisions:detail", args=[decision.pk])
    # A draft is for the secretariat and the officers only.
    assert client.get(detail).status_code == 404
    client.force_login(personas.chair)
    assert "Record the approval" in client.get(detail).content.decode()
    services.approve_decision(personas.chair, decision)
    client.logout()
    body = client.get(reverse("decisions:group", args=[personas.group.slug])).content.decode()
    assert "Share the results" in body and "CWG-WSIS&amp;SDG" in body
    page = client.get(detail).content.decode()
    assert "Members noted the compilation." in page and "Send a liaison note" in page
    assert "Drafting" not in page  # the history is for members
    client.force_login(personas.delegate)
    page = client.get(detail).content.decode()
    assert "Drafting" in page and "Record the approval" not in page


def test_members_only_decision_is_404_for_outsiders(client, personas, decision, held):
    held.access_level = AccessLevel.MEMBERS
    held.save()
    assert client.get(reverse("decisions:detail", args=[decision.pk])).status_code == 404
    assert client.get(f"/api/v1/decisions/{decision.pk}").status_code == 404
    assert (
        "Share the results"
        not in client.get(reverse("decisions:group", args=[personas.group.slug])).content.decode()
    )


def test_tracker_filters_by_status_and_due(client, personas, decision):
    import datetime as dt

    from django.utils import timezone

    services.approve_decision(personas.secretariat, decision)
    services.add_action(
        personas.secretariat,
        decision,
        description={"en": "Soon"},
        assignee_kind="secretariat",
        due_date=timezone.localdate() + dt.timedelta(days=3),
    )
    services.add_action(
        personas.secretariat, decision, description={"en": "Someday"}, assignee_kind="chair"
    )
    url = reverse("decisions:tracker", args=[personas.group.slug])
    body = client.get(url, {"due": "30"}).content.decode()
    assert "Soon" in body and "Someday" not in body
    assert "Someday" in client.get(url, {"status": "open"}).content.decode()
    assert "Someday" not in client.get(url, {"status": "done"}).content.decode()


def test_pages_for_writers_refuse_others(client, personas, decision, held):
    record = reverse("decisions:record", args=[held.pk])
    client.force_login(personas.delegate)
    assert client.get(record).status_code == 404
    assert client.post(reverse("decisions:approve", args=[decision.pk])).status_code == 404
    client.force_login(personas.secretariat)
    bad = client.post(record, {"text_en": "", "addressee_kind": "council"})
    assert bad.status_code == 400 and "text needs the decision" in bad.content.decode()
    good = client.post(record, {"text_en": "Invite Council", "addressee_kind": "council"})
    assert good.status_code == 302
    client.post(
        reverse("decisions:add_action", args=[decision.pk]),
        {"description_en": "Write", "assignee_kind": "secretariat"},
    )
    action = Action.objects.get()
    client.post(reverse("decisions:action_status", args=[action.pk]), {"status": "done"})
    action.refresh_from_db()
    assert action.status == "done"
    client.post(reverse("decisions:approve", args=[decision.pk]))
    decision.refresh_from_db()
    assert decision.status == "approved"


def test_api_writes_and_refusals(client, personas, held, wsis):
    body = {
        "meeting": held.pk,
        "text": {"en": "Liaise"},
        "addressee_kind": "group",
        "addressee_group": wsis.slug,
    }
    assert _json(client, "/api/v1/decisions", body).status_code == 401
    client.force_login(personas.delegate)
    assert _json(client, "/api/v1/decisions", body).status_code == 403
    client.force_login(personas.secretariat)
    bad = _json(client, "/api/v1/decisions", {**body, "addressee_group": None})
    assert bad.status_code == 400 and bad.json()["field"] == "addressee_group"
    created = _json(client, "/api/v1/decisions", body)
    assert created.status_code == 201 and created.json()["addressee_group"] == wsis.slug
    pk = created.json()["id"]
    action = _json(
        client,
        f"/api/v1/decisions/{pk}/actions",
        {"description": {"en": "Note"}, "assignee_kind": "secretariat"},
    )
    assert action.status_code == 201
    aid = action.json()["id"]
    moved = _json(client, f"/api/v1/actions/{aid}/status", {"status": "in_progress"})
    assert moved.json()["status"] == "in_progress"
    assert _json(client, f"/api/v1/actions/{aid}/status", {"status": "nope"}).status_code == 400
    assert (
        _json(client, f"/api/v1/actions/{aid}/documents", {"documents": [424242]}).status_code
        == 400
    )
    approved = _json(client, f"/api/v1/decisions/{pk}/approve", {})
    assert approved.json()["status"] == "approved"
    assert (
        _json(client, f"/api/v1/decisions/{pk}", {"text": {"en": "x"}}, "patch").status_code == 409
    )
    listed = client.get("/api/v1/decisions", {"group": personas.group.slug}).json()
    assert listed["count"] == 1 and listed["items"][0]["actions"][0]["status"] == "in_progress"
    due = client.get("/api/v1/actions", {"due_within": -1})
    assert due.status_code == 400


def test_api_amends_an_action(client, personas, decision, wsis):
    services.approve_decision(personas.secretariat, decision)
    action = services.add_action(
        personas.secretariat, decision, description={"en": "Draft"}, assignee_kind="secretariat"
    )
    url = f"/api/v1/actions/{action.pk}"
    client.force_login(personas.delegate)
    assert _json(client, url, {"due_date": "2030-01-01"}, "patch").status_code == 403
    client.force_login(personas.chair)
    moved = _json(client, url, {"assignee_kind": "group", "assignee_group": wsis.slug}, "patch")
    assert moved.status_code == 200 and moved.json()["assignee_group"] == wsis.slug
    bad = _json(client, url, {"due_date": "2001-01-01"}, "patch")
    assert bad.status_code == 400 and bad.json()["field"] == "due_date"
    back = _json(client, url, {"assignee_kind": "council"}, "patch").json()
    assert back["assignee_kind"] == "council" and back["assignee_group"] is None
    assert _json(client, url, {"description": {}}, "patch").json()["field"] == "description"


def test_linking_documents_says_on_the_decision_page_how_it_went(client, personas, decision):
    from cwg.testing.factories import DocumentFactory

    action = services.add_action(
        personas.secretariat, decision, description={"en": "Write"}, assignee_kind="secretariat"
    )
    document = DocumentFactory(meeting=decision.meeting)
    url = reverse("decisions:link_documents", args=[action.pk])
    client.force_login(personas.delegate)
    assert client.post(url, {"symbols": document.symbol}).status_code == 404
    client.force_login(personas.secretariat)
    said = {}
    for case, symbols in (("nothing named", ""), ("unknown", "NOPE/1"), ("known", document.symbol)):
        response = client.post(url, {"symbols": symbols}, follow=True)
        assert response.redirect_chain == [(reverse("decisions:detail", args=[decision.pk]), 302)]
        said[case] = [(m.level_tag, m.message) for m in response.context["messages"]]
    assert said["nothing named"] == [("error", "Name at least one document.")]
    assert said["unknown"] == [
        ("error", "No document “NOPE/1” was found: choose one from the list.")
    ]
    assert said["known"] == [("success", "The documents have been linked.")]
    assert list(action.fulfilled_by.all()) == [document]
