"""Notification emails are written in each subscriber's language, dates in their locale and zone."""

from __future__ import annotations

import datetime as dt

import pytest
from babel.dates import format_date
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy

from cwg.core.dates import format_days
from cwg.meetings import services
from cwg.meetings.notifications import (
    notify_deadline,
    notify_group,
    notify_new_document,
    readers,
)
from cwg.testing.factories import DocumentFactory, MeetingFactory

pytestmark = pytest.mark.django_db

START = dt.date(2027, 3, 15)  # a Monday; contributions due 12 days before, on 3 March


@pytest.fixture
def subscribed(personas):
    """Claire reads French in Paris, Sam English in Tokyo, Chen French in Paris too."""
    for person, language, zone in (
        (personas.delegate, "fr", "Europe/Paris"),
        (personas.stakeholder, "en", "Asia/Tokyo"),
        (personas.council_member, "fr", "Europe/Paris"),
    ):
        person.preferred_language = language
        person.time_zone = zone
        person.save(update_fields=["preferred_language", "time_zone"])
        services.subscribe(person, personas.group)
    return personas


@pytest.fixture
def planned(subscribed):
    return MeetingFactory(
        group=subscribed.group,
        number=27,
        start_date=START,
        end_date=START + dt.timedelta(days=1),
        contribution_deadline_days=12,
    )


def sent_to(address: str):
    [message] = [m for m in mail.outbox if m.to == [address]]
    return message


