"""Keyset pagination of every list: an opaque signed cursor on the list's ordering (`cursor`, and
`next` in the API), numbered pages near the start of long lists, and counts kept between writes.

Page numbers (an OFFSET) are offered on the HTML lists only near the start, where skipping rows is
cheap; deeper pages follow the signed cursor, which the index reaches at once. A list's count may
be kept in the cache per scope (e.g. one consultation) and per filter, and is forgotten by
`forget_counts(scope)` on every write to that scope.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import urlencode

from django.core import signing
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from ninja import Field, Schema
from ninja.pagination import PaginationBase

from cwg.core.exceptions import InvalidInput
from cwg.core.schemas import PageNumber

SALT = "cwg.api.cursor"
# Pages of an HTML list reached by number: beyond, the OFFSET would read and skip too many rows.
NUMBERED_PAGES = 10
# A kept count is trusted this long even if a write in another process was not seen (LocMem).
COUNT_SECONDS = 300
MAX_CURSOR_LENGTH = 1000
PageSize = Annotated[int, Field(ge=1, le=1000, description="Items per page.")]
Cursor = Annotated[
    str,
    Field(
        min_length=1,
        max_length=MAX_CURSOR_LENGTH,
        description="Where to continue: the `next` link of the previous page carries it.",
    ),
]


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def value_of(obj: Any, field: str) -> Any:
    """The value of a sort key in a row: a model instance, or a dict of `.values()`."""
    if isinstance(obj, dict):
        return obj.get(field)
    for part in field.split("__"):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return getattr(obj, "pk", obj) if hasattr(obj, "_meta") else obj


def ordering_of(queryset: QuerySet) -> list[str] | None:
    """The list's order as field names, ending with the primary key; None when it is made of
    expressions a keyset cannot follow."""
    keys = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    if not all(isinstance(key, str) for key in keys):
        return None
    keys = [key.replace("pk", "id") if key.lstrip("-") == "pk" else key for key in keys]
    if not any(key.lstrip("-") == "id" for key in keys):
        keys.append("-id" if keys and keys[0].startswith("-") else "id")
    return keys


def keyset_safe(model, keys: list[str]) -> bool:
    """True when no sort key may be null: a keyset condition never matches a null, so a list
    ordered on a nullable field is walked by offset instead of losing its null rows."""
    for key in keys:
        current = model
        for part in key.lstrip("-").split("__"):
            try:
                field = current._meta.get_field(part)
            except FieldDoesNotExist:  # an annotation: its nullability is unknown
                return False
            if field.null:
                return False
            current = field.related_model or current
    return True


def after_condition(keys: list[str], values: list[Any]) -> Q:
    """Rows strictly after `values` in the order `keys` (the keyset condition)."""
    condition = Q()
    for index, key in enumerate(keys):
        name = key.lstrip("-")
        step = Q(**{f"{name}__{'lt' if key.startswith('-') else 'gt'}": values[index]})
        for earlier, value in zip(keys[:index], values[:index], strict=True):
            step &= Q(**{earlier.lstrip("-"): value})
        condition |= step
    return condition


def encode(keys: list[str], after: list[Any] | None, offset: int) -> str:
    """A cursor: rows after the keyset `after` (if any), skipping `offset` of them. Rows whose
    sort keys hold a null cannot be a keyset, so the offset carries on from the last one."""
    plain = None if after is None else [_plain(value) for value in after]
    return signing.dumps({"k": keys, "v": plain, "o": offset}, salt=SALT, compress=True)


def decode(cursor: str, keys: list[str] | None) -> dict:
    try:
        data = signing.loads(cursor, salt=SALT)
    except signing.BadSignature:
        raise InvalidInput("the cursor is not one this list gave out", field="cursor") from None
    if not isinstance(data, dict) or data.get("k") != (keys or []):
        raise InvalidInput("the cursor belongs to another list or order", field="cursor")
    values, offset = data.get("v"), data.get("o")
    if values is not None and (not isinstance(values, list) or len(values) != len(keys or ())):
        raise InvalidInput("the cursor is not one this list gave out", field="cursor")
    if not isinstance(offset, int) or offset < 0:
        raise InvalidInput("the cursor is not one this list gave out", field="cursor")
    return data


def walk(
    queryset: QuerySet, *, size: int, page: int = 1, cursor: str | None = None
) -> tuple[list, str | None]:
    """One page of `queryset` (by page number, or after `cursor`) and the cursor of the next page
    (None on the last). A cursor that is not one this list gave out is InvalidInput on `cursor`."""
    keys = ordering_of(queryset)
    ordered = queryset.order_by(*keys) if keys else queryset
    offset = (page - 1) * size
    after = None
    if cursor is not None:
        if page != 1:
            raise InvalidInput("give either a page or a cursor, not both", field="cursor")
        data = decode(cursor, keys)
        after, offset = data["v"], data["o"]
        if after is not None:
            ordered = ordered.filter(after_condition(keys, after))
    rows = list(ordered[offset : offset + size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if not (more and rows):
        return rows, None
    last = [value_of(rows[-1], key.lstrip("-")) for key in keys] if keys else None
    if last is not None and keyset_safe(queryset.model, keys):
        return rows, encode(keys, last, 0)
    return rows, encode(keys or [], after, offset + size)


def cursor_after(queryset: QuerySet, row: Any) -> str:
    """The cursor of the rows of `queryset` that follow `row` (a link into the middle of a list)."""
    keys = ordering_of(queryset) or []
    return encode(keys, [value_of(row, key.lstrip("-")) for key in keys], 0)


def page_of(
    queryset: QuerySet, request, page: int, size: int, cursor: str | None
) -> tuple[list, str | None]:
    """One page of `queryset` (by page number, or after `cursor`) and the URL of the next."""
    rows, token = walk(queryset, size=size, page=page, cursor=cursor)
    if token is None:
        return rows, None
    query = {k: v for k, v in request.GET.items() if k not in ("page", "cursor")}
    query["cursor"] = token
    return rows, request.build_absolute_uri(f"{request.path}?{urlencode(query)}")


@dataclass
class NumberedPage:
    """One page of an HTML list, walked by page number near the start and by cursor deeper."""

    object_list: list
    count: int
    number: int | None  # None on a page reached by cursor
    page_size: int
    next_cursor: str | None
    numbered: list[int] = field(default_factory=list)

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.number != 1

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.page_size))


def _page_number(value) -> int | None:
    text = str(value or "").strip()
    if not text.isdigit() or len(text) > 18:
        return None
    return int(text)


def numbered_page(
    queryset: QuerySet, *, count: int, size: int, page=None, cursor: str | None = None
) -> NumberedPage:
    """A page of an HTML list in the order of `queryset`, from a page number or a cursor.

    A cursor wins over a page number; a page number past NUMBERED_PAGES, or past the end, gives
    the last numbered page that exists (the deeper rows are reached by cursor). A cursor that is
    not this list's (an old link after the list's order changed) shows the first page.
    """
    last = max(1, min(NUMBERED_PAGES, -(-count // size)))
    number: int | None = None
    rows: list = []
    following = None
    if cursor:
        try:
            rows, following = walk(queryset, size=size, cursor=str(cursor)[:MAX_CURSOR_LENGTH])
        except InvalidInput:
            cursor = None
    if not cursor:
        number = min(max(1, _page_number(page) or 1), last)
        rows, following = walk(queryset, size=size, page=number)
    numbered = list(range(1, last + 1))
    return NumberedPage(
        object_list=rows,
        count=count,
        number=number,
        page_size=size,
        next_cursor=following,
        numbered=numbered if len(numbered) > 1 else [],
    )


def _version(scope: str) -> str:
    key = f"cwg:counts:{scope}"
    version = cache.get(key)
    if version is None:
        version = secrets.token_hex(4)
        cache.set(key, version, None)
    return version


def forget_counts(scope: str) -> None:
    """Every kept count of this scope is stale: a row in it was added, changed or removed."""
    cache.set(f"cwg:counts:{scope}", secrets.token_hex(4), None)


def kept_count(scope: str, name: str, queryset: QuerySet) -> int:
    """The number of rows of `queryset`, counted once per write to the scope (`forget_counts`)."""
    digest = hashlib.sha256(name.encode()).hexdigest()[:16]
    key = f"cwg:count:{scope}:{_version(scope)}:{digest}"
    found = cache.get(key)
    if found is None:
        found = queryset.order_by().count()
        cache.set(key, found, COUNT_SECONDS)
    return found


class CursorPagination(PaginationBase):
    """`page`/`page_size` as before, and `next`: a URL carrying an opaque signed cursor on the
    list's order ((date, id) for the dated records), so a reader walks a long list without
    offsets; follow `next` until it is null. `count` counts only what the reader may see."""

    class Input(Schema):
        page: PageNumber = 1
        page_size: PageSize | None = None
        cursor: Cursor | None = None

    class Output(Schema):
        items: list[Any]
        count: int
        next: str | None = Field(None, description="The next page, or null on the last one.")

    def __init__(self, page_size: int = 50, max_page_size: int = 1000, **kwargs: Any) -> None:
        self.page_size = page_size
        self.max_page_size = max_page_size
        super().__init__(**kwargs)

    def paginate_queryset(self, queryset: QuerySet, pagination: Input, request, **params) -> Any:
        size = min(pagination.page_size or self.page_size, self.max_page_size)
        rows, following = page_of(queryset, request, pagination.page, size, pagination.cursor)
        return {"items": rows, "count": queryset.count(), "next": following}
