"""factory-boy factories for the core records."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from cwg.documents.models import Document, DocumentType, SourceKind
from cwg.groups.models import Group, Participation, Resolution
from cwg.meetings.models import Meeting, Venue
from cwg.registry.models import MemberState, Region, RegionBasis


def member_state(iso3: str) -> MemberState:
    """The Member State with this code, from the registry (created if the registry is empty)."""
    state = MemberState.objects.filter(iso3=iso3).first()
    if state:
        return state
    region, _ = Region.objects.get_or_create(code="B", defaults={"name": {"en": "Western Europe"}})
    return MemberState.objects.create(
        iso3=iso3,
        iso2=iso3[:2],
        names={"en": iso3},
        region=region,
        region_basis=RegionBasis.DERIVED,
    )


class ResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resolution

    instrument = "PP"
    number = factory.Sequence(lambda n: str(200 + n))
    revision_kind = "rev"
    place = {"en": "Bucharest", "fr": "Bucarest"}
    year = 2022
    title = {"en": "A resolution"}


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    slug = factory.Sequence(lambda n: f"cwg-test-{n}")
    acronym = factory.LazyAttribute(lambda o: {"en": o.slug.upper(), "fr": o.slug.upper()})
    name = factory.LazyAttribute(lambda o: {"en": f"Working group {o.slug}"})
    symbol_prefix = factory.LazyAttribute(lambda o: o.slug.upper())
    participation = Participation.MEMBER_STATES_ONLY
    holds_open_consultations = True


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = {"en": "ITU headquarters", "fr": "siège de l'UIT"}
    city = {"en": "Geneva", "fr": "Genève"}


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    group = factory.SubFactory(GroupFactory)
    number = factory.Sequence(lambda n: n + 1)
    start_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    end_date = factory.LazyAttribute(lambda o: o.start_date + dt.timedelta(days=1))
    venue = factory.SubFactory(VenueFactory)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    meeting = factory.SubFactory(MeetingFactory)
    group = factory.LazyAttribute(lambda o: o.meeting.group)
    number = factory.Sequence(lambda n: n + 1)
    symbol = factory.LazyAttribute(lambda o: f"{o.meeting.symbol_prefix}/{o.number}")
    document_type = DocumentType.CONTRIBUTION
    source_kind = SourceKind.SECRETARIAT
    title = {"en": "A document", "fr": "Un document"}
    submitted_at = factory.LazyFunction(timezone.now)
