"""Who sees a decision and its actions while a draft and once approved (docs/visibility.md).

A draft is for the group's secretariat and officers; an approved decision is seen as its
meeting. Everyone else gets a 404 and finds nothing in lists, the tracker, the feed or the
meeting page.
"""

import pytest
from django.urls import reverse

from cwg.decisions import services
from cwg.testing.personas import NAMES

pytestmark = pytest.mark.django_db

OFFICERS = {"chair", "vice_chair", "secretariat"}
ACTION = "Quazzle liaison note"


@pytest.mark.parametrize("approved", [False, True], ids=["draft", "approved"])
@pytest.mark.parametrize("name", NAMES)
def test_a_decision_is_seen_as_its_state_allows(client, personas, decision, held, name, approved):
    action = services.add_action(
        personas.secretariat, decision, description={"en": ACTION}, assignee_kind="secretariat"
    )
    if approved:
        services.approve_decision(personas.secretariat, decision)
    if name != "anonymous":
        client.force_login(getattr(personas, name))
    allowed = approved or name in OFFICERS
    status = 200 if allowed else 404
    slug = personas.group.slug

    assert client.get(f"/api/v1/decisions/{decision.pk}").status_code == status
    assert client.get(reverse("decisions:detail", args=[decision.pk])).status_code == status
    assert client.get(f"/api/v1/actions/{action.pk}").status_code == status
    listed = client.get("/api/v1/decisions", {"group": slug}).json()
    assert (listed["count"] == 1) is allowed
    actions = client.get("/api/v1/actions", {"group": slug}).content.decode()
    pages = {
        "actions": actions,
        "group page": client.get(reverse("decisions:group", args=[slug])).content.decode(),
        "tracker": client.get(reverse("decisions:tracker", args=[slug])).content.decode(),
        "meeting page": client.get(reverse("meetings:detail", args=[held.pk])).content.decode(),
    }
    for where, body in pages.items():
        assert (ACTION in body or "Share the results" in body) is allowed, where


def test_the_feed_shows_a_decision_only_once_approved(client, personas, decision):
    feed = reverse("meetings:feed", args=[personas.group.slug])
    assert (
        f"decision {decision.meeting.number}/{decision.number}"
        not in client.get(feed).content.decode()
    )
    services.approve_decision(personas.secretariat, decision)
    assert (
        f"decision {decision.meeting.number}/{decision.number}" in client.get(feed).content.decode()
    )
