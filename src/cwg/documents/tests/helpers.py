"""Meetings placed in time relative to today, for deadline tests."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cwg.core.testing.factories import MeetingFactory


def meeting_in(group, days: int, *, length: int = 2, deadline_days: int = 12, **extra):
    """A meeting of the group starting `days` from today (negative: in the past)."""
    start = timezone.now().date() + dt.timedelta(days=days)
    return MeetingFactory(
        group=group,
        start_date=start,
        end_date=start + dt.timedelta(days=length - 1),
        contribution_deadline_days=deadline_days,
        **extra,
    )


TITLE = {"en": "Internet public policy", "fr": "Politiques publiques de l'Internet"}
