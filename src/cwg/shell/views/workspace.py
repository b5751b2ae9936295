"""The workspace: the secretariat's drafts, moderation, reports and actions due, and each
delegate's and officer's own contributions, open deadlines, meetings and actions.

The secretariat, delegates, chairs and vice-chairs may open it; anyone else signed in gets a
404 (a page a reader may not see does not exist for them); anonymous readers are asked to sign in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from cwg.consultations.models import Consultation, ConsultationState
from cwg.decisions.models import Decision, DecisionStatus
from cwg.decisions.queries import actions_assigned_to, actions_due
from cwg.documents.models import MeetingReport, ReportState
from cwg.documents.queries import contributions_of
from cwg.drafting.queries import visible_texts
from cwg.groups.models import Group
from cwg.meetings.models import Meeting, MeetingStatus
from cwg.meetings.queries import open_contribution_deadlines, registered_meetings
from cwg.registry.access import standing
from cwg.registry.models import Role
from cwg.reports.permissions import can_generate_report

ACTIONS_DUE_WITHIN_DAYS = 30
MY_CONTRIBUTIONS_SHOWN = 20
OFFICER_ROLES = {Role.CHAIR, Role.VICE_CHAIR}


@dataclass(frozen=True)
class SecretariatScope:
    """The groups a person serves as secretariat; all_groups for a platform-wide role."""

    all_groups: bool = False
    group_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def any(self) -> bool:
        return self.all_groups or bool(self.group_ids)

    def filter(self, prefix: str = "group") -> Q:
        return Q() if self.all_groups else Q(**{f"{prefix}_id__in": self.group_ids})


def secretariat_scope(user) -> SecretariatScope:
    s = standing(user)
    if s.is_superuser or Role.SECRETARIAT in s.roles_by_group.get(None, set()):
        return SecretariatScope(all_groups=True)
    ids = frozenset(
        gid
        for gid, roles in s.roles_by_group.items()
        if gid is not None and Role.SECRETARIAT in roles
    )
    return SecretariatScope(group_ids=ids)


def _draft_consultations(scope: SecretariatScope) -> list:

    return list(
        Consultation.objects.filter(scope.filter(), state=ConsultationState.DRAFT)
        .select_related("group")
        .order_by("id")
    )


def _draft_reports(scope: SecretariatScope) -> list:

    return list(
        MeetingReport.objects.filter(
            scope.filter("meeting__group"),
            state__in=[ReportState.DRAFT, ReportState.CIRCULATED],
        )
        .select_related("meeting", "meeting__group", "document")
        .order_by("meeting__start_date")
    )


def _draft_decisions(scope: SecretariatScope) -> list:

    return list(
        Decision.objects.filter(scope.filter("meeting__group"), status=DecisionStatus.DRAFT)
        .select_related("meeting", "meeting__group")
        .order_by("meeting__start_date", "number")
    )


def _moderation(scope: SecretariatScope) -> list:
    """Open consultations, and closed ones with submissions still to compile (one query)."""
    return list(
        Consultation.objects.filter(
            scope.filter(), state__in=[ConsultationState.OPEN, ConsultationState.CLOSED]
        )
        .select_related("group")
        .annotate(
            submission_count=Count("submissions"),
            hidden_count=Count("submissions", filter=Q(submissions__hidden=True)),
        )
        .filter(Q(state=ConsultationState.OPEN) | Q(submission_count__gt=0))
        .order_by("closes_at", "id")
    )


def _actions_due(user, scope: SecretariatScope) -> list:
    """Open actions of the groups served, overdue or due soon (one query)."""
    qs = actions_due(user, ACTIONS_DUE_WITHIN_DAYS)
    return list(qs.filter(scope.filter("decision__meeting__group")).order_by("due_date", "id"))


def _reportable_groups(user, groups: list) -> list:
    """The served groups whose reports this person may generate."""
    return [group for group in groups if can_generate_report(user, group)]


def _reports_to_start(scope: SecretariatScope) -> list:
    """Meetings held (or over) whose report the secretariat has not started yet."""
    return list(
        Meeting.objects.filter(scope.filter(), report__isnull=True)
        .filter(
            Q(status=MeetingStatus.HELD)
            | Q(end_date__lt=timezone.localdate(), status=MeetingStatus.PLANNED)
        )
        .select_related("group")
        .order_by("-start_date")[:10]
    )


@dataclass(frozen=True)
class PersonalScope:
    """What a person does in their own name: speak for a State, chair or vice-chair a group."""

    delegate: bool = False
    officer_group_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def any(self) -> bool:
        return self.delegate or bool(self.officer_group_ids)


def personal_scope(user) -> PersonalScope:
    s = standing(user)
    return PersonalScope(
        delegate=any(s.states_by_group.values()),
        officer_group_ids=frozenset(
            gid
            for gid, roles in s.roles_by_group.items()
            if gid is not None and roles & OFFICER_ROLES
        ),
    )


def may_open_workspace(user) -> bool:
    return secretariat_scope(user).any or personal_scope(user).any


def _secretariat_context(user, scope: SecretariatScope) -> dict:
    groups = list(
        (
            Group.objects.all()
            if scope.all_groups
            else Group.objects.filter(id__in=scope.group_ids)
        ).order_by("slug")
    )
    return {
        "groups": groups,
        "draft_consultations": _draft_consultations(scope),
        "draft_reports": _draft_reports(scope),
        "draft_decisions": _draft_decisions(scope),
        "moderation": _moderation(scope),
        "actions_due": _actions_due(user, scope),
        "actions_due_days": ACTIONS_DUE_WITHIN_DAYS,
        "reportable_groups": _reportable_groups(user, groups),
        "reports_to_start": _reports_to_start(scope),
    }


def _personal_context(user, personal: PersonalScope) -> dict:
    officer_groups = list(Group.objects.filter(id__in=personal.officer_group_ids).order_by("slug"))
    return {
        "personal": personal,
        "my_contributions": list(contributions_of(user)[:MY_CONTRIBUTIONS_SHOWN])
        if personal.delegate
        else [],
        "open_deadlines": open_contribution_deadlines(user) if personal.delegate else [],
        "my_meetings": list(registered_meetings(user)),
        "my_actions": list(actions_assigned_to(user)),
        "chair_report_groups": _reportable_groups(user, officer_groups),
    }


@login_required
def workspace(request):
    user = request.user
    scope = secretariat_scope(user)
    personal = personal_scope(user)
    if not (scope.any or personal.any):
        raise Http404("No such page.")
    context = {
        "secretariat": scope.any,
        "today": timezone.localdate(),
        # The drafting room is linked only for a reader who may see one of its texts.
        "drafting_texts": visible_texts(user).count(),
    }
    if scope.any:
        context.update(_secretariat_context(user, scope))
    context.update(_personal_context(user, personal))
    return render(request, "shell/workspace.html", context)
