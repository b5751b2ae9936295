"""Meetings of a group: dates, venue, agenda, participants, and who is told of changes."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
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
    title = models.JSONField(
        default=dict, blank=True, help_text="{language: title}, when the meeting has one"
    )
    deadline_reminder_sent_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="When subscribers were last reminded of the contribution deadline",
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

    @property
    def contribution_deadline(self) -> dt.date:
        """The last day on which contributions are on time."""
        return self.start_date - dt.timedelta(days=self.contribution_deadline_days)


class AgendaItem(models.Model):
    """A numbered item of a meeting's agenda (the documents app links the documents examined
    under it: `Document.agenda_items`, read back here as `item.documents`)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.PositiveSmallIntegerField(help_text="Position on the agenda: 1, 2, 3 …")
    title = models.JSONField(default=dict, help_text="{language: title of the item}")
    description = models.JSONField(default=dict, blank=True, help_text="{language: notes}")

    class Meta:
        ordering = ["meeting_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agenda_item_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {pick(self.title)}"

    def display_title(self, language: str | None = None) -> str:
        return pick(self.title, language)


class Delegation(models.Model):
    """A Member State's delegation to a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="delegations")
    member_state = models.ForeignKey(
        "registry.MemberState", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["meeting_id", "member_state__iso3"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member_state"], name="delegation_unique_state"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_state} at {self.meeting}"


class ParticipantKind(models.TextChoices):
    DELEGATE = "delegate", "Delegate"
    HEAD_OF_DELEGATION = "head", "Head of delegation"
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice-Chair"
    SECRETARIAT = "secretariat", "Secretariat"
    OBSERVER = "observer", "Observer"


DELEGATION_KINDS = {ParticipantKind.DELEGATE, ParticipantKind.HEAD_OF_DELEGATION}


class Participant(models.Model):
    """A person registered at a meeting: in a State's delegation, as an officer, or observing."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="participations"
    )
    kind = models.CharField(max_length=12, choices=ParticipantKind.choices)
    delegation = models.ForeignKey(
        Delegation, null=True, blank=True, on_delete=models.CASCADE, related_name="delegates"
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The organisation an observer speaks for",
    )

    class Meta:
        ordering = ["meeting_id", "kind", "person_id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="participant_unique_person"),
            models.CheckConstraint(
                condition=~models.Q(kind__in=["delegate", "head"])
                | models.Q(delegation__isnull=False),
                name="participant_delegate_has_delegation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_kind_display()}) at {self.meeting}"


class Subscription(models.Model):
    """A person who asked to be told of a group's new documents, deadlines and changes."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions"
    )
    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="+")
    new_documents = models.BooleanField(default=True)
    deadlines = models.BooleanField(default=True)
    changes = models.BooleanField(default=True, help_text="State changes of meetings, decisions")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group_id", "person_id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "group"], name="subscription_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.group}"
