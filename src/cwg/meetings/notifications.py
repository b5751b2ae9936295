"""Telling subscribers of a group's news by email, once the write that caused it has committed."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cwg.core.access import MEMBER_ROLES
from cwg.meetings.models import Subscription
from cwg.registry.models import Membership

TOPICS = ("new_documents", "deadlines", "changes")


def recipients(group, *, members_only: bool = False, topic: str | None = None) -> list[str]:
    """Email addresses of active subscribers (members only, if asked) who want this topic."""
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
    return sorted(set(subs.values_list("person__email", flat=True)))


def _deliver(addresses: list[str], subject: str, body: str) -> int:
    # One message per person: subscribers do not see each other's addresses.
    messages = [
        EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[a])
        for a in addresses
    ]
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(messages) or 0


def notify_group(
    group, subject: str, body: str, *, members_only: bool = False, topic: str | None = None
) -> list[str]:
    """Email the group's subscribers after the current transaction commits.

    Returns the addresses that will be written to; nothing is sent if the transaction rolls back.
    `members_only` restricts delivery to people who may see members-only records; `topic`
    (new_documents, deadlines, changes) to those who asked for it.
    """
    addresses = recipients(group, members_only=members_only, topic=topic)
    if addresses:
        subject = " ".join(subject.split())  # a header cannot hold a line break
        transaction.on_commit(lambda: _deliver(addresses, subject, body))
    return addresses


def _site_path(name: str, *args) -> str:
    from django.urls import reverse
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        return reverse(name, args=args)


def notify_new_document(document) -> list[str]:
    """Tell subscribers of a new document; members-only documents go to members only."""
    from cwg.core.access_levels import AccessLevel

    group = document.group
    members_only = document.effective_access() != AccessLevel.PUBLIC
    title = document.display_title("en")
    subject = f"[{group.display_acronym('en')}] New document {document.symbol}"
    body = f"{document.symbol}: {title}\n"
    if document.meeting_id:
        body += f"\nMeeting page: {_site_path('meetings:detail', document.meeting_id)}\n"
    return notify_group(group, subject, body, members_only=members_only, topic="new_documents")


def notify_meeting_change(meeting, what: str) -> list[str]:
    """Tell subscribers that a meeting's status or dates changed."""
    from cwg.core.access_levels import AccessLevel

    group = meeting.group
    subject = f"[{group.display_acronym('en')}] Meeting {meeting.number}: {what} changed"
    body = (
        f"Meeting {meeting.number} of {group.display_acronym('en')}\n"
        f"Dates: {meeting.start_date.isoformat()} to {meeting.end_date.isoformat()}\n"
        f"Status: {meeting.get_status_display()}\n"
        f"\n{_site_path('meetings:detail', meeting.pk)}\n"
    )
    return notify_group(
        group,
        subject,
        body,
        members_only=meeting.effective_access() != AccessLevel.PUBLIC,
        topic="changes",
    )


def notify_deadline(meeting) -> list[str]:
    from cwg.core.access_levels import AccessLevel

    group = meeting.group
    deadline = meeting.contribution_deadline
    subject = (
        f"[{group.display_acronym('en')}] Contributions to meeting {meeting.number} "
        f"are due on {deadline.isoformat()}"
    )
    body = (
        f"Contributions to meeting {meeting.number} of {group.display_acronym('en')} "
        f"({meeting.start_date.isoformat()} to {meeting.end_date.isoformat()}) are due on "
        f"{deadline.isoformat()}, {meeting.contribution_deadline_days} days before the meeting.\n"
        "Later contributions are accepted but flagged as late.\n"
        f"\n{_site_path('meetings:detail', meeting.pk)}\n"
    )
    return notify_group(
        group,
        subject,
        body,
        members_only=meeting.effective_access() != AccessLevel.PUBLIC,
        topic="deadlines",
    )


def send_deadline_reminders(actor=None, *, within_days: int = 3, today=None) -> list:
    """Remind subscribers of contribution deadlines in the coming days, once per meeting."""
    import datetime as dt

    from cwg.core.audit import record
    from cwg.meetings.models import Meeting, MeetingStatus

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
