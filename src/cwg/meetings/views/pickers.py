"""The JSON search behind the meetings picker: only what the reader may see."""

from __future__ import annotations

from cwg.core.pickers import search_response
from cwg.meetings.queries import pick_meetings


def pick(request):
    return search_response(request, pick_meetings)
