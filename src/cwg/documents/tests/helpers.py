"""Meetings placed in time relative to today, for deadline tests."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from cwg.core.testing.factories import MeetingFactory


def meeting_in(group, days: int, *, length: int = 2, deadline_days: int = 12, **extra):
    """A meeting of the group starting `days` from today (negative: in the past)."""
    start = timezone.now().date() + dt.timedelta(days=days)
    # Numbers from 1000 up leave the low numbers free for tests that name them.
    extra.setdefault("number", next(_numbers))
    return MeetingFactory(
        group=group,
        start_date=start,
        end_date=start + dt.timedelta(days=length - 1),
        contribution_deadline_days=deadline_days,
        **extra,
    )


_numbers = itertools.count(1000)

TITLE = {"en": "Internet public policy", "fr": "Politiques publiques de l'Internet"}
