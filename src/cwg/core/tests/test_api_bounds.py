"""Numbers and names beyond what the database can hold are a 400 naming the field, never a 500."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cwg.consultations.tests.conftest import PDF_BYTES, make_consultation
from cwg.testing.factories import DocumentFactory, MeetingFactory

pytestmark = pytest.mark.django_db

HUGE = 576460752303423487  # fits in 63 bits, but a page that far is 50 times beyond them
BEYOND_64_BITS = 30799243341642244096


@pytest.fixture
def world(personas, settings, tmp_path):
    from cwg.decisions import services as decision_services

    settings.MEDIA_ROOT = tmp_path / "media"
    meeting = MeetingFactory(group=personas.group)
    decision = decision_services.record_decision(
        personas.secretariat, meeting, text={"en": "Requested"}, addressee_kind="secretariat"
    )
    action = decision_services.add_action(
        personas.secretariat, decision, description={"en": "Do it"}, assignee_kind="secretariat"
    )
    return {"meeting": meeting, "action": action, "document": DocumentFactory(meeting=meeting)}


def assert_refused_naming(response, field: str):
    assert response.status_code == 400, (response.status_code, response.content[:300])
    body = response.json()
    assert isinstance(body["detail"], str) and field in body["detail"], body
    assert body["field"] == field, body


@pytest.mark.parametrize(
    ("path", "field"),
    [
        (f"/api/v1/documents?page={HUGE}", "page"),
        (f"/api/v1/meetings?page={HUGE}", "page"),
        (f"/api/v1/decisions?page={HUGE}", "page"),
        (f"/api/v1/actions?page={HUGE}", "page"),
        ("/api/v1/actions?due_within=134217728", "due_within"),
        (f"/api/v1/documents?meeting={BEYOND_64_BITS}", "meeting"),
        ("/api/v1/documents?page=0", "page"),
        ("/api/v1/documents?meeting=-1", "meeting"),
        (f"/api/v1/groups/x/activity?before={BEYOND_64_BITS}", "before"),
        ("/api/v1/member-states?limit=100000000000000000000", "limit"),
        ("/api/v1/member-states?offset=-3", "offset"),
        (f"/api/v1/reports/cycle?group=x&meetings=1&from_year={HUGE}&to_year=2", "from_year"),
    ],
)
def test_anonymous_out_of_range_numbers_are_a_400_naming_the_field(client, world, path, field):
    assert_refused_naming(client.get(path), field)


def test_out_of_range_page_of_published_submissions(client, personas):
    consultation = make_consultation(personas)
    response = client.get(f"/api/v1/consultations/{consultation.slug}/submissions?page={HUGE}")
    assert_refused_naming(response, "page")
    page_one = client.get(f"/api/v1/consultations/{consultation.slug}/submissions?page=1")
    assert page_one.status_code == 200


def test_out_of_range_page_or_bad_cursor_of_the_moderation_queue(client, personas):
    consultation = make_consultation(personas)
    client.force_login(personas.secretariat)
    url = f"/api/v1/consultations/{consultation.slug}/moderation"
    assert_refused_naming(client.get(f"{url}?page={HUGE}"), "page")
    for cursor in ("x" * 2000, "not-a-cursor", ""):
        assert_refused_naming(client.get(url, {"cursor": cursor}), "cursor")
    assert client.get(f"{url}?page=1").status_code == 200


@pytest.mark.parametrize("path_id", [BEYOND_64_BITS, 2**63])
def test_ids_beyond_the_database_in_a_path_are_not_found(client, path_id):
    for path in (f"/api/v1/documents/{path_id}", f"/api/v1/meetings/{path_id}"):
        response = client.get(path)
        assert response.status_code in {400, 404}, (path, response.content[:300])
        assert response.json()["detail"]


def test_document_ids_beyond_64_bits_in_a_body(client, personas, world):
    client.force_login(personas.secretariat)
    response = client.post(
        f"/api/v1/actions/{world['action'].pk}/documents",
        json.dumps({"documents": [99999999999999999999]}),
        content_type="application/json",
    )
    assert response.status_code == 400, response.content[:300]
    assert response.json()["field"] == "documents.0"
    assert "documents" in response.json()["detail"]


def test_the_valid_numbers_still_work(client, personas, world):
    assert client.get("/api/v1/documents?page=1").status_code == 200
    assert client.get(f"/api/v1/documents?meeting={world['meeting'].pk}").status_code == 200
    assert client.get("/api/v1/actions?due_within=30").status_code == 200
    client.force_login(personas.secretariat)
    response = client.post(
        f"/api/v1/actions/{world['action'].pk}/documents",
        json.dumps({"documents": [world["document"].pk]}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content[:300]


def test_the_bounds_are_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    parameters = {
        p["name"]: p["schema"] for p in schema["paths"]["/api/v1/documents"]["get"]["parameters"]
    }
    assert parameters["page"]["minimum"] == 1 and parameters["page"]["maximum"] < 2**63
    meeting = parameters["meeting"]
    bounds = meeting.get("anyOf", [meeting])[0]
    assert bounds["minimum"] == 1 and bounds["maximum"] == 2**63 - 1
    actions = {
        p["name"]: p["schema"] for p in schema["paths"]["/api/v1/actions"]["get"]["parameters"]
    }
    due = actions["due_within"].get("anyOf", [actions["due_within"]])[0]
    assert due["maximum"] <= 36600


def test_a_thousand_character_attachment_name_is_a_400(client, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    consultation = make_consultation(personas)
    name = "a" * 1000 + ".pdf"
    response = client.post(
        f"/api/v1/consultations/{consultation.slug}/submissions",
        data={
            "name": "Bea",
            "category": "academia",
            "country": "BRA",
            "language": "en",
            "consent_to_publication": "true",
            "answer_1": "See the attachment.",
            "attachments": [SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")],
        },
    )
    assert response.status_code == 400, response.content[:300]
    assert response.json()["field"] == "attachments" and "file name" in response.json()["detail"]
    assert not consultation.submissions.exists()


def test_a_thousand_character_document_file_name_is_kept_short_or_refused(client, personas, world):
    client.force_login(personas.secretariat)
    name = "b" * 1000 + ".pdf"
    response = client.post(
        f"/api/v1/documents/{world['document'].pk}/files",
        {"language": "fr", "file": SimpleUploadedFile(name, PDF_BYTES, "application/pdf")},
    )
    assert response.status_code in {201, 400}, response.content[:300]
    if response.status_code == 400:
        assert response.json()["field"] == "file"


def test_a_part_header_longer_than_the_parser_reads_is_a_json_400(
    client, personas, settings, tmp_path
):
    """A client that sends the 1,000-character name in the part's header as is (httpx, curl)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    consultation = make_consultation(personas)
    boundary = "b0undary"
    fields = {"name": "Bea", "category": "academia", "country": "BRA", "language": "en"}
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'
        for key, value in {**fields, "answer_1": "See the attachment."}.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="attachments"; '
        f'filename="{"n" * 1000}.txt"\r\nContent-Type: text/plain\r\n\r\nplain text\r\n'
    )
    body = ("".join(parts) + f"--{boundary}--\r\n").encode()
    response = client.generic(
        "POST",
        f"/api/v1/consultations/{consultation.slug}/submissions",
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 400, response.content[:300]
    assert response.json()["field"] == "attachments"
    assert not consultation.submissions.exists()
