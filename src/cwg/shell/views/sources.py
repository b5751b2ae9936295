"""What the shell pages list, read through the owning apps' query functions (each decides visibility)."""

from __future__ import annotations

from django.utils import timezone

from cwg.consultations.queries import open_consultations as visible_open_consultations
from cwg.groups.queries import visible_groups
from cwg.meetings.queries import open_contribution_deadlines
from cwg.meetings.queries import upcoming_meetings as visible_upcoming_meetings


def groups(user) -> list:
    return list(visible_groups(user).order_by("slug"))


def upcoming_meetings(user, limit: int = 8) -> list:
    qs = visible_upcoming_meetings(user, on=timezone.localdate())
    return list(qs.exclude(status="cancelled")[:limit])


def open_consultations(user, limit: int = 8) -> list:
    qs = visible_open_consultations(user, timezone.now())
    return list(qs.order_by("closes_at", "id")[:limit])


def contribution_deadlines(user, limit: int = 5) -> list:
    """The meetings a delegate may still contribute to, soonest deadline first."""
    return open_contribution_deadlines(user)[:limit]
