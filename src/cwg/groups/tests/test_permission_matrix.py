"""Role × action × object: who may see and change groups, resolutions and the registry.

Each cell is checked twice: with the permission predicate, and through the API, where a
refusal is a 401 for the anonymous, a 404 for whoever may not see the group, else a 403.
"""

import itertools
import json

from django.db import transaction
from django.test import Client, TestCase, override_settings

from cwg.groups import permissions as gp
from cwg.registry import permissions as rp
from cwg.registry.access import forget_standing
from cwg.registry.models import Person, Role
from cwg.testing.factories import GroupFactory, MembershipFactory
from cwg.testing.personas import MEMBERS, NAMES, build_personas

FAST_HASHING = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])

SUBJECTS = [*NAMES, "platform_secretariat"]
GROUP_MEMBERS = MEMBERS | {"platform_secretariat"}
SECRETARIATS = {"secretariat", "platform_secretariat"}
EVERYONE = set(SUBJECTS)

# (action, object) -> the subjects allowed
ALLOWED = {
    ("view_group", "public"): EVERYONE,
    ("view_group", "members_only"): GROUP_MEMBERS,
    ("view_group", "other_members_only"): {"council_member", "platform_secretariat"},
    ("edit_group", "public"): SECRETARIATS,
    ("edit_group", "members_only"): SECRETARIATS,
    ("edit_group", "other_members_only"): {"platform_secretariat"},
    ("assign_role", "public"): SECRETARIATS,
    ("assign_role", "other_members_only"): {"platform_secretariat"},
    ("add_resolution", None): SECRETARIATS,
    ("create_group", None): {"platform_secretariat"},
    ("view_member_states", None): EVERYONE,
    ("edit_registry", None): {"platform_secretariat"},
}
CELLS = [(subject, action, obj) for (action, obj), subject in itertools.product(ALLOWED, SUBJECTS)]


def _object(personas, others, obj):
    if obj == "members_only":
        personas.group.visibility = "members"
        personas.group.save()
        return personas.group
    if obj == "other_members_only":
        return others
    return personas.group


def _predicate(action, user, group):
    return {
        "view_group": lambda: gp.can_view_group(user, group),
        "edit_group": lambda: gp.can_edit_group(user, group),
        "assign_role": lambda: gp.can_edit_group(user, group),
        "add_resolution": lambda: gp.can_add_resolution(user),
        "create_group": lambda: gp.can_create_group(user),
        "view_member_states": lambda: rp.can_view_member_states(user),
        "edit_registry": lambda: rp.can_edit_registry(user),
    }[action]()


def _request(client, action, group):
    def send(method, url, body):
        return getattr(client, method)(url, json.dumps(body), content_type="application/json")

    if action == "view_group":
        return client.get(f"/api/v1/groups/{group.slug}"), 200
    if action == "edit_group":
        return send(
            "patch", f"/api/v1/groups/{group.slug}", {"reports_to": "Council (matrix)"}
        ), 200
    if action == "assign_role":
        Person.objects.get_or_create(username="newcomer")
        body = {"username": "newcomer", "role": "vice_chair"}
        return send("post", f"/api/v1/groups/{group.slug}/roles", body), 201
    if action == "add_resolution":
        body = {"instrument": "C", "number": "1999", "year": 2020}
        return send("post", "/api/v1/resolutions", body), 201
    if action == "create_group":
        body = {
            "slug": "matrix-group",
            "acronym": {"en": "M"},
            "name": {"en": "Matrix"},
            "symbol_prefix": "MATRIX",
        }
        return send("post", "/api/v1/groups", body), 201
    if action == "view_member_states":
        return client.get("/api/v1/member-states?limit=1"), 200
    return None, None


def _expected_status(user, subject, action, group, allowed, success):
    if allowed:
        return success
    if subject == "anonymous" and action not in ("view_group", "view_member_states"):
        return 401
    if action in ("add_resolution", "create_group"):
        return 403
    if group is not None and not gp.can_view_group(user, group):
        return 404
    return 403


@FAST_HASHING
class PermissionMatrixTests(TestCase):
    """The personas are built once; each cell runs in a savepoint that is rolled back."""

    @classmethod
    def setUpTestData(cls):
        cls.personas = build_personas()
        platform = Person.objects.create(username="platform", first_name="Pat")
        MembershipFactory(person=platform, role=Role.SECRETARIAT, group=None)
        cls.people = {**cls.personas.all(), "platform_secretariat": platform}
        cls.others = GroupFactory(slug="other-members-only", visibility="members")

    def _run_action(self, action):
        cells = [cell for cell in CELLS if cell[1] == action]
        self.assertTrue(cells)
        for subject, _, obj in cells:
            with self.subTest(subject=subject, action=action, obj=obj), transaction.atomic():
                self._check(subject, action, obj)
                transaction.set_rollback(True)

    def test_view_group(self):
        self._run_action("view_group")

    def test_edit_group(self):
        self._run_action("edit_group")

    def test_assign_role(self):
        self._run_action("assign_role")

    def test_add_resolution(self):
        self._run_action("add_resolution")

    def test_create_group(self):
        self._run_action("create_group")

    def test_view_member_states(self):
        self._run_action("view_member_states")

    def test_edit_registry(self):
        self._run_action("edit_registry")

    def test_the_matrix_covers_every_role_for_every_action(self):
        self.assertEqual(len(CELLS), len(ALLOWED) * len(SUBJECTS))
        self.assertEqual(set(SUBJECTS) - {"platform_secretariat"}, set(self.personas.all()))

    def _check(self, subject, action, obj):
        personas = self.personas
        personas.group.refresh_from_db()
        user = self.people[subject]
        forget_standing(user)
        group = _object(personas, self.others, obj)
        allowed = subject in ALLOWED[(action, obj)]
        self.assertIs(_predicate(action, user, group), allowed)

        client = Client()
        if getattr(user, "pk", None):
            client.force_login(user)
        response, success = _request(client, action, group)
        if response is None:
            return
        expected = _expected_status(user, subject, action, group, allowed, success)
        self.assertEqual(response.status_code, expected, response.content)
