"""JSON API endpoints of decisions and actions."""

import datetime as dt

from django.http import Http404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from cwg.core.api_auth import permitted, record_id
from cwg.core.cursor import CursorPagination
from cwg.core.exceptions import InvalidInput
from cwg.core.schemas import DayCount, DbId, InputSchema
from cwg.decisions import queries, services
from cwg.decisions.models import Action, Decision
from cwg.decisions.permissions import (
    can_approve_decisions,
    can_manage_actions,
    can_record_decisions,
    get_action_for,
    get_decision_for,
)
from cwg.groups.models import Group
from cwg.groups.permissions import get_group_for
from cwg.meetings.permissions import get_meeting_for
from cwg.registry.access import is_secretariat_anywhere

router = Router()

# Who may try each write, checked before the body is read (an outsider learns nothing of it).


def _decision_group(user, decision_id):
    return get_decision_for(user, record_id(decision_id)).meeting.group_id


def _action_group(user, action_id):
    return get_action_for(user, record_id(action_id)).decision.meeting.group_id


MAY_RECORD = permitted(
    lambda user: is_secretariat_anywhere(user), "Only the group's secretariat may record decisions."
)
MAY_AMEND = permitted(
    lambda user, decision_id: can_record_decisions(user, _decision_group(user, decision_id)),
    "Only the group's secretariat may amend decisions.",
)
MAY_APPROVE = permitted(
    lambda user, decision_id: can_approve_decisions(user, _decision_group(user, decision_id)),
    "Only the group's secretariat or chair may approve decisions.",
)
MAY_ADD_ACTION = permitted(
    lambda user, decision_id: can_manage_actions(user, _decision_group(user, decision_id)),
    "Only the group's secretariat or chair may manage actions.",
)
MAY_MANAGE_ACTION = permitted(
    lambda user, action_id: can_manage_actions(user, _action_group(user, action_id)),
    "Only the group's secretariat or chair may manage actions.",
)


class ActionOut(Schema):
    id: int
    decision: int
    description: dict
    assignee_kind: str
    assignee_group: str | None
    status: str
    due_date: dt.date | None
    fulfilled_by: list[str]

    @staticmethod
    def resolve_decision(obj: Action) -> int:
        return obj.decision_id

    @staticmethod
    def resolve_assignee_group(obj: Action) -> str | None:
        return obj.assignee_group.slug if obj.assignee_group_id else None

    @staticmethod
    def resolve_fulfilled_by(obj: Action) -> list[str]:
        return [d.symbol for d in obj.fulfilled_by.all()]


class DecisionOut(Schema):
    id: int
    meeting: int
    group: str
    number: int
    status: str
    text: dict
    noted: dict
    addressee_kind: str
    addressee_group: str | None
    related_groups: list[str]
    deliverable: dict
    due_date: dt.date | None
    approved_at: dt.date | None
    actions: list[ActionOut]

    @staticmethod
    def resolve_meeting(obj: Decision) -> int:
        return obj.meeting_id

    @staticmethod
    def resolve_group(obj: Decision) -> str:
        return obj.meeting.group.slug

    @staticmethod
    def resolve_addressee_group(obj: Decision) -> str | None:
        return obj.addressee_group.slug if obj.addressee_group_id else None

    @staticmethod
    def resolve_related_groups(obj: Decision) -> list[str]:
        return [g.slug for g in obj.related_groups.all()]

    @staticmethod
    def resolve_actions(obj: Decision) -> list:
        return list(obj.actions.all())


class DecisionIn(InputSchema):
    meeting: DbId
    text: dict[str, str]
    noted: dict[str, str] = {}
    addressee_kind: str
    addressee_group: str | None = None
    related_groups: list[str] = []
    deliverable: dict[str, str] = {}
    due_date: dt.date | None = None


class DecisionPatch(InputSchema):
    text: dict[str, str] | None = None
    noted: dict[str, str] | None = None
    addressee_kind: str | None = None
    addressee_group: str | None = None
    related_groups: list[str] | None = None
    deliverable: dict[str, str] | None = None
    due_date: dt.date | None = None


class ApproveIn(InputSchema):
    approved_on: dt.date | None = None


class ActionIn(InputSchema):
    description: dict[str, str]
    assignee_kind: str
    assignee_group: str | None = None
    due_date: dt.date | None = None


class ActionPatch(InputSchema):
    description: dict[str, str] | None = None
    assignee_kind: str | None = None
    assignee_group: str | None = None
    due_date: dt.date | None = None


class ActionStatusIn(InputSchema):
    status: str
    note: str = ""


class DocumentsIn(InputSchema):
    documents: list[DbId]
    replace: bool = False


