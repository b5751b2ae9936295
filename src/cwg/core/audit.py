"""Writing and verifying the hash-chained audit trail."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from cwg.core import rows
from cwg.core.audit_keys import keyring
from cwg.core.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64


def snapshot(obj: models.Model, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """A JSON-ready picture of a record's own fields, for the before/after of an event."""
    data = model_to_dict(obj, exclude=list(exclude))
    clean: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, list):
            clean[key] = [getattr(v, "pk", v) for v in value]
        elif hasattr(value, "name") and hasattr(value, "url"):  # file fields
            clean[key] = value.name or None
        elif isinstance(value, models.Model):
            clean[key] = value.pk
        else:
            clean[key] = value
    return clean


def _json_ready(value: Any) -> Any:
    return None if value is None else json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def record(actor, action: str, obj: models.Model | None = None, **fields) -> AuditEvent:
    """Append one event to the chain. Must run inside the caller's transaction.

    `fields` are the keywords of `_event` (object_type, object_id, label, group_id, before,
    after); an unknown one raises TypeError there.
    """
    return record_each([{"actor": actor, "action": action, "obj": obj, **fields}])[0]


def record_each(entries: list[dict]) -> list[AuditEvent]:
    """Append one event per entry (the arguments of `record`), in order, taking the chain head once.

    For a write that stores several records in one transaction (a batch of consultation
    submissions): each record keeps an event of its own, and the head is locked and moved once.
    Must run inside the caller's transaction.
    """
    if not entries:
        return []
    # A batch often repeats one before/after (the same dict for every record): made JSON-ready once.
    ready: dict[int, Any] = {}
    events = [_event(**entry, _ready=ready) for entry in entries]
    # No savepoint: an event that cannot be written must undo the caller's whole change,
    # and skipping it saves two statements on every write.
    with transaction.atomic(savepoint=False):
        previous_hash = _take_head(len(events))
        key_id = keyring().current_id
        now = timezone.now()  # after the head is ours: times follow the chain's order
        for event in events:
            event.created_at, event.previous_hash, event.key_id = now, previous_hash, key_id
            event.entry_hash = previous_hash = event.compute_hash()
        # Plain SQL: one event is appended on every write of the platform.
        rows.insert(events)
        _move_head(events[-1])
    return events


def _event(
    actor,
    action: str,
    obj: models.Model | None = None,
    *,
    object_type: str | None = None,
    object_id: Any = None,
    label: str | None = None,
    group_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
    _ready: dict[int, Any] | None = None,
) -> AuditEvent:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk if object_id is None else object_id
        label = label if label is not None else str(obj)
        if group_id is None:
            group_id = getattr(obj, "group_id", None)
    if not object_type:
        raise ValueError("an audit event needs the type of the record it is about")
    return AuditEvent(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=_actor_label(actor),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_label=(label or "")[:300],
        group_id=group_id,
        before=_json_ready_once(before, _ready),
        after=_json_ready_once(after, _ready),
    )


def _json_ready_once(value: Any, ready: dict[int, Any] | None) -> Any:
    if value is None or ready is None:
        return _json_ready(value)
    key = id(value)
    if key not in ready:
        # The value is kept alongside, so that its id is not reused by another within the batch.
        ready[key] = (_json_ready(value), value)
    return ready[key][0]


_EVENTS = AuditEvent._meta.db_table
_HEAD = AuditChainHead._meta.db_table
HEAD_ID = 1


