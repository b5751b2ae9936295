"""Smaller faults of the meeting and campaign pages: the draft agenda pointed to, meeting numbers
in calendar order, "See the result" going somewhere, one date format, symbols kept whole."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from cwg.testing.personas import PASSWORD

NOT_PUBLISHED = {
    "en": "The agenda has not been published.",
    "fr": "L'ordre du jour n'a pas été publié.",
    "ar": "لم يُنشر جدول الأعمال بعد.",
}


def draft_agenda(scenario):
    from cwg.documents.models import DocumentType
    from cwg.testing.factories import DocumentFactory

    return DocumentFactory(
        meeting=scenario.next_meeting,
        number=1,
        symbol="CWG-INTERNET-23/1",
        document_type=DocumentType.AGENDA,
        title={"en": "Draft agenda of the twenty-third meeting", "fr": "Projet d'ordre du jour"},
    )


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_a_meeting_with_a_draft_agenda_points_to_it(visit, scenario, language):
    agenda = draft_agenda(scenario)
    visit.go(f"/{language}/meetings/{scenario.next_meeting.pk}/")
    section = visit.page.locator("section[aria-labelledby=agenda-heading]")
    expect(section).not_to_contain_text(NOT_PUBLISHED[language])
    link = section.get_by_role("link", name=agenda.symbol)
    expect(link).to_have_attribute("href", f"/{language}/documents/{agenda.symbol}/")
    visit.assert_accessible()
    # A meeting without one still says so.
    visit.sign_in("delegate", PASSWORD)
    visit.go(f"/{language}/meetings/{scenario.closed_meeting.pk}/")
    expect(section.locator(".empty")).to_have_count(1)


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_a_meeting_number_out_of_calendar_order_is_refused(visit, scenario, language):
    from cwg.meetings.models import Meeting

    page = visit.page
    visit.sign_in("secretariat", PASSWORD)
    visit.go(f"/{language}/meetings/new/{scenario.group.slug}/")
    # Number 25 a week before meeting 24: refused, the reason next to the number.
    before = scenario.closed_meeting.start_date - dt.timedelta(days=7)
    page.locator("#id_number").fill("25")
    page.locator("#id_start_date").fill(before.isoformat())
    page.locator("#id_end_date").fill(before.isoformat())
    page.locator("main form button[type=submit]").click()
    error = page.locator("#id_number_error")
    expect(error).to_contain_text("24")
    expect(page.locator("#id_number")).to_have_attribute("aria-invalid", "true")
    assert not Meeting.objects.filter(group=scenario.group, number=25).exists()
    visit.shoot(f"meeting-number-order-{language}")
    visit.assert_accessible()


def test_see_the_result_loads_the_campaigns_found(visit, scenario):
    from django.utils import timezone

    from cwg.consultations.models import Campaign, CampaignJob

    consultation = scenario.consultation
    job = CampaignJob.objects.create(
        consultation=consultation,
        kind=CampaignJob._meta.get_field("kind").choices[0][0],
        status="running",
        total=10,
        processed=4,
        created_at=timezone.now(),
    )
    page = visit.page
    visit.sign_in("secretariat", PASSWORD)
    campaigns = f"/en/consultations/{consultation.slug}/campaigns/"
    visit.go(campaigns)
    expect(page.locator("#campaign-results")).to_contain_text("No campaign has been found.")
    # The detection finishes while the page is open.
    Campaign.objects.create(consultation=consultation, key="c1", size=42, exact_duplicates=30)
    job.status, job.processed = "done", 10
    job.save(update_fields=["status", "processed"])
    result = page.get_by_role("link", name="See the result")
    expect(result).to_be_visible(timeout=8_000)
    href = result.get_attribute("href")
    assert href.split("#")[0] != campaigns, href
    result.click()
    expect(page).to_have_url(re.compile(r"/campaigns/\?after=\d+#campaign-results$"))
    expect(page.locator("#campaign-results table")).to_contain_text("42")
    # Back on the page itself, the result is right there: no link to the page it is on.
    visit.go(campaigns)
    expect(page.get_by_role("link", name="See the result")).to_have_count(0)
    visit.assert_accessible()


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_a_meetings_dates_read_the_same_on_every_page(visit, scenario, language):
    from cwg.core.dates import format_days

    meeting = scenario.next_meeting
    span = format_days(meeting.start_date, meeting.end_date, language)
    for path in ("/", f"/meetings/{meeting.pk}/", "/meetings/", "/groups/cwg-internet/"):
        visit.go(f"/{language}{path}")
        expect(visit.page.locator("main")).to_contain_text(span)


@pytest.mark.parametrize("width", [1280, 390])
def test_symbols_never_break_at_their_hyphens(visit, scenario, width):
    from cwg.testing.factories import DocumentFactory

    visit.page.set_viewport_size({"width": width, "height": 900})
    for number in range(1, 4):
        DocumentFactory(
            meeting=scenario.next_meeting,
            number=number,
            symbol=f"CWG-INTERNET-23/{number}",
            title={"en": "Meaningful connectivity in landlocked developing countries " * 2},
        )
    visit.go(f"/en/meetings/{scenario.next_meeting.pk}/")
    symbols = visit.page.locator("table.documents .symbol")
    expect(symbols).to_have_count(3)
    for index in range(3):
        lines = symbols.nth(index).evaluate("e => e.getClientRects().length")
        assert lines == 1, f"symbol {index + 1} breaks over {lines} lines at {width} px"
    visit.shoot(f"meeting-symbols-{width}")
