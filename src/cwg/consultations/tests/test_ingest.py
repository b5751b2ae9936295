"""Group commit of submissions outside any caller's transaction, as under a real server."""

from __future__ import annotations

import contextlib
import threading
import time

import pytest
from django.db import connection
from django.utils import timezone

from cwg.consultations import ingest, intake, services
from cwg.consultations.models import Submission
from cwg.consultations.tests.conftest import make_consultation, payload
from cwg.core.models import AuditEvent

# serialized_rollback like every other transactional test: a plain flush re-creates content
# types, which a later serialized test then fails to restore over (and the registry is lost).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _pending(consultation, name: str) -> ingest.Pending:
    submission = Submission(
        consultation=consultation,
        receipt=intake.new_receipt("T", 2026),
        submitted_at=timezone.now(),
        name=name,
        category="academia",
        country_other="Elsewhere",
        language="en",
        answers={"1": f"text of {name}"},
    )
    return ingest.Pending(submission, [], None, {"category": "academia"})


def test_rows_waiting_together_are_written_in_one_transaction(personas):
    consultation = make_consultation(personas)
    waiting = [_pending(consultation, f"W{i}") for i in range(3)]
    for item in waiting[:2]:
        ingest.queue(item)
    scheduled = []
    ingest.write(waiting[2], scheduled.append)
    assert all(item.done and item.error is None for item in waiting)
    assert Submission.objects.filter(consultation=consultation).count() == 3
    event = AuditEvent.objects.get(action="consultation.submission.create")
    assert [row["id"] for row in event.after["submissions"]] == [
        item.submission.pk for item in waiting
    ]
    # A receipt opens the respondent's files: it is not written into the trail.
    assert not any(item.submission.receipt in event.canonical_payload() for item in waiting)
    assert scheduled == [consultation.pk]  # one campaign scan for the batch


def test_follow_ups_run_after_the_writer_lock_is_released_and_cannot_undo_a_receipt(personas):
    consultation = make_consultation(personas)
    item = _pending(consultation, "F")
    seen = []

    def follow_up(consultation_id):
        seen.append((consultation_id, ingest.writer_busy()))
        raise RuntimeError("the task queue is down")

    ingest.write(item, follow_up)
    assert item.done and item.error is None
    assert seen == [(consultation.pk, False)]
    assert Submission.objects.filter(receipt=item.submission.receipt).exists()


def test_a_row_that_breaks_a_rule_does_not_sink_the_batch(personas):
    consultation = make_consultation(personas)
    first = _pending(consultation, "A")
    twin = _pending(consultation, "B")
    twin.submission.receipt = first.submission.receipt  # a collision inside one batch
    third = _pending(consultation, "C")
    ingest.queue(first)
    ingest.queue(twin)
    ingest.write(third, lambda cid: None)
    assert first.error is None and third.error is None and twin.error is not None
    assert set(Submission.objects.values_list("name", flat=True)) == {"A", "C"}


def test_concurrent_submissions_are_all_stored_with_their_receipts(personas):
    consultation = make_consultation(personas)
    barrier = threading.Barrier(6)
    receipts, errors = [], []

    def send(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            result = services.submit(None, consultation, payload(name=f"T{i}"))
            receipts.append(result.submission.receipt)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors
    stored = set(Submission.objects.values_list("receipt", flat=True))
    assert stored == set(receipts) and len(stored) == 6
    audited = {
        row["id"]
        for event in AuditEvent.objects.filter(action="consultation.submission.create")
        for row in event.after["submissions"]
    }
    assert audited == set(Submission.objects.values_list("pk", flat=True))


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


def _write_in_thread(item, done: list) -> threading.Thread:
    def run():
        try:
            ingest.write(item, lambda cid: None)
        finally:
            connection.close()
            done.append(item)

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_the_writer_waits_for_a_submission_being_checked_and_commits_both_at_once(
    personas, monkeypatch
):
    monkeypatch.setattr(ingest, "LINGER_SECONDS", 10)  # long enough never to be what ends the wait
    consultation = make_consultation(personas)
    first, second = _pending(consultation, "First"), _pending(consultation, "Second")
    checking, go_on, done = threading.Event(), threading.Event(), []

    def checked_then_written():
        try:
            with ingest.preparing():
                checking.set()
                go_on.wait(timeout=10)
                ingest.write(second, lambda cid: None)
        finally:
            connection.close()

    other = threading.Thread(target=checked_then_written)
    other.start()
    assert checking.wait(timeout=10)
    writer = _write_in_thread(first, done)
    writer.join(timeout=0.3)
    assert writer.is_alive() and not first.done  # waiting for the submission being checked
    started = time.monotonic()
    go_on.set()
    writer.join(timeout=10)
    other.join(timeout=10)
    assert time.monotonic() - started < 5
    assert first.done and second.done and first.error is None and second.error is None
    event = AuditEvent.objects.get(action="consultation.submission.create")
    assert {row["id"] for row in event.after["submissions"]} == {
        first.submission.pk,
        second.submission.pk,
    }


def test_a_submission_refused_while_checked_releases_the_waiting_writer(personas, monkeypatch):
    monkeypatch.setattr(ingest, "LINGER_SECONDS", 10)
    consultation = make_consultation(personas)
    item = _pending(consultation, "Alone")
    checking, refuse, done = threading.Event(), threading.Event(), []

    def refused():
        with contextlib.suppress(ValueError), ingest.preparing():
            checking.set()
            refuse.wait(timeout=10)
            raise ValueError("a bad answer")

    other = threading.Thread(target=refused)
    other.start()
    assert checking.wait(timeout=10)
    writer = _write_in_thread(item, done)
    writer.join(timeout=0.3)
    assert not item.done
    started = time.monotonic()
    refuse.set()
    writer.join(timeout=10)
    other.join(timeout=10)
    assert time.monotonic() - started < 5 and item.done and item.error is None
    assert Submission.objects.filter(receipt=item.submission.receipt).exists()