def test_deadline_reminder_in_french_for_a_french_reader(
    planned, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify_deadline(planned)
    french = sent_to("delegate@example.org")
    english = sent_to("stakeholder@example.org")

    # The date of the subject is formatted by Babel in the reader's locale.
    assert "3 mars 2027" in french.subject
    assert "3 March 2027" in english.subject and "mars" not in english.subject
    acronym = planned.group.display_acronym("fr")
    with translation.override("fr"):
        expected = gettext(
            "[%(group)s] Contributions to meeting %(number)s are due on %(date)s"
        ) % {"group": acronym, "number": 27, "date": "3 mars 2027"}
    assert french.subject == expected

    # The deadline is the end of 3 March in UTC: already 4 March in Paris and in Tokyo.
    assert "4 mars 2027" in french.body and "00:59 (Europe/Paris)" in french.body
    assert "4 March 2027" in english.body and "08:59 (Asia/Tokyo)" in english.body
    assert format_days(START, START + dt.timedelta(days=1), "fr") in (french.body)
    # The link opens the meeting page in the reader's language.
    assert f"/fr/meetings/{planned.pk}/" in french.body
    assert f"/en/meetings/{planned.pk}/" in english.body


def test_meeting_status_change_subject_in_french(
    subscribed, planned, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.set_meeting_status(subscribed.secretariat, planned, "cancelled")
    french = sent_to("delegate@example.org")
    english = sent_to("stakeholder@example.org")
    # Strings the catalogs already translate: "Meeting %(number)s", "Status", "Cancelled".
    assert "Réunion 27" in french.subject and "Annulée" in french.subject
    assert "Meeting 27" in english.subject and "Cancelled" in english.subject
    assert format_days(START, START + dt.timedelta(days=1), "fr") in (french.body)


def test_new_document_subject_and_link_in_the_readers_language(
    planned, django_capture_on_commit_callbacks
):
    document = DocumentFactory(meeting=planned, title={"en": "A paper", "fr": "Un document"})
    with django_capture_on_commit_callbacks(execute=True):
        notify_new_document(document)
    french = sent_to("delegate@example.org")
    english = sent_to("stakeholder@example.org")
    with translation.override("fr"):
        expected = gettext("[%(group)s] New document %(symbol)s") % {
            "group": planned.group.display_acronym("fr"),
            "symbol": document.symbol,
        }
    assert french.subject == expected
    assert f"{document.symbol}: Un document" in french.body
    assert f"{document.symbol}: A paper" in english.body
    assert f"/fr/meetings/{planned.pk}/" in french.body


def test_one_composition_per_language_and_zone_one_message_per_reader(
    subscribed, django_capture_on_commit_callbacks
):
    calls = []

    def compose():
        calls.append(translation.get_language())
        return gettext_lazy("Status"), format_date(START, "long", locale="fr")

    with django_capture_on_commit_callbacks(execute=True):
        addresses = notify_group(subscribed.group, compose=compose)
    # Two French readers in Paris share one rendering; the English reader in Tokyo has his own.
    assert sorted(calls) == ["en", "fr"]
    assert addresses == [
        "councilmember@example.org",
        "delegate@example.org",
        "stakeholder@example.org",
    ]
    assert [m.to for m in mail.outbox] == [[a] for a in addresses]


def test_lazy_subjects_are_translated_for_each_reader(
    subscribed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify_group(subscribed.group, gettext_lazy("Status"), "body")
    with translation.override("fr"):
        french_status = gettext("Status")
    assert sent_to("delegate@example.org").subject == french_status == "État"
    assert sent_to("stakeholder@example.org").subject == "Status"


def test_an_unknown_language_or_zone_falls_back_to_english_and_utc(subscribed):
    subscribed.delegate.preferred_language = "tlh"
    subscribed.delegate.time_zone = "Mars/Olympus_Mons"
    subscribed.delegate.save(update_fields=["preferred_language", "time_zone"])
    found = {r.email: r for r in readers(subscribed.group)}
    assert (found["delegate@example.org"].language, found["delegate@example.org"].time_zone) == (
        "en",
        "UTC",
    )
    assert found["stakeholder@example.org"].time_zone == "Asia/Tokyo"


def test_decision_approval_in_the_readers_language(subscribed, django_capture_on_commit_callbacks):
    from django.utils import timezone

    from cwg.decisions import services as decision_services

    today = timezone.localdate()
    held = MeetingFactory(group=subscribed.group, number=22, start_date=today, end_date=today)
    decision = decision_services.record_decision(
        subscribed.secretariat,
        held,
        text={"en": "Send the report", "fr": "Transmettre le rapport"},
        addressee_kind="council",
    )
    with django_capture_on_commit_callbacks(execute=True):
        decision_services.approve_decision(subscribed.chair, decision)
    french = sent_to("delegate@example.org")
    english = sent_to("stakeholder@example.org")
    assert french.body == "Transmettre le rapport" and english.body == "Send the report"
    with translation.override("fr"):
        expected = gettext("Decision %(number)s of meeting %(meeting)s approved") % {
            "number": decision.number,
            "meeting": 22,
        }
    assert french.subject == f"[{subscribed.group.display_acronym('fr')}] {expected}"


def test_report_approval_date_in_the_readers_locale(subscribed, django_capture_on_commit_callbacks):
    from cwg.documents.services import reports as report_services
    from cwg.documents.tests import samples
    from cwg.documents.tests.helpers import meeting_in

    held = meeting_in(subscribed.group, -120, number=22)
    approving = meeting_in(subscribed.group, -2, length=2, number=23)
    report = report_services.create_report(
        subscribed.secretariat, held, title={"en": "Report of the meeting"}, file=samples.pdf()
    )
    report_services.change_state(subscribed.secretariat, report, "circulated")
    with django_capture_on_commit_callbacks(execute=True):
        report_services.change_state(
            subscribed.secretariat,
            report,
            "approved",
            approved_at_meeting=approving,
            approved_on=approving.start_date,
        )
    french = sent_to("delegate@example.org")
    english = sent_to("stakeholder@example.org")
    assert format_date(approving.start_date, "long", locale="fr") in french.body
    assert format_date(approving.start_date, "long", locale="en_GB") in english.body
    # Strings the catalogs already translate: "Report of meeting %(number)s", "Approved".
    assert "Rapport de la réunion 22" in french.subject and "approuvé" in french.subject
    assert english.subject.endswith("Report of meeting 22: approved")
