"""Documents: symbol, type, source, access level, and their files per language and revision."""

from __future__ import annotations

import secrets
import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import Q

from cwg.core.access_levels import AccessLevel
from cwg.core.i18n import pick


class DocumentType(models.TextChoices):
    CONTRIBUTION = "contribution", "Contribution"
    MEETING_REPORT = "meeting_report", "Meeting report"
    CHAIR_REPORT = "chair_report", "Chair's report"
    CONSULTATION_COMPILATION = "consultation_compilation", "Consultation compilation"
    ANNUAL_REPORT = "annual_report", "Annual report"
    INFORMATION = "information", "Information document"
    AGENDA = "agenda", "Agenda"


class SourceKind(models.TextChoices):
    MEMBER_STATE = "member_state", "Member State(s)"
    SECRETARIAT = "secretariat", "Secretariat"
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice-Chair"
    OTHER_GROUP = "other_group", "Another group"
    COUNCIL = "council", "Council"


class Language(models.TextChoices):
    ARABIC = "ar", "العربية"
    CHINESE = "zh", "中文"
    ENGLISH = "en", "English"
    FRENCH = "fr", "Français"
    RUSSIAN = "ru", "Русский"
    SPANISH = "es", "Español"


def fold_for_search(text: str) -> str:
    """Lower-case and strip accents so "resolution" finds "Résolution" on every database."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


class Document(models.Model):
    """A document of a group, usually of one of its meetings, known by its symbol."""

    group = models.ForeignKey("groups.Group", on_delete=models.PROTECT, related_name="documents")
    meeting = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    # The agenda items that examine the document. Declared here, not on AgendaItem, since meetings
    # sits below documents; the table keeps the name it had when the field was on AgendaItem.
    agenda_items = models.ManyToManyField(
        "meetings.AgendaItem",
        blank=True,
        related_name="documents",
        db_table="meetings_agendaitem_documents",
    )
    number = models.PositiveIntegerField(null=True, blank=True)
    series_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="For a document of no meeting: the year of its group-level symbol series",
    )
    symbol = models.CharField(max_length=80, unique=True)
    document_type = models.CharField(max_length=30, choices=DocumentType.choices)
    source_kind = models.CharField(max_length=20, choices=SourceKind.choices)
    source_states = models.ManyToManyField(
        "registry.MemberState",
        blank=True,
        related_name="documents",
        help_text="The submitting Member State and any co-sponsors",
    )
    submitting_state = models.ForeignKey(
        "registry.MemberState",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The Member State whose delegation submitted (and may revise) the contribution",
    )
    title = models.JSONField(default=dict, help_text="{language: title}")
    original_language = models.CharField(
        max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    access_level = models.CharField(
        max_length=10, choices=AccessLevel.choices, default=AccessLevel.INHERIT
    )
    current_revision = models.PositiveSmallIntegerField(default=0)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField()
    is_late = models.BooleanField(default=False)
    withdrawn = models.BooleanField(default=False)
    search_text = models.TextField(
        blank=True,
        editable=False,
        help_text="Symbol and titles, case- and accent-folded, kept up to date on save",
    )

    class Meta:
        ordering = ["meeting_id", "number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"], name="document_unique_number_per_meeting"
            ),
            # Documents of no meeting are numbered per group and year (CWG-INTERNET/2026/1).
            models.UniqueConstraint(
                fields=["group", "series_year", "number"],
                condition=models.Q(meeting__isnull=True),
                name="document_unique_number_per_group_year",
            ),
        ]
        indexes = [models.Index(fields=["group", "document_type"])]

    def __str__(self) -> str:
        return self.display_symbol

    def save(self, *args, **kwargs):
        self.search_text = fold_for_search(
            " ".join([self.symbol or "", *(str(v) for v in (self.title or {}).values())])
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_text" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "search_text"]
        super().save(*args, **kwargs)

    @property
    def display_symbol(self) -> str:
        if self.current_revision:
            return f"{self.symbol} (Rev.{self.current_revision})"
        return self.symbol

    def display_title(self, language: str | None = None) -> str:
        return pick(self.title, language)

    def effective_access(self) -> str:
        if self.access_level != AccessLevel.INHERIT:
            return self.access_level
        if self.meeting_id:
            return self.meeting.effective_access()
        return self.group.visibility


class TranslationStatus(models.TextChoices):
    ORIGINAL = "original", "Original"
    REQUESTED = "requested", "Translation requested"
    IN_PROGRESS = "in_progress", "Translation in progress"
    AVAILABLE = "available", "Available"


class TextStatus(models.TextChoices):
    PENDING = "pending", "Waiting for text extraction"
    DONE = "done", "Text extracted"
    FAILED = "failed", "Text could not be extracted"
    UNSUPPORTED = "unsupported", "No text to extract"


def document_file_path(instance: DocumentFile, filename: str) -> str:
    # The random part keeps stored paths unguessable: files are served only through the
    # download view, which checks access, never by a predictable media URL.
    safe_symbol = instance.document.symbol.replace("/", "-")
    token = secrets.token_hex(8)
    return f"documents/{safe_symbol}/r{instance.revision}/{instance.language}/{token}/{filename}"


class DocumentFile(models.Model):
    """The file of one language version of one revision of a document."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="files")
    revision = models.PositiveSmallIntegerField(default=0)
    language = models.CharField(max_length=2, choices=Language.choices)
    file = models.FileField(upload_to=document_file_path, max_length=300, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    translation_status = models.CharField(
        max_length=12, choices=TranslationStatus.choices, default=TranslationStatus.AVAILABLE
    )
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The file's text, extracted in the background for search (`documents.tasks`).
    text = models.TextField(blank=True, default="", editable=False)
    text_status = models.CharField(
        max_length=12, choices=TextStatus.choices, default=TextStatus.PENDING, editable=False
    )
    text_error = models.CharField(max_length=300, blank=True, default="", editable=False)

    class Meta:
        ordering = ["document_id", "revision", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "revision", "language"], name="document_file_unique_version"
            )
        ]
        indexes = [
            # The meeting page counts its documents' versions by language and status from this
            # index alone, without reading the files (meeting_listing._language_summary).
            models.Index(
                fields=["document", "revision", "language", "translation_status"],
                name="document_file_status_idx",
            )
        ]

    def __str__(self) -> str:
        rev = f" Rev.{self.revision}" if self.revision else ""
        return f"{self.document.symbol}{rev} [{self.language}]"


