"""Records of the gap analysis: mandates and who holds them, outcome documents, suggestions, reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cwg.core.i18n import pick


class MandateKind(models.TextChoices):
    ACTION_LINE = "action_line", "WSIS action line"
    RESOLUTION = "resolution", "Resolution"
    GROUP_MANDATE = "group_mandate", "Mandate of a group"


class Mandate(models.Model):
    """Something an organisation is mandated to do, that a paragraph can fall under.

    A WSIS action line (its passages are the Geneva Plan of Action measures), a resolution (its
    passages are operative clauses or the issues it lists), or a group's terms of reference.
    """

    kind = models.CharField(max_length=20, choices=MandateKind.choices)
    code = models.CharField(max_length=40, unique=True, help_text="C1 … C11, C7.4, RES-C-1305 …")
    title = models.CharField(max_length=300)
    chapeau = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    order = models.PositiveIntegerField(default=0)
    resolution = models.ForeignKey(
        "groups.Resolution",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="analysis_mandates",
    )
    group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sdg_targets = models.JSONField(
        default=list, blank=True, help_text='[{"goal": 3, "target": "3.8", "rationale": "…"}]'
    )
    source = models.TextField(blank=True, help_text="Where the text comes from, and its status")
    is_summary = models.BooleanField(
        default=False, help_text="The passages paraphrase the source; they are not its wording"
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class MandatePassage(models.Model):
    """One numbered clause of a mandate: a Plan of Action measure, an operative paragraph."""

    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="passages")
    number = models.CharField(max_length=20, help_text='As printed: "a)", "(iii)", "1"')
    text = models.TextField()
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["mandate_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["mandate", "number"], name="mandate_passage_unique")
        ]

    def __str__(self) -> str:
        return f"{self.mandate.code} {self.number}"


class HolderRole(models.TextChoices):
    LEAD = "lead", "Lead facilitator"
    CO = "co", "Co-facilitator"
    FOCAL_POINT = "focal_point", "Focal point (interim or provisional)"
    REPORTED = "reported", "Reported on the line"
    HOLDER = "holder", "Holds the mandate"


class MandateHolder(models.Model):
    """An organisation's role under a mandate, with the evidence for it."""

    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="holders")
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="analysis_mandates"
    )
    role = models.CharField(max_length=20, choices=HolderRole.choices)
    evidence = models.TextField(blank=True)
    sources = models.TextField(blank=True)

    class Meta:
        ordering = ["mandate_id", "role", "organisation_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mandate", "organisation"], name="mandate_holder_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.get_role_display()} of {self.mandate.code}"


class GapAnalysis(models.Model):
    """A workspace: one outcome document analysed against the mandates for a group."""

    group = models.ForeignKey("groups.Group", on_delete=models.PROTECT, related_name="+")
    decision = models.ForeignKey(
        "decisions.Decision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The decision that asked for this analysis",
    )
    title = models.CharField(max_length=300)
    document_symbol = models.CharField(max_length=80, blank=True, help_text="e.g. A/RES/80/173")
    description = models.TextField(blank=True)
    source_filename = models.CharField(max_length=255, blank=True)
    source_kind = models.CharField(max_length=10, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "gap analyses"

    def __str__(self) -> str:
        return self.title


class Section(models.Model):
    analysis = models.ForeignKey(GapAnalysis, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField()
    heading = models.TextField()
    code = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["analysis_id", "order"]

    def __str__(self) -> str:
        return self.heading[:80]


class Paragraph(models.Model):
    """A paragraph of the outcome document, with its number as printed."""

    analysis = models.ForeignKey(GapAnalysis, on_delete=models.CASCADE, related_name="paragraphs")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.CASCADE, related_name="paragraphs"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    order = models.PositiveIntegerField()
    number = models.CharField(max_length=20, blank=True)
    reference = models.CharField(max_length=80)
    texts = models.JSONField(default=dict, help_text="{language: text}")

    class Meta:
        ordering = ["analysis_id", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["analysis", "reference"], name="paragraph_unique_reference"
            )
        ]

    def __str__(self) -> str:
        return self.reference

    def text(self, language: str | None = None) -> str:
        return pick(self.texts, language)


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class Ranker(models.TextChoices):
    BM25 = "bm25", "BM25 (lexical)"
    EMBEDDINGS = "embeddings", "Sentence embeddings"
    COMBINED = "combined", "BM25 and sentence embeddings combined"


class SuggestionRun(models.Model):
    """One ranking of every paragraph against the mandates, run in the background."""

    analysis = models.ForeignKey(GapAnalysis, on_delete=models.CASCADE, related_name="runs")
    ranker = models.CharField(max_length=12, choices=Ranker.choices, default=Ranker.COMBINED)
    top = models.PositiveSmallIntegerField(default=3)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    embeddings_used = models.BooleanField(default=False)
    note = models.TextField(blank=True, help_text="Why embeddings were not used, if they were not")
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"run {self.pk} of {self.analysis} ({self.status})"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0


class Suggestion(models.Model):
    run = models.ForeignKey(SuggestionRun, on_delete=models.CASCADE, related_name="suggestions")
    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="suggestions")
    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    bm25 = models.FloatField(default=0)
    embedding = models.FloatField(null=True, blank=True)
    method = models.CharField(max_length=12, choices=Ranker.choices)
    note = models.CharField(max_length=300, blank=True)
    passages = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["run_id", "paragraph_id", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["run", "paragraph", "rank"], name="suggestion_unique")
        ]

    def __str__(self) -> str:
        return f"{self.paragraph} → {self.mandate.code} ({self.score:.2f})"


class Classification(models.TextChoices):
    ITU = "itu", "Within ITU's mandate"
    SHARED = "shared", "Shared with other organisations"
    OTHER = "other", "Another organisation's mandate"
    GAP = "gap", "Not covered (gap)"


class Review(models.Model):
    """The secretariat's current classification of a paragraph; every change is kept in history."""

    paragraph = models.OneToOneField(Paragraph, on_delete=models.CASCADE, related_name="review")
    classification = models.CharField(max_length=10, choices=Classification.choices)
    mandates = models.ManyToManyField(Mandate, blank=True, related_name="+")
    organisations = models.ManyToManyField("registry.Organisation", blank=True, related_name="+")
    comment = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.paragraph}: {self.get_classification_display()}"


class ReviewEntry(models.Model):
    """One version of a review, never changed once written."""

    paragraph = models.ForeignKey(
        Paragraph, on_delete=models.CASCADE, related_name="review_history"
    )
    version = models.PositiveIntegerField()
    classification = models.CharField(max_length=10, choices=Classification.choices)
    mandate_codes = models.JSONField(default=list, blank=True)
    organisation_names = models.JSONField(default=list, blank=True)
    comment = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField()

    class Meta:
        ordering = ["paragraph_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["paragraph", "version"], name="review_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.paragraph} v{self.version}: {self.classification}"
