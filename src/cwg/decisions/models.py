"""Decisions ("mesures") taken at meetings and the actions that carry them out."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cwg.core.i18n import pick


class AddresseeKind(models.TextChoices):
    SECRETARIAT = "secretariat", "Secretariat"
    GROUP = "group", "Another group"
    COUNCIL = "council", "Council"
    MEMBER_STATES = "member_states", "Member States"
    CHAIR = "chair", "Chair"


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"


class Decision(models.Model):
    """A measure approved by the group at a meeting."""

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.PROTECT, related_name="decisions"
    )
    number = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(
        max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT
    )
    noted = models.JSONField(default=dict, blank=True, help_text="{language: what members noted}")
    text = models.JSONField(default=dict, help_text="{language: the operative text}")
    addressee_kind = models.CharField(max_length=20, choices=AddresseeKind.choices)
    addressee_group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    related_groups = models.ManyToManyField("groups.Group", blank=True, related_name="+")
    deliverable = models.JSONField(default=dict, blank=True, help_text="{language: deliverable}")
    due_date = models.DateField(null=True, blank=True)
    approved_at = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["meeting_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="decision_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} – decision {self.number}"

    def display_text(self, language: str | None = None) -> str:
        return pick(self.text, language)


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class Action(models.Model):
    """Something to be delivered under a decision, tracked to completion."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="actions")
    description = models.JSONField(default=dict, help_text="{language: what is to be done}")
    assignee_kind = models.CharField(max_length=20, choices=AddresseeKind.choices)
    assignee_group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assignee_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    due_date = models.DateField(null=True, blank=True)
    fulfilled_by = models.ManyToManyField("documents.Document", blank=True, related_name="+")

    class Meta:
        ordering = ["decision_id", "id"]

    def __str__(self) -> str:
        return pick(self.description)[:80] or f"action {self.pk}"
