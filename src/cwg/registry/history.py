"""What readers may see of the registry's records in a group's audit trail."""

from __future__ import annotations

from cwg.core import history
from cwg.registry.access import MEMBER_ROLES, standing
from cwg.registry.models import Membership


def _memberships(reader, group_id: int | None):
    """The roles held in a group are shown to its members, like the rest of its trail."""
    s = standing(reader)
    memberships = Membership.objects.filter(group__isnull=False)
    if group_id is not None:
        memberships = memberships.filter(group_id=group_id)
    if s.is_superuser or MEMBER_ROLES & s.roles_by_group.get(None, set()):
        return memberships
    member_of = [
        g for g, roles in s.roles_by_group.items() if g is not None and roles & MEMBER_ROLES
    ]
    return memberships.filter(group_id__in=member_of)


def register() -> None:
    history.register("registry.membership", _memberships)
