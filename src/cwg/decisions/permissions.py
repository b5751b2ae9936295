"""Who may see and write decisions and actions, and the fetch-and-authorise helpers."""

from __future__ import annotations

from django.http import Http404

from cwg.decisions.models import Action, Decision, DecisionStatus
from cwg.meetings.permissions import can_see_drafts, can_view_meeting
from cwg.registry.access import is_chair, is_secretariat


def can_view_decision(user, decision: Decision) -> bool:
    """An approved decision as its meeting; a draft for the secretariat and officers only.

    Its query form is `cwg.decisions.queries.visible_decisions` (docs/visibility.md).
    """
    if decision.status != DecisionStatus.APPROVED and not can_see_drafts(
        user, decision.meeting.group_id
    ):
        return False
    return can_view_meeting(user, decision.meeting)


def can_record_decisions(user, group) -> bool:
    """Record and edit draft decisions: the secretariat."""
    return is_secretariat(user, group)


def can_approve_decisions(user, group) -> bool:
    """Approval records the group's decision: the secretariat, or the chair who announced it."""
    return is_secretariat(user, group) or is_chair(user, group)


def can_manage_actions(user, group) -> bool:
    """Add actions and move them along: the secretariat and the chair."""
    return is_secretariat(user, group) or is_chair(user, group)


def get_decision_for(user, decision_id) -> Decision:
    try:
        decision = Decision.objects.select_related("meeting__group", "addressee_group").get(
            pk=int(decision_id)
        )
    except (Decision.DoesNotExist, TypeError, ValueError):
        raise Http404("No such decision.") from None
    if not can_view_decision(user, decision):
        raise Http404("No such decision.")
    return decision


def get_action_for(user, action_id) -> Action:
    try:
        action = Action.objects.select_related("decision__meeting__group", "assignee_group").get(
            pk=int(action_id)
        )
    except (Action.DoesNotExist, TypeError, ValueError):
        raise Http404("No such action.") from None
    if not can_view_decision(user, action.decision):
        raise Http404("No such action.")
    return action
