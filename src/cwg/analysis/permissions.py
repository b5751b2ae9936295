"""Who may see and change a gap analysis: group members read, the group's secretariat writes."""

from __future__ import annotations

from django.http import Http404

from cwg.analysis.models import GapAnalysis
from cwg.core.exceptions import NotAllowed
from cwg.registry import access


def can_view(user, analysis) -> bool:
    return access.is_member(user, analysis.group_id)


def can_edit(user, analysis) -> bool:
    return access.is_secretariat(user, analysis.group_id)


def can_create(user, group) -> bool:
    return access.is_secretariat(user, group)


def can_load_mandates(user) -> bool:
    """The mandate catalogue is shared by every group: any secretariat may refresh it."""
    standing = access.standing(user)
    return standing.is_superuser or any(
        "secretariat" in roles for roles in standing.roles_by_group.values()
    )


def get_analysis_for(user, pk, *, edit: bool = False):
    """The analysis if the person may see it (and change it when `edit`); 404 for outsiders."""

    analysis = GapAnalysis.objects.select_related("group", "decision").filter(pk=pk).first()
    if analysis is None or not can_view(user, analysis):
        raise Http404("No such gap analysis.")
    if edit and not can_edit(user, analysis):
        raise NotAllowed("only the group's secretariat may change this gap analysis")
    return analysis
