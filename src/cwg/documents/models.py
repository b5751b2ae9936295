"""Documents: symbol, type, source, access level, and their files per language and revision."""

from __future__ import annotations

from django.conf import settings
from django.db import models

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
    number = models.PositiveIntegerField(null=True, blank=True)
    symbol = models.CharField(max_length=80, unique=True)
    document_type = models.CharField(max_length=30, choices=DocumentType.choices)
    source_kind = models.CharField(max_length=20, choices=SourceKind.choices)
    source_states = models.ManyToManyField(
        "registry.MemberState",
        blank=True,
        related_name="documents",
        help_text="The submitting Member State and any co-sponsors",
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

    class Meta:
        ordering = ["meeting_id", "number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"], name="document_unique_number_per_meeting"
            )
        ]
        indexes = [models.Index(fields=["group", "document_type"])]

    def __str__(self) -> str:
        return self.display_symbol

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


def document_file_path(instance: DocumentFile, filename: str) -> str:
    safe_symbol = instance.document.symbol.replace("/", "-")
    return f"documents/{safe_symbol}/r{instance.revision}/{instance.language}/{filename}"


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

    class Meta:
        ordering = ["document_id", "revision", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "revision", "language"], name="document_file_unique_version"
            )
        ]

    def __str__(self) -> str:
        rev = f" Rev.{self.revision}" if self.revision else ""
        return f"{self.document.symbol}{rev} [{self.language}]"


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
    approved_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Report of {self.meeting} ({self.get_state_display()})"
