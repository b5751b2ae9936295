"""Resolutions as records, and the groups they create and instruct."""

from __future__ import annotations

from django.db import models

from cwg.core.i18n import pick


class Instrument(models.TextChoices):
    PLENIPOTENTIARY = "PP", "Plenipotentiary Conference"
    COUNCIL = "C", "Council"
    WTSA = "WTSA", "World Telecommunication Standardization Assembly"
    WTDC = "WTDC", "World Telecommunication Development Conference"
    RA = "RA", "Radiocommunication Assembly"
    UNGA = "UNGA", "United Nations General Assembly"


class RevisionKind(models.TextChoices):
    ORIGINAL = "original", "Original"
    REVISED = "rev", "Revised (Rev.)"
    MODIFIED = "mod", "Modified (Mod.)"


class Resolution(models.Model):
    """One version of a resolution: instrument, number, revision, place and year."""

    instrument = models.CharField(max_length=8, choices=Instrument.choices)
    number = models.CharField(max_length=20)
    revision_kind = models.CharField(
        max_length=10, choices=RevisionKind.choices, default=RevisionKind.ORIGINAL
    )
    place = models.JSONField(
        default=dict, blank=True, help_text="{language: place name}, e.g. Bucharest / Bucarest"
    )
    year = models.PositiveSmallIntegerField()
    title = models.JSONField(default=dict, blank=True, help_text="{language: title}")
    text = models.JSONField(default=dict, blank=True, help_text="{language: operative text}")
    url = models.URLField(blank=True)

    class Meta:
        ordering = ["instrument", "number", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "number", "revision_kind", "year"],
                name="resolution_unique_version",
            )
        ]

    def __str__(self) -> str:
        from cwg.groups.citations import cite

        return cite(self, "en")


class Participation(models.TextChoices):
    MEMBER_STATES_ONLY = "member_states", "Member States only"
    MEMBERS_AND_SECTOR_MEMBERS = "members", "Member States and Sector Members"
    OPEN = "open", "Open to all stakeholders"


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public"
    MEMBERS = "members", "Members only"


class Group(models.Model):
    """A Council Working Group (or any body that meets and reports)."""

    slug = models.SlugField(unique=True)
    acronym = models.JSONField(default=dict, help_text="{language: acronym}, e.g. GTC-Internet")
    name = models.JSONField(default=dict, help_text="{language: full name}")
    mandate = models.JSONField(default=dict, blank=True, help_text="{language: mandate text}")
    symbol_prefix = models.CharField(
        max_length=40, unique=True, help_text="Prefix of document symbols, e.g. CWG-INTERNET"
    )
    participation = models.CharField(
        max_length=20, choices=Participation.choices, default=Participation.MEMBER_STATES_ONLY
    )
    holds_open_consultations = models.BooleanField(default=False)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    reports_to = models.CharField(max_length=100, blank=True, default="Council")
    resolutions = models.ManyToManyField(
        Resolution, through="GroupResolution", related_name="groups", blank=True
    )

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.display_acronym("en")

    def display_acronym(self, language: str | None = None) -> str:
        return pick(self.acronym, language) or self.slug

    def display_name(self, language: str | None = None) -> str:
        return pick(self.name, language)


class ResolutionRole(models.TextChoices):
    ESTABLISHES = "establishes", "Establishes the group"
    MANDATE = "mandate", "Defines the mandate"
    INSTRUCTS = "instructs", "Instructs the group"
    ACCORDANCE = "accordance", "The group acts in accordance with it"
    ISSUES = "issues", "Lists the issues the group studies"


class GroupResolution(models.Model):
    """Why a resolution matters to a group; `order` keeps the order in which they are cited."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="legal_basis")
    resolution = models.ForeignKey(Resolution, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=ResolutionRole.choices)
    order = models.PositiveSmallIntegerField(default=0)
    summary = models.JSONField(
        default=dict, blank=True, help_text="{language: what the resolution asks of the group}"
    )

    class Meta:
        ordering = ["group_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "resolution", "role"], name="group_resolution_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} – {self.resolution} ({self.role})"
