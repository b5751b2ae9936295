"""The secretariat's admin: its changes are in the audit trail, which it may read but not edit."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from cwg.core.audit import verify_chain
from cwg.core.models import AuditEvent
from cwg.registry.models import Membership, Role
from cwg.testing.factories import GroupFactory

pytestmark = pytest.mark.django_db


class _FormValues(HTMLParser):
    """What a browser would send for the page's main form as it stands."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.values.setdefault(name, []).append(a.get("value", "on"))
            elif kind not in ("submit", "button", "file"):
                self.values.setdefault(name, []).append(a.get("value") or "")
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select].append(a.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][0] += data


def form_values(client, url: str) -> dict[str, list[str]]:
    page = client.get(url)
    assert page.status_code == 200
    parser = _FormValues()
    parser.feed(page.content.decode())
    # The admin page also holds the empty template rows of its inlines.
    return {k: v for k, v in parser.values.items() if "__prefix__" not in k}


@pytest.fixture
def staff(personas):
    person = personas.secretariat
    person.is_staff = True
    person.save(update_fields=["is_staff"])
    person.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["groups", "registry"])
        | Permission.objects.filter(codename="view_auditevent")
    )
    client = Client()
    client.force_login(person)
    return client


def test_changing_a_group_in_the_admin_is_audited_with_before_and_after(personas, staff):
    group = GroupFactory(reports_to="Council")
    url = reverse("admin:groups_group_change", args=[group.pk])
    form = form_values(staff, url)
    form["reports_to"] = ["Plenipotentiary Conference"]
    response = staff.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.get(action="group.admin_changed", object_id=str(group.pk))
    assert event.actor_id == personas.secretariat.pk
    assert event.group_id == group.pk
    assert event.before["reports_to"] == "Council"
    assert event.after["reports_to"] == "Plenipotentiary Conference"
    assert verify_chain()[1] is None


def test_a_role_granted_in_the_admin_is_audited(personas, staff):
    response = staff.post(
        reverse("admin:registry_membership_add"),
        {
            "person": personas.stakeholder.pk,
            "role": Role.VICE_CHAIR,
            "group": personas.group.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    membership = Membership.objects.get(person=personas.stakeholder, role=Role.VICE_CHAIR)
    event = AuditEvent.objects.get(action="membership.admin_added")
    assert event.object_id == str(membership.pk)
    assert event.group_id == personas.group.pk
    assert event.after["role"] == Role.VICE_CHAIR
    staff.post(reverse("admin:registry_membership_delete", args=[membership.pk]), {"post": "yes"})
    assert not Membership.objects.filter(pk=membership.pk).exists()
    deleted = AuditEvent.objects.get(action="membership.admin_deleted")
    assert deleted.before["person"] == personas.stakeholder.pk


def test_a_person_changed_in_the_admin_is_audited_without_the_password_hash(personas, staff):
    person = personas.delegate
    url = reverse("admin:registry_person_change", args=[person.pk])
    data = form_values(staff, url)
    data["first_name"] = ["Claire-Marie"]
    response = staff.post(url, data)
    assert response.status_code == 302, response.content.decode()[:4000]
    event = AuditEvent.objects.get(action="person.admin_changed")
    assert event.before["first_name"] == "Claire" and event.after["first_name"] == "Claire-Marie"
    assert "password" not in event.before and "password" not in event.after


def test_the_audit_trail_is_readable_but_not_editable_in_the_admin(personas, staff):
    GroupFactory()
    from cwg.core import audit

    event = audit.record(personas.secretariat, "test.event", personas.group)
    assert staff.get(reverse("admin:core_auditevent_changelist")).status_code == 200
    assert staff.get(reverse("admin:core_auditevent_change", args=[event.pk])).status_code == 200
    response = staff.post(reverse("admin:core_auditevent_delete", args=[event.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_meetings_and_decisions_have_admin_pages(admin_client):
    for url in ("/admin/meetings/meeting/", "/admin/meetings/venue/", "/admin/decisions/decision/"):
        assert admin_client.get(url).status_code == 200, url
