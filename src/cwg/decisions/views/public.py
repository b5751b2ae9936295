"""Decision and action pages for readers: a group's decisions, one decision, the action tracker."""

from __future__ import annotations

from django.shortcuts import render

from cwg.decisions import queries
from cwg.decisions.forms import ActionForm, ActionStatusForm, ApproveForm, LinkDocumentsForm
from cwg.decisions.models import ActionStatus
from cwg.decisions.permissions import (
    can_approve_decisions,
    can_manage_actions,
    can_record_decisions,
    get_decision_for,
)
from cwg.groups.permissions import get_group_for
from cwg.registry.access import is_member


def _attach_history(actions, member: bool) -> None:
    # Who moved an action, and when, is shown to members only.
    history = queries.action_history(actions) if member else {}
    for action in actions:
        action.history_events = history.get(action.pk, [])


def group_decisions(request, group_slug: str):
    group = get_group_for(request.user, group_slug)
    decisions = list(queries.decisions_with_actions(request.user, group))
    return render(
        request,
        "decisions/list.html",
        {"group": group, "decisions": decisions, "can_see_history": is_member(request.user, group)},
    )


def detail(request, decision_id: int):
    decision = get_decision_for(request.user, decision_id)
    group = decision.meeting.group
    decision = queries.decisions_with_actions(request.user, group).filter(pk=decision.pk).first()
    actions = list(decision.actions.all())
    member = is_member(request.user, group)
    _attach_history(actions, member)
    manage = can_manage_actions(request.user, group)
    if manage:
        # Each action's small forms get ids of their own: the page holds one pair per action.
        for action in actions:
            action.status_form = ActionStatusForm(
                auto_id=f"id_status{action.pk}_%s", initial={"status": action.status}
            )
            action.link_form = LinkDocumentsForm(auto_id=f"id_link{action.pk}_%s")
    return render(
        request,
        "decisions/detail.html",
        {
            "decision": decision,
            "group": group,
            "actions": actions,
            "can_see_history": member,
            "can_record": can_record_decisions(request.user, group),
            "can_approve": can_approve_decisions(request.user, group),
            "can_manage_actions": manage,
            "action_form": ActionForm(),
            "approve_form": ApproveForm(auto_id="id_approve_%s"),
        },
    )


def tracker(request, group_slug: str):
    """Every action of a group with its status; `?status=` and `?due=<days>` narrow it."""
    group = get_group_for(request.user, group_slug)
    status = request.GET.get("status", "")
    due = request.GET.get("due", "")
    if due.isdigit():
        actions = queries.actions_due(request.user, int(due), group=group)
    else:
        actions = (
            queries.visible_actions(request.user, group)
            .prefetch_related(queries.fulfilling_documents(request.user))
            .order_by("status", "due_date", "id")
        )
    if status in ActionStatus.values:
        actions = actions.filter(status=status)
    actions = list(actions)
    member = is_member(request.user, group)
    _attach_history(actions, member)
    return render(
        request,
        "decisions/tracker.html",
        {
            "group": group,
            "actions": actions,
            "status": status,
            "due": due,
            "statuses": ActionStatus.choices,
            "can_see_history": member,
        },
    )
