"""What the secretariat sets for a group's reports that the records do not hold."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportFormat(models.TextChoices):
    DOCX = "docx", _("Word (DOCX)")
    PDF = "pdf", "PDF"
    HTML = "html", "HTML"


class ReportKind(models.TextChoices):
    CHAIR = "chair", _("Chair's report to Council")
    CYCLE = "cycle", _("Report to the Plenipotentiary Conference")


class CoverSheet(models.Model):
    """Cover-sheet texts and signature settings of a group's reports, per language.

    Every text is optional: an empty one falls back to the language's default wording.
    `financial_implications` may contain "{years}" (the years the report covers).
    """

    group = models.OneToOneField(
        "groups.Group", on_delete=models.CASCADE, related_name="report_cover_sheet"
    )
    action_required = models.JSONField(
        default=dict, blank=True, help_text="{language: what the Council is asked to do}"
    )
    strategic_plan_links = models.JSONField(
        default=dict, blank=True, help_text="{language: relevant links with the Strategic Plan}"
    )
    financial_implications = models.JSONField(
        default=dict, blank=True, help_text="{language: financial implications}; may use {years}"
    )
    acknowledgements = models.JSONField(
        default=dict,
        blank=True,
        help_text="{language: the chair's thanks closing the conclusion}; may use {meetings}",
    )
    chair_title = models.JSONField(
        default=dict, blank=True, help_text="{language: 'Présidente du GTC-Internet'}"
    )
    document_symbol = models.CharField(
        max_length=60,
        blank=True,
        help_text="Symbol of the Council document, e.g. C26/35; the language letter is added",
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Report cover sheet of {self.group}"

    TEXT_FIELDS = (
        "action_required",
        "strategic_plan_links",
        "financial_implications",
        "acknowledgements",
        "chair_title",
    )
