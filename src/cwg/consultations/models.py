"""Open consultations: topic, questions, open period, submissions, moderation, campaigns."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from cwg.core.i18n import pick
from cwg.registry.models import OrganisationCategory


class ConsultationState(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    COMPILED = "compiled", "Compiled"
    EXAMINED = "examined", "Examined"


# The only moves the secretariat may make; anything else is refused by the services.
ALLOWED_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ConsultationState.DRAFT: (ConsultationState.OPEN,),
    ConsultationState.OPEN: (ConsultationState.CLOSED,),
    ConsultationState.CLOSED: (ConsultationState.COMPILED,),
    ConsultationState.COMPILED: (ConsultationState.EXAMINED,),
    ConsultationState.EXAMINED: (),
}


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
    physical_meeting_speakers = models.JSONField(
        default=list, blank=True, help_text='[{"name": ..., "organisation": ...}]'
    )
    is_demo = models.BooleanField(
        default=False, help_text="Made up for the demonstration, not a real round"
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-opens_at", "id"]

    def __str__(self) -> str:
        return pick(self.topic) or self.slug

    def display_topic(self, language: str | None = None) -> str:
        return pick(self.topic, language) or self.slug

    def accepts_submissions_at(self, when) -> bool:
        return (
            self.state == ConsultationState.OPEN
            and self.opens_at is not None
            and self.closes_at is not None
            and self.opens_at <= when < self.closes_at
        )


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


class CampaignTier(models.TextChoices):
    EXACT = "exact", "exact copy"
    NEAR = "near", "near copy"
    PARTIAL = "partial", "partial use"


class Campaign(models.Model):
    """A group of near-identical submissions (a form letter and its light edits)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="campaigns"
    )
    key = models.CharField(max_length=64, help_text="The detection engine's campaign id")
    representative = models.ForeignKey(
        "Submission", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    size = models.PositiveIntegerField(default=0)
    exact_duplicates = models.PositiveIntegerField(default=0)
    variant_count = models.PositiveIntegerField(default=0)
    copies = models.PositiveIntegerField(default=0, help_text="Exact copies of the representative")
    near_copies = models.PositiveIntegerField(
        default=0, help_text="The template with edits; size = copies + near copies"
    )
    partial_use = models.PositiveIntegerField(
        default=0, help_text="Submissions quoting the campaign in an otherwise original text"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["consultation_id", "-size", "id"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "key"], name="campaign_unique_key")
        ]

    def __str__(self) -> str:
        return f"campaign {self.key} ({self.size})"