class DocumentRevision(models.Model):
    """One revision of a document (0 is the original, then Rev.1, Rev.2 …): when, by whom, why."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="revisions")
    revision = models.PositiveSmallIntegerField()
    title = models.JSONField(default=dict, help_text="{language: title} as of this revision")
    note = models.CharField(max_length=500, blank=True, help_text="What changed, e.g. corrigendum")
    is_corrigendum = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["document_id", "revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "revision"], name="document_revision_unique"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.document.symbol} Rev.{self.revision}" if self.revision else self.document.symbol
        )


class SymbolSeries(models.Model):
    """A symbol counter: a group's documents of no meeting (one per year), or a named scope
    such as a Council session's documents ("council:C26"), which apps above number with it."""

    group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    scope = models.CharField(
        max_length=60, blank=True, default="", help_text="empty for a group's series"
    )
    year = models.PositiveSmallIntegerField()
    next_number = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "year"], name="symbol_series_unique"),
            models.UniqueConstraint(
                fields=["scope"], condition=~Q(scope=""), name="symbol_series_scope_unique"
            ),
        ]

    def __str__(self) -> str:
        if self.scope:
            return self.scope
        return f"{self.group.symbol_prefix}/{self.year}"


class ReportState(models.TextChoices):
    DRAFT = "draft", "Draft"
    CIRCULATED = "circulated", "Circulated"
    APPROVED = "approved", "Approved"


class MeetingReport(models.Model):
    """The report of a meeting and its approval by the group (usually at a later meeting)."""

    meeting = models.OneToOneField(
        "meetings.Meeting", on_delete=models.PROTECT, related_name="report"
    )
    document = models.OneToOneField(
        Document, on_delete=models.PROTECT, related_name="meeting_report"
    )
    state = models.CharField(max_length=12, choices=ReportState.choices, default=ReportState.DRAFT)
    approved_at_meeting = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports_approved",
    )
    circulated_at = models.DateTimeField(null=True, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    approved_revision = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The revision of the document the group approved"
    )

    def __str__(self) -> str:
        return f"Report of {self.meeting} ({self.get_state_display()})"
