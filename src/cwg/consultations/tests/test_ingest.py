"""The submission write path under concurrency, through the public endpoint as under a real server.

Requests run on threads of their own, each with its own database connection and outside any
test transaction, so that concurrent submissions meet in the group commit
(`cwg.consultations.ingest`) as they do under gunicorn.
"""

from __future__ import annotations

import json
import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from cwg.consultations.models import Attachment, Consultation, Submission
from cwg.consultations.tests.conftest import PDF_BYTES, make_consultation, payload
from cwg.core.audit import verify_chain
from cwg.core.models import AuditEvent

# serialized_rollback like every other transactional test: a plain flush re-creates content
# types, which a later serialized test then fails to restore over (and the registry is lost).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _url(consultation) -> str:
    return f"/api/v1/consultations/{consultation.slug}/submissions"


def _post(consultation, body=None, *, key=None, files=False):
    headers = {"Idempotency-Key": key} if key else {}
    if files:
        data = {
            "name": "Filed",
            "category": "academia",
            "country": "BRA",
            "language": "en",
            "answer_1": "see the file",
            "attachments": SimpleUploadedFile("answer.pdf", PDF_BYTES, "application/pdf"),
        }
        return Client().post(_url(consultation), data, headers=headers)
    return Client().post(
        _url(consultation),
        json.dumps(body if body is not None else payload()),
        content_type="application/json",
        headers=headers,
    )


def _burst(requests: list) -> list:
    """Send every request at once from its own thread; their responses, in order."""
    barrier = threading.Barrier(len(requests))
    responses: list = [None] * len(requests)

    def send(i: int, request) -> None:
        try:
            barrier.wait(timeout=10)
            responses[i] = request()
        except Exception as exc:
            responses[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i, r)) for i, r in enumerate(requests)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return responses


def _events_by_submission() -> dict[str, int]:
    counts: dict[str, int] = {}
    for object_id in AuditEvent.objects.filter(action="consultation.submission.create").values_list(
        "object_id", flat=True
    ):
        counts[object_id] = counts.get(object_id, 0) + 1
    return counts


def test_a_burst_of_submissions_is_stored_whole_with_one_audit_event_each(personas):
    consultation = make_consultation(personas)
    requests = [
        (lambda i=i: _post(consultation, payload(name=f"Respondent {i}"))) for i in range(8)
    ] + [lambda: _post(consultation, files=True) for _ in range(2)]
    responses = _burst(requests)
    assert [getattr(r, "status_code", r) for r in responses] == [201] * 10
    receipts = {r.json()["receipt"] for r in responses}
    stored = dict(Submission.objects.values_list("receipt", "pk"))
    assert set(stored) == receipts and len(receipts) == 10
    # One event per submission, found from the submission's own id (never a range of ids).
    assert _events_by_submission() == {str(pk): 1 for pk in stored.values()}
    assert Attachment.objects.count() == 2
    # The chain stays one straight line with several events appended per transaction.
    checked, broken = verify_chain()
    assert broken is None and checked == AuditEvent.objects.count()


def test_a_key_sent_twice_at_once_stores_one_row_and_sinks_no_other_submission(personas):
    consultation = make_consultation(personas)
    twin = payload(name="Twin")
    requests = [lambda: _post(consultation, twin, key="same-key-0001") for _ in range(2)] + [
        (lambda i=i: _post(consultation, payload(name=f"Other {i}"))) for i in range(5)
    ]
    responses = _burst(requests)
    twins, others = responses[:2], responses[2:]
    assert sorted(r.status_code for r in twins) == [200, 201]
    assert twins[0].json()["receipt"] == twins[1].json()["receipt"]
    assert [r.status_code for r in others] == [201] * 5
    assert Submission.objects.filter(consultation=consultation).count() == 6
    assert len(_events_by_submission()) == 6


def test_refused_submissions_in_a_burst_answer_at_once_and_hold_no_one_up(personas):
    consultation = make_consultation(personas)
    bad = payload(country="XXX")  # not a Member State: refused while the others are written
    requests = [lambda: _post(consultation, bad) for _ in range(3)] + [
        (lambda i=i: _post(consultation, payload(name=f"Good {i}"))) for i in range(5)
    ]
    started = time.monotonic()
    responses = _burst(requests)
    assert time.monotonic() - started < 20
    assert [r.status_code for r in responses[:3]] == [400] * 3
    assert all(r.json()["field"] == "country" for r in responses[:3])
    assert [r.status_code for r in responses[3:]] == [201] * 5
    assert Submission.objects.count() == 5


def test_a_failing_follow_up_after_the_commit_does_not_undo_a_receipt(personas, monkeypatch):
    from cwg.consultations.services import campaigns

    def task_queue_down(consultation_id):
        raise RuntimeError("the task queue is down")

    monkeypatch.setattr(campaigns, "schedule_incremental", task_queue_down)
    consultation = make_consultation(personas)
    response = _post(consultation)
    assert response.status_code == 201
    assert Submission.objects.filter(receipt=response.json()["receipt"]).exists()


def test_closing_takes_effect_at_once_even_where_a_process_kept_the_open_consultation(personas):
    consultation = make_consultation(personas)
    assert _post(consultation).status_code == 201  # this process now keeps the consultation
    # Closed by another process: this one's copy still says open, the write reads it afresh.
    Consultation.objects.filter(pk=consultation.pk).update(state="closed")
    late = _post(consultation, payload(name="Late"))
    assert late.status_code == 400 and late.json()["code"] == "NotOpen"
    assert Submission.objects.count() == 1


def test_a_burst_of_arrivals_queues_one_scan(personas, monkeypatch):
    from types import SimpleNamespace

    from cwg.consultations import tasks
    from cwg.consultations.services import campaigns as campaign_runs

    queued = []
    monkeypatch.setattr(tasks, "scan_new_submissions", SimpleNamespace(enqueue=queued.append))
    for _ in range(5):
        campaign_runs.schedule_incremental(4242)
    assert queued == [4242]
    campaign_runs.run_incremental(4242)  # the scan starts: the next arrival queues another
    campaign_runs.schedule_incremental(4242)
    assert queued == [4242, 4242]
