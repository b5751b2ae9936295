"""When contributions to a meeting are due, and when a meeting is over (UTC, end of day)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def end_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.max, tzinfo=dt.UTC)


def contribution_deadline(meeting) -> dt.datetime:
    """The end (UTC) of the day `contribution_deadline_days` before the meeting's first day."""
    return end_of_day(meeting.start_date - dt.timedelta(days=meeting.contribution_deadline_days))


def is_past_deadline(meeting, now: dt.datetime | None = None) -> bool:
    return (now or timezone.now()) > contribution_deadline(meeting)


def has_ended(meeting, now: dt.datetime | None = None) -> bool:
    return (now or timezone.now()) > end_of_day(meeting.end_date)
