"""Walks through the secretariat's Council pages in English, French and Arabic, at desktop and
phone width: recording a session and an agenda item, the submission form, Council's outcome."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cwg.testing.personas import PASSWORD

HEADINGS = {
    "en": ("Council sessions", "Submit to Council", "Record Council's outcome"),
    "fr": (
        "Sessions du Conseil",
        "Soumettre au Conseil",
        "Enregistrer la suite donnée par le Conseil",
    ),
    "ar": ("دورات المجلس", "تقديم إلى المجلس", "تسجيل نتيجة نظر المجلس"),
}


def submitted_report(scenario):
    """The group's report on its meeting as C26/1 under item 7 (the submission service is
    tested in reports; the scenario's records are not a complete Chair's report)."""
    from cwg.reports.models import CouncilSession
    from cwg.testing.factories import CouncilSubmissionFactory

    session = CouncilSession.objects.get(code="C26")
    CouncilSubmissionFactory(
        agenda_item=session.agenda_items.get(number="7"),
        group=scenario.group,
        number=1,
        submitted_by=scenario.personas.secretariat,
    )


def test_the_secretariat_records_a_session_and_councils_outcome(visit, scenario):
    page = visit.page
    visit.sign_in("secretariat", PASSWORD)
    visit.go("/en/reports/council/")
    expect(page.locator("h1")).to_have_text("Council sessions")
    page.locator("#id_code").fill("C26")
    page.locator("#id_start_date").fill("2026-05-08")
    page.locator("#id_end_date").fill("2026-04-28")
    page.get_by_role("button", name="Record the session").click()
    expect(page.locator("#id_end_date_error")).to_contain_text("ends before it starts")
    visit.assert_accessible()
    page.locator("#id_start_date").fill("2026-04-28")
    page.locator("#id_end_date").fill("2026-05-08")
    page.locator("#id_venue").fill("Geneva")
    page.get_by_role("button", name="Record the session").click()
    expect(page.locator("h1")).to_have_text("C26")
    page.locator("#id_number").fill("7")
    page.locator("#id_title").fill("Reports of the Council working groups")
    page.get_by_role("button", name="Add the agenda item").click()
    expect(page.locator("main")).to_contain_text("Reports of the Council working groups")
    visit.assert_accessible()

    page.get_by_role("link", name="Council sessions").first.click()
    page.get_by_role("link", name="Submit to Council").first.click()
    expect(page.locator("h1")).to_have_text("Submit to Council")
    expect(page.locator("#id_agenda_item")).to_contain_text("C26 – 7")
    visit.assert_accessible()

    submitted_report(scenario)
    visit.go("/en/reports/council/C26/")
    page.get_by_role("link", name="Record Council's outcome").click()
    page.locator("#id_outcome").select_option("took_note")
    page.locator("#id_reference").fill("Decision 640")
    page.locator("#id_date").fill("2026-05-06")
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.locator("main table")).to_contain_text("Decision 640")
    visit.assert_accessible()


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_council_pages_read_in_each_language_at_both_widths(visit, phone, scenario, language):
    from cwg.reports import services

    secretariat = scenario.personas.secretariat
    session = services.create_council_session(
        secretariat, code="C26", start_date="2026-04-28", end_date="2026-05-08"
    )
    services.add_council_agenda_item(secretariat, session, number="7", title={"en": "Reports"})
    submitted_report(scenario)
    sessions, submit, outcome = HEADINGS[language]
    for visitor in (visit, phone):
        visitor.sign_in("secretariat", PASSWORD)
        page = visitor.page
        for path, heading in (
            (f"/{language}/reports/council/", sessions),
            (f"/{language}/reports/council/submit/", submit),
            (f"/{language}/reports/council/C26/1/outcome/", outcome),
            (f"/{language}/reports/council/C26/", "C26"),
        ):
            visitor.go(path)
            expect(page.locator("h1")).to_have_text(heading)
            if language == "ar":
                expect(page.locator("html")).to_have_attribute("dir", "rtl")
            assert (
                page.evaluate("document.documentElement.scrollWidth")
                <= (page.viewport_size["width"])
            ), f"{path} scrolls sideways"
            visitor.assert_accessible()
        visitor.shoot(f"council-session-{language}-{page.viewport_size['width']}")
