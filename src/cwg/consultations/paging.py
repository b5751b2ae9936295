"""Lists of responses that stay fast at a million rows: keyset pages and counts kept between writes.

Page numbers (an OFFSET) are offered only near the start, where skipping rows is cheap; deeper
pages follow a cursor (`after`: the last id shown), which the index reaches at once. The count
of a list is kept in the cache per consultation and per filter, and forgotten on every write to
the consultation's responses (`forget_counts`); a count of a full-text search is not kept.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import QuerySet

# Pages reached by number: beyond, the OFFSET would read and skip too many rows.
NUMBERED_PAGES = 10
# A kept count is trusted this long even if a write in another process was not seen (LocMem).
COUNT_SECONDS = 300


@dataclass
class KeysetPage:
    """One page of a list, walked by page number near the start and by cursor deeper."""

    object_list: list
    count: int
    number: int | None  # None on a page reached by cursor
    page_size: int
    has_next: bool
    next_after: int | None
    first_id: int | None = None
    numbered: list[int] = field(default_factory=list)

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.number != 1

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.page_size))


def _version(consultation_id: int) -> str:
    key = f"cwg:consultation-counts:{consultation_id}"
    version = cache.get(key)
    if version is None:
        version = secrets.token_hex(4)
        cache.set(key, version, None)
    return version


def forget_counts(consultation_id: int) -> None:
    """Every kept count of this consultation is stale: a response was added, hidden or restored."""
    cache.set(f"cwg:consultation-counts:{consultation_id}", secrets.token_hex(4), None)


def kept_count(consultation_id: int, name: str, qs: QuerySet) -> int:
    """The number of rows of `qs`, counted once per write to the consultation's responses."""
    digest = hashlib.sha256(name.encode()).hexdigest()[:16]
    key = f"cwg:consultation-count:{consultation_id}:{_version(consultation_id)}:{digest}"
    found = cache.get(key)
    if found is None:
        found = qs.order_by().count()
        cache.set(key, found, COUNT_SECONDS)
    return found


def _positive(value) -> int | None:
    text = str(value or "").strip()
    if not text.isdigit() or len(text) > 18:
        return None
    return int(text)


def keyset_page(
    qs: QuerySet, *, count: int, size: int, page=None, after=None, descending: bool = False
) -> KeysetPage:
    """A page of `qs` (ordered by id, ascending or descending) from a page number or a cursor.

    A cursor wins over a page number; a page number past NUMBERED_PAGES, or past the end, gives
    the last numbered page that exists (the deeper rows are reached by cursor).
    """
    ordering = "-id" if descending else "id"
    qs = qs.order_by(ordering)
    cursor = _positive(after)
    number: int | None
    if cursor is not None:
        qs = qs.filter(id__lt=cursor) if descending else qs.filter(id__gt=cursor)
        rows = list(qs[: size + 1])
        number = None
    else:
        last = max(1, min(NUMBERED_PAGES, -(-count // size)))
        number = min(max(1, _positive(page) or 1), last)
        start = (number - 1) * size
        rows = list(qs[start : start + size + 1])
    has_next = len(rows) > size
    rows = rows[:size]
    numbered = list(range(1, max(1, min(NUMBERED_PAGES, -(-count // size))) + 1))
    return KeysetPage(
        object_list=rows,
        count=count,
        number=number,
        page_size=size,
        has_next=has_next,
        next_after=rows[-1].pk if has_next and rows else None,
        first_id=rows[0].pk if rows else None,
        numbered=numbered if len(numbered) > 1 else [],
    )
