"""Bulk exports streamed as CSV, JSON Lines or XLSX in constant memory, read in keyset batches."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain

from django.db.models import QuerySet
from django.http import StreamingHttpResponse

from cwg.core.cursor import after_condition, keyset_safe, ordering_of, value_of
from cwg.core.spreadsheets import safe_cell, write_xlsx

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


def keyset_chunks(queryset: QuerySet, size: int = BATCH) -> Iterator[list]:
    """The records of `queryset` in its own order, as lists of `size`, each fetched after the
    last row seen (the list's keyset, as `cwg.core.cursor` pages it): memory stays constant, no
    offset grows with the table and no database cursor stays open between batches. Rows are
    model instances, `.values()` dicts or named `.values_list()` tuples holding the sort keys;
    the order must be on non-null fields."""
    keys = ordering_of(queryset)
    if keys is None or not keyset_safe(queryset.model, keys):
        raise ValueError("a keyset walk needs an order on fields that are never null")
    ordered = queryset.order_by(*keys)
    page = ordered
    while True:
        batch = list(page[:size])
        if batch:
            yield batch
        if len(batch) < size:
            return
        last = [value_of(batch[-1], key.lstrip("-")) for key in keys]
        page = ordered.filter(after_condition(keys, last))


def keyset_batches(queryset: QuerySet, size: int = BATCH) -> Iterator:
    """Every record of `queryset` by ascending id, fetched `size` at a time (`keyset_chunks`)."""
    for batch in keyset_chunks(queryset.order_by("pk"), size):
        yield from batch


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
    # The workbook keeps its rows on disk as they come; the finished file is then sent in chunks.
    with tempfile.TemporaryFile() as spool:
        write_xlsx(spool, [("data", chain([columns], ([_text(v) for v in row] for row in rows)))])
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
