"""Registry writes: only the secretariat, with a message for bad input and an audit event."""

import pytest

from cwg.core.exceptions import Conflict, InvalidInput, NotAllowed
from cwg.core.models import AuditEvent
from cwg.registry import services
from cwg.registry.models import Organisation, Person, Role
from cwg.testing.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def platform_secretariat(personas):
    person = Person.objects.create(username="platform")
    MembershipFactory(person=person, role=Role.SECRETARIAT, group=None)
    return person


def test_platform_secretariat_creates_an_organisation_with_audit(platform_secretariat):
    organisation = services.create_organisation(
        platform_secretariat, name=" ISOC ", category="technical_community"
    )
    assert organisation.name == "ISOC"
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.object_id) == ("organisation.created", str(organisation.pk))


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"name": "", "category": "academia"}, "name"),
        ({"name": "X", "category": "club"}, "category"),
    ],
)
def test_bad_organisation_input_is_refused(platform_secretariat, kwargs, field):
    count = Organisation.objects.count()
    with pytest.raises(InvalidInput) as caught:
        services.create_organisation(platform_secretariat, **kwargs)
    assert caught.value.field == field
    assert Organisation.objects.count() == count


def test_group_secretariat_cannot_change_the_registry(personas):
    with pytest.raises(NotAllowed):
        services.create_organisation(personas.secretariat, name="X", category="academia")
    with pytest.raises(NotAllowed):
        services.create_person(personas.delegate, username="newbie")


def test_person_without_password_cannot_sign_in(platform_secretariat):
    person = services.create_person(platform_secretariat, username="newbie", first_name="New")
    assert not person.has_usable_password()
    with pytest.raises(Conflict):
        services.create_person(platform_secretariat, username="newbie")


def test_grant_role_rules(personas):
    newcomer = Person.objects.create(username="newcomer")
    group = personas.group
    with pytest.raises(InvalidInput) as caught:
        services.grant_role(personas.secretariat, newcomer, Role.DELEGATE, group=group)
    assert caught.value.field == "member_state"
    with pytest.raises(NotAllowed):
        services.grant_role(
            personas.chair, newcomer, Role.DELEGATE, group=group, member_state=personas.state
        )
    with pytest.raises(Conflict, match="already has a chair"):
        services.grant_role(personas.secretariat, newcomer, Role.CHAIR, group=group)
    with pytest.raises(InvalidInput):
        services.grant_role(personas.secretariat, newcomer, Role.STAKEHOLDER, group=group)
    membership = services.grant_role(
        personas.secretariat, newcomer, Role.DELEGATE, group=group, member_state=personas.state
    )
    assert membership.member_state == personas.state
    with pytest.raises(Conflict):
        services.grant_role(
            personas.secretariat, newcomer, Role.DELEGATE, group=group, member_state=personas.state
        )
    ended = services.end_role(personas.secretariat, membership)
    assert ended.end_date is not None
    assert AuditEvent.objects.filter(action="membership.ended").count() == 1
