"""The JSON search behind the documents picker: only what the reader may see."""

from __future__ import annotations

from cwg.core.pickers import search_response
from cwg.documents.queries import pick_documents


def pick(request):
    return search_response(request, pick_documents)
