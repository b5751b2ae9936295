"""What readers may see of decisions and actions in a group's audit trail."""

from __future__ import annotations

from django.urls import reverse

from cwg.core import history
from cwg.decisions.queries import visible_actions, visible_decisions


def _decisions(reader, group_id: int | None):
    decisions = visible_decisions(reader)
    return decisions if group_id is None else decisions.filter(meeting__group_id=group_id)


def _actions(reader, group_id: int | None):
    actions = visible_actions(reader)
    return actions if group_id is None else actions.filter(decision__meeting__group_id=group_id)


def register() -> None:
    history.register(
        "decisions.decision",
        _decisions,
        group_of=lambda decision: decision.meeting.group_id,
        page_name="decision",
        link=lambda pk: reverse("decisions:detail", args=[pk]),
    )
    history.register(
        "decisions.action",
        _actions,
        group_of=lambda action: action.decision.meeting.group_id,
        page_name="action",
    )
