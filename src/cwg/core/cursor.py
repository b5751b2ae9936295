"""Keyset pagination of API lists: an opaque signed cursor on the list's ordering, and `next`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import urlencode

from django.core import signing
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from ninja import Field, Schema
from ninja.pagination import PaginationBase

from cwg.core.exceptions import InvalidInput
from cwg.core.schemas import PageNumber

SALT = "cwg.api.cursor"
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


def _value(obj: Any, field: str) -> Any:
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


def _after(keys: list[str], values: list[Any]) -> Q:
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


def page_of(
    queryset: QuerySet, request, page: int, size: int, cursor: str | None
) -> tuple[list, str | None]:
    """One page of `queryset` (by page number, or after `cursor`) and the URL of the next."""
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
            ordered = ordered.filter(_after(keys, after))
    rows = list(ordered[offset : offset + size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if not (more and rows):
        return rows, None
    last = [_value(rows[-1], key.lstrip("-")) for key in keys] if keys else None
    if last is not None and keyset_safe(queryset.model, keys):
        token = encode(keys, last, 0)
    else:
        token = encode(keys or [], after, offset + size)
    query = {k: v for k, v in request.GET.items() if k not in ("page", "cursor")}
    query["cursor"] = token
    return rows, request.build_absolute_uri(f"{request.path}?{urlencode(query)}")


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
