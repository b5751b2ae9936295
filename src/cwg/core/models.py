"""The audit trail: every change to a record, chained by a keyed hash so tampering shows."""

from __future__ import annotations

import json

from django.conf import settings
from django.db import models

from cwg.core.audit_keys import UnknownAuditKey, keyring


class AuditEvent(models.Model):
    """One change: who did what to which record, with the state before and after."""

    # Every write in the platform appends one event, so each index here is paid on every write:
    # only the ones the audit pages and history queries use are kept (object history goes
    # through the (object_type, object_id, id) index below).
    created_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64)
    object_label = models.CharField(max_length=300, blank=True)
    group_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)
    # Which of the audit keys (CWG_AUDIT_KEYS) signed this entry; keys are rotated, never reused.
    key_id = models.CharField(max_length=40, default="")

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id", "id"])]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"
        )

    def canonical_payload(self) -> str:
        """The fields the hash covers, serialised the same way on every database."""
        return json.dumps(
            {
                "created_at": self.created_at.isoformat(),
                "actor_id": self.actor_id,
                "actor_label": self.actor_label,
                "action": self.action,
                "object_type": self.object_type,
                "object_id": str(self.object_id),
                "object_label": self.object_label,
                "group_id": self.group_id,
                "before": self.before,
                "after": self.after,
                "previous_hash": self.previous_hash,
                "key_id": self.key_id,
            },
            sort_keys=True,
            ensure_ascii=False,
            default=str,
        )

    def compute_hash(self) -> str:
        """HMAC-SHA256 of the payload with the entry's key: without the key, an edited entry
        cannot be given a hash that verifies. Empty (matching nothing) for an unknown key id."""

        try:
            return keyring().sign(self.canonical_payload(), self.key_id)
        except UnknownAuditKey:
            return ""


class AuditChainHead(models.Model):
    """The one row (id 1) naming the newest entry of the chain.

    Every writer updates this row first, inside its transaction, so writers take their turn
    on its row lock and each chains onto the entry its predecessor committed.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    event_id = models.BigIntegerField(null=True, blank=True)
    entry_hash = models.CharField(max_length=64)
    event_count = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"audit head {self.event_id} ({self.event_count} entries)"
