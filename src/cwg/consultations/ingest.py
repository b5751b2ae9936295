"""Writing accepted submissions: group commit, so a burst costs one short transaction per batch.

The one way in is `services.submit` (the API endpoint enters `preparing()` before it parses).
Each request prepares its row outside any lock. Then one thread at a time (the one holding the
writer lock) takes every row waiting at that moment, its own and the other threads', and writes
them in one transaction with one audit event per submission (the chain head taken once);
it first waits a moment (at most LINGER_SECONDS) for the submissions still being checked in this
process, so that they join the batch. Why: each transaction that appends audit events holds the
chain head until it commits, so one transaction per submission commits one at a time
(on PostgreSQL 0.39x the floor instead of 0.75x; bench/README.md).
A thread whose row another thread wrote simply returns. A receipt is handed out only after its
row is committed, so a receipt always means a stored submission. If a batch fails on a
uniqueness rule (an idempotency key sent twice at once, a receipt collision), every row of it
is written again on its own, so one bad row never sinks the others. On SQLite the processes
take turns through the database's own write lock (BEGIN IMMEDIATE, busy timeout: settings.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cwg.consultations import intake
from cwg.consultations.models import Attachment, Consultation, Submission
from cwg.core.audit import record_each
from cwg.core.exceptions import InvalidInput
from cwg.core.rows import insert as insert_rows

logger = logging.getLogger(__name__)


@dataclass(eq=False)
class Pending:
    submission: Submission
    attachments: list[Attachment]
    actor: object
    audit: dict
    done: bool = False
    error: BaseException | None = None


_writer = threading.Lock()
_queue: list[Pending] = []
# Submissions of this process being checked and not yet queued. The writer waits for them a
# moment (LINGER_SECONDS at most) so that they share its transaction: like PostgreSQL's
# commit_delay, a little latency buys fewer, larger commits when requests arrive together.
_queue_changed = threading.Condition()  # guards _queue and _preparing
_preparing = 0
_this_thread = threading.local()
LINGER_SECONDS = 0.002


@contextlib.contextmanager
def preparing():
    """Count the submission being checked in this thread, until it is queued or refused."""
    global _preparing
    if getattr(_this_thread, "preparing", False):  # already counted by an outer caller
        yield
        return
    with _queue_changed:
        _preparing += 1
    _this_thread.preparing = True
    try:
        yield
    finally:
        if _this_thread.preparing:  # refused, or written inside a caller's transaction
            _this_thread.preparing = False
            with _queue_changed:
                _preparing -= 1
                _queue_changed.notify_all()


def _enqueue(item: Pending) -> None:
    global _preparing
    with _queue_changed:
        _queue.append(item)
        if getattr(_this_thread, "preparing", False):
            _this_thread.preparing = False
            _preparing -= 1
        _queue_changed.notify_all()


def _take_batch() -> list[Pending]:
    """Every queued row, once the rows being checked right now have joined (or time is up)."""
    with _queue_changed:
        deadline = time.monotonic() + LINGER_SECONDS
        while _preparing > 0 and (left := deadline - time.monotonic()) > 0:
            _queue_changed.wait(left)
        batch = list(_queue)
        _queue.clear()
    return batch


def write(item: Pending, on_commit) -> None:
    """Store one prepared submission (possibly with others'); raise what its own write raised."""
    if connection.in_atomic_block:
        # Inside a caller's transaction (tests, the demo loader): write it right here, and
        # let the follow-up wait for that transaction's commit.
        written = _write_batch([item])
        for consultation_id in written:
            transaction.on_commit(lambda cid=consultation_id: on_commit(cid))
        if item.error is not None:
            raise item.error
        return
    # Open the database connection now, not inside the writer lock: connecting (and its
    # PRAGMAs on SQLite) is the slowest step of a write and would make every waiting writer wait.
    connection.ensure_connection()
    written: set[int] = set()
    _enqueue(item)
    with _writer:
        if not item.done:
            batch = _take_batch()
            if item not in batch:
                # A writer that died mid-way took it off the queue without writing it.
                batch.append(item)
            written = _write(batch)
    # The batch is committed: follow-ups (scheduling the campaign scan) run after the writer
    # lock is released, so that no other writer waits for them.
    for consultation_id in written:
        try:
            on_commit(consultation_id)
        except Exception:  # the submissions are stored; a follow-up must not turn them into errors
            logger.exception("after storing submissions of consultation %s", consultation_id)
    if item.error is not None:
        raise item.error
    if not item.done:
        raise RuntimeError("the submission was not stored")


def _write(batch: list[Pending]) -> set[int]:
    """Write the batch; the ids of the consultations that got new submissions."""
    written: set[int] = set()
    try:
        written |= _write_batch(batch)
    except IntegrityError:
        if len(batch) == 1:
            batch[0].error = IntegrityError("the submission could not be stored")
            batch[0].done = True
            return written
        for item in batch:
            if item.done:
                continue
            try:
                written |= _write_batch([item])
            except IntegrityError as exc:
                item.error, item.done = exc, True
            except Exception as exc:
                item.error, item.done = exc, True
    except Exception as exc:
        for item in batch:
            if not item.done:
                item.error, item.done = exc, True
    return written


def _as_instant(value):
    if value is None or isinstance(value, dt.datetime):
        return value if value is None or timezone.is_aware(value) else value.replace(tzinfo=dt.UTC)
    parsed = parse_datetime(str(value))
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=dt.UTC)


