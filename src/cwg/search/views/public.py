"""The search page every reader may use."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import render

from cwg.core.exceptions import InvalidInput
from cwg.core.i18n import document_language
from cwg.search import queries

FILTERS = {
    "lang": "language",
    "kind": "kind",
    "group": "group",
    "meeting": "meeting",
    "year": "year",
}


def search(request):
    error = ""
    filters = {name: request.GET.get(param, "") for param, name in FILTERS.items()}
    try:
        page = int(request.GET.get("page") or 1)
    except ValueError:
        page = 0
    try:
        results = queries.search(
            request.user,
            request.GET.get("q"),
            filters=filters,
            page=page,
            language=document_language(),
        )
    except InvalidInput as exc:
        error = exc.message
        results = queries.Results(q="")
    return render(
        request,
        "search/search.html",
        {
            "results": results,
            "error": error,
            "min_length": queries.MIN_LENGTH,
            "facets": _facet_links(request, results),
            "previous_url": _page_url(request, results.page - 1) if results.page > 1 else "",
            "next_url": _page_url(request, results.page + 1)
            if results.page < results.pages
            else "",
        },
        status=400 if error else 200,
    )


def _query(request, **changes) -> str:
    params = {k: v for k, v in request.GET.items() if k in {"q", "page", *FILTERS}}
    params.pop("page", None)
    params.update(changes)
    return "?" + urlencode({k: v for k, v in params.items() if v not in ("", None)})


def _page_url(request, page: int) -> str:
    return _query(request, page=page)


def _facet_links(request, results) -> list[tuple[str, list[tuple]]]:
    """Each facet with its values as links that set (or, when chosen, clear) the filter."""
    param_of = {name: param for param, name in FILTERS.items()}
    out = []
    for name, values in results.facets.items():
        param = param_of[name]
        links = [
            (value, _query(request, **{param: "" if value.selected else value.value}))
            for value in values
        ]
        if links:
            out.append((name, links))
    return out
