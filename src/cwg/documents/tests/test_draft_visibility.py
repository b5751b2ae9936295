"""Who sees a meeting report in each state, through every door (docs/visibility.md).

Draft: the secretariat and the officers. Circulated: the group's members. Approved: as its
access level. Everyone else gets a 404 and finds nothing in lists, search, feeds or the
meeting page.
"""

import pytest
from django.urls import reverse

from cwg.core.access_levels import AccessLevel
from cwg.documents.services import reports as report_services
from cwg.documents.tests import samples
from cwg.documents.tests.helpers import meeting_in
from cwg.testing.personas import MEMBERS, NAMES

pytestmark = pytest.mark.django_db

TITLE = "Plovdrix report of the meeting"
OFFICERS = {"chair", "vice_chair", "secretariat"}
SEES = {
    "draft": OFFICERS,
    "circulated": MEMBERS,
    "approved": set(NAMES),  # approved, inheriting from a public group
    "approved-members": MEMBERS,  # approved, kept to members
}


def _report(personas, state: str):
    held = meeting_in(personas.group, -30, number=22)
    approving = meeting_in(personas.group, -2, length=2, number=23)
    access = AccessLevel.MEMBERS if state == "approved-members" else AccessLevel.INHERIT
    report = report_services.create_report(
        personas.secretariat,
        held,
        title={"en": TITLE},
        access_level=access,
        file=samples.pdf("report.pdf"),
    )
    if state != "draft":
        report = report_services.change_state(personas.secretariat, report, "circulated")
    if state.startswith("approved"):
        report = report_services.change_state(
            personas.secretariat,
            report,
            "approved",
            approved_at_meeting=approving,
            approved_on=approving.start_date,
        )
    return report


@pytest.mark.parametrize("state", list(SEES))
@pytest.mark.parametrize("name", NAMES)
def test_a_report_is_seen_as_its_state_allows(client, personas, state, name):
    report = _report(personas, state)
    document = report.document
    file = document.files.get()
    meeting = report.meeting
    if name != "anonymous":
        client.force_login(getattr(personas, name))
    allowed = name in SEES[state]
    status = 200 if allowed else 404

    assert client.get(f"/api/v1/meeting-reports/{report.pk}").status_code == status
    assert client.get(f"/api/v1/documents/{document.pk}").status_code == status
    assert client.get(reverse("documents:detail", args=[document.symbol])).status_code == status
    assert client.get(f"/api/v1/documents/files/{file.pk}").status_code == status
    assert client.get(reverse("documents:download", args=[file.pk])).status_code == status

    listed = client.get("/api/v1/documents", {"meeting": meeting.pk}).content.decode()
    searched = client.get("/api/v1/search", {"q": "Plovdrix"}).content.decode()
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    for where, body in (("list", listed), ("search", searched), ("meeting page", page)):
        assert (document.symbol in body) is allowed, where
    shown_state = client.get(f"/api/v1/meetings/{meeting.pk}").json()["report_state"]
    assert shown_state == (report.state if allowed else None)


def test_the_feed_shows_only_approved_public_reports(client, personas):
    report = _report(personas, "draft")
    feed = reverse("meetings:feed", args=[personas.group.slug])
    assert report.document.symbol not in client.get(feed).content.decode()
    report_services.change_state(personas.secretariat, report, "circulated")
    assert report.document.symbol not in client.get(feed).content.decode()
    approving = personas.group.meetings.get(number=23)
    report_services.change_state(
        personas.secretariat,
        report,
        "approved",
        approved_at_meeting=approving,
        approved_on=approving.start_date,
    )
    assert report.document.symbol in client.get(feed).content.decode()


def test_the_start_report_form_sets_who_sees_the_approved_report(client, personas):
    meeting = meeting_in(personas.group, -30, number=22)
    url = reverse("documents:start_report", args=[meeting.pk])
    client.force_login(personas.delegate)
    assert client.get(url).status_code in (403, 404)  # refused: only the secretariat drafts
    client.force_login(personas.secretariat)
    form = client.get(url).content.decode()
    assert 'name="access_level"' in form
    response = client.post(
        url,
        {
            "original_language": "en",
            "title": TITLE,
            "access_level": AccessLevel.MEMBERS,
            "file": samples.pdf("report.pdf"),
        },
    )
    assert response.status_code == 302
    report = meeting.report
    assert report.document.access_level == AccessLevel.MEMBERS
    bad = client.post(
        url.replace(str(meeting.pk), str(meeting_in(personas.group, -60).pk)),
        {
            "original_language": "en",
            "title": TITLE,
            "access_level": "everyone",
        },
    )
    assert bad.status_code == 400 and "access_level" in bad.context["form"].errors
