"""Writing and verifying the hash-chained audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from cwg.core import rows
from cwg.core.models import AuditEvent

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
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    return None if value is None else json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def record(
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
) -> AuditEvent:
    """Append one event to the chain. Must run inside the caller's transaction."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk if object_id is None else object_id
        label = label if label is not None else str(obj)
        if group_id is None:
            group_id = getattr(obj, "group_id", None)
    if not object_type:
        raise ValueError("an audit event needs the type of the record it is about")
    # No savepoint: an event that cannot be written must undo the caller's whole change,
    # and skipping it saves two statements on every write.
    with transaction.atomic(savepoint=False):
        previous_hash = _chain_head()
        event = AuditEvent(
            created_at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=_actor_label(actor),
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            object_label=(label or "")[:300],
            group_id=group_id,
            before=_json_ready(before),
            after=_json_ready(after),
            previous_hash=previous_hash,
        )
        event.entry_hash = event.compute_hash()
        # Plain SQL: one event is appended on every write of the platform.
        rows.insert([event])
    return event


def _chain_head() -> str:
    """The hash of the newest entry, locked so that two writers cannot both chain onto it.

    Plain SQL: it runs on every write in the platform, and building the query with the ORM
    cost several times more than executing it. SQLite needs no row lock: the caller's
    transaction already holds the database's single write lock (BEGIN IMMEDIATE).
    """
    connection = transaction.get_connection()
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT entry_hash FROM {connection.ops.quote_name(_TABLE)} "
            f"ORDER BY id DESC LIMIT 1{lock}"
        )
        row = cursor.fetchone()
    return row[0] if row else GENESIS_HASH


_TABLE = AuditEvent._meta.db_table


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
    """Walk the whole chain; return how many entries were checked and the first break."""
    previous = GENESIS_HASH
    checked = 0
    last_id = 0
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            return checked, None
        for event in batch:
            if event.previous_hash != previous:
                return checked, ChainBreak(event.id, "does not chain onto the entry before it")
            if event.compute_hash() != event.entry_hash:
                return checked, ChainBreak(event.id, "its content no longer matches its hash")
            previous = event.entry_hash
            checked += 1
            last_id = event.id
