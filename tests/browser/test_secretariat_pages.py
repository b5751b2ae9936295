"""Walks through the secretariat's consultation form and a delegate's profile settings."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from babel import dates as babel_dates
from django.utils import timezone
from playwright.sync_api import expect

from cwg.testing.personas import PASSWORD

KOLKATA = zoneinfo.ZoneInfo("Asia/Kolkata")  # half an hour off any whole-hour zone
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


def typed(instant: dt.datetime) -> str:
    """An instant as a person types it in a datetime-local box."""
    return instant.strftime("%Y-%m-%dT%H:%M")


def test_the_secretariat_creates_a_consultation_with_three_questions(visit, scenario):
    from cwg.consultations.models import Consultation, ConsultationState
    from cwg.registry import services as registry_services

    secretariat = scenario.personas.secretariat
    registry_services.update_profile(secretariat, secretariat, time_zone="Asia/Kolkata")
    today = timezone.now().astimezone(KOLKATA).date()
    opens = dt.datetime.combine(today + dt.timedelta(days=20), dt.time(9, 0), KOLKATA)
    closes = dt.datetime.combine(today + dt.timedelta(days=50), dt.time(17, 30), KOLKATA)

    page = visit.page
    visit.sign_in("secretariat", PASSWORD)
    page.get_by_role("link", name="Workspace").click()
    page.get_by_role("link", name="New consultation of CWG-Internet").click()
    expect(page.locator("h1")).to_have_text("New consultation of CWG-Internet")
    expect(page.locator("#id_opens_at_helptext")).to_contain_text("Asia/Kolkata")
    expect(page.locator("fieldset.question")).to_have_count(2)

    page.locator("#id_slug").fill("data-governance")
    page.locator("#id_topic_en").fill("Data governance for development")
    page.locator("#id_questions-0-text_en").fill("Which data should flow freely?")
    page.locator("#id_questions-1-text_en").fill("Who should govern cross-border data?")
    page.get_by_role("button", name="Add a question").click()
    expect(page.locator("fieldset.question")).to_have_count(3)
    # The new block takes the keyboard focus, in its first language box.
    expect(page.locator("fieldset.question").nth(2).locator("textarea").first).to_be_focused()
    page.locator("#id_questions-2-text_en").fill("How can small economies take part?")
    # Closing before opening: refused, with the reason next to the closing box.
    page.locator("#id_opens_at").fill(typed(opens))
    page.locator("#id_closes_at").fill(typed(opens - dt.timedelta(days=1)))
    page.get_by_role("button", name="Create the draft").click()
    error = page.locator("#id_closes_at_error")
    expect(error).to_have_text("The closing instant must come after the opening.")
    expect(page.locator("#id_closes_at")).to_have_attribute("aria-invalid", "true")
    # The added question came back with what was typed in it; nothing was stored.
    expect(page.locator("#id_questions-2-text_en")).to_have_value(
        "How can small economies take part?"
    )
    assert not Consultation.objects.filter(slug="data-governance").exists()
    visit.shoot("consultation-new-error")
    visit.assert_accessible()

    page.locator("#id_closes_at").fill(typed(closes))
    page.get_by_role("button", name="Create the draft").click()
    expect(page.locator("h1")).to_have_text("Data governance for development")
    questions = page.locator("main section ol > li")
    expect(questions).to_have_text(
        [
            "Which data should flow freely?",
            "Who should govern cross-border data?",
            "How can small economies take part?",
        ]
    )
    # Shown in the secretariat's zone, at the hour typed, in the machine-readable form too.
    opening, closing = page.locator("dl.facts time").all()
    expect(opening).to_have_attribute("datetime", opens.isoformat())
    expect(closing).to_have_attribute("datetime", closes.isoformat())
    day = babel_dates.format_date(opens.date(), "long", locale="en_GB")
    expect(opening).to_contain_text(day)
    expect(opening).to_contain_text("09:00 (Asia/Kolkata)")
    expect(closing).to_contain_text("17:30 (Asia/Kolkata)")
    visit.shoot("consultation-new-created")

    stored = Consultation.objects.get(slug="data-governance")
    assert stored.state == ConsultationState.DRAFT
    assert stored.opens_at == opens.astimezone(dt.UTC)
    assert stored.closes_at == closes.astimezone(dt.UTC)
    assert stored.opens_at.time() == dt.time(3, 30)  # 09:00 in Kolkata
    assert [q.text["en"] for q in stored.questions.order_by("number")] == [
        "Which data should flow freely?",
        "Who should govern cross-border data?",
        "How can small economies take part?",
    ]


def test_a_delegate_switches_to_french_and_tokyo_time(visit, scenario):
    from cwg.meetings.deadlines import contribution_deadline

    page = visit.page
    visit.sign_in("delegate", PASSWORD)
    page.locator("a.account__name").click()
    expect(page.locator("h1")).to_have_text("Your profile")
    page.locator("#id_language").select_option("fr")
    page.locator("#id_time_zone").select_option("Asia/Tokyo")
    page.locator("main form button[type=submit]").click()

    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("h1")).to_have_text("Votre profil")
    expect(page.locator("main")).to_contain_text("Asia/Tokyo")
    visit.shoot("profile-fr-tokyo")

    # The contribution deadline (the end of a day in UTC) is shown as the next morning in Tokyo.
    meeting = scenario.next_meeting
    deadline = contribution_deadline(meeting).astimezone(TOKYO)
    assert (deadline.hour, deadline.minute) == (8, 59)
    visit.go(f"/fr/documents/meetings/{meeting.pk}/contribute/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("h1")).to_have_text("Soumettre une contribution")
    lead = page.locator("header.page-header p").nth(1)
    expect(lead).to_contain_text(babel_dates.format_date(deadline.date(), "medium", locale="fr"))
    expect(lead).to_contain_text("08:59 (Asia/Tokyo)")
    expect(lead).not_to_contain_text("23:59")
    visit.shoot("contribution-deadline-tokyo")
