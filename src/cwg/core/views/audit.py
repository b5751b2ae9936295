"""The change history of one record (who, when, before and after), for the members of its group."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.shortcuts import render

from cwg.core.models import AuditEvent
from cwg.registry.access import can_see_level, is_member


@dataclass
class Change:
    field: str
    before: Any
    after: Any


@dataclass
class HistoryEntry:
    event: AuditEvent
    changes: list[Change]
    hash_ok: bool


def _meeting(user, pk):
    from cwg.meetings.permissions import get_meeting_for

    meeting = get_meeting_for(user, pk)
    return meeting, meeting.group_id


def _agenda_item(user, pk):
    from cwg.meetings.permissions import get_agenda_item_for

    item = get_agenda_item_for(user, pk)
    return item, item.meeting.group_id


def _decision(user, pk):
    from cwg.decisions.permissions import get_decision_for

    decision = get_decision_for(user, pk)
    return decision, decision.meeting.group_id


def _action(user, pk):
    from cwg.decisions.permissions import get_action_for

    action = get_action_for(user, pk)
    return action, action.decision.meeting.group_id


def _document(user, pk):
    from cwg.documents.models import Document

    doc = Document.objects.select_related("group", "meeting__group").filter(pk=pk).first()
    if doc is None or not can_see_level(user, doc.group_id, doc.effective_access()):
        raise Http404("No such document.")
    return doc, doc.group_id


def _meeting_report(user, pk):
    from cwg.documents.models import MeetingReport

    report = MeetingReport.objects.select_related("meeting__group").filter(pk=pk).first()
    if report is None:
        raise Http404("No such report.")
    _meeting(user, report.meeting_id)
    return report, report.meeting.group_id


def _group(user, pk):
    from cwg.groups.models import Group, Visibility

    group = Group.objects.filter(pk=pk).first()
    if group is None or (group.visibility != Visibility.PUBLIC and not is_member(user, group)):
        raise Http404("No such group.")
    return group, group.pk


# The record types whose history can be shown: URL name → (audit object_type, loader).
RECORD_TYPES = {
    "meeting": ("meetings.meeting", _meeting),
    "agenda-item": ("meetings.agendaitem", _agenda_item),
    "decision": ("decisions.decision", _decision),
    "action": ("decisions.action", _action),
    "document": ("documents.document", _document),
    "meeting-report": ("documents.meetingreport", _meeting_report),
    "group": ("groups.group", _group),
}


def _changes(before: Any, after: Any) -> list[Change]:
    before = before if isinstance(before, dict) else ({} if before is None else {"value": before})
    after = after if isinstance(after, dict) else ({} if after is None else {"value": after})
    fields = sorted(set(before) | set(after))
    return [
        Change(name, before.get(name), after.get(name))
        for name in fields
        if before.get(name) != after.get(name)
    ]


def load_record(user, record_type: str, record_id) -> tuple[Any, int, str]:
    """The record, its group id and its audit type, if the person may see its history."""
    if record_type not in RECORD_TYPES:
        raise Http404("No history for this kind of record.")
    object_type, loader = RECORD_TYPES[record_type]
    try:
        pk = int(record_id)
    except (TypeError, ValueError):
        raise Http404("No such record.") from None
    obj, group_id = loader(user, pk)
    # Who changed what is shown to the group's members; to others the history does not exist.
    if not is_member(user, group_id):
        raise Http404("No such record.")
    return obj, group_id, object_type


def history_for(user, record_type: str, record_id) -> list[HistoryEntry]:
    _, _, object_type = load_record(user, record_type, record_id)
    events = AuditEvent.objects.filter(object_type=object_type, object_id=str(int(record_id)))
    return [
        HistoryEntry(
            event=e,
            changes=_changes(e.before, e.after),
            hash_ok=e.compute_hash() == e.entry_hash,
        )
        for e in events.order_by("id")
    ]


def history_page(request, record_type: str, record_id):
    obj, _, _ = load_record(request.user, record_type, record_id)
    entries = history_for(request.user, record_type, record_id)
    return render(
        request,
        "core/history.html",
        {"record": obj, "record_type": record_type, "entries": entries},
    )


ACTIVITY_PAGE_SIZE = 100


def group_activity(
    user, slug: str, *, before_id: int | None = None
) -> tuple[Any, list[HistoryEntry]]:
    """The latest changes to every record of a group, newest first, for its members."""
    from cwg.meetings.permissions import get_group_for

    group = get_group_for(user, slug)
    if not is_member(user, group):
        raise Http404("No such group.")
    events = AuditEvent.objects.filter(group_id=group.pk).order_by("-id")
    if before_id:
        events = events.filter(id__lt=before_id)
    return group, [
        HistoryEntry(
            event=e,
            changes=_changes(e.before, e.after),
            hash_ok=e.compute_hash() == e.entry_hash,
        )
        for e in events[:ACTIVITY_PAGE_SIZE]
    ]


def group_activity_page(request, group_slug: str):
    before = request.GET.get("before", "")
    group, entries = group_activity(
        request.user, group_slug, before_id=int(before) if before.isdigit() else None
    )
    return render(
        request,
        "core/history.html",
        {
            "record": group,
            "record_type": "group-activity",
            "entries": entries,
            "newest_first": True,
            "older": entries[-1].event.id if len(entries) == ACTIVITY_PAGE_SIZE else None,
        },
    )
