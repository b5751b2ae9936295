"""Sign the audit chain with a key (HMAC) and add the one-row chain head every writer locks.

Existing entries are re-signed with the current audit key (set CWG_AUDIT_KEYS before
migrating, docs/audit.md), after checking that each still matches its old plain SHA-256.
"""

import hashlib
import hmac
import json
import sys

from django.core.management.base import CommandError
from django.db import migrations, models

GENESIS_HASH = "0" * 64


def _payload(event, with_key: bool) -> str:
    # Frozen copy of AuditEvent.canonical_payload as it is at this migration.
    fields = {
        "created_at": event.created_at.isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": str(event.object_id),
        "object_label": event.object_label,
        "group_id": event.group_id,
        "before": event.before,
        "after": event.after,
        "previous_hash": event.previous_hash,
    }
    if with_key:
        fields["key_id"] = event.key_id
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str)


def resign_and_fill_head(apps, schema_editor):
    from cwg.core.audit_keys import keyring

    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    ring = keyring()
    key_id = ring.current_id
    previous, last_id, count, relinked = GENESIS_HASH, 0, 0, 0
    old_previous = GENESIS_HASH
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:1000])
        if not batch:
            break
        for event in batch:
            if hashlib.sha256(_payload(event, False).encode("utf-8")).hexdigest() != (
                event.entry_hash
            ):
                raise CommandError(
                    f"audit entry {event.id} no longer matches its hash: the trail was changed "
                    "before this upgrade; nothing was re-signed (see docs/audit.md)"
                )
            # Entries that chained onto an older head (the fork of concurrent writers this
            # release fixes) are relinked to the entry just before them.
            relinked += event.previous_hash != old_previous
            old_previous = event.entry_hash
            event.previous_hash = previous
            event.key_id = key_id
            event.entry_hash = ring.sign(_payload(event, True), key_id)
            previous = event.entry_hash
            last_id = event.id
            count += 1
        AuditEvent.objects.bulk_update(batch, ["previous_hash", "key_id", "entry_hash"])
    AuditChainHead.objects.update_or_create(
        id=1,
        defaults={"event_id": last_id or None, "entry_hash": previous, "event_count": count},
    )
    if count:
        sys.stdout.write(
            f"\n  audit trail: {count} entries re-signed with key '{key_id}'"
            + (f", {relinked} forked entries relinked" if relinked else "")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_audit_fewer_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(default="", max_length=40),
        ),
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False),
                ),
                ("event_id", models.BigIntegerField(blank=True, null=True)),
                ("entry_hash", models.CharField(max_length=64)),
                ("event_count", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(resign_and_fill_head, migrations.RunPython.noop),
    ]
