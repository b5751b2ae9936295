"""JSON API endpoints of the search domain."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from cwg.core.i18n import document_language
from cwg.search import queries

router = Router()


class HitOut(Schema):
    kind: str
    title: str
    url: str
    symbol: str
    group: str
    date: dt.datetime | None
    snippet: str


class ResultsOut(Schema):
    q: str
    total: int
    documents: list[HitOut]
    submissions: list[HitOut]


@router.get("/search", response=ResultsOut, url_name="search")
def search(request, q: str = "", limit: int = queries.DEFAULT_LIMIT):
    """Documents (symbol, titles) and published consultation answers the caller may see."""
    return queries.search(request.user, q, limit=limit, language=document_language())
