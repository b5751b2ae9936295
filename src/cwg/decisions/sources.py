"""A decision as a source a drafted text may cite (registered with cwg.core.sources)."""

from __future__ import annotations

from cwg.core.sources import Cited
from cwg.decisions.models import Decision
from cwg.decisions.permissions import can_view_decision


def find_decision(reader, key: str) -> Cited | None:
    if not key.isdigit():
        return None
    decision = Decision.objects.select_related("meeting").filter(pk=int(key)).first()
    if decision is None or not can_view_decision(reader, decision):
        return None
    return Cited("decision", key, str(decision), decision.meeting.group_id)
