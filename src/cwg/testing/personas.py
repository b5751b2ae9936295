"""The named personas every view and permission test speaks of."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from cwg.registry.models import Membership, Organisation, OrganisationCategory, Person, Role
from cwg.testing.factories import GroupFactory, member_state

PASSWORD = "correct horse battery staple 42"

# The personas by name, in the order `Personas.all()` gives them.
NAMES = (
    "chair",
    "vice_chair",
    "secretariat",
    "delegate",
    "other_delegate",
    "council_member",
    "stakeholder",
    "anonymous",
)
# Those who belong to the group: every role holder; the Council member sits on every Council group.
MEMBERS = frozenset(NAMES) - {"stakeholder", "anonymous"}


@dataclass
class Personas:
    group: object
    chair: Person
    vice_chair: Person
    secretariat: Person
    delegate: Person
    other_delegate: Person
    council_member: Person
    stakeholder: Person
    anonymous: AnonymousUser
    state: object  # the State `delegate` speaks for
    other_state: object  # the State `other_delegate` speaks for

    def all(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in NAMES}


def _person(username: str, first: str, last: str, **extra) -> Person:
    person = Person(
        username=username,
        first_name=first,
        last_name=last,
        email=f"{username}@example.org",
        **extra,
    )
    person.set_unusable_password()
    person.save()
    return person


def build_personas(group=None, *, state_iso3: str = "FRA", other_iso3: str = "BRA") -> Personas:
    """Create the personas around a group (a Member-States-only group if none is given)."""

    group = group or GroupFactory()
    state = member_state(state_iso3)
    other_state = member_state(other_iso3)
    chair_state = member_state("POL")

    chair = _person("chair", "Wojciech", "Berezowski", country=chair_state)
    vice_chair = _person("vicechair", "Amina", "Diallo")
    secretariat = _person("secretariat", "Sofia", "Secretariat")
    delegate = _person("delegate", "Claire", "Delegate", country=state)
    other_delegate = _person("otherdelegate", "Bruno", "Delegate", country=other_state)
    council_member = _person("councilmember", "Chen", "Council")
    civil_society = Organisation.objects.get_or_create(
        name="Internet Society Chapter", category=OrganisationCategory.CIVIL_SOCIETY
    )[0]
    stakeholder = _person("stakeholder", "Sam", "Stakeholder", organisation=civil_society)

    Membership.objects.bulk_create(
        [
            Membership(person=chair, role=Role.CHAIR, group=group, member_state=chair_state),
            Membership(person=vice_chair, role=Role.VICE_CHAIR, group=group),
            Membership(person=secretariat, role=Role.SECRETARIAT, group=group),
            Membership(person=delegate, role=Role.DELEGATE, group=group, member_state=state),
            Membership(
                person=other_delegate, role=Role.DELEGATE, group=group, member_state=other_state
            ),
            Membership(person=council_member, role=Role.COUNCIL_MEMBER, group=None),
            Membership(person=stakeholder, role=Role.STAKEHOLDER, group=None),
        ]
    )
    for person in (
        chair,
        vice_chair,
        secretariat,
        delegate,
        other_delegate,
        council_member,
        stakeholder,
    ):
        person.set_password(PASSWORD)
    Person.objects.bulk_update(
        [chair, vice_chair, secretariat, delegate, other_delegate, council_member, stakeholder],
        ["password"],
    )
    return Personas(
        group=group,
        chair=chair,
        vice_chair=vice_chair,
        secretariat=secretariat,
        delegate=delegate,
        other_delegate=other_delegate,
        council_member=council_member,
        stakeholder=stakeholder,
        anonymous=AnonymousUser(),
        state=state,
        other_state=other_state,
    )
