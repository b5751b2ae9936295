"""What the secretariat sets for a group's reports that the records do not hold."""

from __future__ import annotations

from django.conf import settings
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


# ---------------------------------------------------------------- Council sessions

# The language letter of ITU document symbols ("C26/35-F").
SYMBOL_LETTERS = {"en": "E", "fr": "F", "es": "S", "ru": "R", "ar": "A", "zh": "C"}


class CouncilOutcome(models.TextChoices):
    TOOK_NOTE = "took_note", _("took note")
    APPROVED = "approved", _("approved")


class CouncilSession(models.Model):
    """A session of the ITU Council (e.g. C26) to which groups submit their reports."""

    code = models.CharField(max_length=20, unique=True, help_text="e.g. C26")
    start_date = models.DateField()
    end_date = models.DateField()
    venue = models.JSONField(default=dict, blank=True, help_text="{language: 'Geneva'}")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "code"]

    def __str__(self) -> str:
        return self.code

    @property
    def symbol_scope(self) -> str:
        """The name of the session's document counter in documents.SymbolSeries."""
        return f"council:{self.code}"


class CouncilAgendaItem(models.Model):
    """An item of a Council session's agenda under which documents are submitted."""

    session = models.ForeignKey(
        CouncilSession, on_delete=models.CASCADE, related_name="agenda_items"
    )
    number = models.CharField(max_length=20, help_text="e.g. 5 or ADM 5")
    title = models.JSONField(default=dict, blank=True, help_text="{language: title}")

    class Meta:
        ordering = ["session_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="council_agenda_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.session.code} item {self.number}"


class CouncilSubmission(models.Model):
    """A group's Chair's report submitted to a Council session, and what Council did with it."""

    session = models.ForeignKey(CouncilSession, on_delete=models.PROTECT, related_name="documents")
    agenda_item = models.ForeignKey(
        CouncilAgendaItem, on_delete=models.PROTECT, related_name="documents"
    )
    group = models.ForeignKey(
        "groups.Group", on_delete=models.PROTECT, related_name="council_submissions"
    )
    meetings = models.JSONField(default=list, help_text="numbers of the meetings reported on")
    number = models.PositiveIntegerField(help_text="the number of the Council document")
    document_date = models.DateField(help_text="the date the document carries")
    original_language = models.CharField(max_length=2)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField()
    outcome = models.CharField(max_length=12, choices=CouncilOutcome.choices, blank=True)
    outcome_reference = models.CharField(max_length=120, blank=True, help_text="e.g. Decision 630")
    outcome_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["session_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "number"], name="council_submission_number_unique"
            )
        ]

    def __str__(self) -> str:
        return self.symbol

    @property
    def symbol(self) -> str:
        """ "C26/35": the language letter is added per version."""
        return f"{self.session.code}/{self.number}"

    def symbol_for(self, language: str) -> str:
        return f"{self.symbol}-{SYMBOL_LETTERS[language]}"


# ---------------------------------------------------------------- annexed texts


class ReportAnnex(models.Model):
    """A text agreed by the group that the secretariat annexes to one kind of its reports.

    The report carries the text's latest agreed revision at the time it is written.
    """

    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=5, choices=ReportKind.choices)
    text = models.ForeignKey("drafting.Text", on_delete=models.CASCADE, related_name="+")
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    chosen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group_id", "kind", "chosen_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "kind", "text"], name="report_annex_unique")
        ]

    def __str__(self) -> str:
        return f"{self.text} annexed to the {self.kind} report of {self.group}"
