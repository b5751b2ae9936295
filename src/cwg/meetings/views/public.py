"""Meeting pages anyone may read (within what they may see): list, meeting page, symbols, feed."""

from __future__ import annotations

from django.shortcuts import render

from cwg.core.i18n import document_language
from cwg.core.sections import collect
from cwg.groups.models import Group
from cwg.groups.permissions import get_group_for
from cwg.meetings import queries
from cwg.meetings.models import MeetingStatus, Subscription
from cwg.meetings.permissions import (
    can_manage_meetings,
    can_see_participants,
    get_meeting_for,
)
from cwg.meetings.rendering import document_rows_html
from cwg.registry.access import is_member, is_secretariat


def index(request):
    group = None
    if request.GET.get("group"):
        group = get_group_for(request.user, request.GET["group"])
    meetings = list(
        queries.visible_meetings(request.user, group).order_by("-start_date", "-id")[:200]
    )
    context = {
        "meetings": meetings,
        "group": group,
        "managed_groups": _managed(request, group),
        # The documents app says which meetings the reader may still contribute to.
        "contribute_ids": collect("meetings_list", user=request.user, meetings=meetings).get(
            "contribute_ids", set()
        ),
    }
    return render(request, "meetings/index.html", context)


def _managed(request, group) -> list:
    """The groups whose meetings and documents the reader schedules and posts (secretariat)."""
    if not request.user.is_authenticated:
        return []
    groups = Group.objects.order_by("slug") if group is None else [group]
    return [candidate for candidate in groups if is_secretariat(request.user, candidate.pk)]


def detail(request, meeting_id: int):
    user = request.user
    meeting = get_meeting_for(user, meeting_id)
    # The documents app adds the documents table, the draft agenda and the report
    # (cwg.core.sections parts), as decisions add theirs.
    documents = collect(
        "meeting_documents", user=user, meeting=meeting, language=document_language()
    )
    rows = documents.get("rows", [])
    wanted = request.GET.get("language", "")
    if wanted:
        rows = [r for r in rows if any(v.language == wanted for v in r.languages)]
    member = is_member(user, meeting.group_id)
    context = {
        "meeting": meeting,
        "group": meeting.group,
        "rows": rows,
        "rows_html": document_rows_html(rows),
        "language_filter": wanted,
        "languages": documents.get("languages", []),
        "agenda": queries.agenda(user, meeting),
        "agenda_documents": documents.get("agenda_documents", []),
        "report": collect("meeting_report", user=user, meeting=meeting).get("report"),
        # The apps above meetings add their parts (the decisions) through cwg.core.sections.
        "decisions": collect("meeting_page", user=user, meeting=meeting).get("decisions", []),
        "show_participants": can_see_participants(user, meeting),
        "can_manage": can_manage_meetings(user, meeting.group),
        "can_contribute": collect("meeting_links", user=user, meeting=meeting).get(
            "can_contribute", False
        ),
        "status_choices": MeetingStatus.choices,
        "can_see_history": member,
        "subscribed": user.is_authenticated
        and Subscription.objects.filter(person=user, group=meeting.group).exists(),
    }
    if context["show_participants"]:
        context["delegations"] = queries.delegations(meeting)
        context["others"] = queries.other_participants(meeting)
    return render(request, "meetings/detail.html", context)


def symbols(request, meeting_id: int):
    """Only the symbols of a meeting's documents: the lightest list of the meeting's record."""
    meeting = get_meeting_for(request.user, meeting_id)
    symbols = collect("meeting_symbols", user=request.user, meeting=meeting).get("symbols", [])
    return render(request, "meetings/symbols.html", {"meeting": meeting, "symbols": symbols})
