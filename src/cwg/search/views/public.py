"""The search page every reader may use."""

from __future__ import annotations

from django.shortcuts import render

from cwg.core.exceptions import InvalidInput
from cwg.core.i18n import document_language
from cwg.search import queries


def search(request):
    error = ""
    try:
        results = queries.search(request.user, request.GET.get("q"), language=document_language())
    except InvalidInput as exc:
        error = exc.message
        results = queries.Results(q="")
    return render(
        request,
        "search/search.html",
        {"results": results, "error": error, "min_length": queries.MIN_LENGTH},
        status=400 if error else 200,
    )
