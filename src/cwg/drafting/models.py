"""Texts made of provisions, the proposals Member States make on them, and the chair's revisions."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cwg.core.access_levels import AccessLevel
from cwg.core.i18n import pick


def ref_lead(ref: str, wording: str) -> str:
    """The words of a provision's ref that its wording does not already open with.

    A ref such as "considering a)" ends with the label its wording starts with ("a) that…"), and a
    heading's ref is its wording: printing both side by side would say the label twice.
    """
    words = ref.split()
    opening = " ".join(wording.split()).casefold()
    for cut in range(len(words)):
        tail = " ".join(words[cut:]).casefold()
        if opening.startswith(tail) and not opening[len(tail) : len(tail) + 1].isalnum():
            return " ".join(words[:cut])
    return ref


class ProvisionKind(models.TextChoices):
    TITLE = "title", "Title"
    HEADING = "heading", "Block heading"
    PARAGRAPH = "paragraph", "Paragraph"
    SUBITEM = "subitem", "Sub-item"


class Text(models.Model):
    """A resolution or report under review, in numbered provisions, per language version."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.JSONField(default=dict, help_text="{language: title}")
    group = models.ForeignKey("groups.Group", on_delete=models.PROTECT, related_name="texts")
    access_level = models.CharField(
        max_length=10, choices=AccessLevel.choices, default=AccessLevel.INHERIT
    )
    revision_label = models.CharField(
        max_length=120, blank=True, help_text="The text's own revision, e.g. Rev. Bucharest, 2022"
    )
    source = models.TextField(blank=True, help_text="Where the text was taken from")
    completeness_note = models.TextField(
        blank=True, help_text="Said on the page when only part of the text is loaded"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return pick(self.title) or self.slug

    def display_title(self, language: str | None = None) -> str:
        return pick(self.title, language) or self.slug

    def effective_access(self) -> str:
        if self.access_level != AccessLevel.INHERIT:
            return self.access_level
        return self.group.visibility


class Provision(models.Model):
    """One numbered piece of a text: its title, a block heading, a paragraph or a sub-item."""

    text = models.ForeignKey(Text, on_delete=models.CASCADE, related_name="provisions")
    position = models.PositiveIntegerField()
    ref = models.CharField(max_length=120, help_text="e.g. 'considering a)', 'resolves 2 b)'")
    kind = models.CharField(max_length=10, choices=ProvisionKind.choices)
    block = models.CharField(max_length=120, blank=True, help_text="considering, resolves, …")
    label = models.CharField(max_length=20, blank=True, help_text="a), 1, i), …")
    body = models.JSONField(default=dict, help_text="{language: wording}")

    class Meta:
        ordering = ["text_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["text", "ref"], name="provision_unique_ref"),
            models.UniqueConstraint(fields=["text", "position"], name="provision_unique_position"),
        ]

    def __str__(self) -> str:
        return self.ref

    def wording(self, language: str | None = None) -> str:
        return pick(self.body, language)

    @property
    def lead(self) -> str:
        return ref_lead(self.ref, self.wording())


class Mark(models.TextChoices):
    ADD = "ADD", "ADD"
    ADD_MOVED = "ADD*", "ADD*"
    MOD = "MOD", "MOD"
    MOD_EDITORIAL = "(MOD)", "(MOD)"
    SUP = "SUP", "SUP"
    SUP_MOVED = "SUP*", "SUP*"
    NOC = "NOC", "NOC"


NEW_PROVISION_MARKS = {Mark.ADD, Mark.ADD_MOVED}
EXISTING_PROVISION_MARKS = {Mark.MOD, Mark.MOD_EDITORIAL, Mark.SUP, Mark.SUP_MOVED, Mark.NOC}
REWORDING_MARKS = {Mark.ADD, Mark.ADD_MOVED, Mark.MOD, Mark.MOD_EDITORIAL}


def same_position(mark_a: str, wording_a: str, mark_b: str, wording_b: str) -> bool:
    """Two proposals ask for the same thing: the same mark and wording (spacing set aside)."""
    return mark_a == mark_b and " ".join(wording_a.split()) == " ".join(wording_b.split())


class Contribution(models.Model):
    """The document that carries a State's (or a region's common) proposals on a text."""

    text = models.ForeignKey(Text, on_delete=models.CASCADE, related_name="contributions")
    origin = models.CharField(max_length=12, help_text="FRA, or a regional code such as EUR")
    document_number = models.PositiveIntegerField()
    member_state = models.ForeignKey(
        "registry.MemberState", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    supporters = models.ManyToManyField(
        "registry.MemberState", blank=True, related_name="+", help_text="States supporting it"
    )
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(max_length=7, default="en")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["text_id", "origin", "document_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["text", "origin", "document_number"], name="contribution_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.origin}/{self.document_number}"


class Proposal(models.Model):
    """One mark on one provision (or one new provision), with its wording and reasons."""

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="proposals"
    )
    number = models.PositiveIntegerField()
    mark = models.CharField(max_length=5, choices=Mark.choices)
    provision = models.ForeignKey(
        Provision, null=True, blank=True, on_delete=models.PROTECT, related_name="proposals"
    )
    new_ref = models.CharField(max_length=120, blank=True, help_text="ADD: the new provision's ref")
    after = models.ForeignKey(
        Provision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="ADD: the provision the new one follows",
    )
    wording = models.TextField(blank=True)
    reasons = models.TextField()

    class Meta:
        ordering = ["contribution_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "number"], name="proposal_unique_number"
            )
        ]

    def __str__(self) -> str:
        return self.symbol

    @property
    def symbol(self) -> str:
        return f"{self.contribution.origin}/{self.contribution.document_number}/{self.number}"

    @property
    def target_ref(self) -> str:
        return self.provision.ref if self.provision_id else self.new_ref


class RevisionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AGREED = "agreed", "Agreed"


class Revision(models.Model):
    """The chair's draft Rev.N of a text, built from the previous one (or the original)."""

    text = models.ForeignKey(Text, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    language = models.CharField(max_length=7, default="en")
    status = models.CharField(
        max_length=8, choices=RevisionStatus.choices, default=RevisionStatus.DRAFT
    )
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    agreed_at_meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["text_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["text", "number"], name="revision_unique_number")
        ]

    def __str__(self) -> str:
        return f"Rev.{self.number}"


class EntryState(models.TextChoices):
    KEPT = "kept", "Kept"
    ADDED = "added", "Added"
    DELETED = "deleted", "Deleted"


class RevisionEntry(models.Model):
    """A provision as it stands in a revision, its wording in spans traced to their source.

    `spans` is a list of [text, source, key or null]; source is "original", "proposal" (key: the
    proposal's id), "chair", or a record the chair quoted: "response" (key: its receipt) or
    "decision" (key: its id), found through cwg.core.sources. A deleted provision stays listed
    (state "deleted") so the revision shows it struck.
    """

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="entries")
    position = models.PositiveIntegerField()
    ref = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=ProvisionKind.choices)
    provision = models.ForeignKey(
        Provision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=8, choices=EntryState.choices, default=EntryState.KEPT)
    spans = models.JSONField(default=list)
    changed_by = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["revision_id", "position"]

    def __str__(self) -> str:
        return self.ref

    @property
    def wording(self) -> str:
        return "".join(span[0] for span in self.spans)
