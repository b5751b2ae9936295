"""The Atom feed and the calendar speak the reader's language, and calendar UIDs do not follow
the Host header: a meeting keeps one identity for every client."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest

from cwg.decisions.models import DecisionStatus
from cwg.meetings.models import MeetingStatus
from cwg.testing.factories import DecisionFactory, DocumentFactory, MeetingFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
# "Contribution" is also French, so it is not on this list.
ENGLISH = re.compile(r"\b(meeting|meetings|decision|held|planned|secretariat|due)\b", re.I)


@pytest.fixture
def records(personas):
    meeting = MeetingFactory(
        group=personas.group,
        number=22,
        start_date=dt.date(2025, 9, 15),
        end_date=dt.date(2025, 9, 16),
        status=MeetingStatus.HELD,
    )
    DocumentFactory(meeting=meeting, number=4, title={"en": "Views", "fr": "Points de vue"})
    DecisionFactory(meeting=meeting, status=DecisionStatus.APPROVED, approved_at=meeting.end_date)
    return meeting


def _feed(client, personas, prefix: str) -> ET.Element:
    response = client.get(f"{prefix}/meetings/feeds/{personas.group.slug}.atom")
    assert response.status_code == 200
    return ET.fromstring(response.content)


@pytest.mark.parametrize(
    ("prefix", "words"),
    [("/fr", ("réunion", "décision", "tenue")), ("/ar", ("الاجتماع", "القرار", "عُقد"))],
)
def test_the_feed_is_written_wholly_in_the_readers_language(
    client, personas, records, prefix, words
):
    root = _feed(client, personas, prefix)
    author = root.find(f"{ATOM}author/{ATOM}name")
    assert author is not None and author.text.strip()
    assert not ENGLISH.search(author.text), author.text
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 3
    text = " ".join(
        (e.find(f"{ATOM}title").text or "") + " " + (e.find(f"{ATOM}summary").text or "")
        for e in entries
    )
    assert not ENGLISH.search(text), text
    for word in words:
        assert word in text, (word, text)


def test_the_feed_author_is_the_configured_site_name(client, personas, records, settings):
    settings.CWG_SITE_NAME = "ITU General Secretariat"
    root = _feed(client, personas, "/en")
    assert root.find(f"{ATOM}author/{ATOM}name").text == "ITU General Secretariat"


def _uids(client, url: str, host: str) -> set[str]:
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200
    return set(re.findall(r"^UID:(.*)\r$", response.content.decode(), re.M))


def test_a_meeting_has_one_uid_whatever_host_name_was_used(client, personas, records, settings):
    settings.ALLOWED_HOSTS = ["cwg.example.org", "mirror.example.net"]
    settings.CWG_SITE_DOMAIN = "cwg.example.org"
    for url in ("/api/v1/meetings.ics", f"/api/v1/groups/{personas.group.slug}/meetings.ics"):
        first = _uids(client, url, "cwg.example.org")
        second = _uids(client, url, "mirror.example.net")
        assert first == second == {f"meeting-{records.pk}@cwg.example.org"}


def test_calendar_titles_are_translated(client, personas, records):
    response = client.get("/api/v1/meetings.ics", HTTP_ACCEPT_LANGUAGE="fr")
    body = response.content.decode().replace("\r\n ", "")
    assert "réunion 22" in body
    assert "Date limite des contributions" in body
    assert "Réunions des groupes de travail du Conseil" in body
    # The group's name is the factory's English; the words the calendar itself writes are not.
    for line in re.findall(r"^(?:SUMMARY|X-WR-CALNAME):.*$", body, re.M):
        assert not ENGLISH.search(line), line
