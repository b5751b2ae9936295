"""Role × action × object: what each persona may do with documents, tried for real."""

import pytest
from django.db import transaction
from django.http import Http404

from cwg.core.access_levels import AccessLevel
from cwg.core.exceptions import NotAllowed
from cwg.documents import permissions, services
from cwg.documents.services import reports as report_services
from cwg.documents.tests import samples
from cwg.documents.tests.helpers import TITLE, meeting_in
from cwg.registry import access
from cwg.testing.personas import MEMBERS, NAMES

pytestmark = pytest.mark.django_db

ROLES = list(NAMES)

# action → the roles allowed to do it.
MATRIX = {
    "view_public_document": set(ROLES),
    "view_members_only_document": MEMBERS,
    "download_public_file": set(ROLES),
    "download_members_only_file": MEMBERS,
    "submit_contribution_for_own_state": {"delegate", "other_delegate"},
    "submit_contribution_for_another_state": set(),
    "revise_contribution": {"secretariat", "delegate"},  # the FRA delegation's contribution
    "revise_meeting_report": {"secretariat"},
    "approve_report": {"secretariat"},
    "change_access_level": {"secretariat"},
}

OWN_STATE = {"delegate": "state", "other_delegate": "other_state"}


@pytest.fixture
def world(personas):
    meeting = meeting_in(personas.group, 30)
    public = services.submit_contribution(
        personas.delegate, meeting=meeting, state=personas.state, title=TITLE, file=samples.pdf()
    )
    members_only = services.submit_contribution(
        personas.delegate,
        meeting=meeting,
        state=personas.state,
        title=TITLE,
        access_level=AccessLevel.MEMBERS,
        file=samples.pdf(),
    )
    held = meeting_in(personas.group, -90, number=90)
    approving = meeting_in(personas.group, -1, number=91)
    report = report_services.create_report(
        personas.secretariat, held, title={"en": "Report"}, file=samples.pdf()
    )
    report_services.change_state(personas.secretariat, report, "circulated")
    return {
        "meeting": meeting,
        "public": public,
        "members_only": members_only,
        "report": report,
        "approving": approving,
    }


def attempt(action, role, personas, world) -> bool:
    """Try the action as the persona; True if it went through, False if refused."""
    user = getattr(personas, role)
    try:
        if action == "view_public_document":
            permissions.get_document_for(user, symbol=world["public"].symbol)
        elif action == "view_members_only_document":
            permissions.get_document_for(user, symbol=world["members_only"].symbol)
        elif action == "download_public_file":
            permissions.get_file_for(user, world["public"].files.get().pk)
        elif action == "download_members_only_file":
            permissions.get_file_for(user, world["members_only"].files.get().pk)
        elif action == "submit_contribution_for_own_state":
            state = getattr(personas, OWN_STATE.get(role, "state"))
            services.submit_contribution(user, meeting=world["meeting"], state=state, title=TITLE)
        elif action == "submit_contribution_for_another_state":
            state = personas.state if role == "other_delegate" else personas.other_state
            services.submit_contribution(user, meeting=world["meeting"], state=state, title=TITLE)
        elif action == "revise_contribution":
            services.revise(user, world["public"], note="change", file=samples.text())
        elif action == "revise_meeting_report":
            services.revise(user, world["report"].document, note="change", file=samples.text())
        elif action == "approve_report":
            report_services.change_state(
                user,
                world["report"],
                "approved",
                approved_at_meeting=world["approving"],
                approved_on=world["approving"].start_date,
            )
        elif action == "change_access_level":
            services.set_access_level(user, world["public"], AccessLevel.MEMBERS)
        else:  # pragma: no cover - a typo in the matrix
            raise AssertionError(action)
    except (NotAllowed, Http404):
        return False
    return True


def predicate(action, role, personas, world) -> bool:
    user = getattr(personas, role)
    return {
        "view_public_document": lambda: permissions.can_view(user, world["public"]),
        "view_members_only_document": lambda: permissions.can_view(user, world["members_only"]),
        "download_public_file": lambda: permissions.can_download(user, world["public"].files.get()),
        "download_members_only_file": lambda: permissions.can_download(
            user, world["members_only"].files.get()
        ),
        "submit_contribution_for_own_state": lambda: permissions.can_submit_contribution(
            user, world["meeting"], getattr(personas, OWN_STATE.get(role, "state"))
        ),
        "submit_contribution_for_another_state": lambda: permissions.can_submit_contribution(
            user,
            world["meeting"],
            personas.state if role == "other_delegate" else personas.other_state,
        ),
        "revise_contribution": lambda: permissions.can_revise(user, world["public"]),
        "revise_meeting_report": lambda: permissions.can_revise(user, world["report"].document),
        "approve_report": lambda: permissions.can_approve_report(user, world["report"]),
        "change_access_level": lambda: permissions.can_change_access_level(user, world["public"]),
    }[action]()


@pytest.mark.parametrize("action", list(MATRIX))
def test_permission_matrix(personas, world, action):
    """Each role in turn, each attempt rolled back so the next starts from the same records."""
    mismatches = []
    for role in ROLES:
        expected = role in MATRIX[action]
        with transaction.atomic():
            allowed_by_predicate = predicate(action, role, personas, world)
            went_through = attempt(action, role, personas, world)
            transaction.set_rollback(True)
        for user in personas.all().values():
            access.forget_standing(user)
        if (allowed_by_predicate, went_through) != (expected, expected):
            mismatches.append(
                f"{role}: expected {expected}, predicate {allowed_by_predicate}, "
                f"service {went_through}"
            )
    assert not mismatches, f"{action}: " + "; ".join(mismatches)


@pytest.mark.parametrize("role", ROLES)
def test_hidden_documents_are_404_over_http_for_outsiders(client, personas, world, role):
    if role != "anonymous":
        client.force_login(getattr(personas, role))
    members_only = world["members_only"]
    expected = 200 if role in MEMBERS else 404
    assert client.get(f"/api/v1/documents/{members_only.pk}").status_code == expected
    assert client.get(f"/en/documents/{members_only.symbol}/").status_code == expected
    file_id = members_only.files.get().pk
    assert client.get(f"/api/v1/documents/files/{file_id}").status_code == expected
    assert client.get(f"/en/documents/files/{file_id}/").status_code == expected
    listed = {d["symbol"] for d in client.get("/api/v1/documents").json()["items"]}
    assert (members_only.symbol in listed) is (role in MEMBERS)
