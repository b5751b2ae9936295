"""The read side of groups: what a reader may see, with legal basis and officers in few queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from cwg.core.i18n import pick_with_language
from cwg.core.pickers import Choice, matches, other_language, resolve_among, sorted_by_name
from cwg.core.sections import collect
from cwg.groups.models import Group, GroupResolution, Resolution, Visibility
from cwg.registry.access import MEMBER_ROLES, standing
from cwg.registry.models import Membership, Role

OFFICER_ROLES = (Role.CHAIR, Role.VICE_CHAIR, Role.SECRETARIAT)


def member_group_ids(user) -> list[int] | None:
    """The ids of the groups whose members-only records the person may see; None means all."""
    s = standing(user)
    if s.is_superuser or MEMBER_ROLES & s.roles_by_group.get(None, set()):
        return None
    return sorted(gid for gid, roles in s.roles_by_group.items() if gid and MEMBER_ROLES & roles)


def visible_groups(user) -> QuerySet[Group]:
    """Public groups, and members-only groups of which the person is a member."""
    ids = member_group_ids(user)
    if ids is None:
        return Group.objects.all()
    return Group.objects.filter(Q(visibility=Visibility.PUBLIC) | Q(pk__in=ids))


def with_details(groups: QuerySet[Group]) -> QuerySet[Group]:
    """Prefetch the legal basis (with resolutions) and the current officers."""
    officers = (
        Membership.objects.current()
        .filter(role__in=OFFICER_ROLES)
        .select_related("person", "member_state")
        .order_by("role", "start_date", "person__last_name")
    )
    return groups.prefetch_related(
        Prefetch(
            "legal_basis",
            queryset=GroupResolution.objects.select_related("resolution").order_by("order", "id"),
        ),
        Prefetch("memberships", queryset=officers, to_attr="current_officers"),
    )


def officers(group: Group) -> dict[str, list[Membership]]:
    """The group's current chair, vice-chairs and secretariat (prefetched if available)."""
    memberships = getattr(group, "current_officers", None)
    if memberships is None:
        memberships = list(
            Membership.objects.current()
            .filter(group=group, role__in=OFFICER_ROLES)
            .select_related("person", "member_state")
            .order_by("role", "start_date", "person__last_name")
        )
    result: dict[str, list[Membership]] = {role.value: [] for role in OFFICER_ROLES}
    for membership in memberships:
        result[membership.role].append(membership)
    return result


def resolutions(*, instrument: str | None = None) -> QuerySet[Resolution]:
    qs = Resolution.objects.all()
    if instrument:
        qs = qs.filter(instrument=instrument)
    return qs.order_by("instrument", "number", "year")


def legal_basis_resolutions(group: Group) -> list[Resolution]:
    """The resolutions of the group's legal basis, each once, in the order they are cited."""
    seen: dict[int, Resolution] = {}
    for link in group.legal_basis.select_related("resolution").order_by("order", "id"):
        seen.setdefault(link.resolution_id, link.resolution)
    return list(seen.values())


@dataclass
class GroupPage:
    """What a group's page shows to one reader."""

    group: Group
    legal_basis: list[GroupResolution]
    officers: list[Membership]
    meetings: list = field(default_factory=list)
    decisions: list = field(default_factory=list)
    council_submissions: list = field(default_factory=list)  # reports sent to Council


def group_page(user, group: Group) -> GroupPage:
    """The group with its legal basis, officers, and what the apps above add to its page (the
    meetings and approved decisions the reader may see; see cwg.core.sections). The caller has
    already checked that the reader may see the group."""
    legal_basis = list(group.legal_basis.select_related("resolution").order_by("order", "id"))
    by_role = officers(group)
    officer_list = [m for role in OFFICER_ROLES for m in by_role[role.value]]
    parts = collect("group_page", user=user, group=group)
    return GroupPage(
        group=group,
        legal_basis=legal_basis,
        officers=officer_list,
        meetings=parts.get("meetings", []),
        decisions=parts.get("decisions", []),
        council_submissions=parts.get("council_submissions", []),
    )


def _group_names(group: Group) -> list[str]:
    return [*group.acronym.values(), *group.name.values(), group.slug]


def pick_groups(user, query: str, language: str) -> list[Choice]:
    """Groups the reader may see whose acronym or name (in any language) matches the query."""
    groups = [g for g in visible_groups(user) if matches(query, *_group_names(g))]
    choices = []
    for g in sorted_by_name(groups, lambda g: g.display_acronym(language)):
        acronym, name = (
            pick_with_language(g.acronym, language),
            pick_with_language(g.name, language),
        )
        choices.append(
            Choice(
                str(g.pk),
                acronym.text or g.slug,
                name.text,
                label_lang=other_language(acronym),
                hint_lang=other_language(name),
            )
        )
    return choices


def find_group(user, text: str, language: str) -> Group | None:
    """The group the reader may see named by its id, slug, acronym or name in any language."""
    groups = visible_groups(user)
    if text.isdigit():
        return groups.filter(pk=int(text)).first()
    return resolve_among(((g, _group_names(g)) for g in groups), text)