def _decision(user, pk: int) -> Decision:
    get_decision_for(user, pk)  # 404 for outsiders
    return queries.decisions_with_actions(user).get(pk=pk)


def _action(user, pk: int) -> Action:
    get_action_for(user, pk)
    return (
        queries.visible_actions(user)
        .prefetch_related(queries.fulfilling_documents(user))
        .get(pk=pk)
    )


@router.get("/decisions", response=list[DecisionOut])
@paginate(CursorPagination, page_size=50)
def list_decisions(request, group: str | None = None, status: str | None = None):
    group_obj: Group | None = get_group_for(request.user, group) if group else None
    qs = queries.decisions_with_actions(request.user, group_obj)
    if status:
        qs = qs.filter(status=status)
    return qs


@router.get("/decisions/{decision_id}", response=DecisionOut)
def get_decision(request, decision_id: DbId):
    return _decision(request.user, decision_id)


@router.post("/decisions", response={201: DecisionOut}, auth=MAY_RECORD)
def record_decision(request, payload: DecisionIn):
    try:
        meeting = get_meeting_for(request.user, payload.meeting)
    except Http404:
        # The meeting is named in the body: bad input, the same message whether it is unknown
        # or hidden from the caller.
        raise InvalidInput(f"no meeting with id {payload.meeting}", field="meeting") from None
    values = payload.dict(exclude={"meeting"})
    decision = services.record_decision(request.user, meeting, **values)
    return Status(201, _decision(request.user, decision.pk))


@router.patch("/decisions/{decision_id}", response=DecisionOut, auth=MAY_AMEND)
def update_decision(request, decision_id: DbId, payload: DecisionPatch):
    decision = get_decision_for(request.user, decision_id)
    services.update_decision(request.user, decision, **payload.dict(exclude_unset=True))
    return _decision(request.user, decision_id)


@router.post("/decisions/{decision_id}/approve", response=DecisionOut, auth=MAY_APPROVE)
def approve_decision(request, decision_id: DbId, payload: ApproveIn):
    decision = get_decision_for(request.user, decision_id)
    services.approve_decision(request.user, decision, approved_on=payload.approved_on)
    return _decision(request.user, decision_id)


@router.post("/decisions/{decision_id}/actions", response={201: ActionOut}, auth=MAY_ADD_ACTION)
def add_action(request, decision_id: DbId, payload: ActionIn):
    decision = get_decision_for(request.user, decision_id)
    action = services.add_action(request.user, decision, **payload.dict())
    return Status(201, _action(request.user, action.pk))


@router.get("/actions", response=list[ActionOut])
@paginate(CursorPagination, page_size=100)
def list_actions(
    request, group: str | None = None, status: str | None = None, due_within: DayCount | None = None
):
    """Actions the reader may see; `due_within=N` gives open ones due in N days or overdue."""
    group_obj = get_group_for(request.user, group) if group else None
    if due_within is not None:
        if due_within < 0:
            raise InvalidInput("due_within must be zero or more days", field="due_within")
        qs = queries.actions_due(request.user, due_within, group=group_obj)
    else:
        qs = queries.visible_actions(request.user, group_obj).prefetch_related(
            queries.fulfilling_documents(request.user)
        )
        qs = qs.order_by("due_date", "id")
    if status:
        qs = qs.filter(status=status)
    return qs


@router.get("/actions/{action_id}", response=ActionOut)
def get_action(request, action_id: DbId):
    return _action(request.user, action_id)


@router.patch("/actions/{action_id}", response=ActionOut, auth=MAY_MANAGE_ACTION)
def update_action(request, action_id: DbId, payload: ActionPatch):
    action = get_action_for(request.user, action_id)
    values = payload.dict(exclude_unset=True)
    services.update_action(
        request.user,
        action,
        description=values.get("description"),
        assignee_kind=values.get("assignee_kind"),
        due_date=values.get("due_date", ...),
        assignee_group=values.get("assignee_group", ...),
    )
    return _action(request.user, action_id)


@router.post("/actions/{action_id}/status", response=ActionOut, auth=MAY_MANAGE_ACTION)
def set_action_status(request, action_id: DbId, payload: ActionStatusIn):
    action = get_action_for(request.user, action_id)
    services.set_action_status(request.user, action, payload.status, note=payload.note)
    return _action(request.user, action_id)


@router.post("/actions/{action_id}/documents", response=ActionOut, auth=MAY_MANAGE_ACTION)
def link_documents(request, action_id: DbId, payload: DocumentsIn):
    action = get_action_for(request.user, action_id)
    services.link_documents(request.user, action, payload.documents, replace=payload.replace)
    return _action(request.user, action_id)
