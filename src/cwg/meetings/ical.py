"""iCalendar (RFC 5545) export of meetings, written directly: all-day events, folded lines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from cwg.core.i18n import UI_LANGUAGE, pick
from cwg.meetings.models import Meeting, MeetingStatus

PRODID = "-//cwg//Council Working Group meetings//EN"


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (§3.1)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current = b""
    limit = 75
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > limit:
            parts.append(current.decode("utf-8"))
            current = b""
            limit = 74  # continuation lines start with one space
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _date(value: dt.date) -> str:
    return value.strftime("%Y%m%d")


def _event_lines(
    meeting: Meeting, *, host: str, base_url: str, language: str, stamp: str
) -> list[str]:
    group = meeting.group
    names = {"group": group.display_acronym(language), "number": meeting.number}
    title = pick(meeting.title, language)
    if title:
        summary = _("%(group)s – meeting %(number)s: %(title)s") % {**names, "title": title}
    else:
        summary = _("%(group)s – meeting %(number)s") % names
    lines = [
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@{host}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_date(meeting.start_date)}",
        # DTEND of an all-day event is the day after the last day (exclusive).
        f"DTEND;VALUE=DATE:{_date(meeting.end_date + dt.timedelta(days=1))}",
        f"SUMMARY:{escape_text(summary)}",
        "STATUS:" + ("CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED"),
        "TRANSP:TRANSPARENT",
    ]
    if meeting.venue_id:
        lines.append(f"LOCATION:{escape_text(str(meeting.venue))}")
    description = f"{group.display_name(language)}\n" + _("Contributions due: %(date)s") % {
        "date": meeting.contribution_deadline.isoformat()
    }
    lines.append(f"DESCRIPTION:{escape_text(description)}")
    if base_url:
        lines.append(f"URL:{base_url}{meeting.pk}/")
    lines.append("END:VEVENT")
    return lines


def calendar(
    meetings: Iterable[Meeting],
    *,
    name: str,
    host: str = "",
    base_url: str = "",
    language: str = "en",
    now: dt.datetime | None = None,
) -> str:
    """A VCALENDAR with one all-day VEVENT per meeting, CRLF line endings, written in `language`.

    UIDs are made from the configured site domain (CWG_SITE_DOMAIN), so that a meeting keeps one
    identity whichever host name a client used to fetch it."""
    now = now or dt.datetime.now(dt.UTC)
    host = host or settings.CWG_SITE_DOMAIN
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    with translation.override(UI_LANGUAGE.get(language, language)):
        for meeting in meetings:
            lines.extend(
                _event_lines(meeting, host=host, base_url=base_url, language=language, stamp=stamp)
            )
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
