"""factory-boy factories for every record the tests build (tests/architecture/test_factories.py
lists any model a test builds by hand without one)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from cwg.analysis.models import GapAnalysis, SuggestionRun
from cwg.consultations.models import (
    Campaign,
    CampaignDismissal,
    CampaignJob,
    Compilation,
    Consultation,
    ConsultationState,
    JobKind,
    Question,
    ResponseImport,
    Submission,
)
from cwg.decisions.models import Action, AddresseeKind, Decision
from cwg.documents.models import (
    Document,
    DocumentFile,
    DocumentType,
    MeetingReport,
    SourceKind,
    TranslationStatus,
)
from cwg.groups.models import Group, GroupResolution, Participation, Resolution, ResolutionRole
from cwg.meetings.models import (
    AgendaItem,
    Meeting,
    Participant,
    ParticipantKind,
    Subscription,
    Venue,
)
from cwg.registry.models import (
    Membership,
    MemberState,
    Organisation,
    OrganisationCategory,
    Person,
    Region,
    RegionBasis,
    Role,
)
from cwg.reports.models import (
    CouncilAgendaItem,
    CouncilSession,
    CouncilSubmission,
    CoverSheet,
)


def member_state(iso3: str) -> MemberState:
    """The Member State with this code, from the registry (created if the registry is empty)."""
    return MemberState.objects.filter(iso3=iso3).first() or MemberStateFactory(
        iso3=iso3, iso2=iso3[:2]
    )


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)  # five regions, A to E

    code = "B"
    name = factory.LazyAttribute(lambda o: {"en": f"Region {o.code}"})


class MemberStateFactory(factory.django.DjangoModelFactory):
    """A Member State (`member_state(iso3)` reuses the registry's when it is loaded)."""

    class Meta:
        model = MemberState

    # A digit first: never a real ISO code, so never a clash with the loaded registry.
    iso3 = factory.Sequence(lambda n: f"{n % 10}{n // 10 % 26 + 65:c}{n // 260 % 26 + 65:c}")
    iso2 = factory.LazyAttribute(lambda o: o.iso3[:2])
    names = factory.LazyAttribute(lambda o: {"en": o.iso3})
    region = factory.SubFactory(RegionFactory)
    region_basis = RegionBasis.DERIVED


class PersonFactory(factory.django.DjangoModelFactory):
    """A person who signs in with a password only in tests that set one (`password=...`)."""

    class Meta:
        model = Person

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password(None)


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


# Registry ---------------------------------------------------------------------------------------


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    category = OrganisationCategory.CIVIL_SOCIETY


class MembershipFactory(factory.django.DjangoModelFactory):
    """A role in a group; a delegate also needs `member_state`."""

    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    role = Role.SECRETARIAT
    group = factory.SubFactory(GroupFactory)


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    """A confirmed authenticator app (the second factor)."""

    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(PersonFactory)
    name = "phone"
    confirmed = True


# Groups, meetings, documents --------------------------------------------------------------------


class GroupResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupResolution

    group = factory.SubFactory(GroupFactory)
    resolution = factory.SubFactory(ResolutionFactory)
    role = ResolutionRole.MANDATE


class AgendaItemFactory(factory.django.DjangoModelFactory):
    """An item written straight to the table (services.add_agenda_item numbers and audits it)."""

    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = {"en": "An item", "fr": "Un point"}


class ParticipantFactory(factory.django.DjangoModelFactory):
    """An observer; a delegate or head of delegation also needs a `delegation`."""

    class Meta:
        model = Participant

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    kind = ParticipantKind.OBSERVER


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    person = factory.SubFactory(PersonFactory)
    group = factory.SubFactory(GroupFactory)


class DocumentFileFactory(factory.django.DjangoModelFactory):
    """A language version with no stored file (pass `file=` for one)."""

    class Meta:
        model = DocumentFile

    document = factory.SubFactory(DocumentFactory)
    language = "en"
    translation_status = TranslationStatus.ORIGINAL
    uploaded_at = factory.LazyFunction(timezone.now)


class MeetingReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingReport

    document = factory.SubFactory(DocumentFactory, document_type=DocumentType.MEETING_REPORT)
    meeting = factory.LazyAttribute(lambda o: o.document.meeting)


# Decisions, consultations, analyses, reports ----------------------------------------------------


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = {"en": "The group decides.", "fr": "Le groupe décide."}
    addressee_kind = AddresseeKind.SECRETARIAT


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    decision = factory.SubFactory(DecisionFactory)
    description = {"en": "Report back", "fr": "Faire rapport"}
    assignee_kind = AddresseeKind.SECRETARIAT


class ConsultationFactory(factory.django.DjangoModelFactory):
    """A draft consultation (pass `state`, `opens_at`, `closes_at` for an open one)."""

    class Meta:
        model = Consultation

    group = factory.SubFactory(GroupFactory)
    slug = factory.Sequence(lambda n: f"consultation-{n}")
    topic = {"en": "A topic", "fr": "Un thème"}
    languages = ["en", "fr"]
    state = ConsultationState.DRAFT


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    consultation = factory.SubFactory(ConsultationFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = {"en": "What do you think?", "fr": "Qu'en pensez-vous ?"}


class SubmissionFactory(factory.django.DjangoModelFactory):
    """A response stored as is (the intake's checks are in services.submit)."""

    class Meta:
        model = Submission

    consultation = factory.SubFactory(ConsultationFactory)
    receipt = factory.Sequence(lambda n: f"TEST-{n:06d}")
    submitted_at = factory.LazyFunction(timezone.now)
    name = factory.Sequence(lambda n: f"Respondent {n}")
    category = OrganisationCategory.CIVIL_SOCIETY
    language = "en"
    answers = {"1": "An answer"}


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    consultation = factory.SubFactory(ConsultationFactory)
    key = factory.Sequence(lambda n: f"campaign-{n}")


class CampaignDismissalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignDismissal

    consultation = factory.SubFactory(ConsultationFactory)
    key = factory.Sequence(lambda n: f"judged-{n}")
    member_ids = factory.LazyFunction(list)
    reason = "Common wording"
    created_at = factory.LazyFunction(timezone.now)


class CampaignJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignJob

    consultation = factory.SubFactory(ConsultationFactory)
    kind = JobKind.INCREMENTAL
    created_at = factory.LazyFunction(timezone.now)


class CompilationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Compilation

    consultation = factory.SubFactory(ConsultationFactory)
    generated_at = factory.LazyFunction(timezone.now)
    summary = factory.LazyFunction(dict)


class ResponseImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponseImport

    consultation = factory.SubFactory(ConsultationFactory)
    original_name = "responses.jsonl"
    total = 1
    created_at = factory.LazyFunction(timezone.now)


class GapAnalysisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GapAnalysis

    group = factory.SubFactory(GroupFactory)
    title = factory.Sequence(lambda n: f"Analysis {n}")


class SuggestionRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SuggestionRun

    analysis = factory.SubFactory(GapAnalysisFactory)


class CoverSheetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoverSheet

    group = factory.SubFactory(GroupFactory)


class CouncilSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilSession
        django_get_or_create = ("code",)

    code = "C26"
    start_date = dt.date(2026, 4, 28)
    end_date = dt.date(2026, 5, 8)


class CouncilAgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilAgendaItem

    session = factory.SubFactory(CouncilSessionFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    title = factory.LazyAttribute(lambda o: {"en": f"Agenda item {o.number}"})


class CouncilSubmissionFactory(factory.django.DjangoModelFactory):
    """A report as submitted to Council, written directly: the service is tested in reports."""

    class Meta:
        model = CouncilSubmission

    agenda_item = factory.SubFactory(CouncilAgendaItemFactory)
    session = factory.LazyAttribute(lambda o: o.agenda_item.session)
    group = factory.SubFactory(GroupFactory)
    meetings = factory.LazyFunction(lambda: [1])
    number = factory.Sequence(lambda n: n + 1)
    document_date = dt.date(2026, 3, 16)
    original_language = "en"
    submitted_at = factory.LazyFunction(timezone.now)
