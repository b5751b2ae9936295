"""Telling subscribers of a group's news by email, in each one's language and time zone, once
the write that caused it has committed."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from cwg.core.access_levels import AccessLevel
from cwg.core.audit import record
from cwg.core.i18n import document_language
from cwg.core.templatetags.cwg_ui import date_span, local_date, local_datetime
from cwg.meetings.deadlines import contribution_deadline
from cwg.meetings.models import Meeting, MeetingStatus, Subscription
from cwg.meetings.tasks import deliver_messages
from cwg.registry.access import MEMBER_ROLES
from cwg.registry.models import Membership

TOPICS = ("new_documents", "deadlines", "changes")

# A message composed for the active language and time zone: (subject, body).
Compose = Callable[[], tuple[str, str]]


@dataclass(frozen=True)
class Reader:
    """One subscriber as a message is written for them."""

    email: str
    language: str  # a UI language of settings.LANGUAGES
    time_zone: str  # an IANA zone known to zoneinfo


def _ui_language(code: str) -> str:
    codes = {c for c, _name in settings.LANGUAGES}
    code = (code or "").lower()
    return code if code in codes else settings.LANGUAGE_CODE


def _zone(name: str) -> zoneinfo.ZoneInfo:
    # A zone the database does not know (set in the admin, say) falls back to UTC, as on the pages.
    try:
        return zoneinfo.ZoneInfo(name or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def readers(group, *, members_only: bool = False, topic: str | None = None) -> list[Reader]:
    """Active subscribers (members only, if asked) who want this topic, by address."""
    subs = Subscription.objects.filter(group=group, person__is_active=True).exclude(
        person__email=""
    )
    if topic is not None:
        if topic not in TOPICS:
            raise ValueError(f"unknown topic {topic!r}")
        subs = subs.filter(**{topic: True})
    if members_only:
        today = timezone.localdate()
        members = (
            Membership.objects.current(today)
            .filter(role__in=MEMBER_ROLES)
            .filter(Q(group=group) | Q(group__isnull=True))
            .values("person_id")
        )
        subs = subs.filter(Q(person_id__in=members) | Q(person__is_superuser=True))
    found: dict[str, Reader] = {}
    rows = subs.order_by("person__email", "person_id").values_list(
        "person__email", "person__preferred_language", "person__time_zone"
    )
    for email, language, zone in rows:
        # Two accounts sharing an address get one message, in the first account's language.
        found.setdefault(email, Reader(email, _ui_language(language), _zone(zone).key))
    return [found[email] for email in sorted(found)]


def recipients(group, *, members_only: bool = False, topic: str | None = None) -> list[str]:
    """Email addresses of active subscribers (members only, if asked) who want this topic."""
    return [r.email for r in readers(group, members_only=members_only, topic=topic)]


def _one_line(text: str) -> str:
    return " ".join(str(text).split())  # a header cannot hold a line break


def compose_for(readers_: list[Reader], compose: Compose) -> list[tuple[str, str, str]]:
    """(address, subject, body) for each reader, composed once per language and time zone."""
    composed: dict[tuple[str, str], tuple[str, str]] = {}
    messages = []
    for reader in readers_:
        key = (reader.language, reader.time_zone)
        if key not in composed:
            with translation.override(reader.language), timezone.override(_zone(reader.time_zone)):
                subject, body = compose()
                composed[key] = (_one_line(subject), str(body))
        messages.append((reader.email, *composed[key]))
    return messages


def notify_group(
    group,
    subject="",
    body="",
    *,
    compose: Compose | None = None,
    members_only: bool = False,
    topic: str | None = None,
) -> list[str]:
    """Email the group's subscribers after the current transaction commits.

    Each subscriber is written to in their preferred language and time zone: `compose` is called
    once per language and zone, with both active, and returns (subject, body). Without it,
    `subject` and `body` are used, translated for each reader if they are lazy translations.
    Returns the addresses that will be written to; nothing is sent if the transaction rolls back.
    `members_only` restricts delivery to people who may see members-only records; `topic`
    (new_documents, deadlines, changes) to those who asked for it.
    """
    if compose is None:

        def compose():
            return str(subject), str(body)

    found = readers(group, members_only=members_only, topic=topic)
    if found:
        messages = compose_for(found, compose)
        # A worker sends them (django-tasks): a slow mail server holds up no request, and with
        # the immediate backend of the embedded default they go out right after the commit.
        transaction.on_commit(lambda: deliver_messages.enqueue([list(m) for m in messages]))
    return [r.email for r in found]


# The messages -----------------------------------------------------------------------------------
# Each runs with the reader's language and time zone active.


def _acronym(group) -> str:
    return group.display_acronym(document_language())


def _meeting_path(meeting_id) -> str:
    return reverse("meetings:detail", args=[meeting_id])


def _new_document_message(document) -> tuple[str, str]:
    subject = gettext("[%(group)s] New document %(symbol)s") % {
        "group": _acronym(document.group),
        "symbol": document.symbol,
    }
    body = f"{document.symbol}: {document.display_title(document_language())}\n"
    if document.meeting_id:
        body += "\n" + gettext("Meeting page: %(url)s") % {
            "url": _meeting_path(document.meeting_id)
        }
        body += "\n"
    return subject, body


def notify_new_document(document) -> list[str]:
    """Tell subscribers of a new document; members-only documents go to members only."""

    return notify_group(
        document.group,
        compose=lambda: _new_document_message(document),
        members_only=document.effective_access() != AccessLevel.PUBLIC,
        topic="new_documents",
    )


def _meeting_change_message(meeting, what: str) -> tuple[str, str]:
    group = _acronym(meeting.group)
    title = gettext("Meeting %(number)s") % {"number": meeting.number}
    dates = date_span(meeting.start_date, meeting.end_date)
    # The status labels are plain English in the model; the catalogs hold their translations.
    status = gettext(meeting.get_status_display())
    changed = {"dates": (gettext("Dates"), dates), "status": (gettext("Status"), status)}
    if what in changed:
        label, value = changed[what]
        subject = f"[{group}] {title} – {label}: {value}"
    else:
        subject = f"[{group}] {title}"
    body = (
        gettext("Meeting %(number)s of %(group)s") % {"number": meeting.number, "group": group}
        + "\n"
        + f"{gettext('Dates')}: {dates}\n"
        + f"{gettext('Status')}: {status}\n"
        + f"\n{_meeting_path(meeting.pk)}\n"
    )
    return subject, body


def notify_meeting_change(meeting, what: str) -> list[str]:
    """Tell subscribers that a meeting's status or dates (`what`) changed."""

    return notify_group(
        meeting.group,
        compose=lambda: _meeting_change_message(meeting, what),
        members_only=meeting.effective_access() != AccessLevel.PUBLIC,
        topic="changes",
    )


