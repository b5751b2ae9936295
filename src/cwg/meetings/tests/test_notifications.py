"""Subscribers are told by email after commit; the Atom feed lists public items only."""

import datetime as dt
from io import StringIO

import pytest
from babel.dates import format_date
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cwg.core.access_levels import AccessLevel
from cwg.core.models import AuditEvent
from cwg.decisions import services as decision_services
from cwg.groups.models import Visibility
from cwg.meetings import services
from cwg.meetings.notifications import notify_group, notify_new_document, recipients
from cwg.testing.factories import DocumentFactory, GroupFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribed(personas):
    for person in (personas.delegate, personas.stakeholder):
        services.subscribe(person, personas.group)
    return personas


def test_notify_group_sends_one_message_per_subscriber_after_commit(
    subscribed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        addresses = notify_group(subscribed.group, "Subject\nwith a break", "Body")
        assert mail.outbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    assert sorted(addresses) == ["delegate@example.org", "stakeholder@example.org"]
    assert [m.to for m in mail.outbox] == [["delegate@example.org"], ["stakeholder@example.org"]]
    assert mail.outbox[0].subject == "Subject with a break"


def test_a_rolled_back_write_sends_nothing(subscribed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                notify_group(subscribed.group, "Never", "Never")
                raise RuntimeError("the write fails")
        except RuntimeError:
            pass
    assert callbacks == [] and mail.outbox == []


def test_members_only_news_reaches_members_only(subscribed):
    assert recipients(subscribed.group, members_only=True) == ["delegate@example.org"]
    subscribed.delegate.is_active = False
    subscribed.delegate.save()
    assert recipients(subscribed.group, members_only=True) == []


def test_topics_are_respected(subscribed):
    services.subscribe(subscribed.stakeholder, subscribed.group, new_documents=False)
    assert recipients(subscribed.group, topic="new_documents") == ["delegate@example.org"]
    assert len(recipients(subscribed.group, topic="changes")) == 2


def test_new_members_only_document_is_announced_to_members(
    subscribed, meeting, django_capture_on_commit_callbacks
):
    doc = DocumentFactory(meeting=meeting, access_level=AccessLevel.MEMBERS)
    with django_capture_on_commit_callbacks(execute=True):
        notify_new_document(doc)
    assert [m.to for m in mail.outbox] == [["delegate@example.org"]]
    assert doc.symbol in mail.outbox[0].subject


def test_meeting_status_change_tells_subscribers(
    subscribed, meeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.set_meeting_status(subscribed.secretariat, meeting, "cancelled")
    assert len(mail.outbox) == 2 and "Cancelled" in mail.outbox[0].body


def test_decision_approval_tells_subscribers(subscribed, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    held = MeetingFactory(group=subscribed.group, start_date=today, end_date=today)
    decision = decision_services.record_decision(
        subscribed.secretariat, held, text={"en": "Send the report"}, addressee_kind="council"
    )
    with django_capture_on_commit_callbacks(execute=True):
        decision_services.approve_decision(subscribed.chair, decision)
    assert len(mail.outbox) == 2 and "Send the report" in mail.outbox[0].body


def test_subscription_needs_an_email_and_access(personas):
    personas.stakeholder.email = ""
    personas.stakeholder.save()
    from cwg.core.exceptions import InvalidInput, NotAllowed

    with pytest.raises(InvalidInput, match="no email"):
        services.subscribe(personas.stakeholder, personas.group)
    hidden = GroupFactory(visibility=Visibility.MEMBERS)
    with pytest.raises(NotAllowed):
        services.subscribe(personas.other_delegate, hidden)
    with pytest.raises(NotAllowed):
        services.subscribe(personas.anonymous, personas.group)


def test_deadline_reminders_are_sent_once(subscribed, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    due = MeetingFactory(
        group=subscribed.group,
        start_date=today + dt.timedelta(days=14),
        contribution_deadline_days=12,
    )
    MeetingFactory(group=subscribed.group, start_date=today + dt.timedelta(days=40))  # not yet
    MeetingFactory(
        group=subscribed.group, start_date=today + dt.timedelta(days=13), status="cancelled"
    )
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_deadline_reminders", stdout=out)
    assert "1 meeting(s) reminded" in out.getvalue()
    assert len(mail.outbox) == 2
    due_on = format_date(today + dt.timedelta(days=2), "long", locale="en_GB")
    assert due_on in mail.outbox[0].subject  # the reader's locale: English by default
    due.refresh_from_db()
    assert due.deadline_reminder_sent_on == today
    assert AuditEvent.objects.filter(action="meeting.deadline_reminder").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_deadline_reminders", stdout=StringIO())
    assert len(mail.outbox) == 2  # not twice
    with pytest.raises(CommandError, match="within-days"):
        call_command("send_deadline_reminders", "--within-days", "-1")


def test_subscribe_pages(client, personas):
    url = reverse("meetings:subscribe", args=[personas.group.slug])
    assert client.post(url).status_code == 302 and not mail.outbox
    from cwg.meetings.models import Subscription

    assert not Subscription.objects.exists()  # the anonymous reader was sent to sign in
    client.force_login(personas.stakeholder)
    assert client.get(url).status_code == 405
    back = client.post(url, {"new_documents": "on", "changes": "on", "next": "/\\evil.example/"})
    assert back["Location"] == f"{reverse('meetings:index')}?group={personas.group.slug}"
    sub = Subscription.objects.get(person=personas.stakeholder)
    assert (sub.new_documents, sub.deadlines, sub.changes) == (True, False, True)
    client.post(reverse("meetings:unsubscribe", args=[personas.group.slug]))
    assert not Subscription.objects.exists()


# Atom feed ------------------------------------------------------------------------------------


def test_feed_lists_only_public_items(client, personas, meeting):
    public_doc = DocumentFactory(meeting=meeting, title={"en": "Public paper"})
    secret_doc = DocumentFactory(meeting=meeting, access_level=AccessLevel.MEMBERS)
    hidden_meeting = MeetingFactory(
        group=personas.group, number=99, access_level=AccessLevel.MEMBERS
    )
    hidden_doc = DocumentFactory(meeting=hidden_meeting)
    today = timezone.localdate()
    held = MeetingFactory(group=personas.group, number=22, start_date=today, end_date=today)
    decision = decision_services.record_decision(
        personas.secretariat, held, text={"en": "Approved measure"}, addressee_kind="council"
    )
    decision_services.record_decision(
        personas.secretariat, held, text={"en": "Draft measure"}, addressee_kind="council"
    )
    decision_services.approve_decision(personas.secretariat, decision)
    response = client.get(reverse("meetings:feed", args=[personas.group.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert public_doc.symbol in body and "Approved measure" in body
    assert secret_doc.symbol not in body and hidden_doc.symbol not in body
    assert "Draft measure" not in body and "meeting 99" not in body
    hidden = GroupFactory(visibility=Visibility.MEMBERS)
    assert client.get(reverse("meetings:feed", args=[hidden.slug])).status_code == 404
