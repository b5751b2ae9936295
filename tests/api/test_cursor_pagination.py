"""The open-data lists are walked with an opaque cursor: `next` until null gives every record the
reader may see exactly once, hidden records are neither items nor counted, and a bad cursor is a
400 naming `cursor`."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest

from cwg.consultations.models import ConsultationState
from cwg.core.access_levels import AccessLevel
from cwg.decisions.models import DecisionStatus
from cwg.testing.factories import (
    ConsultationFactory,
    DecisionFactory,
    DocumentFactory,
    MeetingFactory,
    SubmissionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(personas):
    meetings = [
        MeetingFactory(
            group=personas.group,
            number=n,
            start_date=dt.date(2020, 1, 1) + dt.timedelta(days=30 * (n // 2)),  # pairs share a day
        )
        for n in range(1, 12)
    ]
    hidden = MeetingFactory(
        group=personas.group,
        number=40,
        access_level=AccessLevel.MEMBERS,
        start_date=dt.date(2021, 1, 1),
    )
    for meeting in meetings[:6]:
        DecisionFactory(
            meeting=meeting, status=DecisionStatus.APPROVED, approved_at=meeting.end_date
        )
        DocumentFactory(meeting=meeting, number=1)
        DocumentFactory(meeting=meeting, number=2)
    DecisionFactory(meeting=hidden)
    DocumentFactory(meeting=hidden, number=1)
    DocumentFactory(meeting=meetings[0], number=9, access_level=AccessLevel.MEMBERS)
    return meetings, hidden


def walk(client, url: str, key: str = "id") -> tuple[list, list[int]]:
    ids, counts = [], []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        ids.extend(item[key] for item in body["items"])
        counts.append(body["count"])
        url = body["next"]
        if url:
            assert "page=" not in url and "cursor=" in url
            url = urlsplit(url)._replace(scheme="", netloc="").geturl()
    return ids, counts


@pytest.mark.parametrize(
    "path", ["/api/v1/meetings", "/api/v1/decisions", "/api/v1/documents", "/api/v1/actions"]
)
def test_walking_next_gives_every_visible_record_once_in_order(client, records, path):
    everything = client.get(f"{path}?page_size=1000").json()
    walked, counts = walk(client, f"{path}?page_size=3")
    assert walked == [item["id"] for item in everything["items"]]
    assert len(set(walked)) == len(walked)
    assert set(counts) == {everything["count"]} and everything["count"] == len(walked)


def test_an_anonymous_reader_never_meets_a_members_only_record(client, records, personas):
    meetings, hidden = records
    walked, counts = walk(client, "/api/v1/meetings?page_size=2")
    assert hidden.pk not in walked and counts[0] == len(meetings)
    documents, counts = walk(client, "/api/v1/documents?page_size=2")
    assert len(documents) == counts[0] == 12
    decisions, counts = walk(client, "/api/v1/decisions?page_size=2")
    assert len(decisions) == counts[0] == 6
    client.force_login(personas.delegate)
    walked, counts = walk(client, "/api/v1/meetings?page_size=2")
    assert hidden.pk in walked and counts[0] == len(meetings) + 1


def test_records_added_while_walking_do_not_shift_the_pages(client, records, personas):
    first = client.get("/api/v1/meetings?page_size=4").json()
    MeetingFactory(group=personas.group, number=99, start_date=dt.date(2030, 1, 1))
    following = client.get(first["next"]).json()
    seen = [m["id"] for m in first["items"]] + [m["id"] for m in following["items"]]
    assert len(set(seen)) == 8


def test_filters_travel_with_the_cursor(client, records, personas):
    url = f"/api/v1/meetings?group={personas.group.slug}&page_size=2"
    response = client.get(url).json()
    assert f"group={personas.group.slug}" in response["next"]


@pytest.mark.parametrize(
    "query",
    [
        "cursor=nonsense",
        "cursor=",
        "cursor=" + "x" * 2000,
        "cursor={other}",
        "cursor={tampered}",
        "cursor={own}&page=2",
    ],
)
def test_a_bad_cursor_is_a_400_naming_it(client, records, query):
    own = client.get("/api/v1/meetings?page_size=2").json()["next"].split("cursor=")[1]
    other = client.get("/api/v1/decisions?page_size=2").json()["next"].split("cursor=")[1]
    tampered = own[:-3] + ("aaa" if not own.endswith("aaa") else "bbb")
    query = query.format(own=own, other=other, tampered=tampered)
    response = client.get(f"/api/v1/meetings?page_size=2&{query}")
    assert response.status_code == 400, response.content
    assert response.json()["field"] == "cursor"


def walk_responses(client, url: str, count: int) -> tuple[list[str], int]:
    """The receipts of a list of responses followed by `next` to its end, and its pages."""
    receipts, pages = [], 0
    while url:
        body = client.get(url).json()
        assert body["count"] == count
        receipts += [row["receipt"] for row in body["items"]]
        url, pages = body["next"], pages + 1
    return receipts, pages


def test_published_submissions_are_walked_with_the_cursor_too(client, personas):
    consultation = ConsultationFactory(group=personas.group, state=ConsultationState.CLOSED)
    published = [
        SubmissionFactory(consultation=consultation, consent_to_publication=True).receipt
        for _ in range(55)
    ]
    SubmissionFactory(consultation=consultation, consent_to_publication=True, hidden=True)
    SubmissionFactory(consultation=consultation, consent_to_publication=False)
    receipts, pages = walk_responses(
        client, f"/api/v1/consultations/{consultation.slug}/submissions", 55
    )
    assert receipts == published and pages == 2
    response = client.get(f"/api/v1/consultations/{consultation.slug}/submissions?cursor=x")
    assert response.status_code == 400 and response.json()["field"] == "cursor"


def test_the_moderation_queue_is_walked_with_the_cursor_too(client, personas):
    consultation = ConsultationFactory(group=personas.group, state=ConsultationState.CLOSED)
    made = [
        SubmissionFactory(consultation=consultation, consent_to_publication=i % 2 == 0).receipt
        for i in range(203)
    ]
    made.append(SubmissionFactory(consultation=consultation, hidden=True).receipt)
    client.force_login(personas.secretariat)
    receipts, pages = walk_responses(
        client, f"/api/v1/consultations/{consultation.slug}/moderation", 204
    )
    # Newest first, each once, over two pages of 200.
    assert receipts == made[::-1] and pages == 2
    first = client.get(f"/api/v1/consultations/{consultation.slug}/moderation?show=visible")
    assert "show=visible" in first.json()["next"] and first.json()["count"] == 203
    published = client.get(f"/api/v1/consultations/{consultation.slug}/submissions").json()
    # The published list's cursor (oldest first) is not one this list gave out.
    own = first.json()["next"].split("cursor=")[1]
    for bad in ("x", published["next"].split("cursor=")[1], f"{own}&page=2"):
        response = client.get(f"/api/v1/consultations/{consultation.slug}/moderation?cursor={bad}")
        assert response.status_code == 400, bad
        assert response.json()["field"] == "cursor"


def test_consultations_are_walked_with_the_cursor_and_drafts_stay_hidden(client, personas):
    shown = [
        ConsultationFactory(
            group=personas.group,
            state=ConsultationState.OPEN,
            opens_at=dt.datetime(2025, 1, 1 + n // 2, tzinfo=dt.UTC),  # pairs share a time
        ).slug
        for n in range(7)
    ]
    draft = ConsultationFactory(group=personas.group, state=ConsultationState.DRAFT)
    everything = client.get("/api/v1/consultations?page_size=1000").json()
    walked, counts = walk(client, "/api/v1/consultations?page_size=3", key="slug")
    assert walked == [item["slug"] for item in everything["items"]]
    assert sorted(walked) == sorted(shown) and draft.slug not in walked
    assert set(counts) == {7}
    url = "/api/v1/consultations?state=open&page_size=2"
    assert "state=open" in client.get(url).json()["next"]
    client.force_login(personas.secretariat)
    walked, counts = walk(client, "/api/v1/consultations?page_size=3", key="slug")
    assert draft.slug in walked and counts[0] == 8


@pytest.mark.parametrize(
    "query",
    ["cursor=nonsense", "cursor=", "cursor=" + "x" * 2000, "cursor={other}", "cursor={own}&page=2"],
)
def test_a_bad_consultations_cursor_is_a_400_naming_it(client, personas, query):
    for _ in range(3):
        ConsultationFactory(group=personas.group, state=ConsultationState.OPEN)
    MeetingFactory(group=personas.group, number=1)
    MeetingFactory(group=personas.group, number=2)
    own = client.get("/api/v1/consultations?page_size=1").json()["next"].split("cursor=")[1]
    other = client.get("/api/v1/meetings?page_size=1").json()["next"].split("cursor=")[1]
    query = query.format(own=own, other=other)
    response = client.get(f"/api/v1/consultations?page_size=1&{query}")
    assert response.status_code == 400, response.content
    assert response.json()["field"] == "cursor"
