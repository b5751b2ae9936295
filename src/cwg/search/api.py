"""JSON API endpoints of the search domain."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Router, Schema

from cwg.core.exceptions import InvalidInput
from cwg.core.i18n import document_language
from cwg.core.schemas import DbId, Year
from cwg.search import queries

router = Router()


class HitOut(Schema):
    kind: str
    record_id: int
    language: str
    title: str
    url: str
    symbol: str
    group: str
    date: dt.datetime | None
    snippet: str = Field(description="HTML: escaped text, the matching words in <mark>")


class FacetOut(Schema):
    value: str
    label: str
    count: int


class ResultsOut(Schema):
    q: str
    total: int = Field(description="Matches counted, at most the cap (see total_capped)")
    total_capped: bool = Field(
        description="True when more than `total` records match: only the best `total` are "
        "counted, paged and given facet counts"
    )
    page: int
    pages: int
    hits: list[HitOut]
    facets: dict[str, list[FacetOut]]


@router.get("/search", response=ResultsOut, url_name="search")
def search(
    request,
    q: Annotated[str, Field(max_length=1000)] = "",
    lang: Annotated[str, Field(max_length=10)] = "",
    kind: Annotated[str, Field(max_length=20)] = "",
    group: DbId | None = None,
    meeting: DbId | None = None,
    year: Year | None = None,
    page: Annotated[int, Field(ge=1, le=queries.MAX_PAGE)] = 1,
    limit: Annotated[int, Field(ge=1, le=200)] = queries.DEFAULT_LIMIT,
):
    """Documents, decisions, actions, meetings, consultations and published answers the caller
    may see, ranked (an exact symbol first), with facet counts and highlighted passages."""
    if len(" ".join(q.split())) < queries.MIN_LENGTH:
        raise InvalidInput(f"q must have at least {queries.MIN_LENGTH} characters", field="q")
    filters = {"language": lang, "kind": kind, "group": group, "meeting": meeting, "year": year}
    results = queries.search(
        request.user, q, filters=filters, page=page, limit=limit, language=document_language()
    )
    return {
        "q": results.q,
        "total": results.total,
        "total_capped": results.total_capped,
        "page": results.page,
        "pages": results.pages,
        "hits": results.hits,
        "facets": results.facets,
    }
