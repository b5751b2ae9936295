"""Public pages of the groups domain: the list of groups and a group's page."""

from __future__ import annotations

from django.shortcuts import render

from cwg.groups.permissions import get_group_or_404
from cwg.groups.queries import group_page, visible_groups


def group_list(request):
    groups = list(visible_groups(request.user).order_by("slug"))
    return render(request, "groups/list.html", {"groups": groups})


def group_detail(request, slug: str):
    group = get_group_or_404(request.user, slug)
    try:
        from cwg.meetings.permissions import can_manage_meetings
    except ImportError:  # the meetings pages are optional to this one
        can_schedule = False
    else:
        can_schedule = can_manage_meetings(request.user, group)
    return render(
        request,
        "groups/detail.html",
        {"page": group_page(request.user, group), "can_schedule": can_schedule},
    )
