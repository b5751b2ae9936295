"""Every write of decisions and actions: record, amend, approve, track, link fulfilling documents."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from cwg.core.access_levels import AccessLevel
from cwg.core.audit import record
from cwg.core.dates import read_date
from cwg.core.exceptions import Conflict, InvalidInput, NotAllowed
from cwg.core.i18n import document_language, validate_texts
from cwg.decisions.models import Action, ActionStatus, AddresseeKind, Decision, DecisionStatus
from cwg.decisions.permissions import (
    can_approve_decisions,
    can_manage_actions,
    can_record_decisions,
)
from cwg.documents.models import Document
from cwg.groups.models import Group
from cwg.meetings.models import Meeting, MeetingStatus
from cwg.meetings.notifications import notify_group
from cwg.registry.access import can_see_level

# Where an action may go from each status; done and dropped actions can be reopened.
ACTION_MOVES = {
    ActionStatus.OPEN: {ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.DROPPED},
    ActionStatus.IN_PROGRESS: {ActionStatus.OPEN, ActionStatus.DONE, ActionStatus.DROPPED},
    ActionStatus.DONE: {ActionStatus.IN_PROGRESS},
    ActionStatus.DROPPED: {ActionStatus.OPEN},
}

DECISION_FIELDS = ("text", "noted", "addressee_kind", "addressee_group", "deliverable", "due_date")


def _as_date(value, field: str) -> dt.date | None:
    return None if value is None or value == "" else read_date(value, field)


def _resolve_group(value, field: str):

    if value is None or isinstance(value, Group):
        return value
    group = Group.objects.filter(slug=str(value)).first()
    if group is None and str(value).isdigit():
        group = Group.objects.filter(pk=int(value)).first()
    if group is None:
        raise InvalidInput(f"no group {value!r}", field=field)
    return group


def _check_addressee(kind: str, group, own_group, *, field: str) -> None:
    if kind not in AddresseeKind.values:
        raise InvalidInput(
            f"{field}_kind must be one of {', '.join(AddresseeKind.values)}; got {kind!r}",
            field=f"{field}_kind",
        )
    if kind == AddresseeKind.GROUP:
        if group is None:
            raise InvalidInput(
                f"name the group the {field} is addressed to ({field}_group)",
                field=f"{field}_group",
            )
        if group.pk == own_group.pk:
            raise InvalidInput(
                f"{field}_group must be another group than {own_group}", field=f"{field}_group"
            )
    elif group is not None:
        raise InvalidInput(
            f"{field}_group is only for a {field} addressed to another group",
            field=f"{field}_group",
        )


def _decision_snapshot(decision: Decision) -> dict[str, Any]:
    return {
        "number": decision.number,
        "status": decision.status,
        "text": decision.text,
        "noted": decision.noted,
        "addressee_kind": decision.addressee_kind,
        "addressee_group": decision.addressee_group_id,
        "related_groups": sorted(g.pk for g in decision.related_groups.all())
        if decision.pk
        else [],
        "deliverable": decision.deliverable,
        "due_date": decision.due_date,
        "approved_at": decision.approved_at,
    }


def _clean_decision(meeting, values: dict[str, Any], current: Decision | None) -> dict[str, Any]:
    unknown = set(values) - set(DECISION_FIELDS) - {"related_groups"}
    if unknown:
        name = sorted(unknown)[0]
        raise InvalidInput(f"{name} cannot be set on a decision", field=name)
    clean = dict(values)
    if "text" in clean or current is None:
        clean["text"] = validate_texts(clean.get("text") or {})
        if not clean["text"]:
            raise InvalidInput("text needs the decision in at least one language", field="text")
    for name in ("noted", "deliverable"):
        if name in clean:
            clean[name] = validate_texts(clean[name] or {})
    if "addressee_group" in clean:
        clean["addressee_group"] = _resolve_group(clean["addressee_group"], "addressee_group")
    kind = clean.get("addressee_kind", current.addressee_kind if current else None)
    if not kind:
        raise InvalidInput("addressee_kind is required", field="addressee_kind")
    group = clean.get("addressee_group", current.addressee_group if current else None)
    if (
        "addressee_kind" in clean
        and clean["addressee_kind"] != AddresseeKind.GROUP
        and "addressee_group" not in clean
    ):
        group = clean["addressee_group"] = None
    _check_addressee(kind, group, meeting.group, field="addressee")
    if "due_date" in clean:
        clean["due_date"] = _as_date(clean["due_date"], "due_date")
        if clean["due_date"] and clean["due_date"] < meeting.start_date:
            raise InvalidInput(
                f"due_date ({clean['due_date'].isoformat()}) cannot be before the meeting "
                f"({meeting.start_date.isoformat()})",
                field="due_date",
            )
    if "related_groups" in clean:
        clean["related_groups"] = [
            _resolve_group(g, "related_groups") for g in (clean["related_groups"] or [])
        ]
    return clean


def record_decision(actor, meeting, **values) -> Decision:
    """Record a draft decision at a meeting, numbered after the meeting's last one."""
    if not can_record_decisions(actor, meeting.group):
        raise NotAllowed(f"Only the secretariat of {meeting.group} may record decisions.")
    if meeting.status == MeetingStatus.CANCELLED:
        raise Conflict("a cancelled meeting takes no decisions", field="meeting")
    clean = _clean_decision(meeting, values, None)
    related = clean.pop("related_groups", [])
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()  # serialise numbering
        last = Decision.objects.filter(meeting=meeting).aggregate(m=Max("number"))["m"] or 0
        decision = Decision.objects.create(meeting=meeting, number=last + 1, **clean)
        decision.related_groups.set(related)
        record(
            actor,
            "decision.create",
            decision,
            group_id=meeting.group_id,
            after=_decision_snapshot(decision),
        )
    return decision


