"""The JSON search behind the Member States picker: only what the reader may see."""

from __future__ import annotations

from cwg.core.pickers import search_response
from cwg.registry.queries import pick_member_states


def pick(request):
    return search_response(request, pick_member_states)
