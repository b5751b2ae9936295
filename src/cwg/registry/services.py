"""Every write to the registry: organisations, people and the roles they hold."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from cwg.core import audit
from cwg.core.exceptions import Conflict, InvalidInput, NotAllowed
from cwg.registry.access import forget_standing, is_secretariat
from cwg.registry.models import (
    Membership,
    MemberState,
    Organisation,
    OrganisationCategory,
    Person,
    Role,
)
from cwg.registry.permissions import can_edit_profile

GROUP_ROLES = {Role.DELEGATE, Role.CHAIR, Role.VICE_CHAIR, Role.SECRETARIAT}
PLATFORM_ROLES = {Role.COUNCIL_MEMBER, Role.STAKEHOLDER, Role.SECRETARIAT}


def _require_registry_editor(actor) -> None:
    if not is_secretariat(actor, None):
        raise NotAllowed("Only the secretariat may change the registry.")


def create_organisation(
    actor, *, name: str, category: str, acronym: str = "", country: MemberState | None = None
) -> Organisation:
    _require_registry_editor(actor)
    name = (name or "").strip()
    if not name:
        raise InvalidInput("the organisation's name is required", field="name")
    if category not in OrganisationCategory.values:
        raise InvalidInput(
            f"unknown category {category!r}; use one of {', '.join(OrganisationCategory.values)}",
            field="category",
        )
    with transaction.atomic():
        if Organisation.objects.filter(name=name, category=category).exists():
            raise Conflict(f"an organisation named {name!r} already exists", field="name")
        organisation = Organisation.objects.create(
            name=name, category=category, acronym=(acronym or "").strip(), country=country
        )
        audit.record(
            actor, "organisation.created", organisation, after=audit.snapshot(organisation)
        )
    return organisation


def create_person(
    actor,
    *,
    username: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    password: str | None = None,
    country: MemberState | None = None,
    organisation: Organisation | None = None,
    preferred_language: str = "en",
) -> Person:
    """Register a person; without a password the account cannot sign in until one is set."""
    _require_registry_editor(actor)
    username = (username or "").strip()
    if not username:
        raise InvalidInput("a user name is required", field="username")
    with transaction.atomic():
        if Person.objects.filter(username=username).exists():
            raise Conflict(f"the user name {username!r} is taken", field="username")
        person = Person(
            username=username,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            email=email.strip(),
            country=country,
            organisation=organisation,
            preferred_language=preferred_language,
        )
        if password:
            person.set_password(password)
        else:
            person.set_unusable_password()
        person.save()
        audit.record(
            actor,
            "person.created",
            person,
            after=audit.snapshot(person, exclude=("password", "email")),
        )
    return person


def grant_role(
    actor,
    person: Person,
    role: str,
    *,
    group=None,
    member_state: MemberState | None = None,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
) -> Membership:
    """Give a person a role in a group (or across the platform when `group` is None).

    Only the group's secretariat assigns roles in a group; only the platform's secretariat
    assigns platform-wide roles.
    """
    if role not in Role.values:
        raise InvalidInput(
            f"unknown role {role!r}; use one of {', '.join(Role.values)}", field="role"
        )
    if group is None and role not in PLATFORM_ROLES:
        raise InvalidInput(f"the role {role!r} is held in a group; name the group", field="group")
    if group is not None and role not in GROUP_ROLES:
        raise InvalidInput(
            f"the role {role!r} is held across the platform, not in a group", field="role"
        )
    if not is_secretariat(actor, group):
        raise NotAllowed("Only the secretariat may assign roles.")
    if role == Role.DELEGATE and member_state is None:
        raise InvalidInput("a delegate must represent a Member State", field="member_state")
    if start_date and end_date and end_date < start_date:
        raise InvalidInput("the role cannot end before it starts", field="end_date")
    with transaction.atomic():
        if group is not None:
            # Lock the group so that two concurrent grants cannot both find no chair.
            type(group).objects.select_for_update().filter(pk=group.pk).first()
        if role == Role.CHAIR and group is not None:
            current = Membership.objects.current().filter(group=group, role=Role.CHAIR)
            if current.exclude(person=person).exists():
                raise Conflict("the group already has a chair; end that role first", field="person")
        try:
            with transaction.atomic():
                membership = Membership.objects.create(
                    person=person,
                    role=role,
                    group=group,
                    member_state=member_state,
                    start_date=start_date,
                    end_date=end_date,
                )
        except IntegrityError:
            raise Conflict(f"{person} already holds this role", field="role") from None
        audit.record(
            actor,
            "membership.granted",
            membership,
            group_id=getattr(group, "pk", None),
            after=audit.snapshot(membership),
        )
    forget_standing(person)
    return membership


def end_role(actor, membership: Membership, *, on: dt.date | None = None) -> Membership:
    """End a role on a date (today by default); the record stays for the history."""

    if not is_secretariat(actor, membership.group_id):
        raise NotAllowed("Only the secretariat may end a role.")
    on = on or timezone.localdate()
    if membership.start_date and on < membership.start_date:
        raise InvalidInput("the role cannot end before it starts", field="end_date")
    with transaction.atomic():
        before = audit.snapshot(membership)
        membership.end_date = on
        membership.save(update_fields=["end_date"])
        audit.record(
            actor, "membership.ended", membership, before=before, after=audit.snapshot(membership)
        )
    forget_standing(membership.person)
    return membership


# Profiles -------------------------------------------------------------------------------------

NAME_MAX_LENGTH = 150


@functools.cache
def _time_zones() -> frozenset[str]:
    # Reading the zone database takes tens of milliseconds: once per process is enough.
    return frozenset(zoneinfo.available_timezones())


def _profile_language(language: str) -> str:
    codes = [code for code, _name in settings.LANGUAGES]
    value = str(language or "").strip().lower()
    if value not in codes:
        raise InvalidInput(
            f"unknown language {language!r}; use one of {', '.join(codes)}", field="language"
        )
    return value


def _profile_time_zone(time_zone: str) -> str:
    value = str(time_zone or "").strip()
    if value not in _time_zones():
        raise InvalidInput(
            f"unknown time zone {time_zone!r}; use an IANA name such as Europe/Geneva or UTC",
            field="time_zone",
        )
    return value


def _profile_name(value: str, field: str) -> str:
    value = " ".join(str(value or "").split())
    if len(value) > NAME_MAX_LENGTH:
        raise InvalidInput(f"at most {NAME_MAX_LENGTH} characters", field=field)
    return value


def update_profile(
    actor,
    person: Person,
    *,
    language: str | None = None,
    time_zone: str | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
) -> Person:
    """Change a person's preferred language, time zone or name; None leaves a value as it is.

    The person may change their own profile, the platform's secretariat anyone's. Nothing is
    written (and no audit event recorded) when every value is already the current one.
    """

    if not can_edit_profile(actor, person):
        raise NotAllowed("Only the person or the secretariat may change this profile.")
    changes: dict[str, str] = {}
    if language is not None:
        changes["preferred_language"] = _profile_language(language)
    if time_zone is not None:
        changes["time_zone"] = _profile_time_zone(time_zone)
    if first_name is not None:
        changes["first_name"] = _profile_name(first_name, "first_name")
    if last_name is not None:
        changes["last_name"] = _profile_name(last_name, "last_name")
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        changed = {k: v for k, v in changes.items() if getattr(locked, k) != v}
        if not changed:
            return person
        before = {k: getattr(locked, k) for k in changed}
        for key, value in changed.items():
            setattr(locked, key, value)
            setattr(person, key, value)
        locked.save(update_fields=list(changed))
        audit.record(actor, "person.profile_updated", locked, before=before, after=changed)
    return person


# The second factor ------------------------------------------------------------------------------


def start_authenticator(actor):
    """An unconfirmed TOTP device for the actor; it counts only once a code from it is confirmed."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with transaction.atomic():
        TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
        return TOTPDevice.objects.create(user=actor, name="authenticator", confirmed=False)


def confirm_authenticator(actor, device, token: str) -> bool:
    """Confirms the actor's new device with one of its codes; False if the code is wrong.

    The device's key never enters the audit trail.
    """
    if device.user_id != actor.pk:
        raise NotAllowed("This authenticator belongs to someone else.")
    with transaction.atomic():
        if not device.verify_token(token):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit.record(
            actor,
            "person.second_factor.confirm",
            actor,
            after={"method": "totp"},
        )
    return True
