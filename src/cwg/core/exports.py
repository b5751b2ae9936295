"""Bulk exports streamed as CSV, JSON Lines or XLSX in constant memory, read in keyset batches."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import StreamingHttpResponse

from cwg.core.spreadsheets import safe_cell

FORMATS = ("csv", "jsonl", "xlsx")
BATCH = 500
CHUNK = 64 * 1024
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/jsonl; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Dataset:
    """One export: its columns and the rows (one value per column) a reader may see."""

    name: str
    columns: Sequence[str]
    rows: Callable[..., Iterable[Sequence]]  # rows(user) -> rows


def keyset_batches(queryset: QuerySet, size: int = BATCH) -> Iterator:
    """Every record of `queryset` by ascending id, fetched `size` at a time after the last id
    seen: memory stays constant and no offset grows with the table."""
    last = 0
    while True:
        batch = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        yield from batch
        if len(batch) < size:
            return
        last = batch[-1].pk


def _text(value) -> object:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _csv(columns: Sequence[str], rows: Iterable[Sequence]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(_text(value)) for value in row])
        if buffer.tell() >= CHUNK:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _jsonl(columns: Sequence[str], rows: Iterable[Sequence]) -> Iterator[bytes]:
    # JSON is not opened by a spreadsheet: values are kept as they are.
    chunk: list[str] = []
    size = 0
    for row in rows:
        line = json.dumps(dict(zip(columns, map(_text, row), strict=True)), ensure_ascii=False)
        chunk.append(line + "\n")
        size += len(line)
        if size >= CHUNK:
            yield "".join(chunk).encode("utf-8")
            chunk, size = [], 0
    yield "".join(chunk).encode("utf-8")


def _xlsx(columns: Sequence[str], rows: Iterable[Sequence]) -> Iterator[bytes]:
    from openpyxl import Workbook  # optional heavy dependency, loaded only for this format

    # Write-only mode keeps rows on disk as they come; the finished file is then sent in chunks.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("data")
    sheet.append(list(columns))
    for row in rows:
        sheet.append([safe_cell(_text(value)) for value in row])
    with tempfile.TemporaryFile() as spool:
        workbook.save(spool)
        spool.seek(0)
        while chunk := spool.read(CHUNK):
            yield chunk


WRITERS = {"csv": _csv, "jsonl": _jsonl, "xlsx": _xlsx}


def export_response(dataset: Dataset, fmt: str, user) -> StreamingHttpResponse:
    """The dataset as the reader may see it, streamed as a download."""
    body = WRITERS[fmt](dataset.columns, dataset.rows(user))
    response = StreamingHttpResponse(body, content_type=MEDIA_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{dataset.name}.{fmt}"'
    return response
