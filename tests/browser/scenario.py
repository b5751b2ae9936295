"""A small CWG-Internet the browser tests walk through: group, legal basis, meetings, a
consultation, decisions and the personas (chair, secretariat, delegates, stakeholder)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from cwg.consultations.models import Consultation, ConsultationState, Question
from cwg.core.access_levels import AccessLevel
from cwg.decisions.models import (
    Action,
    ActionStatus,
    AddresseeKind,
    Decision,
    DecisionStatus,
)
from cwg.demo.records import CWG_INTERNET
from cwg.groups.models import Group, GroupResolution, Participation, Resolution, ResolutionRole
from cwg.testing.factories import MeetingFactory, VenueFactory
from cwg.testing.personas import Personas, build_personas


@dataclass
class Scenario:
    personas: Personas
    group: Group
    next_meeting: object
    earlier_meeting: object
    held_meeting: object
    closed_meeting: object  # members only
    consultation: Consultation


def _resolution(instrument, number, kind, year, place=None, title=None):
    return Resolution.objects.get_or_create(
        instrument=instrument,
        number=number,
        revision_kind=kind,
        year=year,
        defaults={"place": place or {}, "title": title or {}},
    )[0]


def ensure_registry() -> None:
    """The 194 Member States, as the data migration loads them.

    A transactional test starts from a flushed database; the registry is loaded again when an
    earlier test's flush left it empty.
    """
    from cwg.registry.loader import load_registry
    from cwg.registry.models import MemberState

    if MemberState.objects.count() < 194:
        load_registry()


def build() -> Scenario:
    ensure_registry()
    group = Group.objects.create(
        slug=CWG_INTERNET["slug"],
        acronym=CWG_INTERNET["acronym"],
        name=CWG_INTERNET["name"],
        mandate={
            "en": "To identify, study and develop matters related to international "
            "Internet-related public policy issues, and to hold open consultations with all "
            "stakeholders on the issues it selects.",
            "fr": "Identifier, étudier et développer les questions relatives aux politiques "
            "publiques internationales relatives à l'Internet, et tenir des consultations "
            "ouvertes avec toutes les parties prenantes sur les questions qu'il choisit.",
        },
        symbol_prefix=CWG_INTERNET["symbol_prefix"],
        participation=Participation.MEMBER_STATES_ONLY,
        holds_open_consultations=True,
    )
    basis = [
        (
            _resolution("PP", "102", "rev", 2022, {"en": "Bucharest", "fr": "Bucarest"}),
            ResolutionRole.INSTRUCTS,
        ),
        (_resolution("C", "1305", "mod", 2019), ResolutionRole.MANDATE),
        (_resolution("C", "1336", "mod", 2019), ResolutionRole.ESTABLISHES),
    ]
    GroupResolution.objects.bulk_create(
        [
            GroupResolution(group=group, resolution=r, role=role, order=i)
            for i, (r, role) in enumerate(basis)
        ]
    )
    personas = build_personas(group)
    venue = VenueFactory()
    today = timezone.localdate()

    def meeting(number: int, first_day: int, last_day: int, **extra):
        # Days counted from today, so that the deadlines and states the tests rely on hold.
        return MeetingFactory(
            group=group,
            number=number,
            start_date=today + dt.timedelta(days=first_day),
            end_date=today + dt.timedelta(days=last_day),
            venue=venue,
            **extra,
        )

    earlier = meeting(21, -300, -299, status="held")
    held = meeting(22, -120, -119, status="held")
    upcoming = meeting(23, 40, 41)
    closed = meeting(24, 200, 200, access_level=AccessLevel.MEMBERS)
    decision = Decision.objects.create(
        meeting=held,
        number=1,
        status=DecisionStatus.APPROVED,
        text={
            "en": "The group asks the secretariat to compile the responses to the open "
            "consultation for its next meeting.",
            "fr": "Le groupe demande au secrétariat de compiler les réponses à la consultation "
            "ouverte pour sa prochaine réunion.",
        },
        addressee_kind=AddresseeKind.SECRETARIAT,
        approved_at=held.end_date,
    )
    Action.objects.create(
        decision=decision,
        description={"en": "Compile the consultation responses", "fr": "Compiler les réponses"},
        assignee_kind=AddresseeKind.SECRETARIAT,
        status=ActionStatus.IN_PROGRESS,
        due_date=today + dt.timedelta(days=10),
    )
    now = timezone.now()
    consultation = Consultation.objects.create(
        group=group,
        slug="meaningful-connectivity",
        topic={
            "en": "Expanding Internet connectivity: meaningful access for all",
            "fr": "Étendre la connectivité Internet : un accès utile pour tous",
            "ar": "توسيع نطاق التوصيلية بالإنترنت",
        },
        languages=["ar", "zh", "en", "fr", "ru", "es"],
        state=ConsultationState.OPEN,
        opens_at=now - dt.timedelta(days=3),
        closes_at=now + dt.timedelta(days=45),
    )
    Question.objects.bulk_create(
        [
            Question(
                consultation=consultation,
                number=1,
                text={
                    "en": "What are the main barriers to meaningful connectivity?",
                    "fr": "Quels sont les principaux obstacles à une connectivité utile ?",
                },
            ),
            Question(
                consultation=consultation,
                number=2,
                text={
                    "en": "Which policies have worked to lower the cost of access?",
                    "fr": "Quelles politiques ont permis de réduire le coût de l'accès ?",
                },
            ),
        ]
    )
    return Scenario(
        personas=personas,
        group=group,
        next_meeting=upcoming,
        earlier_meeting=earlier,
        held_meeting=held,
        closed_meeting=closed,
        consultation=consultation,
    )
