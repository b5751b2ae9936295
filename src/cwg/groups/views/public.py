"""Public pages of the groups domain: the list of groups and a group's page."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from cwg.core.sections import collect
from cwg.groups.permissions import get_group_for
from cwg.groups.queries import group_page, visible_groups

MEETINGS_SHOWN = 12
DECISIONS_SHOWN = 10


def basis_by_resolution(links) -> list[dict]:
    """Each resolution once, in the order first cited, with every role it plays for the group."""
    grouped: dict[int, dict] = {}
    for link in links:
        entry = grouped.setdefault(link.resolution_id, {"resolution": link.resolution, "links": []})
        entry["links"].append(link)
    return list(grouped.values())


def group_list(request):
    groups = list(visible_groups(request.user).order_by("slug"))
    return render(request, "groups/list.html", {"groups": groups})


def group_detail(request, slug: str):
    """The group's page; the links to act (schedule, contribute, report) follow the reader's role."""
    user = request.user
    group = get_group_for(user, slug)
    page = group_page(user, group)
    # The page shows the latest; the meetings and decisions pages hold the whole record.
    meetings_total, decisions_total = len(page.meetings), len(page.decisions)
    page.meetings = page.meetings[:MEETINGS_SHOWN]
    page.decisions = page.decisions[:DECISIONS_SHOWN]
    # The apps above add their links (schedule, contribute, report) by the reader's role.
    links = collect("group_links", user=user, group=group, page=page)
    return render(
        request,
        "groups/detail.html",
        {
            "page": page,
            "basis": basis_by_resolution(page.legal_basis),
            "today": timezone.localdate(),
            "can_schedule": links.get("can_schedule", False),
            "can_contribute": links.get("can_contribute", False),
            "can_report": links.get("can_report", False),
            "drafting_texts": links.get("drafting_texts", 0),
            "meetings_total": meetings_total,
            "decisions_total": decisions_total,
        },
    )
