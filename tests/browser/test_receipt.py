"""The receipt a respondent keeps: their answers on the page, and a clean printout without the
site's header, navigation and footer."""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.test_resend import fill_response

HEADINGS = {"en": "Your answers", "fr": "Vos réponses", "ar": "إجاباتك"}


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_receipt_shows_the_answers_and_prints_without_the_site_around_it(
    visit, scenario, language, width
):
    page = visit.page
    page.set_viewport_size({"width": width, "height": 900})
    visit.go(f"/{language}/consultations/{scenario.consultation.slug}/respond/")
    fill_response(page)
    page.locator("#id_email").fill("amara.okafor@example.org")
    page.wait_for_timeout(1100)  # faster than a person is refused as a bot
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".receipt-number")).to_be_visible()

    answers = page.locator(".receipt__answers")
    expect(answers.get_by_role("heading", name=HEADINGS[language])).to_be_visible()
    expect(answers).to_contain_text("The cost of devices and data.")
    if language == "fr":
        expect(answers).to_contain_text("Quels sont les principaux obstacles")
    expect(page.locator("[data-print-page]")).to_be_visible()
    # The receipt went by e-mail; the receipt page itself never shows the address.
    receipt = page.locator(".receipt-number").inner_text().strip()
    assert [m.to for m in mail.outbox] == [["amara.okafor@example.org"]]
    assert receipt in mail.outbox[0].body
    assert "amara.okafor@example.org" not in page.content()
    visit.assert_accessible()

    page.emulate_media(media="print")
    for chrome in (".site-header", ".main-nav", ".site-footer", "[data-print-page]"):
        expect(page.locator(chrome)).to_be_hidden()
    expect(page.locator(".receipt-number")).to_be_visible()
    expect(answers).to_contain_text("The cost of devices and data.")
    # Nothing runs off the paper's edge.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    visit.shoot(f"consultation-receipt-print-{language}-{width}")
