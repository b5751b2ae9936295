"""The language switcher from any page in any language, the language after sign-in, and the
usual spellings of the six languages in the address."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cwg.testing.personas import PASSWORD

NAMES = {"en": "English", "fr": "Français", "ar": "العربية", "es": "Español", "ru": "Русский"}


@pytest.mark.parametrize(("chosen", "then"), [("fr", "ar"), ("ar", "fr"), ("en", "fr")])
def test_the_switcher_works_from_a_page_in_another_language_than_the_last_chosen(
    visit, scenario, chosen, then
):
    page = visit.page
    visit.go("/en/groups/cwg-internet/")
    page.get_by_role("button", name=NAMES[chosen]).click()
    page.wait_for_url(re.compile(rf"/{chosen}/groups/cwg-internet/$"))
    # A link (shared, bookmarked) to the English page, then a third language chosen there.
    visit.go("/en/meetings/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name=NAMES[then]).click()
    page.wait_for_url(re.compile(rf"/{then}/meetings/$"))
    expect(page.locator("html")).to_have_attribute("lang", then)
    visit.assert_accessible()


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_after_sign_in_a_delegate_reads_in_their_preferred_language(visit, scenario, language):
    from cwg.registry import services as registry_services

    delegate = scenario.personas.delegate
    registry_services.update_profile(delegate, delegate, language=language)
    visit.go("/en/groups/cwg-internet/")
    visit.page.get_by_role("link", name="Sign in").click()
    visit.page.get_by_label(re.compile("user ?name", re.I)).fill("delegate")
    visit.page.locator("input[name=password]").fill(PASSWORD)
    visit.page.locator("main form button[type=submit]").click()
    visit.page.wait_for_url(re.compile(rf"/{language}/groups/cwg-internet/$"))
    expect(visit.page.locator("html")).to_have_attribute("lang", language)
    # And the next address without a language keeps it.
    visit.go("/")
    visit.page.wait_for_url(re.compile(rf"/{language}/$"))


@pytest.mark.parametrize(
    ("typed", "lands"),
    [
        ("zh", "zh-hans"),
        ("zh-cn", "zh-hans"),
        ("zh_Hans", "zh-hans"),
        ("FR", "fr"),
        ("fr-ca", "fr"),
        ("ar-eg", "ar"),
        ("en-gb", "en"),
    ],
)
def test_usual_spellings_of_the_languages_lead_to_the_page(visit, scenario, typed, lands):
    response = visit.go(f"/{typed}/groups/cwg-internet/?tab=meetings")
    assert response.status == 200
    expect(visit.page).to_have_url(re.compile(rf"/{lands}/groups/cwg-internet/\?tab=meetings$"))
    expect(visit.page.locator("html")).to_have_attribute("lang", lands)
