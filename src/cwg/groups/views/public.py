"""Public pages of the groups domain: the list of groups and a group's page."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from cwg.groups.permissions import get_group_or_404
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
    from cwg.documents.permissions import can_submit_contribution
    from cwg.meetings.permissions import can_manage_meetings
    from cwg.reports.permissions import can_generate_report

    user = request.user
    group = get_group_or_404(user, slug)
    page = group_page(user, group)
    # The page shows the latest; the meetings and decisions pages hold the whole record.
    meetings_total, decisions_total = len(page.meetings), len(page.decisions)
    page.meetings = page.meetings[:MEETINGS_SHOWN]
    page.decisions = page.decisions[:DECISIONS_SHOWN]
    # Delegates may contribute to any meeting of the group that has not ended.
    may_contribute = bool(page.meetings) and can_submit_contribution(user, page.meetings[0])
    return render(
        request,
        "groups/detail.html",
        {
            "page": page,
            "basis": basis_by_resolution(page.legal_basis),
            "today": timezone.localdate(),
            "can_schedule": can_manage_meetings(user, group),
            "can_contribute": may_contribute,
            "can_report": can_generate_report(user, group),
            "meetings_total": meetings_total,
            "decisions_total": decisions_total,
        },
    )
