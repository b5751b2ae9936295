"""Which audit events a reader may see: a registry filled by the domain apps, read by core.

Core keeps the audit trail but knows no domain record. Each app registers, for the record
types it writes events about (the `object_type` of `AuditEvent`), the records a reader may
see, built on the same queries and predicates as the records' own pages. The history and
activity pages then show an event only when its record is visible to the reader; an event of
an unregistered type, or of a record that no longer exists, is shown only to those who keep
the group's trail (its secretariat). See docs/visibility.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404

from cwg.core.models import AuditEvent

# (reader, group id or None) -> the records of this type the reader may see (in that group).
VisibleRecords = Callable[[Any, "int | None"], QuerySet]


@dataclass(frozen=True)
class RecordType:
    """One kind of record whose events may be shown."""

    object_type: str
    visible: VisibleRecords
    group_of: Callable[[Any], int | None] | None = None  # needed for a history page
    page_name: str = ""  # the /history/<page_name>/<id>/ segment, if its history has a page
    link: Callable[[Any], str] | None = None  # the record's own page


@dataclass(frozen=True)
class TrailPolicy:
    """Who may read a group's trail at all, who keeps it whole, and how a group is found."""

    find_group: Callable[[Any, str], tuple[Any, int]]  # (reader, slug) -> (group, id) or 404
    reads_trail: Callable[[Any, int], bool]
    keeps_trail: Callable[[Any, int], bool]


_types: dict[str, RecordType] = {}
_policy: list[TrailPolicy] = []


def register(
    object_type: str,
    visible: VisibleRecords,
    *,
    group_of: Callable[[Any], int | None] | None = None,
    page_name: str = "",
    link: Callable[[Any], str] | None = None,
) -> None:
    """Declare how readers see the records of `object_type` (called from an app's ready())."""
    _types[object_type] = RecordType(object_type, visible, group_of, page_name, link)


def register_policy(policy: TrailPolicy) -> None:
    _policy[:] = [policy]


def record_types() -> dict[str, RecordType]:
    return dict(_types)


def policy() -> TrailPolicy:
    if not _policy:
        raise RuntimeError("no app registered who may read the audit trail")
    return _policy[0]


def by_page_name(page_name: str) -> RecordType:
    for record_type in _types.values():
        if record_type.page_name and record_type.page_name == page_name:
            return record_type
    raise Http404("No history for this kind of record.")


def _as_text_ids(records: QuerySet) -> QuerySet:
    """The primary keys as text, to compare with `AuditEvent.object_id` inside the database."""
    return records.order_by().annotate(_history_id=Cast("pk", CharField())).values("_history_id")


def visible_ids(reader, object_type: str, ids: Iterable[Any]) -> set[str]:
    """Which of these record ids (of one type) the reader may see."""
    record_type = _types.get(object_type)
    wanted = {str(i) for i in ids}
    if record_type is None or not wanted:
        return set()
    numeric = [int(i) for i in wanted if i.isdigit()]
    found = record_type.visible(reader, None).filter(pk__in=numeric)
    return {str(pk) for pk in found.values_list("pk", flat=True)}


def visible_condition(reader, group_id: int | None) -> Q:
    """A filter on AuditEvent: the events whose record the reader may see, type by type."""
    condition = Q(pk__in=[])
    for record_type in _types.values():
        records = record_type.visible(reader, group_id)
        condition |= Q(object_type=record_type.object_type, object_id__in=_as_text_ids(records))
    return condition


def group_events(reader, group_id: int) -> QuerySet[AuditEvent]:
    """The events of a group the reader may see (none if the trail is not theirs to read)."""
    rules = policy()
    events = AuditEvent.objects.filter(group_id=group_id)
    if rules.keeps_trail(reader, group_id):
        return events
    if not rules.reads_trail(reader, group_id):
        return events.none()
    return events.filter(visible_condition(reader, group_id))


def load_record(reader, page_name: str, record_id) -> tuple[Any, int | None, RecordType]:
    """The record whose history is asked for, if the reader may see it and read its trail."""
    record_type = by_page_name(page_name)
    try:
        pk = int(record_id)
    except (TypeError, ValueError):
        raise Http404("No such record.") from None
    record = record_type.visible(reader, None).filter(pk=pk).first()
    if record is None:
        raise Http404("No such record.")
    group_id = record_type.group_of(record) if record_type.group_of else None
    # Who changed what is shown to the group's members; to others the history does not exist.
    if group_id is None or not policy().reads_trail(reader, group_id):
        raise Http404("No such record.")
    return record, group_id, record_type


def record_events(reader, page_name: str, record_id) -> tuple[Any, QuerySet[AuditEvent]]:
    record, _, record_type = load_record(reader, page_name, record_id)
    events = AuditEvent.objects.filter(
        object_type=record_type.object_type, object_id=str(record.pk)
    )
    return record, events