def _still_open(batch: list[Pending]) -> list[Pending]:
    """Check the state and period again from the database; refuse the rows now too late.

    A copy of the consultation read up to two seconds earlier decided to accept the rows; this
    fresh read is what makes a closing effective at once. It is one plain query per batch (no
    query building: it runs on every submission).
    """
    ids = sorted({item.submission.consultation_id for item in batch})
    table = Consultation._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, state, opens_at, closes_at FROM {table} "
            f"WHERE id IN ({', '.join(['%s'] * len(ids))})",
            ids,
        )
        fresh = {
            row[0]: Consultation(
                id=row[0], state=row[1], opens_at=_as_instant(row[2]), closes_at=_as_instant(row[3])
            )
            for row in cursor.fetchall()
        }
    accepted = []
    for item in batch:
        consultation = fresh[item.submission.consultation_id]
        if consultation.accepts_submissions_at(item.submission.submitted_at):
            accepted.append(item)
        else:
            message = intake.closed_message(consultation, item.submission.submitted_at)
            item.error = InvalidInput(message, field="consultation", code="NotOpen")
            item.done = True
    return accepted


def _write_batch(batch: list[Pending]) -> set[int]:
    """Write the rows still acceptable in one transaction; the ids of their consultations."""
    with transaction.atomic():
        batch = _still_open(batch)
        if not batch:
            return set()
        # Plain SQL (see cwg.core.rows): the ORM's query building is most of an insert's cost.
        insert_rows([item.submission for item in batch])
        attachments = []
        for item in batch:
            for attachment in item.attachments:
                attachment.submission = item.submission
                attachments.append(attachment)
        if attachments:
            Attachment.objects.bulk_create(attachments)
        # One event per submission, so that a submission's history finds it by its id; the
        # batch takes the chain head once and appends them one after the other.
        record_each(
            [
                {
                    "actor": item.actor,
                    "action": "consultation.submission.create",
                    "obj": item.submission.consultation,
                    "object_type": "consultations.submission",
                    "object_id": item.submission.pk,
                    # Ids only: a receipt opens the respondent's files, so it never enters the trail.
                    "label": f"submission {item.submission.pk}",
                    "group_id": item.submission.consultation.group_id,
                    "after": {"consultation": item.submission.consultation.slug, **item.audit},
                }
                for item in batch
            ]
        )
    for item in batch:
        item.done = True
    return {item.submission.consultation_id for item in batch}
