"""The meetings API: listing, detail with agenda, secretariat writes, refusals, iCalendar."""

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cwg.core.access_levels import AccessLevel
from cwg.groups.models import Visibility
from cwg.meetings import services
from cwg.meetings.ical import calendar, escape_text, fold
from cwg.meetings.models import Meeting
from cwg.testing.factories import DocumentFactory, GroupFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _post(client, url, data, method="post"):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def test_list_is_paginated_filtered_by_group_and_hides_member_meetings(client, personas, meeting):
    MeetingFactory(group=personas.group, number=24, access_level=AccessLevel.MEMBERS)
    MeetingFactory()  # another group
    data = client.get("/api/v1/meetings", {"group": personas.group.slug}).json()
    assert data["count"] == 1 and data["items"][0]["number"] == 23
    client.force_login(personas.delegate)
    data = client.get("/api/v1/meetings", {"group": personas.group.slug, "page_size": 1}).json()
    assert data["count"] == 2 and len(data["items"]) == 1
    assert client.get("/api/v1/meetings", {"group": "no-such-group"}).status_code == 404
    past = MeetingFactory(
        group=personas.group, number=1, start_date=dt.date(2020, 1, 1), end_date=dt.date(2020, 1, 2)
    )
    upcoming = client.get("/api/v1/meetings", {"group": personas.group.slug, "upcoming": True})
    assert past.pk not in [m["id"] for m in upcoming.json()["items"]]
    assert upcoming.json()["items"][0]["number"] == 23


def test_detail_has_the_agenda_and_hides_member_records(client, personas, meeting):
    doc = DocumentFactory(meeting=meeting)
    members_doc = DocumentFactory(meeting=meeting, access_level=AccessLevel.MEMBERS)
    services.add_agenda_item(
        personas.secretariat,
        meeting,
        title={"en": "Contributions"},
        documents=[doc.pk, members_doc.pk],
    )
    data = client.get(f"/api/v1/meetings/{meeting.pk}").json()
    assert data["agenda"][0]["title"] == {"en": "Contributions"}
    assert [d["symbol"] for d in data["agenda"][0]["documents"]] == [doc.symbol]
    assert data["delegations"] is None  # participants are for members
    assert data["contribution_deadline"] == (meeting.start_date - dt.timedelta(days=12)).isoformat()
    client.force_login(personas.delegate)
    data = client.get(f"/api/v1/meetings/{meeting.pk}").json()
    assert len(data["agenda"][0]["documents"]) == 2 and data["delegations"] == []


def test_members_only_meeting_is_404_for_outsiders(client, personas, meeting):
    meeting.access_level = AccessLevel.MEMBERS
    meeting.save()
    response = client.get(f"/api/v1/meetings/{meeting.pk}")
    assert response.status_code == 404 and response.json()["code"] == "NotFound"
    assert client.get("/api/v1/meetings/999999").status_code == 404


def test_secretariat_creates_a_meeting_and_others_are_refused(client, personas):
    body = {"group": personas.group.slug, "start_date": "2027-02-03", "end_date": "2027-02-04"}
    assert _post(client, "/api/v1/meetings", body).status_code == 401
    client.force_login(personas.delegate)
    refused = _post(client, "/api/v1/meetings", body)
    assert refused.status_code == 403 and "secretariat" in refused.json()["detail"]
    client.force_login(personas.secretariat)
    created = _post(client, "/api/v1/meetings", body)
    assert created.status_code == 201, created.content
    assert created.json()["number"] == 1 and created.json()["end_date"] == "2027-02-04"


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"start_date": "2027-02-04", "end_date": "2027-02-03"}, 400, "end_date"),
        ({"start_date": "2027-02-30"}, 400, None),
        ({"start_date": "2027-02-03", "number": -1}, 400, "number"),
        ({"start_date": "2027-02-03", "access_level": "secret"}, 400, "access_level"),
        ({"start_date": "2027-02-03", "title": {"xx": "?"}}, 400, None),
        ({"start_date": "2027-02-03", "group": "nope"}, 400, "group"),
    ],
)
def test_bad_meeting_input_is_refused_with_a_message(client, personas, body, status, field):
    client.force_login(personas.secretariat)
    response = _post(client, "/api/v1/meetings", {"group": personas.group.slug, **body})
    assert response.status_code == status, response.content
    assert response.json()["detail"]
    if field:
        assert response.json()["field"] == field
    assert not Meeting.objects.exists()


