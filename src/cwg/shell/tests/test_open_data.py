"""Bulk exports round-trip (export, parse, the same records), hold only what the reader may see,
keep spreadsheet cells inert, and are listed on a translated open-data page."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook

from cwg.consultations.models import ConsultationState
from cwg.core.access_levels import AccessLevel
from cwg.decisions.models import DecisionStatus
from cwg.testing.factories import (
    ActionFactory,
    ConsultationFactory,
    DecisionFactory,
    DocumentFactory,
    MeetingFactory,
    SubmissionFactory,
)

pytestmark = pytest.mark.django_db

FORMATS = ("csv", "jsonl", "xlsx")
DATASETS = ("documents", "decisions", "actions", "meetings", "submissions")


@pytest.fixture
def records(personas):
    public = MeetingFactory(group=personas.group, number=1, start_date=dt.date(2025, 3, 1))
    hidden = MeetingFactory(
        group=personas.group,
        number=2,
        access_level=AccessLevel.MEMBERS,
        start_date=dt.date(2025, 6, 1),
    )
    formula = DocumentFactory(
        meeting=public, number=1, title={"en": '=HYPERLINK("x")', "fr": "Titre"}
    )
    DocumentFactory(meeting=public, number=2, title={"ar": "وثيقة", "zh": "文件"})
    secret = DocumentFactory(meeting=public, number=3, access_level=AccessLevel.MEMBERS)
    DocumentFactory(meeting=hidden, number=1)
    approved = DecisionFactory(
        meeting=public, status=DecisionStatus.APPROVED, approved_at=public.end_date
    )
    draft = DecisionFactory(meeting=public, status=DecisionStatus.DRAFT)
    ActionFactory(decision=approved, due_date=dt.date(2026, 1, 1))
    ActionFactory(decision=draft)
    DecisionFactory(meeting=hidden, status=DecisionStatus.APPROVED)
    closed = ConsultationFactory(group=personas.group, state=ConsultationState.CLOSED)
    SubmissionFactory(
        consultation=closed, consent_to_publication=True, name="+1 Plan", answers={"1": "Oui"}
    )
    SubmissionFactory(consultation=closed, consent_to_publication=False)
    SubmissionFactory(consultation=closed, consent_to_publication=True, hidden=True)
    drafted = ConsultationFactory(group=personas.group)
    SubmissionFactory(consultation=drafted, consent_to_publication=True)
    return {"formula": formula, "secret": secret, "draft": draft, "hidden": hidden}


def parse(response, fmt: str) -> list[dict]:
    assert response.status_code == 200, response
    body = b"".join(response.streaming_content)
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    if fmt == "jsonl":
        return [json.loads(line) for line in body.decode("utf-8").splitlines()]
    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def text(value) -> str:
    return "" if value is None else str(value)


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_export_round_trips_to_the_records_the_api_shows(client, records, fmt):
    api_lists = {
        "documents": "/api/v1/documents?page_size=1000",
        "decisions": "/api/v1/decisions?page_size=1000",
        "actions": "/api/v1/actions?page_size=1000",
        "meetings": "/api/v1/meetings?page_size=1000",
    }
    for dataset, url in api_lists.items():
        rows = parse(client.get(f"/api/v1/exports/{dataset}.{fmt}"), fmt)
        items = client.get(url).json()["items"]
        assert sorted(int(r["id"]) for r in rows) == sorted(i["id"] for i in items), dataset
    documents = {
        int(r["id"]): r for r in parse(client.get(f"/api/v1/exports/documents.{fmt}"), fmt)
    }
    for item in client.get(api_lists["documents"]).json()["items"]:
        row = documents[item["id"]]
        assert row["symbol"] == item["symbol"]
        for code, title in item["title"].items():
            expected = "'" + title if title.startswith("=") and fmt != "jsonl" else title
            assert text(row[f"title_{code}"]) == expected
    submissions = parse(client.get(f"/api/v1/exports/submissions.{fmt}"), fmt)
    assert [s["name"] for s in submissions] == (["+1 Plan"] if fmt == "jsonl" else ["'+1 Plan"])
    assert json.loads(submissions[0]["answers"]) == {"1": "Oui"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_anonymous_export_holds_no_hidden_record(client, records, fmt):
    ids = {
        d: {text(r.get("id")) for r in parse(client.get(f"/en/open-data/{d}.{fmt}"), fmt)}
        for d in DATASETS
    }
    assert str(records["secret"].pk) not in ids["documents"]
    assert str(records["draft"].pk) not in ids["decisions"]
    assert str(records["hidden"].pk) not in ids["meetings"]
    assert len(ids["documents"]) == 2 and len(ids["decisions"]) == 1 and len(ids["actions"]) == 1


def test_a_member_exports_what_members_see(client, records, personas):
    client.force_login(personas.delegate)
    ids = {int(r["id"]) for r in parse(client.get("/api/v1/exports/documents.jsonl"), "jsonl")}
    assert records["secret"].pk in ids


def test_an_unknown_export_is_refused(client, records):
    assert client.get("/api/v1/exports/people.csv").status_code == 400
    assert client.get("/api/v1/exports/documents.exe").status_code == 400
    assert client.get("/en/open-data/people.csv").status_code == 404
    assert client.get("/en/open-data/documents.exe").status_code == 404


def test_exports_are_read_in_batches(client, records, personas, monkeypatch):
    monkeypatch.setattr("cwg.core.exports.BATCH", 2)
    for n in range(5):
        MeetingFactory(group=personas.group, number=10 + n)
    rows = parse(client.get("/api/v1/exports/meetings.csv"), "csv")
    assert len(rows) == len({r["id"] for r in rows}) == 6


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "Open data"), ("fr", "Données ouvertes"), ("ar", "البيانات المفتوحة")],
)
def test_the_open_data_page_lists_every_download(client, records, language, heading):
    response = client.get(f"/{language}/open-data/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"<h1>{heading}</h1>" in page
    if language != "en":
        assert "Everything public" not in page and "/api/v1/exports/" in page
    for dataset in DATASETS:
        for fmt in FORMATS:
            assert f"/{language}/open-data/{dataset}.{fmt}" in page
