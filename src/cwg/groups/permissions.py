"""Who may see and change groups and their legal basis; the group fetch-and-authorise helper."""

from __future__ import annotations

from django.http import Http404

from cwg.core.exceptions import NotAllowed
from cwg.groups.models import Group, Resolution, Visibility
from cwg.registry.access import is_member, is_secretariat, standing
from cwg.registry.models import Role


def can_view_group(user, group: Group) -> bool:
    return group.visibility == Visibility.PUBLIC or is_member(user, group)


def can_edit_group(user, group: Group) -> bool:
    """Change the group's record, legal basis and roles: its secretariat only."""
    return is_secretariat(user, group)


def can_create_group(user) -> bool:
    """A new group is set up by the platform's secretariat (a role held across all groups)."""
    return is_secretariat(user, None)


def can_add_resolution(user) -> bool:
    """Record a resolution: anyone who serves as secretariat, of any group or of the platform."""
    s = standing(user)
    return s.is_superuser or any(Role.SECRETARIAT in roles for roles in s.roles_by_group.values())


def can_view_resolution(user, resolution: Resolution) -> bool:
    # Resolutions of ITU's governing bodies are public texts.
    return True


def get_group_for(user, slug) -> Group:
    """The group if the person may see it; Http404 otherwise (a hidden group does not exist)."""
    group = Group.objects.filter(slug=str(slug or "")).first()
    if group is None or not can_view_group(user, group):
        raise Http404("No such group.")
    return group


def get_group_to_edit(user, slug) -> Group:
    """The group for an edit: 404 for whoever may not see it, NotAllowed for a mere reader."""

    group = get_group_for(user, slug)
    if not can_edit_group(user, group):
        raise NotAllowed("Only the group's secretariat may change it.")
    return group


def get_resolution_for(user, resolution_id) -> Resolution:
    try:
        resolution = Resolution.objects.get(pk=int(resolution_id))
    except (Resolution.DoesNotExist, TypeError, ValueError):
        raise Http404("No such resolution.") from None
    if not can_view_resolution(user, resolution):
        raise Http404("No such resolution.")
    return resolution