def update_decision(actor, decision: Decision, **values) -> Decision:
    """Amend a draft decision; an approved decision is the group's word and cannot change."""
    meeting = decision.meeting
    if not can_record_decisions(actor, meeting.group):
        raise NotAllowed(f"Only the secretariat of {meeting.group} may amend decisions.")
    with transaction.atomic():
        decision = (
            Decision.objects.select_for_update(of=("self",))
            .select_related("addressee_group")
            .get(pk=decision.pk)
        )
        if decision.status == DecisionStatus.APPROVED:
            raise Conflict("an approved decision cannot be amended", field="status")
        clean = _clean_decision(meeting, values, decision)
        related = clean.pop("related_groups", None)
        before = _decision_snapshot(decision)
        for name, value in clean.items():
            setattr(decision, name, value)
        decision.save()
        if related is not None:
            decision.related_groups.set(related)
        after = _decision_snapshot(decision)
        if after != before:
            record(
                actor,
                "decision.update",
                decision,
                group_id=meeting.group_id,
                before=before,
                after=after,
            )
    return decision


def approve_decision(actor, decision: Decision, *, approved_on=None) -> Decision:
    """The group approved the decision; from then on its text is fixed."""
    meeting = decision.meeting
    if not can_approve_decisions(actor, meeting.group):
        raise NotAllowed(
            f"Only the secretariat or the chair of {meeting.group} may approve decisions."
        )
    approved_on = _as_date(approved_on, "approved_on") or min(
        timezone.localdate(), meeting.end_date
    )
    if approved_on < meeting.start_date:
        raise InvalidInput(
            f"approved_on ({approved_on.isoformat()}) cannot be before the meeting began "
            f"({meeting.start_date.isoformat()})",
            field="approved_on",
        )
    if approved_on > timezone.localdate():
        raise InvalidInput("approved_on cannot be in the future", field="approved_on")
    with transaction.atomic():
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        if decision.status == DecisionStatus.APPROVED:
            raise Conflict(f"decision {decision.number} is already approved", field="status")
        before = {"status": decision.status, "approved_at": None}
        decision.status = DecisionStatus.APPROVED
        decision.approved_at = approved_on
        decision.save(update_fields=["status", "approved_at"])
        record(
            actor,
            "decision.approve",
            decision,
            group_id=meeting.group_id,
            before=before,
            after={"status": decision.status, "approved_at": approved_on},
        )
        _notify(
            meeting,
            lambda: (
                gettext("Decision %(number)s of meeting %(meeting)s approved")
                % {"number": decision.number, "meeting": meeting.number},
                decision.display_text(document_language()),
            ),
        )
    return decision


def _notify(meeting, compose) -> None:
    """Tell subscribers following changes; `compose` gives (subject, body) in each reader's
    language, run once per language and time zone."""

    group = meeting.group

    def message():
        subject, body = compose()
        return f"[{group.display_acronym(document_language())}] {subject}", body

    notify_group(
        group,
        compose=message,
        members_only=meeting.effective_access() != AccessLevel.PUBLIC,
        topic="changes",
    )


# Actions --------------------------------------------------------------------------------------


def _action_snapshot(action: Action, documents=None) -> dict[str, Any]:
    data = {
        "description": action.description,
        "assignee_kind": action.assignee_kind,
        "assignee_group": action.assignee_group_id,
        "status": action.status,
        "due_date": action.due_date,
    }
    if documents is not None:
        data["fulfilled_by"] = sorted(documents)
    return data


def add_action(
    actor,
    decision: Decision,
    *,
    description: dict,
    assignee_kind: str,
    assignee_group=None,
    due_date=None,
) -> Action:
    meeting = decision.meeting
    if not can_manage_actions(actor, meeting.group):
        raise NotAllowed(f"Only the secretariat or the chair of {meeting.group} may add actions.")
    description = validate_texts(description or {})
    if not description:
        raise InvalidInput("description needs a text in at least one language", field="description")
    assignee_group = _resolve_group(assignee_group, "assignee_group")
    _check_addressee(assignee_kind, assignee_group, meeting.group, field="assignee")
    due = _as_date(due_date, "due_date") or decision.due_date
    if due and due < meeting.start_date:
        raise InvalidInput(
            f"due_date ({due.isoformat()}) cannot be before the meeting "
            f"({meeting.start_date.isoformat()})",
            field="due_date",
        )
    with transaction.atomic():
        action = Action.objects.create(
            decision=decision,
            description=description,
            assignee_kind=assignee_kind,
            assignee_group=assignee_group,
            due_date=due,
        )
        record(
            actor,
            "action.create",
            action,
            group_id=meeting.group_id,
            after=_action_snapshot(action),
        )
    return action


