"""Meetings as an open-data export: only those the reader may see."""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings

from cwg.core.exports import Dataset, keyset_batches
from cwg.meetings.queries import visible_meetings

LANGUAGES = tuple(settings.UN_LANGUAGES)
COLUMNS = (
    "id",
    "group",
    "number",
    "start_date",
    "end_date",
    "status",
    "access",
    "venue",
    "contribution_deadline",
    *(f"title_{code}" for code in LANGUAGES),
)


def rows(user) -> Iterator[tuple]:
    for meeting in keyset_batches(visible_meetings(user)):
        yield (
            meeting.pk,
            meeting.group.slug,
            meeting.number,
            meeting.start_date,
            meeting.end_date,
            meeting.status,
            meeting.effective_access(),
            str(meeting.venue) if meeting.venue_id else "",
            meeting.contribution_deadline,
            *((meeting.title or {}).get(code, "") for code in LANGUAGES),
        )


DATASET = Dataset("meetings", COLUMNS, rows)
