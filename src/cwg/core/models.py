"""The audit trail: every change to a record, chained by hash so tampering shows."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.db import models


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
            },
            sort_keys=True,
            ensure_ascii=False,
            default=str,
        )

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical_payload().encode("utf-8")).hexdigest()
