"""The documents in a group's public Atom feed (a cwg.core.sections part of "group_feed")."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from cwg.core.access_levels import AccessLevel
from cwg.documents.models import Document
from cwg.groups.models import Visibility
from cwg.meetings.feeds import FEED_SIZE, FeedItem
from cwg.meetings.queries import public_meeting_filter


def group_feed_documents(group, anonymous, so_far) -> dict:
    documents = (
        Document.objects.filter(group=group, withdrawn=False)
        .filter(
            # Public by itself, or inheriting from a public meeting (or a public group).
            Q(access_level=AccessLevel.PUBLIC)
            | Q(
                access_level=AccessLevel.INHERIT,
                meeting__isnull=True,
                group__visibility=Visibility.PUBLIC,
            )
            | (
                Q(access_level=AccessLevel.INHERIT, meeting__isnull=False)
                & public_meeting_filter("meeting__")
            )
        )
        .order_by("-submitted_at")[:FEED_SIZE]
    )
    items = [
        FeedItem(
            guid=f"cwg:document:{doc.pk}",
            title=f"{doc.display_symbol}: {doc.display_title()}",
            summary=doc.get_document_type_display(),
            link=reverse("meetings:detail", args=[doc.meeting_id]) + f"#doc-{doc.pk}"
            if doc.meeting_id
            else f"{reverse('meetings:index')}?group={group.slug}",
            updated=doc.submitted_at,
        )
        for doc in documents
    ]
    return {"documents": items}
