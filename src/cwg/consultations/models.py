"""Open consultations: topic, questions, open period, and their lifecycle."""

from __future__ import annotations

from django.db import models

from cwg.core.i18n import pick


class ConsultationState(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    COMPILED = "compiled", "Compiled"
    EXAMINED = "examined", "Examined"


class Consultation(models.Model):
    """An open consultation of a group with all stakeholders."""

    group = models.ForeignKey(
        "groups.Group", on_delete=models.PROTECT, related_name="consultations"
    )
    slug = models.SlugField(max_length=80, unique=True)
    topic = models.JSONField(default=dict, help_text="{language: topic}")
    languages = models.JSONField(default=list, help_text="Languages in which responses are taken")
    state = models.CharField(
        max_length=10, choices=ConsultationState.choices, default=ConsultationState.DRAFT
    )
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    launched_at_meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    examined_at_meeting = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations_examined",
    )
    physical_meeting_date = models.DateField(null=True, blank=True)
    physical_meeting_venue = models.ForeignKey(
        "meetings.Venue", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-opens_at", "id"]

    def __str__(self) -> str:
        return pick(self.topic) or self.slug


class Question(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="questions"
    )
    number = models.PositiveSmallIntegerField()
    text = models.JSONField(default=dict, help_text="{language: question}")

    class Meta:
        ordering = ["consultation_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"], name="question_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"Q{self.number}: {pick(self.text)[:60]}"
