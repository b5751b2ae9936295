"""Meeting pages anyone may read (within what they may see): list, meeting page, symbols, feed."""

from __future__ import annotations

from django.shortcuts import render

from cwg.core.i18n import document_language
from cwg.core.sections import collect
from cwg.groups.models import Group
from cwg.groups.permissions import get_group_for
from cwg.meetings import queries
from cwg.meetings.forms import StatusForm
from cwg.meetings.models import Subscription
from cwg.meetings.permissions import (
    can_manage_meetings,
    can_see_participants,
    get_meeting_for,
)
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
    language = document_language()
    # The documents app lists the meeting's documents: one page, sorted and filtered by GET.
    listing = collect(
        "meeting_documents", user=user, meeting=meeting, params=request.GET, language=language
    ).get("listing")
    # The list gives each item's documents: the meeting's documents are read once for both.
    context_agenda = (
        queries.agenda_items(
            meeting, listing.item_counts, listing.item_documents, listing.agenda_items
        )
        if listing is not None
        else queries.agenda(user, meeting)
    )
    member = is_member(user, meeting.group_id)
    context = {
        "meeting": meeting,
        "group": meeting.group,
        "listing": listing,
        "agenda": context_agenda,
        # Shown only while the meeting has no agenda items (a draft agenda posted as a document).
        "agenda_documents": []
        if context_agenda
        else collect("meeting_draft_agenda", user=user, meeting=meeting).get(
            "agenda_documents", []
        ),
        # The documents app adds the meeting's report (cwg.core.sections), as decisions add theirs.
        "report": collect("meeting_report", user=user, meeting=meeting).get("report"),
        # The apps above meetings add their parts (the decisions) through cwg.core.sections.
        "decisions": collect("meeting_page", user=user, meeting=meeting).get("decisions", []),
        "show_participants": can_see_participants(user, meeting),
        "can_manage": can_manage_meetings(user, meeting.group),
        "can_contribute": collect("meeting_links", user=user, meeting=meeting).get(
            "can_contribute", False
        ),
        "status_form": StatusForm(
            initial={"status": meeting.status}, auto_id="id_meeting_status_%s"
        ),
        "can_see_history": member,
        "subscribed": user.is_authenticated
        and Subscription.objects.filter(person=user, group=meeting.group).exists(),
    }
    if context["show_participants"]:
        context["delegations"] = queries.delegations(meeting)
        context["others"] = queries.other_participants(meeting)
    # A bad sort or filter value still shows the page, with a message naming it.
    status = 400 if listing is not None and listing.errors else 200
    return render(request, "meetings/detail.html", context, status=status)


def symbols(request, meeting_id: int):
    """Only the symbols of a meeting's documents: the lightest list of the meeting's record."""
    meeting = get_meeting_for(request.user, meeting_id)
    symbols = collect("meeting_symbols", user=request.user, meeting=meeting).get("symbols", [])
    return render(request, "meetings/symbols.html", {"meeting": meeting, "symbols": symbols})