def _take_head(count: int = 1) -> str:
    """Lock the chain head for this transaction and return the hash to chain onto.

    UPDATE, not SELECT: on PostgreSQL at READ COMMITTED a writer that waited for the row lock
    gets the row as the previous writer committed it (a `SELECT … ORDER BY id DESC … FOR UPDATE`
    on the events returned the old head to every waiter, and the chain forked). On SQLite the
    caller's transaction already holds the database's single write lock (BEGIN IMMEDIATE).
    Plain SQL: it runs on every write in the platform.
    """
    connection = transaction.get_connection()
    returning = connection.features.can_return_columns_from_insert  # UPDATE … RETURNING too
    head = connection.ops.quote_name(_HEAD)
    advance = f"UPDATE {head} SET event_count = event_count + %s WHERE id = %s"
    with connection.cursor() as cursor:
        for _attempt in range(2):
            if returning:
                cursor.execute(f"{advance} RETURNING entry_hash", [count, HEAD_ID])
                row = cursor.fetchone()
            else:
                cursor.execute(advance, [count, HEAD_ID])
                cursor.execute(f"SELECT entry_hash FROM {head} WHERE id = %s", [HEAD_ID])
                row = cursor.fetchone()
            if row is not None:
                return row[0]
            _create_head(connection, cursor)
    raise RuntimeError("the audit chain head could not be created")


def _create_head(connection, cursor) -> None:
    """Put back the head row (a flushed test database, a restored dump without it).

    It names the newest entry there is; concurrent writers that both find it missing
    insert the same row, and the second insert does nothing.
    """
    quote = connection.ops.quote_name
    cursor.execute(f"SELECT id, entry_hash FROM {quote(_EVENTS)} ORDER BY id DESC LIMIT 1")
    newest = cursor.fetchone() or (None, GENESIS_HASH)
    cursor.execute(f"SELECT COUNT(*) FROM {quote(_EVENTS)}")
    (count,) = cursor.fetchone()
    cursor.execute(
        f"INSERT INTO {quote(_HEAD)} (id, event_id, entry_hash, event_count) "
        "VALUES (%s, %s, %s, %s) ON CONFLICT (id) DO NOTHING",
        [HEAD_ID, newest[0], newest[1], count],
    )


def _move_head(event: AuditEvent) -> None:
    connection = transaction.get_connection()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {connection.ops.quote_name(_HEAD)} SET event_id = %s, entry_hash = %s "
            "WHERE id = %s",
            [event.pk, event.entry_hash, HEAD_ID],
        )


def _actor_label(actor) -> str:
    if actor is None or not getattr(actor, "pk", None):
        return "system" if actor is None else "anonymous"
    full = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return f"{full} <{actor.get_username()}>" if full else actor.get_username()


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    reason: str


def verify_chain(batch_size: int = 2000) -> tuple[int, ChainBreak | None]:
    """Walk the whole chain; return how many entries were checked and the first break.

    Each entry must chain onto the one before it and carry the keyed hash of its content.
    The head row, read first, must name an entry of the walk with the same hash and count:
    entries cut from the end (with the head left alone) show there. Entries appended
    during the walk are checked too.
    """
    ring = keyring()
    head = AuditChainHead.objects.filter(pk=HEAD_ID).first()
    head_seen = head is None or head.event_id is None
    previous = GENESIS_HASH
    checked = 0
    last_id = 0
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.previous_hash != previous:
                return checked, ChainBreak(event.id, "does not chain onto the entry before it")
            if event.key_id not in ring.secrets:
                return checked, ChainBreak(
                    event.id, f"it is signed with an unknown audit key '{event.key_id}'"
                )
            if event.compute_hash() != event.entry_hash:
                return checked, ChainBreak(event.id, "its content no longer matches its hash")
            previous = event.entry_hash
            checked += 1
            last_id = event.id
            if head is not None and event.id == head.event_id:
                head_seen = True
                if (event.entry_hash, checked) != (head.entry_hash, head.event_count):
                    return checked, ChainBreak(
                        event.id,
                        f"the chain head records {head.event_count} entries ending with this "
                        f"one, the chain has {checked}",
                    )
    if not head_seen:
        return checked, ChainBreak(
            head.event_id,
            f"the chain head names entry {head.event_id} ({head.event_count} entries), "
            f"which is missing: entries have been removed from the end",
        )
    return checked, None
