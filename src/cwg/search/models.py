"""Records of the search domain: one index entry per record and language."""

from django.db import models
from django.db.models.functions import Upper


class Kind(models.TextChoices):
    DOCUMENT = "document", "Document"
    DECISION = "decision", "Decision"
    ACTION = "action", "Action"
    MEETING = "meeting", "Meeting"
    CONSULTATION = "consultation", "Consultation"
    SUBMISSION = "submission", "Published answer"


class SearchEntry(models.Model):
    """The searchable text of one language version of a record, with the fields facets need.

    `terms` holds the normalised words (`cwg.search.normalise`); the engine's full-text index
    (FTS5 table or GIN index, see the migrations) is built on it. Who may see the entry is
    decided at query time by the record's own app, never stored here.
    """

    kind = models.CharField(max_length=12, choices=Kind.choices)
    record_id = models.BigIntegerField()
    language = models.CharField(max_length=2)
    group = models.ForeignKey(
        "groups.Group", null=True, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    year = models.PositiveSmallIntegerField(null=True)
    date = models.DateTimeField(null=True)
    symbol = models.CharField(max_length=80, blank=True)
    parent = models.CharField(max_length=80, blank=True, help_text="Where the record is shown")
    title = models.TextField(blank=True)
    body = models.TextField(blank=True)
    terms = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "record_id", "language"], name="search_entry_unique"
            )
        ]
        indexes = [
            models.Index(fields=["symbol"]),
            models.Index(fields=["group", "year"]),
            # The exact-symbol hit is found by this index, not by reading every entry.
            models.Index(Upper("symbol"), name="search_entry_symbol_upper"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.record_id} [{self.language}]"