class CampaignDismissal(models.Model):
    """A cluster the moderators judged not to be a campaign: recorded, and left alone by later scans.

    The detector's keys change from one full run to the next, so the judgement is kept as the
    submissions it covered: a later cluster made mostly of them is not stored as a campaign.
    """

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="campaign_dismissals"
    )
    key = models.CharField(max_length=64, help_text="The campaign's key when it was dismissed")
    member_ids = models.JSONField(default=list, help_text="The submissions the cluster held")
    representative = models.ForeignKey(
        "Submission", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["consultation_id", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"not a campaign: {self.key} ({len(self.member_ids)})"

    @property
    def size(self) -> int:
        return len(self.member_ids)


class SubmissionOrigin(models.TextChoices):
    RECEIVED = "received", "Received through the form or the API"
    IMPORTED = "imported", "Imported (by post, e-mail or from another platform)"


class CampaignSplit(models.Model):
    """Responses the moderators split off a campaign into a campaign of their own.

    Kept as the submissions split off, like a dismissal: a later scan that groups some of them
    with others again carves them out into their own campaign (see `campaign_review.apply_splits`).
    """

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="campaign_splits"
    )
    key = models.CharField(max_length=64, help_text="The campaign's key when it was split")
    member_ids = models.JSONField(default=list, help_text="The submissions split off")
    reason = models.TextField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["consultation_id", "created_at", "id"]

    def __str__(self) -> str:
        return f"split of {self.key} ({len(self.member_ids)})"


class Submission(models.Model):
    """One accepted response to a consultation, with its receipt number."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="submissions"
    )
    receipt = models.CharField(max_length=80, unique=True)
    submitted_at = models.DateTimeField()
    name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=300, blank=True)
    category = models.CharField(max_length=30, choices=OrganisationCategory.choices)
    country = models.ForeignKey(
        "registry.MemberState", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    country_other = models.CharField(
        max_length=100, blank=True, help_text="A country or territory that is not a Member State"
    )
    language = models.CharField(max_length=2)
    answers = models.JSONField(default=dict, help_text="{question number: answer}")
    consent_to_publication = models.BooleanField(default=False)
    search_text = models.TextField(blank=True, help_text="Lower-cased text searched by readers")
    idempotency_key = models.CharField(max_length=100, null=True, blank=True)
    request_hash = models.CharField(max_length=64, blank=True)
    origin = models.CharField(
        max_length=10, choices=SubmissionOrigin.choices, default=SubmissionOrigin.RECEIVED
    )
    hidden = models.BooleanField(default=False)
    hidden_reason = models.TextField(blank=True)
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    # Copies and near copies are members (`campaign`); partial use only quotes a campaign
    # (`quoted_campaign`) and stays an individual response.
    campaign_tier = models.CharField(max_length=8, blank=True, choices=CampaignTier.choices)
    campaign_share = models.FloatField(
        null=True, blank=True, help_text="Share of the text drawn from the campaign (0 to 1)"
    )
    quoted_campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="quoted_by"
    )

    class Meta:
        ordering = ["consultation_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="submission_unique_idempotency_key",
            ),
            models.CheckConstraint(
                condition=Q(country__isnull=True) | Q(country_other=""),
                name="submission_one_country",
            ),
        ]
        indexes = [
            models.Index(fields=["consultation", "hidden", "consent_to_publication", "id"]),
            # Keyset pages of the moderation queue (all, or hidden / visible only) and the
            # organisation-prefix search.
            models.Index(fields=["consultation", "id"], name="submission_consultation_id"),
            models.Index(fields=["consultation", "hidden", "id"], name="submission_hidden_id"),
            models.Index(fields=["consultation", "organisation"], name="submission_organisation"),
        ]

    def __str__(self) -> str:
        return self.receipt

    @property
    def is_published(self) -> bool:
        return self.consent_to_publication and not self.hidden

    def country_label(self, language: str | None = None) -> str:
        if self.country_id:
            return self.country.name(language)
        return self.country_other

    def full_text(self) -> str:
        """The text the campaign detector compares: every answer, in question order."""
        return "\n\n".join(
            str(self.answers[key]) for key in sorted(self.answers, key=lambda k: int(k))
        )


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"consultations/{instance.submission.consultation.slug}/{instance.sha256[:2]}/{instance.sha256}-{filename}"


class Attachment(models.Model):
    """A file sent with a submission; its type was checked from its content."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["submission_id", "id"]

    def __str__(self) -> str:
        return self.original_name


class ModerationAction(models.TextChoices):
    HIDE = "hide", "Hidden"
    RESTORE = "restore", "Restored"


class ModerationEvent(models.Model):
    """The history of a submission's moderation: never deleted, never edited."""

    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, related_name="moderation_events"
    )
    action = models.CharField(max_length=10, choices=ModerationAction.choices)
    reason = models.TextField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["submission_id", "id"]

    def __str__(self) -> str:
        return f"{self.submission} {self.action}"


class CampaignDetectorState(models.Model):
    """Where the incremental detector of one consultation has read up to; the detector itself is
    kept in `CampaignDetectorChunk` rows (`data` is only read to notice an outdated state)."""

    consultation = models.OneToOneField(
        Consultation, on_delete=models.CASCADE, related_name="campaign_detector"
    )
    data = models.BinaryField(blank=True, default=b"")
    last_submission_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"detector of {self.consultation} up to #{self.last_submission_id}"


