"""Who a person is in a group: the role checks every app's permissions are built on."""

from __future__ import annotations

from dataclasses import dataclass, field

from cwg.registry.models import Role

MEMBER_ROLES = {Role.DELEGATE, Role.CHAIR, Role.VICE_CHAIR, Role.SECRETARIAT, Role.COUNCIL_MEMBER}


@dataclass
class Standing:
    """A person's current roles, loaded once per request and reused by every check."""

    roles_by_group: dict[int | None, set[str]] = field(default_factory=dict)
    states_by_group: dict[int | None, set[int]] = field(default_factory=dict)
    is_superuser: bool = False

    def roles(self, group_id: int | None) -> set[str]:
        # A role held with no group applies to every group.
        return self.roles_by_group.get(group_id, set()) | self.roles_by_group.get(None, set())

    def states(self, group_id: int | None) -> set[int]:
        return self.states_by_group.get(group_id, set()) | self.states_by_group.get(None, set())


_EMPTY = Standing()


def standing(user) -> Standing:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return _EMPTY
    cached = getattr(user, "_cwg_standing", None)
    if cached is not None:
        return cached
    result = Standing(is_superuser=user.is_superuser)
    for group_id, role, state_id in user.memberships.current().values_list(
        "group_id", "role", "member_state_id"
    ):
        result.roles_by_group.setdefault(group_id, set()).add(role)
        if role == Role.DELEGATE and state_id:
            result.states_by_group.setdefault(group_id, set()).add(state_id)
    user._cwg_standing = result
    return result


def forget_standing(user) -> None:
    """Drop the cached roles after memberships change."""
    if user is not None and hasattr(user, "_cwg_standing"):
        del user._cwg_standing


def _group_id(group) -> int | None:
    return group if isinstance(group, int) or group is None else group.pk


def is_secretariat(user, group=None) -> bool:
    s = standing(user)
    return s.is_superuser or Role.SECRETARIAT in s.roles(_group_id(group))


def is_chair(user, group) -> bool:
    return Role.CHAIR in standing(user).roles(_group_id(group))


def is_officer(user, group) -> bool:
    """Chair or vice-chair of the group."""
    return bool({Role.CHAIR, Role.VICE_CHAIR} & standing(user).roles(_group_id(group)))


def is_member(user, group) -> bool:
    """May see what the group keeps to its members: delegates, officers, secretariat, Council."""
    s = standing(user)
    return s.is_superuser or bool(MEMBER_ROLES & s.roles(_group_id(group)))


def delegated_states(user, group) -> set[int]:
    """The Member States (ids) this person may speak for in the group."""
    return standing(user).states(_group_id(group))


def is_delegate(user, group) -> bool:
    return bool(delegated_states(user, group))


def can_see_level(user, group, level: str) -> bool:
    """Whether a record with this effective access level is visible to the person."""
    if level == "public":
        return True
    return is_member(user, group)


def is_secretariat_anywhere(user) -> bool:
    """Serves as secretariat of some group (or of the platform): may try the writes whose group
    is only named in the request body; the service then checks the group itself."""
    s = standing(user)
    return s.is_superuser or any(Role.SECRETARIAT in roles for roles in s.roles_by_group.values())
