"""Read side of the meetings domain: what a reader may see, loaded in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from cwg.core.access import MEMBER_ROLES, standing
from cwg.core.access_levels import AccessLevel
from cwg.groups.models import Visibility
from cwg.meetings.models import AgendaItem, Delegation, Meeting, Participant


def member_group_filter(user, prefix: str = "group") -> Q | None:
    """A filter on `<prefix>_id` for the groups whose member-only records the person may see.

    None means every group (superuser or a platform-wide member role such as Council member).
    """
    s = standing(user)
    if s.is_superuser:
        return None
    if MEMBER_ROLES & s.roles_by_group.get(None, set()):
        return None
    ids = [
        gid for gid, roles in s.roles_by_group.items() if gid is not None and MEMBER_ROLES & roles
    ]
    return Q(**{f"{prefix}_id__in": ids})


def public_meeting_filter(prefix: str = "") -> Q:
    """Meetings whose effective access is public (set, or inherited from a public group)."""
    return Q(**{f"{prefix}access_level": AccessLevel.PUBLIC}) | Q(
        **{
            f"{prefix}access_level": AccessLevel.INHERIT,
            f"{prefix}group__visibility": Visibility.PUBLIC,
        }
    )


def visible_meetings(user, group=None) -> QuerySet[Meeting]:
    qs = Meeting.objects.select_related("group", "venue")
    if group is not None:
        qs = qs.filter(group=group)
    members = member_group_filter(user)
    if members is not None:
        qs = qs.filter(public_meeting_filter() | members)
    return qs


def upcoming_meetings(user, group=None, *, on: dt.date | None = None) -> QuerySet[Meeting]:
    on = on or timezone.localdate()
    return visible_meetings(user, group).filter(end_date__gte=on).order_by("start_date")


@dataclass
class DocumentRow:
    """What the meeting page shows of one document, computed without further queries."""

    document: object
    access: str
    languages: list[tuple[str, str]] = field(default_factory=list)  # (language, status)
    sources: list[str] = field(default_factory=list)


def visible_documents(user, meeting: Meeting) -> QuerySet:
    """The meeting's documents the person may see (withdrawn ones are kept and marked)."""
    from cwg.core.access import can_see_level
    from cwg.documents.models import Document

    qs = Document.objects.filter(meeting=meeting)
    if not can_see_level(user, meeting.group_id, AccessLevel.MEMBERS):
        qs = qs.exclude(access_level=AccessLevel.MEMBERS)
        if meeting.effective_access() != AccessLevel.PUBLIC:
            qs = qs.filter(access_level=AccessLevel.PUBLIC)
    return qs


def document_rows(user, meeting: Meeting, language: str) -> list[DocumentRow]:
    """Documents with their language versions and sources: three queries whatever their number."""
    from cwg.documents.models import DocumentFile

    docs = (
        visible_documents(user, meeting)
        .only(
            "id",
            "symbol",
            "number",
            "title",
            "document_type",
            "source_kind",
            "access_level",
            "current_revision",
            "is_late",
            "withdrawn",
            "meeting_id",
            "group_id",
        )
        .prefetch_related(
            Prefetch(
                "files",
                queryset=DocumentFile.objects.only(
                    "id", "document_id", "revision", "language", "translation_status"
                ),
            ),
            "source_states",
        )
        .order_by("number", "id")
    )
    meeting_access = meeting.effective_access()
    rows = []
    for doc in docs:
        access = doc.access_level if doc.access_level != AccessLevel.INHERIT else meeting_access
        files = [f for f in doc.files.all() if f.revision == doc.current_revision]
        rows.append(
            DocumentRow(
                document=doc,
                access=access,
                languages=sorted(
                    ((f.language, f.translation_status) for f in files),
                    key=lambda pair: pair[0],
                ),
                sources=[state.name(language) for state in doc.source_states.all()],
            )
        )
    return rows


def agenda(user, meeting: Meeting) -> list[AgendaItem]:
    """Agenda items with the visible documents under each (two queries)."""
    docs = visible_documents(user, meeting).only("id", "symbol", "current_revision", "title")
    return list(
        AgendaItem.objects.filter(meeting=meeting)
        .prefetch_related(Prefetch("documents", queryset=docs.order_by("number", "id")))
        .order_by("number")
    )


def delegations(meeting: Meeting) -> list[Delegation]:
    return list(
        Delegation.objects.filter(meeting=meeting)
        .select_related("member_state")
        .prefetch_related(
            Prefetch(
                "delegates",
                queryset=Participant.objects.select_related("person").order_by(
                    "kind", "person__last_name"
                ),
            )
        )
    )


def other_participants(meeting: Meeting) -> list[Participant]:
    return list(
        Participant.objects.filter(meeting=meeting, delegation__isnull=True)
        .select_related("person", "organisation")
        .order_by("kind", "person__last_name")
    )


def meeting_report(meeting: Meeting):
    """The meeting's report record, or None (one query)."""
    from cwg.documents.models import MeetingReport

    return (
        MeetingReport.objects.filter(meeting=meeting)
        .select_related("document", "approved_at_meeting")
        .first()
    )