class CampaignDetectorChunk(models.Model):
    """What one batch of a scan added to the incremental detector; the chunks of a
    consultation, replayed in order, are its detector. Append-only: a batch writes one row of
    about its own size, never the whole state again."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="campaign_detector_chunks"
    )
    seq = models.PositiveIntegerField()
    data = models.BinaryField()
    last_submission_id = models.BigIntegerField(help_text="The last submission the batch read")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["consultation_id", "seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "seq"], name="campaign_detector_chunk_seq"
            )
        ]

    def __str__(self) -> str:
        return f"detector chunk {self.seq} of {self.consultation_id}"


class JobKind(models.TextChoices):
    INCREMENTAL = "incremental", "New submissions"
    FULL = "full", "Full re-run"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class JobProgress:
    """How far a job of `status`, `processed` and `total` has gone, for the progress box."""

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == JobStatus.DONE else 0
        return min(100, int(100 * self.processed / self.total))

    @property
    def is_active(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)


class CampaignJob(JobProgress, models.Model):
    """A campaign-detection run and its progress, polled by the campaigns page."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="campaign_jobs"
    )
    kind = models.CharField(max_length=12, choices=JobKind.choices)
    status = models.CharField(max_length=8, choices=JobStatus.choices, default=JobStatus.QUEUED)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="Last progress; a stale running job can be resumed"
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.kind} job #{self.pk} ({self.status})"


class AnnexSize(models.TextChoices):
    ALL = "all", "Every individual answer"
    SAMPLE = "sample", "A sample per category, with counts"


class Compilation(JobProgress, models.Model):
    """The compilation of responses generated for the group's meeting, and its build's progress.

    The figures are small (`summary`); the answers are read again from the records, in batches,
    whenever a file (format × language) is written, so nothing here grows with the responses."""

    consultation = models.OneToOneField(
        Consultation, on_delete=models.PROTECT, related_name="compilation"
    )
    generated_at = models.DateTimeField(
        null=True, blank=True, help_text="When the figures and files were last built"
    )
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.JSONField(default=dict, blank=True, help_text="Totals and breakdowns")
    fingerprint = models.CharField(
        max_length=64, blank=True, help_text="The data (and settings) the files were built from"
    )
    annex = models.CharField(max_length=8, choices=AnnexSize.choices, default=AnnexSize.ALL)
    annex_sample = models.PositiveIntegerField(
        default=20, help_text="Answers shown per category and question when the annex is a sample"
    )
    status = models.CharField(max_length=8, choices=JobStatus.choices, default=JobStatus.QUEUED)
    total = models.PositiveBigIntegerField(default=0)
    processed = models.PositiveBigIntegerField(default=0)
    error = models.TextField(blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    document = models.OneToOneField(
        "documents.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultation_compilation",
    )

    def __str__(self) -> str:
        return f"compilation of {self.consultation}"


def compilation_path(instance: CompilationFile, filename: str) -> str:
    return f"compilations/{instance.compilation.consultation_id}/{filename}"


class CompilationFile(models.Model):
    """One built file of a compilation: a format in a language, from the data of `fingerprint`."""

    compilation = models.ForeignKey(Compilation, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(max_length=4)
    language = models.CharField(max_length=2)
    file = models.FileField(upload_to=compilation_path, max_length=300)
    size = models.PositiveBigIntegerField(default=0)
    fingerprint = models.CharField(max_length=64)
    generated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["compilation", "format", "language"], name="one_compilation_file_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.compilation} ({self.format}, {self.language})"


def import_path(instance: ResponseImport, filename: str) -> str:
    return f"consultations/imports/{instance.consultation.slug}/{filename}"


class ResponseImport(models.Model):
    """A file of responses uploaded by the secretariat, imported by a worker: all or none."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="response_imports"
    )
    file = models.FileField(upload_to=import_path, max_length=300)
    original_name = models.CharField(max_length=255)
    status = models.CharField(max_length=8, choices=JobStatus.choices, default=JobStatus.QUEUED)
    total = models.PositiveIntegerField(default=0, help_text="Lines in the file")
    imported = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True, help_text='[{"line": n, "message": ...}]')
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"import #{self.pk} of {self.consultation} ({self.status})"
