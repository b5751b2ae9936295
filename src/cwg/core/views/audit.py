"""The change history of one record and the activity of a group, as far as the reader may see.

Which records a reader may see is answered by the apps that own them, through
`cwg.core.history`: this module imports no domain app.
"""

from __future__ import annotations

from django.shortcuts import render

from cwg.core import history
from cwg.core.history_entries import ACTIVITY_PAGE_SIZE, entries_of, group_activity


def history_page(request, record_type: str, record_id):
    record, events = history.record_events(request.user, record_type, record_id)
    return render(
        request,
        "core/history.html",
        {
            "record": record,
            "record_type": record_type,
            "entries": entries_of(events.order_by("id")),
        },
    )


def group_activity_page(request, group_slug: str):
    before = request.GET.get("before", "")
    # One more than a page: whether an older page exists is known without a count.
    group, entries = group_activity(
        request.user,
        group_slug,
        before_id=int(before) if before.isdigit() else None,
        limit=ACTIVITY_PAGE_SIZE + 1,
    )
    has_older = len(entries) > ACTIVITY_PAGE_SIZE
    entries = entries[:ACTIVITY_PAGE_SIZE]
    return render(
        request,
        "core/history.html",
        {
            "record": group,
            "record_type": "group-activity",
            "entries": entries,
            "newest_first": True,
            "older": entries[-1].event.id if has_older else None,
        },
    )
