"""The public items of a group's Atom feed: meetings, documents and approved decisions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cwg.core.sections import collect
from cwg.meetings.queries import visible_meetings

FEED_SIZE = 50


@dataclass
class FeedItem:
    guid: str
    title: str
    summary: str
    link: str
    updated: dt.datetime


def midday(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


def public_items(group) -> list[FeedItem]:
    """What anyone may see of the group, newest first: computed as an anonymous reader. The
    documents and decisions apps add their items as cwg.core.sections parts of "group_feed"."""
    anonymous = AnonymousUser()
    items: list[FeedItem] = []
    for meeting in visible_meetings(anonymous, group).order_by("-start_date")[:FEED_SIZE]:
        items.append(
            FeedItem(
                guid=f"cwg:meeting:{meeting.pk}",
                title=_("%(group)s – meeting %(number)s (%(date)s, %(status)s)")
                % {
                    "group": group.display_acronym(),
                    "number": meeting.number,
                    "date": meeting.start_date.isoformat(),
                    # The status labels are translated where the pages show them.
                    "status": _(meeting.get_status_display()).lower(),
                },
                summary=str(meeting.venue) if meeting.venue_id else "",
                link=reverse("meetings:detail", args=[meeting.pk]),
                updated=midday(min(meeting.start_date, timezone.localdate())),
            )
        )
    for part in collect("group_feed", group=group, anonymous=anonymous).values():
        items.extend(part)
    items.sort(key=lambda i: i.updated, reverse=True)
    return items[:FEED_SIZE]
