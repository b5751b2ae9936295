"""Secretariat forms look like the rest of the site, mark their required fields (visibly and for
screen readers) and refuse bad input with a sentence written for people, in the page's language."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cwg.testing.personas import PASSWORD

REVERSED_DATES = {
    "en": "The last day cannot be before the first day.",
    "fr": "Le dernier jour ne peut pas précéder le premier.",
    "ar": "لا يمكن أن يسبق اليوم الأخير اليوم الأول.",
}
REQUIRED_NOTE = {
    "en": "Fields marked with * are required.",
    "fr": "Les champs marqués d’un * sont obligatoires.",
    "ar": "الحقول المعلَّمة بـ * إلزامية.",
}


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_meeting_form_says_what_is_wrong_in_the_readers_language(
    visit, scenario, language, width
):
    from cwg.meetings.models import Meeting

    page = visit.page
    page.set_viewport_size({"width": width, "height": 900})
    visit.sign_in("secretariat", PASSWORD)
    visit.go(f"/{language}/meetings/new/{scenario.group.slug}/")
    form = page.locator("main form.form")
    expect(form).to_have_count(1)  # the shared, styled form layout
    expect(form.locator(".form__note")).to_have_text(REQUIRED_NOTE[language])
    first_day = form.locator(".field--required", has=page.locator("#id_start_date"))
    expect(first_day.locator(".field__required")).to_have_text("*")
    expect(page.locator("#id_contribution_deadline_days")).to_have_attribute(
        "aria-required", "true"
    )
    expect(page.locator("#id_title_en")).not_to_have_attribute("aria-required", "true")
    before = Meeting.objects.count()
    page.locator("#id_start_date").fill("2031-05-10")
    page.locator("#id_end_date").fill("2031-05-08")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    error = page.locator("#id_end_date_error")
    expect(error).to_have_text(REVERSED_DATES[language])
    expect(page.locator("#id_end_date")).to_have_attribute("aria-invalid", "true")
    assert "start_date" not in page.locator("main").inner_text()
    assert Meeting.objects.count() == before
    used = page.evaluate("document.documentElement.scrollWidth")
    assert used <= width, f"the form is {used}px wide at {width}px"
    visit.shoot(f"meeting-form-error-{language}-{width}")
    visit.assert_accessible()


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_response_form_marks_the_country_as_required(visit, scenario, language):
    page = visit.page
    visit.go(f"/{language}/consultations/{scenario.consultation.slug}/respond/")
    country = page.locator("#id_country")
    expect(country).to_have_attribute("aria-required", "true")
    label = page.locator("label[for=id_country]")
    expect(label.locator(".field__required")).to_have_text("*")
    expect(page.locator("label[for=id_name] .field__required")).to_have_text("*")
    expect(page.locator("#id_name")).to_have_attribute("aria-required", "true")
    visit.assert_accessible()


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_decision_and_action_forms_use_the_shared_layout(visit, scenario, language):
    page = visit.page
    visit.sign_in("secretariat", PASSWORD)
    visit.go(f"/{language}/decisions/meeting/{scenario.held_meeting.pk}/new/")
    expect(page.locator("main form.form .field")).not_to_have_count(0)
    expect(page.locator("#id_addressee_kind")).to_have_attribute("aria-required", "true")
    decision = scenario.held_meeting.decisions.first()
    visit.go(f"/{language}/decisions/{decision.pk}/")
    # The add-action form, and each action's status and link forms, share the layout.
    expect(page.locator("main form.form")).to_have_count(3)
    expect(page.locator("#id_description_en")).to_have_attribute("aria-required", "true")
    visit.assert_accessible()
