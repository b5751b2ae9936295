"""The calendar and the Atom feed are valid for the programs that read them.

The iCalendar export is checked line by line against RFC 5545 (CRLF endings, lines of at most
75 octets, balanced components, one UID/DTSTAMP/DTSTART per event, all-day events with an
exclusive DTEND); the Atom feed is parsed as XML and each entry has what RFC 4287 requires.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from cwg.testing.factories import DocumentFactory, MeetingFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def parse_calendar(raw: bytes) -> list[dict[str, list[str]]]:
    """The events of a calendar, failing on anything RFC 5545 does not allow."""
    assert raw.endswith(b"\r\n"), "a calendar ends with CRLF"
    assert raw.count(b"\n") == raw.count(b"\r\n"), "every line ends with CRLF"
    physical = raw.split(b"\r\n")[:-1]
    for line in physical:
        assert len(line) <= 75, f"line longer than 75 octets: {line!r}"
    logical: list[str] = []
    for line in physical:
        if line[:1] in (b" ", b"\t"):
            logical[-1] += line[1:].decode("utf-8")
        else:
            logical.append(line.decode("utf-8"))
    assert logical[0] == "BEGIN:VCALENDAR" and logical[-1] == "END:VCALENDAR"
    stack: list[str] = []
    events: list[dict[str, list[str]]] = []
    current: dict[str, list[str]] | None = None
    for line in logical:
        assert ":" in line, f"a content line has a name and a value: {line!r}"
        name, value = line.split(":", 1)
        name = name.split(";", 1)[0]
        assert name and name.replace("-", "").isalnum(), line
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                current = {}
            continue
        if name == "END":
            assert stack and stack.pop() == value, f"unbalanced END:{value}"
            if value == "VEVENT":
                events.append(current)
                current = None
            continue
        if current is not None:
            current.setdefault(name, []).append(line)
    assert stack == []
    for event in events:
        for required in ("UID", "DTSTAMP", "DTSTART"):
            assert len(event.get(required, [])) == 1, (required, event)
    return events


def test_the_calendar_follows_rfc_5545(client, personas):
    MeetingFactory(
        group=personas.group,
        number=22,
        start_date=dt.date(2025, 9, 15),
        end_date=dt.date(2025, 9, 16),
        title={"en": "Twenty-second meeting, with a title long enough to need folding " * 2},
    )
    MeetingFactory(
        group=personas.group,
        number=23,
        start_date=dt.date(2026, 1, 20),
        end_date=dt.date(2026, 1, 20),
    )
    for url in ("/api/v1/meetings.ics", f"/api/v1/groups/{personas.group.slug}/meetings.ics"):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        events = parse_calendar(response.content)
        starts = sorted(e["DTSTART"][0] for e in events)
        assert starts == ["DTSTART;VALUE=DATE:20250915", "DTSTART;VALUE=DATE:20260120"]
        ends = sorted(e["DTEND"][0] for e in events)
        # All-day events end the day after their last day (DTEND is exclusive).
        assert ends == ["DTEND;VALUE=DATE:20250917", "DTEND;VALUE=DATE:20260121"]
        assert len({e["UID"][0] for e in events}) == 2


def test_the_atom_feed_is_well_formed_with_complete_entries(client, personas):
    meeting = MeetingFactory(group=personas.group, start_date=dt.date(2026, 1, 20))
    DocumentFactory(meeting=meeting, number=4, title={"en": "Views on <connectivity> & costs"})
    response = client.get(reverse("meetings:feed", args=[personas.group.slug]))
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None, required
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2  # the meeting and its document
    for entry in entries:
        for required in ("id", "title", "updated"):
            element = entry.find(f"{ATOM}{required}")
            assert element is not None and (element.text or "").strip(), required
        dt.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
        assert entry.find(f"{ATOM}link").get("href").startswith("http")
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert any("Views on <connectivity> & costs" in title for title in titles)
    assert len({e.find(f"{ATOM}id").text for e in entries}) == 2
