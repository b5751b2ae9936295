"""Group writes: secretariat only, clear messages for bad input, nothing partial, audited."""

import pytest

from cwg.core.exceptions import Conflict, InvalidInput, NotAllowed
from cwg.core.models import AuditEvent
from cwg.groups import queries, services
from cwg.groups.models import Group, GroupResolution, Resolution
from cwg.registry.models import Person, Role
from cwg.testing.factories import MembershipFactory, ResolutionFactory

pytestmark = pytest.mark.django_db

NEW_GROUP = {
    "slug": "cwg-new",
    "acronym": {"en": "CWG-New", "fr": "GTC-Nouveau"},
    "name": {"en": "A new working group"},
    "symbol_prefix": "CWG-NEW",
}


@pytest.fixture
def platform_secretariat(personas):
    person = Person.objects.create(username="platform")
    MembershipFactory(person=person, role=Role.SECRETARIAT, group=None)
    return person


def test_platform_secretariat_creates_a_group_with_an_audit_event(platform_secretariat):
    group = services.create_group(platform_secretariat, **NEW_GROUP, holds_open_consultations=True)
    assert group.display_acronym("fr") == "GTC-Nouveau"
    assert group.holds_open_consultations
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.group_id) == ("group.created", group.pk)
    assert event.after["symbol_prefix"] == "CWG-NEW"


@pytest.mark.parametrize(
    "change, field",
    [
        ({"slug": "Bad Slug"}, "slug"),
        ({"acronym": {}}, "acronym"),
        ({"name": {"xx": "Name"}}, "name"),
        ({"symbol_prefix": "cwg new"}, "symbol_prefix"),
        ({"participation": "everyone"}, "participation"),
        ({"visibility": "secret"}, "visibility"),
        ({"holds_open_consultations": "yes"}, "holds_open_consultations"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_bad_group_input_is_refused_and_nothing_stored(platform_secretariat, change, field):
    groups, events = Group.objects.count(), AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as caught:
        services.create_group(platform_secretariat, **{**NEW_GROUP, **change})
    assert caught.value.field == field and caught.value.message
    assert (Group.objects.count(), AuditEvent.objects.count()) == (groups, events)


def test_duplicates_are_conflicts(platform_secretariat, personas):
    with pytest.raises(Conflict):
        services.create_group(platform_secretariat, **{**NEW_GROUP, "slug": personas.group.slug})
    with pytest.raises(Conflict):
        services.create_group(
            platform_secretariat, **{**NEW_GROUP, "symbol_prefix": personas.group.symbol_prefix}
        )


def test_only_the_platform_secretariat_creates_groups(personas):
    for person in (personas.secretariat, personas.chair, personas.delegate, personas.anonymous):
        with pytest.raises(NotAllowed):
            services.create_group(person, **NEW_GROUP)


def test_group_secretariat_updates_its_group(personas):
    group = services.update_group(
        personas.secretariat,
        personas.group,
        mandate={"en": "To study things."},
        visibility="members",
    )
    group.refresh_from_db()
    assert group.mandate == {"en": "To study things."} and group.visibility == "members"
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == "group.updated" and event.before["visibility"] == "public"
    with pytest.raises(NotAllowed):
        services.update_group(personas.chair, personas.group, visibility="public")
    with pytest.raises(InvalidInput):
        services.update_group(personas.secretariat, personas.group, slug="renamed")


def test_resolutions_and_legal_basis(personas):
    resolution = services.create_resolution(
        personas.secretariat,
        instrument="PP",
        number="102",
        revision_kind="rev",
        year=2022,
        place={"en": "Bucharest", "fr": "Bucarest"},
        title={"en": "A title"},
    )
    with pytest.raises(Conflict):
        services.create_resolution(
            personas.secretariat,
            instrument="PP",
            number="102",
            revision_kind="rev",
            year=2022,
            place={"en": "Bucharest"},
        )
    with pytest.raises(NotAllowed):
        services.create_resolution(personas.delegate, instrument="C", number="1", year=2020)
    link = services.add_to_legal_basis(
        personas.secretariat, personas.group, resolution, "instructs", summary={"fr": "Texte"}
    )
    second = services.add_to_legal_basis(
        personas.secretariat, personas.group, ResolutionFactory(), "accordance"
    )
    assert (link.order, second.order) == (0, 1)
    with pytest.raises(Conflict):
        services.add_to_legal_basis(personas.secretariat, personas.group, resolution, "instructs")
    with pytest.raises(InvalidInput):
        services.add_to_legal_basis(personas.secretariat, personas.group, resolution, "likes")
    with pytest.raises(NotAllowed):
        services.add_to_legal_basis(personas.chair, personas.group, resolution, "mandate")
    assert queries.legal_basis_resolutions(personas.group)[0] == resolution
    services.remove_from_legal_basis(personas.secretariat, link)
    assert not GroupResolution.objects.filter(pk=link.pk).exists()
    assert AuditEvent.objects.filter(action="group.legal_basis_removed").count() == 1


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"instrument": "XX"}, "instrument"),
        ({"number": ""}, "number"),
        ({"year": 1700}, "year"),
        ({"revision_kind": "rev2"}, "revision_kind"),
        ({"revision_kind": "rev", "place": {}}, "place"),
        ({"url": "ftp://x"}, "url"),
        ({"title": {"de": "Titel"}}, "title"),
    ],
)
def test_bad_resolution_input(personas, kwargs, field):
    count = Resolution.objects.count()
    base = {"instrument": "C", "number": "1999", "year": 2020}
    with pytest.raises(InvalidInput) as caught:
        services.create_resolution(personas.secretariat, **{**base, **kwargs})
    assert caught.value.field == field
    assert Resolution.objects.count() == count


def test_assign_roles(personas):
    person = Person.objects.create(username="newvice")
    membership = services.assign_role(personas.secretariat, personas.group, person, "vice_chair")
    assert membership.group == personas.group
    names = [m.person.username for m in queries.officers(personas.group)["vice_chair"]]
    assert sorted(names) == ["newvice", "vicechair"]
    with pytest.raises(InvalidInput):
        services.assign_role(personas.secretariat, personas.group, person, "council_member")
    with pytest.raises(NotAllowed):
        services.assign_role(personas.delegate, personas.group, person, "chair")