def set_action_status(actor, action: Action, status: str, *, note: str = "") -> Action:
    """Move an action along open → in progress → done / dropped; each move is kept."""
    meeting = action.decision.meeting
    if not can_manage_actions(actor, meeting.group):
        raise NotAllowed(
            f"Only the secretariat or the chair of {meeting.group} may update actions."
        )
    if status not in ActionStatus.values:
        raise InvalidInput(
            f"status must be one of {', '.join(ActionStatus.values)}; got {status!r}",
            field="status",
        )
    note = (note or "").strip()
    if len(note) > 1000:
        raise InvalidInput("note must be at most 1000 characters", field="note")
    if status == ActionStatus.DROPPED and not note:
        raise InvalidInput("say why the action is dropped (note)", field="note")
    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=action.pk)
        current = ActionStatus(action.status)
        if status == current:
            raise Conflict(f"the action is already {current.label.lower()}", field="status")
        if status not in ACTION_MOVES[current]:
            raise Conflict(
                f"an action that is {current.label.lower()} cannot become "
                f"{ActionStatus(status).label.lower()}",
                field="status",
            )
        action.status = status
        action.save(update_fields=["status"])
        after = {"status": status}
        if note:
            after["note"] = note
        record(
            actor,
            "action.status",
            action,
            group_id=meeting.group_id,
            before={"status": current.value},
            after=after,
        )
        _notify(
            meeting,
            lambda: (
                gettext("Action under decision %(number)s is now %(status)s")
                % {
                    "number": action.decision.number,
                    "status": gettext(ActionStatus(status).label).lower(),
                },
                f"{action}\n{note}".strip(),
            ),
        )
    return action


def update_action(
    actor, action: Action, *, description=None, due_date=..., assignee_kind=None, assignee_group=...
) -> Action:
    meeting = action.decision.meeting
    if not can_manage_actions(actor, meeting.group):
        raise NotAllowed(
            f"Only the secretariat or the chair of {meeting.group} may update actions."
        )
    with transaction.atomic():
        action = (
            Action.objects.select_for_update(of=("self",))
            .select_related("assignee_group")
            .get(pk=action.pk)
        )
        before = _action_snapshot(action)
        if description is not None:
            description = validate_texts(description)
            if not description:
                raise InvalidInput(
                    "description needs a text in at least one language", field="description"
                )
            action.description = description
        if due_date is not ...:
            due = _as_date(due_date, "due_date")
            if due and due < meeting.start_date:
                raise InvalidInput("due_date cannot be before the meeting", field="due_date")
            action.due_date = due
        kind = assignee_kind or action.assignee_kind
        group = (
            action.assignee_group
            if assignee_group is ...
            else _resolve_group(assignee_group, "assignee_group")
        )
        if assignee_kind and assignee_kind != AddresseeKind.GROUP and assignee_group is ...:
            group = None
        _check_addressee(kind, group, meeting.group, field="assignee")
        action.assignee_kind, action.assignee_group = kind, group
        action.save()
        after = _action_snapshot(action)
        if after != before:
            record(
                actor,
                "action.update",
                action,
                group_id=meeting.group_id,
                before=before,
                after=after,
            )
    return action


def link_documents(actor, action: Action, document_ids, *, replace: bool = False) -> Action:
    """Link the documents that fulfil an action (any the actor may see, of any group)."""

    meeting = action.decision.meeting
    if not can_manage_actions(actor, meeting.group):
        raise NotAllowed(
            f"Only the secretariat or the chair of {meeting.group} may link documents."
        )
    try:
        ids = sorted({int(i) for i in document_ids})
    except (TypeError, ValueError):
        raise InvalidInput("documents must be a list of document ids", field="documents") from None
    if not ids and not replace:
        raise InvalidInput("name at least one document", field="documents")
    docs = list(Document.objects.filter(pk__in=ids).select_related("group", "meeting__group"))
    found = {d.pk for d in docs}
    for pk in ids:
        if pk not in found:
            raise InvalidInput(f"no document with id {pk}", field="documents")
    for doc in docs:
        if not can_see_level(actor, doc.group_id, doc.effective_access()):
            raise InvalidInput(f"no document with id {doc.pk}", field="documents")
    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=action.pk)
        before_ids = list(action.fulfilled_by.values_list("pk", flat=True))
        if replace:
            action.fulfilled_by.set(docs)
        else:
            action.fulfilled_by.add(*docs)
        after_ids = list(action.fulfilled_by.values_list("pk", flat=True))
        if sorted(after_ids) != sorted(before_ids):
            record(
                actor,
                "action.documents",
                action,
                group_id=meeting.group_id,
                before={"fulfilled_by": sorted(before_ids)},
                after={"fulfilled_by": sorted(after_ids)},
            )
    return action
