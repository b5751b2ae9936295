"""The lifecycle draft → open → closed → compiled → examined, through the API and services."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from cwg.consultations import services
from cwg.consultations.models import Compilation, Consultation, ConsultationState, Submission
from cwg.consultations.tests.conftest import body, make_consultation, payload
from cwg.core.exceptions import Conflict, InvalidInput, NotAllowed
from cwg.core.models import AuditEvent
from cwg.documents.models import Document, DocumentType
from cwg.testing.factories import GroupFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def api(client, method, path, body=None):
    return getattr(client, method)(
        f"/api/v1{path}", data=json.dumps(body or {}), content_type="application/json"
    )


def creation_body(group, slug="api-round"):
    now = timezone.now()
    return {
        "group": group.slug,
        "slug": slug,
        "topic": {"en": "Expanding Internet connectivity"},
        "languages": ["en", "fr", "es"],
        "questions": [{"text": {"en": "How to connect the unconnected?"}}],
        "opens_at": (now - dt.timedelta(minutes=5)).isoformat(),
        "closes_at": (now + dt.timedelta(days=30)).isoformat(),
        "physical_meeting_date": "2026-02-11",
        "physical_meeting_speakers": [{"name": "Dr Speaker", "organisation": "University"}],
    }


def test_whole_lifecycle_through_the_api(client, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = MeetingFactory(group=personas.group, number=23)
    client.force_login(personas.secretariat)
    created = api(client, "post", "/consultations", creation_body(personas.group))
    assert created.status_code == 201, created.content
    assert created.json()["state"] == "draft"
    assert created.json()["physical_meeting"]["speakers"][0]["name"] == "Dr Speaker"

    patched = api(client, "patch", "/consultations/api-round", {"topic": {"en": "Connectivity"}})
    assert patched.status_code == 200 and patched.json()["topic"] == {"en": "Connectivity"}
    venue = api(
        client, "patch", "/consultations/api-round", {"physical_meeting_venue": meeting.venue_id}
    )
    assert venue.json()["physical_meeting"]["venue"] == str(meeting.venue)
    no_venue = api(client, "patch", "/consultations/api-round", {"physical_meeting_venue": 10**6})
    assert no_venue.status_code == 400 and no_venue.json()["field"] == "physical_meeting_venue"

    assert (
        api(client, "post", "/consultations/api-round/state", {"state": "open"}).json()["state"]
        == "open"
    )
    locked = api(client, "patch", "/consultations/api-round", {"topic": {"en": "Other"}})
    assert locked.status_code == 409 and "draft" in locked.json()["detail"]

    anonymous = type(client)()
    for i in range(3):
        r = anonymous.post(
            "/api/v1/consultations/api-round/submissions",
            data=json.dumps(payload(language="es", answers={"1": f"Answer number {i}"})),
            content_type="application/json",
        )
        assert r.status_code == 201
    hidden_receipt = r.json()["receipt"]
    hide = api(
        client,
        "post",
        f"/consultations/api-round/submissions/{hidden_receipt}/hide",
        {"reason": "abusive"},
    )
    assert hide.status_code == 200

    closed = api(client, "post", "/consultations/api-round/state", {"state": "closed"})
    assert closed.json()["state"] == "closed"
    assert Consultation.objects.get(slug="api-round").closes_at <= timezone.now()

    compiled = api(client, "post", "/consultations/api-round/state", {"state": "compiled"})
    assert compiled.status_code == 200, compiled.content
    data = Compilation.objects.get(consultation__slug="api-round").summary
    assert data["totals"]["submissions"] == 2 and data["totals"]["hidden"] == 1
    assert [row["count"] for row in data["by_category"]] == [2]

    no_meeting = api(client, "post", "/consultations/api-round/state", {"state": "examined"})
    assert no_meeting.status_code == 400 and no_meeting.json()["field"] == "meeting"
    wrong = api(
        client, "post", "/consultations/api-round/state", {"state": "examined", "meeting": 99}
    )
    assert wrong.status_code == 400

    examined = api(
        client, "post", "/consultations/api-round/state", {"state": "examined", "meeting": 23}
    )
    assert examined.status_code == 200 and examined.json()["examined_at_meeting"] == 23
    document = Document.objects.get(document_type=DocumentType.CONSULTATION_COMPILATION)
    assert document.meeting == meeting and document.files.count() == 1
    assert Compilation.objects.get().document == document
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "consultation.open",
        "consultation.closed",
        "consultation.compiled",
        "consultation.examined",
    } <= actions

    last = api(client, "post", "/consultations/api-round/state", {"state": "open"})
    assert last.status_code == 409 and "last state" in last.json()["detail"]


@pytest.mark.parametrize(
    ("start", "target"),
    [("draft", "closed"), ("draft", "compiled"), ("draft", "examined"), ("draft", "draft")],
)
def test_illegal_transitions_are_refused_with_a_clear_message(client, personas, start, target):
    c = make_consultation(personas, open_it=False)
    client.force_login(personas.secretariat)
    response = api(client, "post", f"/consultations/{c.slug}/state", {"state": target})
    assert response.status_code == 409
    assert response.json()["detail"] == (
        f"A consultation cannot move from draft to {target}: from draft it can only go to open."
    )
    assert Consultation.objects.get(pk=c.pk).state == start


def test_open_to_compiled_skips_closing_and_is_refused(personas):
    c = make_consultation(personas)
    with pytest.raises(Conflict, match="from open it can only go to closed"):
        services.transition(personas.secretariat, c, "compiled")


def test_unknown_state_is_invalid(personas):
    c = make_consultation(personas)
    with pytest.raises(InvalidInput, match="unknown state"):
        services.transition(personas.secretariat, c, "archived")


def test_only_the_secretariat_moves_states(client, personas):
    c = make_consultation(personas)
    for who in ("chair", "delegate", "stakeholder"):
        client.force_login(getattr(personas, who))
        response = api(client, "post", f"/consultations/{c.slug}/state", {"state": "closed"})
        assert response.status_code == 403, who
    client.logout()
    assert (
        api(client, "post", f"/consultations/{c.slug}/state", {"state": "closed"}).status_code
        == 401
    )
    assert Consultation.objects.get(pk=c.pk).state == ConsultationState.OPEN


def test_secretariat_of_another_group_may_not_create(client, personas):
    other = GroupFactory()
    client.force_login(personas.secretariat)
    response = api(client, "post", "/consultations", creation_body(other, slug="elsewhere"))
    assert response.status_code == 403
    client.force_login(personas.delegate)
    assert api(client, "post", "/consultations", creation_body(personas.group)).status_code == 403


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"slug": "Bad Slug"}, "slug"),
        ({"topic": {}}, "topic"),
        ({"topic": {"de": "Thema"}}, "topic"),
        ({"languages": []}, "languages"),
        ({"languages": ["xx"]}, "languages"),
        ({"questions": [{"text": {}}]}, "questions"),
        ({"physical_meeting_speakers": [{"organisation": "no name"}]}, "physical_meeting_speakers"),
    ],
)
def test_creation_refuses_bad_input(client, personas, change, field):
    client.force_login(personas.secretariat)
    body = {**creation_body(personas.group), **change}
    response = api(client, "post", "/consultations", body)
    assert response.status_code == 400, response.content
    assert response.json()["field"] == field
    assert not Consultation.objects.exists()


def test_closing_before_opening_is_refused(personas):
    now = timezone.now()
    with pytest.raises(InvalidInput, match="after the opening"):
        services.create_consultation(
            personas.secretariat,
            group=personas.group,
            slug="backwards",
            topic={"en": "x"},
            languages=["en"],
            questions=[{"text": {"en": "q"}}],
            opens_at=now,
            closes_at=now - dt.timedelta(days=1),
        )


def test_duplicate_slug_is_a_conflict(personas):
    make_consultation(personas, slug="twice")
    with pytest.raises(Conflict):
        make_consultation(personas, slug="twice")


def test_opening_needs_questions_and_a_future_close(personas):
    now = timezone.now()
    c = services.create_consultation(
        personas.secretariat,
        group=personas.group,
        slug="no-questions",
        topic={"en": "x"},
        languages=["en"],
        questions=[],
        opens_at=now - dt.timedelta(days=2),
        closes_at=now - dt.timedelta(days=1),
    )
    with pytest.raises(InvalidInput, match="at least one question"):
        services.transition(personas.secretariat, c, "open")
    services.update_consultation(personas.secretariat, c, questions=[{"text": {"en": "q"}}])
    with pytest.raises(InvalidInput, match="already past"):
        services.transition(personas.secretariat, c, "open")


def test_draft_is_hidden_from_everyone_but_the_secretariat(client, personas):
    c = make_consultation(personas, open_it=False)
    assert client.get(f"/api/v1/consultations/{c.slug}").status_code == 404
    client.force_login(personas.delegate)
    assert client.get(f"/api/v1/consultations/{c.slug}").status_code == 404
    assert c.slug not in [x["slug"] for x in client.get("/api/v1/consultations").json()["items"]]
    client.force_login(personas.secretariat)
    assert client.get(f"/api/v1/consultations/{c.slug}").status_code == 200
    assert c.slug in [x["slug"] for x in client.get("/api/v1/consultations").json()["items"]]


def test_compilation_formats(client, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    c = make_consultation(personas)
    services.submit(personas.anonymous, c, payload(answers={"1": '=HYPERLINK("x")'}))
    services.submit(personas.anonymous, c, payload(consent_to_publication=False, name="Private"))
    base = f"/api/v1/consultations/{c.slug}/compilation"
    assert client.get(f"{base}.html").status_code == 404  # not compiled yet
    services.transition(personas.secretariat, c, "closed")
    services.transition(personas.secretariat, c, "compiled")
    html = client.get(f"{base}.html")
    html_bytes = body(html)
    assert html.status_code == 200 and b"Compilation of responses" in html_bytes
    assert b"Private" not in html_bytes and b"did not consent" in html_bytes
    csv_text = body(client.get(f"{base}.csv")).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text  # formulas are neutralised
    import io

    import docx
    import openpyxl

    document = docx.Document(io.BytesIO(body(client.get(f"{base}.docx"))))
    assert any("Question 1" in p.text for p in document.paragraphs)
    book = openpyxl.load_workbook(io.BytesIO(body(client.get(f"{base}.xlsx"))))
    assert book.sheetnames == ["Summary", "Answers", "Campaigns"]
    assert client.get(f"{base}.pdf").status_code == 400
    assert Submission.objects.count() == 2


def test_services_refuse_outsiders(personas):
    c = make_consultation(personas)
    with pytest.raises(NotAllowed):
        services.update_consultation(personas.chair, c, notes="x")
    with pytest.raises(NotAllowed):
        services.transition(personas.delegate, c, "closed")
