"""The documents in a group's public Atom feed (a cwg.core.sections part of "group_feed")."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from cwg.documents.queries import visible_documents
from cwg.meetings.feeds import FEED_SIZE, FeedItem


def group_feed_documents(group, anonymous, so_far) -> dict:
    documents = (
        # What an anonymous reader may see: public, and no draft or circulated report.
        visible_documents(anonymous)
        .filter(group=group, withdrawn=False)
        .select_related("meeting")
        .order_by("-submitted_at")[:FEED_SIZE]
    )
    items = [
        FeedItem(
            guid=f"cwg:document:{doc.pk}",
            title=f"{doc.display_symbol}: {doc.display_title()}",
            # The type labels are translated where the pages show them.
            summary=_(doc.get_document_type_display()),
            link=reverse("meetings:detail", args=[doc.meeting_id]) + f"#doc-{doc.pk}"
            if doc.meeting_id
            else f"{reverse('meetings:index')}?group={group.slug}",
            updated=doc.submitted_at,
        )
        for doc in documents
    ]
    return {"documents": items}
