"""The JSON search behind the groups picker: only what the reader may see."""

from __future__ import annotations

from cwg.core.pickers import search_response
from cwg.groups.queries import pick_groups


def pick(request):
    return search_response(request, pick_groups)
