"""Who may read and change the registry: States and regions are public, people are not."""

from __future__ import annotations

from django.http import Http404

from cwg.registry.access import is_secretariat
from cwg.registry.models import MemberState, Person


def can_view_member_states(user) -> bool:
    # The list of ITU Member States and their regions is public reference data.
    return True


def can_edit_registry(user) -> bool:
    """Organisations, people and platform-wide roles: the platform's secretariat only."""
    return is_secretariat(user, None)


def get_member_state_for(user, iso3: str) -> MemberState:
    """The Member State with this ISO alpha-3 code; Http404 if there is none."""
    if not can_view_member_states(user):
        raise Http404("No such Member State.")
    state = (
        MemberState.objects.select_related("region")
        .filter(iso3=str(iso3 or "").strip().upper())
        .first()
    )
    if state is None:
        raise Http404("No such Member State.")
    return state


def can_edit_profile(user, person) -> bool:
    """A person's language, time zone and name: the person themself or the platform's secretariat."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.pk == person.pk or is_secretariat(user, None)


def get_person_profile_for(user, username: str) -> Person:
    """The person whose profile `user` may change; Http404 for anyone else's (and unknown names)."""
    person = Person.objects.filter(username=str(username or "")).first()
    if person is None or not can_edit_profile(user, person):
        raise Http404("No such person.")
    return person
