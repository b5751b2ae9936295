"""Back and send again: one rendered form is one response, and the re-send shows its receipt."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect


def fill_response(page):
    page.locator("#id_name").fill("Amara Okafor")
    page.locator("#id_category").select_option("civil_society")
    page.locator("#id_country").select_option("NGA")
    page.locator("textarea").first.fill("The cost of devices and data.")
    page.locator("#id_consent_to_publication").check()


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_back_and_send_again_shows_the_first_receipt(visit, scenario, language):
    from cwg.consultations.models import Submission

    page = visit.page
    visit.go(f"/{language}/consultations/{scenario.consultation.slug}/respond/")
    fill_response(page)
    page.wait_for_timeout(1100)  # faster than a person is refused as a bot
    page.locator("main form button[type=submit]").click()
    receipt = page.locator(".receipt-number")
    expect(receipt).to_be_visible()
    first = receipt.inner_text().strip()

    # Back to the form, and sent again at once: the same response, the same receipt.
    page.go_back()
    expect(page.locator("#id_name")).to_be_visible()
    if not page.locator("#id_name").input_value():
        fill_response(page)
    # Even with an answer changed: this form's response was received once, and is kept.
    page.locator("textarea").first.fill("The cost of devices and data, and taxes.")
    page.locator("main form button[type=submit]").click()
    expect(receipt).to_be_visible()
    assert receipt.inner_text().strip() == first
    expect(page.locator(".message--info")).to_have_count(1)
    expect(page.locator(".field__errors, .form-errors")).to_have_count(0)
    assert Submission.objects.filter(consultation=scenario.consultation).count() == 1
    visit.shoot(f"consultation-resend-{language}")
    visit.assert_accessible()


def test_a_new_form_is_a_new_response(visit, scenario):
    from cwg.consultations.models import Submission

    page = visit.page
    url = f"/en/consultations/{scenario.consultation.slug}/respond/"
    receipts = []
    for _ in range(2):
        visit.go(url)
        fill_response(page)
        page.wait_for_timeout(1100)
        page.locator("main form button[type=submit]").click()
        receipts.append(page.locator(".receipt-number").inner_text().strip())
    assert receipts[0] != receipts[1]
    assert Submission.objects.filter(consultation=scenario.consultation).count() == 2
