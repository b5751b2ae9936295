"""Meetings of a group: number, dates, venue, and who may see them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from cwg.core.access_levels import AccessLevel
from cwg.core.i18n import pick


class Venue(models.Model):
    """A place where meetings are held; a vocabulary the secretariat edits."""

    name = models.JSONField(default=dict, help_text="{language: 'ITU headquarters'}")
    city = models.JSONField(default=dict, help_text="{language: 'Geneva'}")
    country = models.ForeignKey(
        "registry.MemberState", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_virtual = models.BooleanField(default=False)

    def __str__(self) -> str:
        return ", ".join(bit for bit in (pick(self.name), pick(self.city)) if bit)


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Meeting(models.Model):
    """The n-th meeting of a group, on one or several days."""

    group = models.ForeignKey("groups.Group", on_delete=models.PROTECT, related_name="meetings")
    number = models.PositiveIntegerField(help_text="Ordinal number: 23 for the 23rd meeting")
    start_date = models.DateField()
    end_date = models.DateField()
    venue = models.ForeignKey(Venue, null=True, blank=True, on_delete=models.PROTECT)
    status = models.CharField(
        max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    access_level = models.CharField(
        max_length=10, choices=AccessLevel.choices, default=AccessLevel.INHERIT
    )
    contribution_deadline_days = models.PositiveSmallIntegerField(
        default=12, help_text="Contributions are due this many days before the first day"
    )
    next_document_number = models.PositiveIntegerField(
        default=1, editable=False, help_text="The next free number in this meeting's symbols"
    )

    class Meta:
        ordering = ["group_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["group", "number"], name="meeting_unique_number"),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="meeting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} – meeting {self.number}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The last day cannot be before the first day."})

    @property
    def symbol_prefix(self) -> str:
        return f"{self.group.symbol_prefix}-{self.number}"

    def effective_access(self) -> str:
        if self.access_level != AccessLevel.INHERIT:
            return self.access_level
        return self.group.visibility