def test_patch_status_agenda_and_participants(client, personas, meeting):
    client.force_login(personas.secretariat)
    url = f"/api/v1/meetings/{meeting.pk}"
    bad = _post(client, url, {"end_date": "2000-01-01"}, "patch")
    assert bad.status_code == 400 and bad.json()["field"] == "end_date"
    assert (
        _post(client, url, {"contribution_deadline_days": 20}, "patch").json()[
            "contribution_deadline"
        ]
        == (meeting.start_date - dt.timedelta(days=20)).isoformat()
    )
    item = _post(client, f"{url}/agenda", {"title": {"en": "Opening"}})
    assert item.status_code == 201 and item.json()["number"] == 1
    assert _post(client, f"{url}/agenda", {"title": {}}).status_code == 400
    moved = _post(
        client, f"/api/v1/agenda-items/{item.json()['id']}", {"title": {"fr": "Ouverture"}}, "patch"
    )
    assert moved.json()["title"] == {"fr": "Ouverture"}
    participant = _post(
        client,
        f"{url}/participants",
        {"person": personas.delegate.pk, "kind": "head", "member_state": "fra"},
    )
    assert participant.status_code == 201 and participant.json()["member_state"] == "FRA"
    observer = _post(
        client, f"{url}/participants", {"person": personas.stakeholder.pk, "kind": "observer"}
    )
    assert observer.status_code == 400 and "Member States only" in observer.json()["detail"]
    unknown = _post(client, f"{url}/participants", {"person": 999999, "kind": "delegate"})
    assert unknown.status_code == 400 and unknown.json()["field"] == "person"
    pid = participant.json()["id"]
    client.force_login(personas.delegate)
    assert client.delete(f"/api/v1/participants/{pid}").status_code == 403
    client.force_login(personas.secretariat)
    assert client.delete(f"/api/v1/participants/{pid}").status_code == 204
    assert client.delete(f"/api/v1/participants/{pid}").status_code == 404
    status = _post(client, f"{url}/status", {"status": "held"})
    assert status.json()["status"] == "held"
    assert _post(client, f"{url}/status", {"status": "planned"}).status_code == 409
    assert client.delete(f"/api/v1/agenda-items/{item.json()['id']}").status_code == 204


def test_participants_list_is_for_members(client, personas, meeting):
    url = f"/api/v1/meetings/{meeting.pk}/participants"
    assert client.get(url).status_code == 403
    client.force_login(personas.delegate)
    assert client.get(url).json() == []


def test_subscription_endpoints(client, personas):
    url = f"/api/v1/groups/{personas.group.slug}/subscription"
    assert _post(client, url, {}, "put").status_code == 401
    client.force_login(personas.stakeholder)
    assert (
        _post(
            client, url, {"new_documents": False, "deadlines": False, "changes": False}, "put"
        ).status_code
        == 400
    )
    assert _post(client, url, {"deadlines": False}, "put").json()["deadlines"] is False
    mine = client.get("/api/v1/subscriptions").json()
    assert [(m["group"], m["deadlines"]) for m in mine] == [(personas.group.slug, False)]
    assert client.delete(url).status_code == 204
    assert client.delete(url).status_code == 404


# iCalendar ------------------------------------------------------------------------------------


def _unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_calendar_lists_visible_meetings_as_all_day_events(client, personas, meeting):
    MeetingFactory(group=personas.group, number=24, access_level=AccessLevel.MEMBERS)
    response = client.get("/api/v1/meetings.ics")
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    lines = _unfold(text)
    assert lines.count("BEGIN:VEVENT") == 1  # the members-only meeting is left out
    assert f"DTSTART;VALUE=DATE:{meeting.start_date:%Y%m%d}" in lines
    assert f"DTEND;VALUE=DATE:{meeting.end_date + dt.timedelta(days=1):%Y%m%d}" in lines
    assert any(line.startswith("UID:meeting-") for line in lines)
    assert any(line.startswith("DTSTAMP:") and line.endswith("Z") for line in lines)
    client.force_login(personas.delegate)
    assert _unfold(client.get("/api/v1/meetings.ics").content.decode()).count("BEGIN:VEVENT") == 2


def test_group_calendar_and_hidden_groups(client, personas, meeting):
    MeetingFactory()  # another group's meeting is not in this group's calendar
    text = client.get(f"/api/v1/groups/{personas.group.slug}/meetings.ics").content.decode()
    assert _unfold(text).count("BEGIN:VEVENT") == 1
    hidden = GroupFactory(visibility=Visibility.MEMBERS)
    assert client.get(f"/api/v1/groups/{hidden.slug}/meetings.ics").status_code == 404
    assert client.get("/api/v1/groups/nope/meetings.ics").status_code == 404


def test_text_escaping_and_folding_follow_rfc_5545():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    long = "SUMMARY:" + "é" * 80
    folded = fold(long)
    parts = folded.split("\r\n ")
    assert "".join(parts) == long
    assert all(len(p.encode()) <= 75 for p in parts)


def test_calendar_of_a_cancelled_meeting(personas, meeting):
    meeting.status = "cancelled"
    meeting.title = {"en": "Spring; with, commas"}
    text = calendar([meeting], name="x", now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    lines = _unfold(text)
    assert "STATUS:CANCELLED" in lines
    assert "DTSTAMP:20260101T000000Z" in lines
    assert any("Spring\\; with\\, commas" in line for line in lines)


def test_venues_are_added_by_a_secretariat(client, personas):
    body = {"name": {"en": "ITU headquarters"}, "city": {"en": "Geneva"}, "country": "FRA"}
    assert _post(client, "/api/v1/venues", body).status_code == 401
    client.force_login(personas.chair)
    assert _post(client, "/api/v1/venues", body).status_code == 403
    client.force_login(personas.secretariat)
    assert _post(client, "/api/v1/venues", {**body, "country": "ZZZ"}).json()["field"] == "country"
    assert _post(client, "/api/v1/venues", {**body, "name": {}}).json()["field"] == "name"
    created = _post(client, "/api/v1/venues", body)
    assert created.status_code == 201 and created.json()["country"] == "FRA"
    assert [v["id"] for v in client.get("/api/v1/venues").json()] == [created.json()["id"]]


@given(st.text(min_size=0, max_size=400))
def test_folding_keeps_the_text_and_the_line_limit(text):
    line = "DESCRIPTION:" + escape_text(text)
    folded = fold(line)
    assert folded.replace("\r\n ", "") == line
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n "))
