"""Member States, ITU regions, organisations, people and the roles they hold."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone

from cwg.core.i18n import pick


class Region(models.Model):
    """An ITU administrative region (A to E)."""

    code = models.CharField(max_length=1, unique=True)
    name = models.JSONField(default=dict, help_text="{language: name}")
    council_seats = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} – {pick(self.name)}"


class RegionBasis(models.TextChoices):
    SOURCED = "sourced", "Sourced (ITU election results)"
    DERIVED = "derived", "Derived by the documented geographic rule"


class MemberState(models.Model):
    """A Member State of ITU, named in the six UN languages."""

    iso3 = models.CharField(max_length=3, unique=True)
    iso2 = models.CharField(max_length=2, unique=True)
    m49 = models.CharField(max_length=3, blank=True)
    m49_subregion = models.CharField(max_length=3, blank=True, help_text="UN M49 sub-region code")
    names = models.JSONField(default=dict, help_text="{language: short name} (CLDR)")
    formal_names = models.JSONField(
        default=dict, blank=True, help_text="{language: formal name} (UNTERM)"
    )
    official_name_en = models.CharField(max_length=200, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="member_states")
    region_basis = models.CharField(max_length=10, choices=RegionBasis.choices)
    region_note = models.TextField(blank=True, help_text="The source, or the rule that applied")

    class Meta:
        ordering = ["iso3"]

    def __str__(self) -> str:
        return self.name()

    def name(self, language: str | None = None) -> str:
        return pick(self.names, language) or self.iso3


class OrganisationCategory(models.TextChoices):
    GOVERNMENT = "government", "Government"
    PRIVATE_SECTOR = "private_sector", "Private sector"
    CIVIL_SOCIETY = "civil_society", "Civil society"
    ACADEMIA = "academia", "Academia"
    TECHNICAL_COMMUNITY = "technical_community", "Technical community"
    INTERGOVERNMENTAL = "intergovernmental", "Intergovernmental organisation"
    INDIVIDUAL = "individual", "Individual"


class Organisation(models.Model):
    """A stakeholder organisation (or an individual's self-description)."""

    name = models.CharField(max_length=300)
    acronym = models.CharField(max_length=40, blank=True)
    category = models.CharField(max_length=30, choices=OrganisationCategory.choices)
    country = models.ForeignKey(
        MemberState, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "category"], name="organisation_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Person(AbstractUser):
    """Anyone who signs in: secretariat staff, chairs, delegates, stakeholders."""

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    country = models.ForeignKey(
        MemberState, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    preferred_language = models.CharField(max_length=8, default="en")
    time_zone = models.CharField(max_length=64, default="UTC")
    names = models.JSONField(
        default=dict,
        blank=True,
        help_text="{language: full name} as documents in that language write it, where known "
        "(e.g. the Cyrillic, Arabic and Chinese forms); other languages use first and last name",
    )

    class Meta:
        verbose_name = "person"
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def name_in(self, language: str) -> str:
        """The person's name as a document in the language writes it, else as recorded."""
        return (self.names or {}).get(language) or self.get_full_name() or self.username


class Role(models.TextChoices):
    DELEGATE = "delegate", "Delegate of a Member State"
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice-Chair"
    SECRETARIAT = "secretariat", "Secretariat"
    COUNCIL_MEMBER = "council_member", "Council member"
    STAKEHOLDER = "stakeholder", "Registered stakeholder"


class MembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(start_date__isnull=True) | Q(start_date__lte=on)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )


class Membership(models.Model):
    """A role a person holds, in one group or (group empty) across the platform."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    group = models.ForeignKey(
        "groups.Group", null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    member_state = models.ForeignKey(
        MemberState,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        help_text="The State a delegate represents, or a chair's or vice-chair's country.",
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["group_id", "role", "person_id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="delegate") | Q(member_state__isnull=False),
                name="membership_delegate_has_state",
            ),
            models.UniqueConstraint(
                fields=["person", "role", "group", "member_state"],
                name="membership_unique_role",
            ),
        ]

    def __str__(self) -> str:
        where = f" ({self.member_state.iso3})" if self.member_state_id else ""
        return f"{self.person} – {self.get_role_display()}{where}"
