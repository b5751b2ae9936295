"""What readers may see of the groups' audit trail: who reads it, and the groups' own records."""

from __future__ import annotations

from cwg.core import history
from cwg.groups.models import Group, GroupResolution
from cwg.groups.permissions import get_group_for
from cwg.groups.queries import visible_groups
from cwg.registry.access import is_member, is_secretariat


def _find_group(reader, slug: str) -> tuple[Group, int]:
    group = get_group_for(reader, slug)
    return group, group.pk


def _groups(reader, group_id: int | None):
    groups = visible_groups(reader)
    return groups if group_id is None else groups.filter(pk=group_id)


def _legal_basis(reader, group_id: int | None):
    return GroupResolution.objects.filter(group__in=_groups(reader, group_id))


def register() -> None:
    # A group's trail is read by its members (each event as its record allows) and kept
    # whole by its secretariat, who also sees events of records since deleted.
    history.register_policy(
        history.TrailPolicy(
            find_group=_find_group, reads_trail=is_member, keeps_trail=is_secretariat
        )
    )
    history.register("groups.group", _groups, group_of=lambda group: group.pk, page_name="group")
    history.register("groups.groupresolution", _legal_basis)