def _deadline_message(meeting) -> tuple[str, str]:
    group = _acronym(meeting.group)
    subject = gettext("[%(group)s] Contributions to meeting %(number)s are due on %(date)s") % {
        "group": group,
        "number": meeting.number,
        "date": local_date(meeting.contribution_deadline),
    }
    days = meeting.contribution_deadline_days
    body = (
        ngettext(
            "Contributions to meeting %(number)s of %(group)s (%(dates)s) are due by "
            "%(deadline)s, %(days)s day before the meeting.",
            "Contributions to meeting %(number)s of %(group)s (%(dates)s) are due by "
            "%(deadline)s, %(days)s days before the meeting.",
            days,
        )
        % {
            "number": meeting.number,
            "group": group,
            "dates": date_span(meeting.start_date, meeting.end_date),
            # The deadline is the end of the day in UTC, told in the reader's own time.
            "deadline": local_datetime(contribution_deadline(meeting), "long"),
            "days": days,
        }
        + "\n"
        + gettext("Later contributions are accepted but flagged as late.")
        + f"\n\n{_meeting_path(meeting.pk)}\n"
    )
    return subject, body


def notify_deadline(meeting) -> list[str]:
    """Remind subscribers who follow deadlines that contributions to a meeting are due soon."""

    return notify_group(
        meeting.group,
        compose=lambda: _deadline_message(meeting),
        members_only=meeting.effective_access() != AccessLevel.PUBLIC,
        topic="deadlines",
    )


def send_deadline_reminders(actor=None, *, within_days: int = 3, today=None) -> list:
    """Remind subscribers of contribution deadlines in the coming days, once per meeting."""

    today = today or timezone.localdate()
    reminded = []
    candidates = Meeting.objects.filter(
        status=MeetingStatus.PLANNED, start_date__gte=today, deadline_reminder_sent_on__isnull=True
    ).select_related("group")
    for meeting in candidates:
        deadline = meeting.contribution_deadline
        if not today <= deadline <= today + dt.timedelta(days=within_days):
            continue
        with transaction.atomic():
            locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
            if locked.deadline_reminder_sent_on is not None:
                continue
            locked.deadline_reminder_sent_on = today
            locked.save(update_fields=["deadline_reminder_sent_on"])
            addresses = notify_deadline(meeting)
            record(
                actor,
                "meeting.deadline_reminder",
                meeting,
                after={"deadline": deadline.isoformat(), "recipients": len(addresses)},
            )
        reminded.append(meeting)
    return reminded
