"""Bulk import of responses received by post or e-mail, or migrated from another platform.

One JSON object per line, with the fields of the submission API's JSON body and an optional
`submitted_at`. Each line is checked as a submission from the form or the API is
(`services.clean_submission`, `services.country_id`); the whole file is stored in one
transaction, so a bad line (reported with its number) leaves nothing stored. Rows go in through
the submissions' plain-SQL insert and the audit trail's `record_each` (one event per response).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from cwg.consultations import intake, permissions, queries
from cwg.consultations import services as submissions
from cwg.consultations.models import (
    ConsultationState,
    JobStatus,
    ResponseImport,
    Submission,
    SubmissionOrigin,
)
from cwg.core import rows as rows_sql
from cwg.core.audit import record, record_each
from cwg.core.exceptions import DomainError, InvalidInput, NotAllowed
from cwg.core.files import atomic_with_files, open_stored

# Rows written per statement group and audit chunk: large enough to amortise, small in memory.
BATCH = 2000
# A consultation takes imports while it gathers responses, and before its compilation is made.
IMPORTABLE_STATES = (ConsultationState.OPEN, ConsultationState.CLOSED)
MAX_LINE_BYTES = 1_000_000
# Rows per INSERT statement: 21 columns each, well below SQLite's limit on bound parameters.
INSERT_ROWS = 400


@dataclass
class ImportResult:
    imported: int
    receipts_sample: list[str]


MAX_ERRORS = 50


class LineError(InvalidInput):
    """A line of the import is refused: its number and why."""

    def __init__(self, number: int, message: str, field: str | None = None):
        super().__init__(
            _("line %(n)s: %(message)s") % {"n": number, "message": message}, field=field
        )
        self.line = number
        self.reason = message


class ImportRefused(InvalidInput):
    """Bad lines: nothing was stored. The first is the message; all (up to MAX_ERRORS) are kept."""

    def __init__(self, errors: list[LineError]):
        more = len(errors) - 1
        message = errors[0].message
        if more:
            message += " " + _("(and %(n)s more bad lines)") % {"n": more}
        super().__init__(message, field=errors[0].field)
        self.errors = errors


def _submitted_at(value, now: dt.datetime) -> dt.datetime:
    if value is None or value == "":
        return now
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None:
        raise InvalidInput(
            _("submitted_at must be a date and time such as 2025-03-01T12:00:00Z"),
            field="submitted_at",
        )
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=dt.UTC)
    if parsed > now:
        raise InvalidInput(_("submitted_at is in the future"), field="submitted_at")
    return parsed


def _check_may_import(actor, consultation) -> None:
    if not permissions.can_manage_consultation(actor, consultation):
        raise NotAllowed(_("Only the group's secretariat may import responses."))
    if consultation.state not in IMPORTABLE_STATES:
        raise InvalidInput(
            _("responses can be imported while the consultation is open or closed; it is %(s)s")
            % {"s": consultation.state},
            field="consultation",
        )


def _submission(consultation, number: int, line: str | bytes, now, receipts: set[str]):
    try:
        data = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        raise LineError(number, _("not valid JSON")) from None
    if not isinstance(data, dict):
        raise LineError(number, _("a line must be a JSON object"))
    try:
        submitted_at = _submitted_at(data.get("submitted_at"), now)
        fields = submissions.clean_submission(consultation, data)
        if not fields["answers"]:
            raise InvalidInput(_("answer at least one question"), field="answers")
        state_id = submissions.country_id(fields)
    except InvalidInput as exc:
        raise LineError(number, exc.message, exc.field) from None
    receipt = intake.new_receipt(consultation.group.symbol_prefix, submitted_at.year)
    while receipt in receipts:
        receipt = intake.new_receipt(consultation.group.symbol_prefix, submitted_at.year)
    receipts.add(receipt)
    return Row(
        receipt=receipt,
        submitted_at=submitted_at,
        values={
            "consultation_id": consultation.pk,
            "submitted_at": submitted_at,
            "name": fields["name"],
            "organisation": fields["organisation"],
            "category": fields["category"],
            "country_id": state_id,
            "country_other": fields["country_other"],
            "language": fields["language"],
            "answers": fields["answers"],
            "consent_to_publication": fields["consent_to_publication"],
            "search_text": submissions.search_text_of(fields),
            "origin": SubmissionOrigin.IMPORTED.value,
        },
    )


@dataclass(slots=True)
class Row:
    receipt: str
    submitted_at: dt.datetime
    values: dict
    pk: int | None = None


def _fresh_receipts(consultation, rows: list[Row], receipts: set[str]) -> None:
    """Draw again the receipts already held by stored responses (40 random bits: at a million
    responses a collision is likely somewhere)."""
    taken = set(
        Submission.objects.filter(receipt__in=[row.receipt for row in rows]).values_list(
            "receipt", flat=True
        )
    )
    for row in rows:
        while row.receipt in taken:
            receipts.discard(row.receipt)
            row.receipt = intake.new_receipt(
                consultation.group.symbol_prefix, row.submitted_at.year
            )
            if row.receipt in receipts or Submission.objects.filter(receipt=row.receipt).exists():
                taken.add(row.receipt)
        receipts.add(row.receipt)


def _insert(rows: list[Row]) -> None:
    """INSERT the rows, many per statement, and set their ids.

    As `cwg.core.rows.insert` does for one submission, without building a model instance per
    row: at a million rows the instances cost more than the database. Each value that needs it
    is still prepared by its field (dates, JSON); the others are plain text, numbers and booleans.
    """
    connection = transaction.get_connection()
    fields = [f for f in Submission._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    if connection.vendor == "postgresql":
        # COPY: the statement is not parsed again for every few hundred rows.
        for row in rows:
            row.values["receipt"] = row.receipt
        ids = rows_sql.copy_values(
            Submission,
            fields,
            ([row.values.get(f.attname, defaults[f.attname]) for f in fields] for row in rows),
            len(rows),
        )
        for row, pk in zip(rows, ids, strict=True):
            row.pk = pk
        return
    prepared = {"submitted_at", "answers"}
    by_name = {f.attname: f for f in fields}
    quote = connection.ops.quote_name
    together = connection.features.can_return_rows_from_bulk_insert
    size = INSERT_ROWS if together else 1
    head = "INSERT INTO {} ({}) VALUES ".format(
        quote(Submission._meta.db_table), ", ".join(quote(f.column) for f in fields)
    )
    one = "({})".format(", ".join(["%s"] * len(fields)))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            values = []
            for row in chunk:
                row.values["receipt"] = row.receipt
                for f in fields:
                    value = row.values.get(f.attname, defaults[f.attname])
                    if f.attname in prepared:
                        value = by_name[f.attname].get_db_prep_save(value, connection)
                    values.append(value)
            sql = head + ", ".join([one] * len(chunk))
            if connection.features.can_return_columns_from_insert:
                sql += f" RETURNING {quote(Submission._meta.pk.column)}"
            cursor.execute(sql, values)
            if together:
                ids = [found[0] for found in cursor.fetchall()]
            elif connection.features.can_return_columns_from_insert:
                ids = [cursor.fetchone()[0]]
            else:
                ids = [cursor.lastrowid]
            for row, pk in zip(chunk, ids, strict=True):
                row.pk = pk


def _write(actor, consultation, rows: list[Row], receipts: set[str]) -> None:
    _fresh_receipts(consultation, rows, receipts)
    _insert(rows)
    # One dict for the batch: the audit trail makes it JSON-ready once.
    after = {"consultation": consultation.slug, "state": "received", "origin": "imported"}
    record_each(
        [
            {
                "actor": actor,
                "action": "consultation.submission.import",
                "obj": consultation,
                "object_type": "consultations.submission",
                "object_id": row.pk,
                # Ids only, as for a response sent through the form (see cwg.consultations.ingest).
                "label": f"submission {row.pk}",
                "group_id": consultation.group_id,
                "after": after,
            }
            for row in rows
        ]
    )


# SQLite's page cache while an import runs (KiB; its default is 2 MiB): the receipts and the
# audit hashes are random keys, so each row goes to a random page of their indexes, which at a
# million responses no longer fit the default cache and were read again from the file.
IMPORT_CACHE_KIB = 256 * 1024


@contextlib.contextmanager
def _large_page_cache():
    connection = transaction.get_connection()
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{int(IMPORT_CACHE_KIB)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def import_responses(
    actor,
    consultation,
    lines: Iterable[str | bytes],
    *,
    progress: Callable[[int], None] | None = None,
    now: dt.datetime | None = None,
    scan: bool = True,
) -> ImportResult:
    """Store every response of `lines` (JSON objects), all or none; raise LineError on a bad one.

    `scan=False` leaves the campaign scan of the new responses to a later run (the bench times
    the two apart)."""
    _check_may_import(actor, consultation)
    now = now or timezone.now()
    # Receipts drawn in this import: unique within it before the database is asked.
    receipts: set[str] = set()
    imported = 0
    sample: list[str] = []
    batch: list[Submission] = []
    errors: list[LineError] = []
    with transaction.atomic(), _large_page_cache():
        for number, line in enumerate(lines, start=1):
            try:
                if len(line) > MAX_LINE_BYTES:
                    raise LineError(
                        number, _("the line is longer than %(n)s bytes") % {"n": MAX_LINE_BYTES}
                    )
                if not line.strip():
                    continue
                row = _submission(consultation, number, line, now, receipts)
            except LineError as exc:
                # Nothing more is written; the rest is still checked, to list every bad line.
                errors.append(exc)
                batch = []
                if len(errors) >= MAX_ERRORS:
                    break
                continue
            if errors:
                continue
            batch.append(row)
            if len(batch) >= BATCH:
                _write(actor, consultation, batch, receipts)
                imported += len(batch)
                sample = sample or [row.receipt for row in batch[:5]]
                batch = []
                if progress:
                    progress(imported)
        if errors:
            raise ImportRefused(errors)
        if batch:
            _write(actor, consultation, batch, receipts)
            imported += len(batch)
            sample = sample or [row.receipt for row in batch[:5]]
        if not imported:
            raise InvalidInput(_("the file holds no response"), field="file")
        if scan:
            transaction.on_commit(lambda cid=consultation.pk: submissions.after_import(cid))
        else:
            transaction.on_commit(lambda cid=consultation.pk: queries.forget_counts(cid))
    queries.forget_counts(consultation.pk)
    if progress:
        progress(imported)
    return ImportResult(imported=imported, receipts_sample=sample)


# From the browser: the file is stored, then imported by a worker -----------------------------


def _progress_key(import_id: int) -> str:
    return f"cwg:response-import:{import_id}"


def progress_of(job: ResponseImport) -> int:
    """Responses written so far: the import's transaction hides them until it commits, so the
    worker tells its progress through the cache."""
    if job.status == JobStatus.RUNNING:
        return int(cache.get(_progress_key(job.pk)) or 0)
    return job.imported


def percent_of(job: ResponseImport) -> int:
    if job.status == JobStatus.DONE:
        return 100
    return min(99, int(100 * progress_of(job) / job.total)) if job.total else 0


def request_import(actor, consultation, name: str, content: bytes) -> ResponseImport:
    """Store the uploaded file and queue its import; the file is checked line by line then."""
    _check_may_import(actor, consultation)
    if not content.strip():
        raise InvalidInput(_("the file is empty"), field="file")
    if b"\x00" in content:
        raise InvalidInput(_("the file is not JSON lines (text, one object a line)"), field="file")
    name = (name or "responses.jsonl").replace("/", "_").replace("\\", "_")[-100:]
    with atomic_with_files() as files:
        job = ResponseImport(
            consultation=consultation,
            original_name=name,
            total=content.count(b"\n") + (0 if content.endswith(b"\n") else 1),
            requested_by=actor if getattr(actor, "pk", None) else None,
            created_at=timezone.now(),
        )
        files.store(job.file, f"{uuid.uuid4().hex}.jsonl", content, field_name="file")
        job.save()
        record(
            actor,
            "consultation.import.request",
            consultation,
            after={"import": job.pk, "lines": job.total},
        )
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(import_id: int) -> None:
    from cwg.consultations.tasks import import_responses as task

    task.enqueue(import_id)


def run_import(import_id: int) -> ResponseImport:
    """The worker's side: import the stored file, keeping the outcome (or the bad lines)."""
    job = ResponseImport.objects.select_related("consultation__group", "requested_by").get(
        pk=import_id
    )
    if job.status != JobStatus.QUEUED:
        return job
    ResponseImport.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    job.status = JobStatus.RUNNING
    key = _progress_key(job.pk)
    try:
        handle, _size = open_stored(job.file)
        with contextlib.closing(handle):
            # A file on disk gives lines; an object store's body gives them through iter_lines.
            lines = handle.iter_lines(keepends=True) if hasattr(handle, "iter_lines") else handle
            result = import_responses(
                job.requested_by,
                job.consultation,
                lines,
                progress=lambda n: cache.set(key, n, 3600),
            )
    except FileNotFoundError:
        job.status = JobStatus.FAILED
        job.errors = [{"line": None, "message": _("the uploaded file is missing")}]
    except ImportRefused as exc:
        job.status = JobStatus.FAILED
        job.errors = [{"line": e.line, "message": e.reason} for e in exc.errors]
    except DomainError as exc:
        job.status = JobStatus.FAILED
        job.errors = [{"line": None, "message": exc.message}]
    else:
        job.status, job.imported = JobStatus.DONE, result.imported
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "imported", "errors", "finished_at"])
    cache.delete(key)
    return job
