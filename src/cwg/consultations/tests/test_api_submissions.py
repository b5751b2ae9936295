"""Submitting through the JSON API: receipts, idempotency and every refused input."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from cwg.consultations import queries
from cwg.consultations.models import Attachment, Consultation, Submission
from cwg.consultations.tests.conftest import (
    PDF_BYTES,
    PNG_BYTES,
    docx_bytes,
    make_consultation,
    payload,
)
from cwg.core.models import AuditEvent

pytestmark = pytest.mark.django_db

RECEIPT = re.compile(r"^[A-Z0-9-]+-\d{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def url(c) -> str:
    return f"/api/v1/consultations/{c.slug}/submissions"


def post_json(client, c, body, key=None, **extra):
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(
        url(c),
        data=json.dumps(body) if not isinstance(body, str | bytes) else body,
        content_type="application/json",
        headers=headers,
        **extra,
    )


def test_anonymous_json_submission_gets_a_receipt_without_csrf(consultation):
    client = Client(enforce_csrf_checks=True)
    response = post_json(client, consultation, payload())
    assert response.status_code == 201, response.content
    body = response.json()
    assert RECEIPT.match(body["receipt"]) and body["receipt"].startswith(
        consultation.group.symbol_prefix
    )
    stored = Submission.objects.get(receipt=body["receipt"])
    assert stored.answers == payload()["answers"] and stored.country.iso3 == "FRA"
    assert AuditEvent.objects.filter(
        action="consultation.submission.create", object_id=str(stored.pk)
    ).exists()
    receipt = client.get(f"/api/v1/consultations/{consultation.slug}/receipts/{body['receipt']}")
    assert receipt.status_code == 200 and receipt.json()["receipt"] == body["receipt"]


def test_unknown_receipt_is_404(client, consultation):
    response = client.get(
        f"/api/v1/consultations/{consultation.slug}/receipts/CWG-X-2025-AAAA-BBBB"
    )
    assert response.status_code == 404


def test_same_key_same_body_returns_the_same_receipt(client, consultation):
    first = post_json(client, consultation, payload(), key="key-0001-abcd")
    again = post_json(client, consultation, payload(), key="key-0001-abcd")
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["receipt"] == again.json()["receipt"] and again.json()["replayed"]
    assert Submission.objects.count() == 1


def test_same_key_other_body_is_a_conflict(client, consultation):
    post_json(client, consultation, payload(), key="key-0002-abcd")
    response = post_json(client, consultation, payload(name="Someone else"), key="key-0002-abcd")
    assert response.status_code == 409 and response.json()["code"] == "IdempotencyConflict"
    assert Submission.objects.count() == 1


def test_replay_after_closing_still_returns_the_receipt(client, consultation):
    first = post_json(client, consultation, payload(), key="key-0003-abcd")
    Consultation.objects.filter(pk=consultation.pk).update(
        closes_at=timezone.now() - dt.timedelta(seconds=1)
    )
    again = post_json(client, consultation, payload(), key="key-0003-abcd")
    assert again.status_code == 200 and again.json()["receipt"] == first.json()["receipt"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (payload(name=""), "name"),
        (payload(name="x" * 201), "name"),
        (payload(category="lobbyist"), "category"),
        (payload(country="XYZ"), "country"),
        (payload(country="", country_other=""), "country"),
        (payload(country="FRA", country_other="Atlantis"), "country"),
        (payload(language="de"), "language"),
        (payload(answers={"9": "no such question"}), "answers"),
        (payload(answers={"one": "x"}), "answers"),
        (payload(answers={"1": 42}), "answer_1"),
        (payload(answers={"1": "x" * 50_001}), "answer_1"),
        (payload(answers={}), "answers"),
        (payload(answers=["a list"]), "answers"),
        (payload(consent_to_publication="yes"), "consent_to_publication"),
    ],
)
def test_bad_fields_are_refused_and_nothing_is_stored(client, consultation, body, field):
    response = post_json(client, consultation, body)
    assert response.status_code == 400, response.content
    assert response.json()["field"] == field and response.json()["detail"]
    assert not Submission.objects.exists()


def test_non_member_country_is_free_text(client, consultation):
    response = post_json(client, consultation, payload(country="", country_other="Kosovo"))
    assert response.status_code == 201
    assert Submission.objects.get().country_other == "Kosovo"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [("{not json", "application/json"), ("[1, 2]", "application/json"), ("name=x", "text/plain")],
)
def test_malformed_bodies_are_refused(client, consultation, body, content_type):
    response = client.post(url(consultation), data=body, content_type=content_type)
    assert response.status_code == 400 and response.json()["detail"]
    assert not Submission.objects.exists()


def test_bad_idempotency_key_is_refused(client, consultation):
    response = post_json(client, consultation, payload(), key="short")
    assert response.status_code == 400 and response.json()["field"] == "idempotency_key"


def test_late_and_early_submissions_are_refused(client, personas):
    c = make_consultation(personas)
    Consultation.objects.filter(pk=c.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    late = post_json(client, c, payload())
    assert late.status_code == 400 and "late submissions are not accepted" in late.json()["detail"]
    Consultation.objects.filter(pk=c.pk).update(
        opens_at=timezone.now() + dt.timedelta(days=1),
        closes_at=timezone.now() + dt.timedelta(days=2),
    )
    # The edit above bypasses the services, which would drop the process's copy themselves.
    queries.forget_submission_target(c.slug)
    early = post_json(client, c, payload())
    assert early.status_code == 400 and "not taken yet" in early.json()["detail"]
    assert not Submission.objects.exists()


def test_closed_consultation_refuses(client, personas):
    from cwg.consultations import services

    c = make_consultation(personas)
    services.transition(personas.secretariat, c, "closed")
    response = post_json(client, c, payload())
    assert response.status_code == 400 and response.json()["code"] == "NotOpen"


def test_draft_consultation_is_a_404(client, personas):
    c = make_consultation(personas, open_it=False)
    assert post_json(client, c, payload()).status_code == 404


def test_unknown_consultation_is_a_404(client, db):
    response = client.post(
        "/api/v1/consultations/nope/submissions", data="{}", content_type="application/json"
    )
    assert response.status_code == 404


def _multipart(client, c, files, **fields):
    data = {
        "name": "Bea",
        "category": "academia",
        "country": "BRA",
        "language": "fr",
        "consent_to_publication": "true",
        "answer_1": "Voir la pièce jointe.",
        **fields,
    }
    data["attachments"] = files
    return client.post(url(c), data=data)


def test_multipart_with_pdf_and_docx_attachments(client, consultation, _media):
    files = [
        SimpleUploadedFile("answer.pdf", PDF_BYTES, content_type="application/pdf"),
        SimpleUploadedFile("annex.bin", docx_bytes(), content_type="application/octet-stream"),
    ]
    response = _multipart(client, consultation, files)
    assert response.status_code == 201, response.content
    kinds = sorted(a["content_type"] for a in response.json()["attachments"])
    assert kinds == [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]
    for attachment in Attachment.objects.all():
        assert attachment.file.storage.exists(attachment.file.name)
    assert Submission.objects.get().consent_to_publication is True


def test_wrong_type_stores_nothing_not_even_the_good_file(client, consultation, _media):
    files = [
        SimpleUploadedFile("good.pdf", PDF_BYTES),
        SimpleUploadedFile("photo.pdf", PNG_BYTES),
    ]
    response = _multipart(client, consultation, files)
    assert response.status_code == 400 and response.json()["field"] == "attachments"
    assert "photo.pdf" in response.json()["detail"]
    assert not Submission.objects.exists() and not Attachment.objects.exists()
    assert not _media.exists() or not any(p.is_file() for p in _media.rglob("*"))


def test_oversized_attachment_is_413(client, consultation, settings):
    settings.CWG_MAX_UPLOAD_BYTES = 4096
    response = _multipart(client, consultation, [SimpleUploadedFile("big.txt", b"a" * 5000)])
    assert response.status_code == 413 and "largest accepted" in response.json()["detail"]
    assert not Submission.objects.exists()


def test_too_many_attachments(client, consultation):
    files = [SimpleUploadedFile(f"{i}.txt", b"text %d" % i) for i in range(6)]
    response = _multipart(client, consultation, files)
    assert response.status_code == 400 and "at most 5" in response.json()["detail"]


def test_multipart_bad_answers_json(client, consultation):
    response = _multipart(client, consultation, [], answers="{oops")
    assert response.status_code == 400 and response.json()["field"] == "answers"


def test_rate_limit_gives_429_with_retry_after(client, consultation, settings):
    settings.CWG_RATE_LIMIT_PER_MINUTE = 2
    assert post_json(client, consultation, payload()).status_code == 201
    assert post_json(client, consultation, payload()).status_code == 201
    refused = post_json(client, consultation, payload())
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert refused.json()["code"] == "RateLimited"
    assert Submission.objects.count() == 2
    other = post_json(client, consultation, payload(), REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 201


def test_the_write_checks_the_state_again(personas, consultation):
    from cwg.consultations import services
    from cwg.core.exceptions import InvalidInput

    stale = Consultation.objects.select_related("group").get(pk=consultation.pk)
    services.transition(personas.secretariat, consultation, "closed")
    assert stale.state == "open"  # what a request read a moment before the closing
    with pytest.raises(InvalidInput, match="closed"):
        services.submit(personas.anonymous, stale, payload())
    assert not Submission.objects.exists()
