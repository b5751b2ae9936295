"""The approved decisions in a group's public Atom feed (a cwg.core.sections part of "group_feed")."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from cwg.core.i18n import pick
from cwg.decisions.models import DecisionStatus
from cwg.decisions.queries import visible_decisions
from cwg.meetings.feeds import FEED_SIZE, FeedItem, midday


def group_feed_decisions(group, anonymous, so_far) -> dict:
    decisions = (
        visible_decisions(anonymous, group)
        .filter(status=DecisionStatus.APPROVED)
        .order_by("-approved_at")[:FEED_SIZE]
    )
    items = [
        FeedItem(
            guid=f"cwg:decision:{decision.pk}",
            title=_("%(group)s – decision %(meeting)s/%(number)s")
            % {
                "group": group.display_acronym(),
                "meeting": decision.meeting.number,
                "number": decision.number,
            },
            summary=pick(decision.text),
            link=reverse("decisions:detail", args=[decision.pk]),
            updated=midday(decision.approved_at or decision.meeting.end_date),
        )
        for decision in decisions
    ]
    return {"decisions": items}
