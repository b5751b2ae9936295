"""The language-independent facts of a report, gathered from the records in a few queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from cwg.consultations.models import Consultation
from cwg.decisions.models import Decision, DecisionStatus
from cwg.documents.models import DocumentType, ReportState
from cwg.groups.models import Group, GroupResolution, ResolutionRole
from cwg.meetings.models import Meeting, MeetingStatus
from cwg.registry.models import Membership, Role
from cwg.reports.errors import ReportIncomplete
from cwg.reports.models import CoverSheet, ReportKind


@dataclass(frozen=True)
class VenueFacts:
    name: dict
    city: dict
    country_names: dict | None
    is_virtual: bool
    pk: int


@dataclass(frozen=True)
class DecisionFacts:
    number: int
    noted: dict
    text: dict


@dataclass(frozen=True)
class MeetingFacts:
    number: int
    start: dt.date
    end: dt.date
    venue: VenueFacts | None
    consultations: tuple[dict, ...]  # topics of the consultations examined
    contributions: int
    decisions: tuple[DecisionFacts, ...]


@dataclass(frozen=True)
class BasisFacts:
    resolution: object  # groups.Resolution, cited with cwg.groups.citations
    role: str
    summary: dict


@dataclass(frozen=True)
class ChairFacts:
    name: str
    country_names: dict
    names: dict = field(default_factory=dict)  # {language: name} where recorded


@dataclass
class ReportFacts:
    kind: str
    group: Group
    basis: list[BasisFacts]
    meetings: list[MeetingFacts]
    chair: ChairFacts | None
    has_vice_chairs: bool
    cover: CoverSheet
    issued_on: dt.date
    period: tuple[int, int] | None = None
    symbol: str = ""
    gaps: list[str] = field(default_factory=list)

    # -- the legal basis by role, each resolution once, in the group's order
    def resolutions(self, *roles: str) -> list:
        seen: dict[int, object] = {}
        for entry in self.basis:
            if not roles or entry.role in roles:
                seen.setdefault(entry.resolution.pk, entry.resolution)
        return list(seen.values())

    @property
    def numbers(self) -> list[int]:
        return [m.number for m in self.meetings]

    @property
    def years(self) -> tuple[int, int]:
        if self.period:
            return self.period
        return self.meetings[0].start.year, self.meetings[-1].end.year


def _meetings_queryset(group: Group):
    return (
        Meeting.objects.filter(group=group)
        .select_related("venue", "venue__country", "report")
        .annotate(
            contribution_count=Count(
                "documents",
                filter=Q(documents__document_type=DocumentType.CONTRIBUTION)
                & Q(documents__withdrawn=False),
                distinct=True,
            )
        )
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.filter(status=DecisionStatus.APPROVED).order_by("number"),
                to_attr="approved_decisions",
            ),
            Prefetch(
                "consultations_examined",
                queryset=Consultation.objects.order_by("opens_at", "id"),
                to_attr="examined",
            ),
        )
        .order_by("number")
    )


def _meeting_facts(meeting: Meeting, issued_on: dt.date, gaps: list[str]) -> MeetingFacts:
    label = f"meeting {meeting.number}"
    if meeting.status == MeetingStatus.CANCELLED:
        gaps.append(f"{label} was cancelled")
    elif meeting.end_date > issued_on:
        gaps.append(f"{label} has not taken place yet (it ends on {meeting.end_date:%Y-%m-%d})")
    venue = None
    if meeting.venue is None:
        gaps.append(f"{label} has no venue")
    else:
        v = meeting.venue
        venue = VenueFacts(
            name=v.name,
            city=v.city,
            country_names=v.country.names if v.country_id else None,
            is_virtual=v.is_virtual,
            pk=v.pk,
        )
    report = getattr(meeting, "report", None)
    if report is None:
        gaps.append(f"{label} has no meeting report")
    elif report.state != ReportState.APPROVED:
        gaps.append(f"the report of {label} is not approved (it is {report.get_state_display()})")
    return MeetingFacts(
        number=meeting.number,
        start=meeting.start_date,
        end=meeting.end_date,
        venue=venue,
        consultations=tuple(c.topic for c in meeting.examined),
        contributions=meeting.contribution_count,
        decisions=tuple(
            DecisionFacts(number=d.number, noted=d.noted or {}, text=d.text or {})
            for d in meeting.approved_decisions
        ),
    )


def _chair(group: Group, on: dt.date, gaps: list[str]) -> ChairFacts | None:
    chair = (
        Membership.objects.current(on)
        .filter(group=group, role=Role.CHAIR)
        .select_related("person", "person__country", "member_state")
        .order_by("-start_date", "id")
        .first()
    )
    if chair is None:
        gaps.append(f"{group.display_acronym('en')} has no chair on {on:%Y-%m-%d}")
        return None
    state = chair.member_state or chair.person.country
    name = chair.person.get_full_name() or chair.person.get_username()
    if state is None:
        gaps.append(
            f"the chair {name} has no country (set the Member State of the chair's membership)"
        )
        return ChairFacts(name=name, country_names={}, names=chair.person.names or {})
    return ChairFacts(name=name, country_names=state.names, names=chair.person.names or {})


def _basis(group: Group, gaps: list[str]) -> list[BasisFacts]:
    rows = list(
        GroupResolution.objects.filter(group=group)
        .select_related("resolution")
        .order_by("order", "id")
    )
    acronym = group.display_acronym("en")
    if not rows:
        gaps.append(f"{acronym} has no resolutions in its legal basis")
    roles = {row.role for row in rows}
    if rows and ResolutionRole.ESTABLISHES not in roles:
        gaps.append(f"no resolution is recorded as establishing {acronym}")
    if rows and ResolutionRole.MANDATE not in roles:
        gaps.append(f"no resolution is recorded as defining the mandate of {acronym}")
    return [BasisFacts(row.resolution, row.role, row.summary or {}) for row in rows]


def _cover(group: Group) -> CoverSheet:
    return CoverSheet.objects.filter(group=group).first() or CoverSheet(group=group)


def _common(group: Group, issued_on: dt.date, gaps: list[str]) -> dict:
    return {
        "group": group,
        "basis": _basis(group, gaps),
        "chair": _chair(group, issued_on, gaps),
        "has_vice_chairs": Membership.objects.current(issued_on)
        .filter(group=group, role=Role.VICE_CHAIR)
        .exists(),
        "cover": _cover(group),
        "issued_on": issued_on,
    }


def chair_report_facts(group: Group, numbers: list[int], issued_on: dt.date) -> ReportFacts:
    """Facts for the Chair's report on the given meetings; ReportIncomplete lists every gap.

    The caller has checked that the meetings exist (see queries.meetings_by_number).
    """
    gaps: list[str] = []
    meetings = [
        _meeting_facts(m, issued_on, gaps)
        for m in _meetings_queryset(group).filter(number__in=numbers)
    ]
    facts = ReportFacts(kind=ReportKind.CHAIR, meetings=meetings, **_common(group, issued_on, gaps))
    facts.gaps = gaps
    if gaps:
        raise ReportIncomplete(gaps)
    return facts


def cycle_report_facts(
    group: Group, from_year: int, to_year: int, issued_on: dt.date
) -> ReportFacts:
    """Facts for the roll-up of the group's meetings held from one year to another."""
    gaps: list[str] = []
    queryset = (
        _meetings_queryset(group)
        .filter(start_date__year__gte=from_year, start_date__year__lte=to_year)
        .exclude(status=MeetingStatus.CANCELLED)
    )
    meetings = [_meeting_facts(m, issued_on, gaps) for m in queryset]
    if not meetings:
        gaps.append(f"{group.display_acronym('en')} held no meeting from {from_year} to {to_year}")
    facts = ReportFacts(
        kind=ReportKind.CYCLE,
        meetings=meetings,
        period=(from_year, to_year),
        **_common(group, issued_on, gaps),
    )
    if gaps:
        raise ReportIncomplete(gaps)
    return facts
