"""The public items of a group's Atom feed: meetings, documents and approved decisions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from cwg.core.i18n import pick

FEED_SIZE = 50


@dataclass
class FeedItem:
    guid: str
    title: str
    summary: str
    link: str
    updated: dt.datetime


def _midday(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


def public_items(group) -> list[FeedItem]:
    """What anyone may see of the group, newest first: computed as an anonymous reader."""
    from cwg.decisions.models import DecisionStatus
    from cwg.decisions.queries import visible_decisions
    from cwg.documents.queries import visible_documents
    from cwg.meetings.queries import visible_meetings

    anonymous = AnonymousUser()
    items: list[FeedItem] = []
    for meeting in visible_meetings(anonymous, group).order_by("-start_date")[:FEED_SIZE]:
        items.append(
            FeedItem(
                guid=f"cwg:meeting:{meeting.pk}",
                title=f"{group.display_acronym()} – meeting {meeting.number} "
                f"({meeting.start_date.isoformat()}, {meeting.get_status_display().lower()})",
                summary=str(meeting.venue) if meeting.venue_id else "",
                link=reverse("meetings:detail", args=[meeting.pk]),
                updated=_midday(min(meeting.start_date, timezone.localdate())),
            )
        )
    documents = (
        # What an anonymous reader may see: public, and no draft or circulated report.
        visible_documents(anonymous)
        .filter(group=group, withdrawn=False)
        .select_related("meeting")
        .order_by("-submitted_at")[:FEED_SIZE]
    )
    for doc in documents:
        items.append(
            FeedItem(
                guid=f"cwg:document:{doc.pk}",
                title=f"{doc.display_symbol}: {doc.display_title()}",
                summary=doc.get_document_type_display(),
                link=reverse("meetings:detail", args=[doc.meeting_id]) + f"#doc-{doc.pk}"
                if doc.meeting_id
                else f"{reverse('meetings:index')}?group={group.slug}",
                updated=doc.submitted_at,
            )
        )
    decisions = (
        visible_decisions(anonymous, group)
        .filter(status=DecisionStatus.APPROVED)
        .order_by("-approved_at")[:FEED_SIZE]
    )
    for decision in decisions:
        items.append(
            FeedItem(
                guid=f"cwg:decision:{decision.pk}",
                title=f"{group.display_acronym()} – decision {decision.meeting.number}/{decision.number}",
                summary=pick(decision.text),
                link=reverse("decisions:detail", args=[decision.pk]),
                updated=_midday(decision.approved_at or decision.meeting.end_date),
            )
        )
    items.sort(key=lambda i: i.updated, reverse=True)
    return items[:FEED_SIZE]
