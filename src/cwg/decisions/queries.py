"""Read side of decisions and actions: what a reader may see, and what is falling due."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from cwg.core.models import AuditEvent
from cwg.decisions.models import Action, ActionStatus, AddresseeKind, Decision, DecisionStatus
from cwg.documents.queries import visible_documents
from cwg.meetings.permissions import can_see_drafts
from cwg.meetings.queries import drafting_group_filter, member_group_filter, public_meeting_filter
from cwg.registry.access import standing
from cwg.registry.models import Role

OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


def _seen_through_meeting(qs: QuerySet, user, group, meeting: str) -> QuerySet:
    """What the reader may see of `qs`, as they may see its meeting (`meeting`: the path to it)."""
    if group is not None:
        qs = qs.filter(**{f"{meeting}__group": group})
    members = member_group_filter(user, prefix=f"{meeting}__group")
    if members is not None:
        qs = qs.filter(public_meeting_filter(f"{meeting}__") | members)
    return qs


def _drafts_for_drafters(qs: QuerySet, user, decision: str) -> QuerySet:
    """A draft decision (and its actions) only for the group's secretariat and officers.

    The query form of `cwg.decisions.permissions.can_view_decision` (`decision`: the path to
    the decision, "" for the decision itself).
    """
    drafters = drafting_group_filter(user, prefix=f"{decision}meeting__group")
    if drafters is None:
        return qs
    return qs.filter(Q(**{f"{decision}status": DecisionStatus.APPROVED}) | drafters)


def visible_decisions(user, group=None) -> QuerySet[Decision]:
    qs = Decision.objects.select_related("meeting__group", "addressee_group")
    return _drafts_for_drafters(_seen_through_meeting(qs, user, group, "meeting"), user, "")


def fulfilling_documents(user) -> Prefetch:
    """The documents linked to an action, only those the reader may see.

    An action can be public while a document fulfilling it is kept to members: its symbol
    must not show through the action.
    """

    return Prefetch("fulfilled_by", queryset=visible_documents(user).order_by("symbol"))


def decisions_with_actions(user, group=None) -> QuerySet[Decision]:
    return (
        visible_decisions(user, group)
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("assignee_group").prefetch_related(
                    fulfilling_documents(user)
                ),
            ),
            "related_groups",
        )
        .order_by("-meeting__start_date", "number")
    )


def visible_actions(user, group=None) -> QuerySet[Action]:
    qs = Action.objects.select_related("decision__meeting__group", "assignee_group")
    qs = _seen_through_meeting(qs, user, group, "decision__meeting")
    return _drafts_for_drafters(qs, user, "decision__")


def actions_due(user, within_days: int = 30, *, today: dt.date | None = None, group=None):
    """Open or in-progress actions the person may see that are overdue or due within the window.

    Soonest first; actions with no due date are left out (nothing falls due).
    """
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=within_days)
    return (
        visible_actions(user, group)
        .filter(status__in=OPEN_STATUSES, due_date__isnull=False, due_date__lte=horizon)
        .prefetch_related(fulfilling_documents(user))
        .order_by("due_date", "id")
    )


def action_history(actions) -> dict[int, list[AuditEvent]]:
    """The audit events of several actions at once, by action id (one query)."""
    ids = [str(a.pk) for a in actions]
    history: dict[int, list[AuditEvent]] = {a.pk: [] for a in actions}
    for event in AuditEvent.objects.filter(
        object_type="decisions.action", object_id__in=ids
    ).order_by("id"):
        history[int(event.object_id)].append(event)
    return history


def group_page_decisions(user, group, so_far) -> dict:
    """The approved decisions of the meetings the group page lists (a cwg.core.sections part)."""
    visible_ids = [meeting.pk for meeting in so_far.get("meetings", [])]
    decisions = list(
        Decision.objects.filter(meeting_id__in=visible_ids, status=DecisionStatus.APPROVED)
        .select_related("meeting")
        .prefetch_related("actions")
        .order_by("-meeting__number", "number")
    )
    return {"decisions": decisions}


def meeting_page_decisions(user, meeting, so_far) -> dict:
    """The meeting page's decisions (a cwg.core.sections part).

    The page is shown only to those who may see the meeting, so of `visible_decisions` only the
    rule on drafts is left to apply; the page shows no actions, so none are read.
    """
    decisions = Decision.objects.filter(meeting=meeting).select_related("addressee_group")
    if not can_see_drafts(user, meeting.group_id):
        decisions = decisions.filter(status=DecisionStatus.APPROVED)
    return {"decisions": list(decisions.order_by("number"))}


def actions_assigned_to(user) -> QuerySet[Action]:
    """Open actions given to the person by name, or to the chair of a group they chair;
    soonest due first (those with no due date last)."""
    if not getattr(user, "is_authenticated", False):
        return Action.objects.none()
    condition = Q(assignee_person=user)
    for group_id, roles in standing(user).roles_by_group.items():
        if Role.CHAIR in roles:
            to_chair = Q(assignee_kind=AddresseeKind.CHAIR)
            if group_id is not None:
                to_chair &= Q(decision__meeting__group_id=group_id)
            condition |= to_chair
    return (
        visible_actions(user)
        .filter(condition, status__in=OPEN_STATUSES)
        .order_by(F("due_date").asc(nulls_last=True), "id")
    )
