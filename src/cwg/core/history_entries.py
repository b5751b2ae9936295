"""History entries: the audit events of a record or a group that a reader may see, secrets withheld.

Shared by the history pages and the API; which records a reader may see is answered by the
apps that own them, through `cwg.core.history`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from cwg.core import history
from cwg.core.models import AuditEvent


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
    link: str = ""
    before: Any = None  # the event's before and after, secrets withheld
    after: Any = None


# Events written before secrets were kept out of the trail may still hold some; the rows
# cannot change (they are hashed), so these keys are withheld wherever an event is shown.
WITHHELD_KEYS = frozenset({"receipt", "idempotency_key", "email", "password"})
WITHHELD = "(withheld)"


def withhold_secrets(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: WITHHELD if key in WITHHELD_KEYS else withhold_secrets(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [withhold_secrets(item) for item in value]
    return value


def _changes(before: Any, after: Any) -> list[Change]:
    before = before if isinstance(before, dict) else ({} if before is None else {"value": before})
    after = after if isinstance(after, dict) else ({} if after is None else {"value": after})
    fields = sorted(set(before) | set(after))
    return [
        Change(name, before.get(name), after.get(name))
        for name in fields
        if before.get(name) != after.get(name)
    ]


def entries_of(events) -> list[HistoryEntry]:
    """The events as history entries: their changes, whether the hash holds, a link, secrets withheld."""
    types = history.record_types()
    entries = []
    for event in events:
        record_type = types.get(event.object_type)
        link = ""
        if record_type is not None and record_type.link is not None:
            link = record_type.link(event.object_id) or ""
        before, after = withhold_secrets(event.before), withhold_secrets(event.after)
        entries.append(
            HistoryEntry(
                event=event,
                changes=_changes(before, after),
                hash_ok=event.compute_hash() == event.entry_hash,
                link=link,
                before=before,
                after=after,
            )
        )
    return entries


def load_record(user, record_type: str, record_id) -> tuple[Any, int | None, str]:
    """The record, its group id and its audit type, if the person may see its history."""
    record, group_id, kind = history.load_record(user, record_type, record_id)
    return record, group_id, kind.object_type


def history_for(user, record_type: str, record_id) -> list[HistoryEntry]:
    _, events = history.record_events(user, record_type, record_id)
    return entries_of(events.order_by("id"))


ACTIVITY_PAGE_SIZE = 100


def group_activity(
    user, slug: str, *, before_id: int | None = None, limit: int = ACTIVITY_PAGE_SIZE
) -> tuple[Any, list[HistoryEntry]]:
    """The latest changes the reader may see to the records of a group, newest first."""
    rules = history.policy()
    group, group_id = rules.find_group(user, slug)
    if not rules.reads_trail(user, group_id):
        raise Http404("No such group.")
    events = history.group_events(user, group_id).order_by("-id")
    if before_id:
        events = events.filter(id__lt=before_id)
    return group, entries_of(events[:limit])
