"""The compilation of a consultation opens in the reader's language, or in the one chosen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

CATEGORY = {"en": "Private sector", "fr": "Secteur privé", "ar": "القطاع الخاص"}
OTHER = {"en": "fr", "fr": "ar", "ar": "en"}


@pytest.fixture
def compiled(scenario):
    from cwg.consultations import services

    consultation = scenario.consultation  # Arabic is the first of its languages
    services.submit(
        None,
        consultation,
        {
            "name": "Claire Martin",
            "organisation": "Orange",
            "category": "private_sector",
            "country": "FRA",
            "language": "fr",
            "answers": {"1": "Des noms de domaine internationalisés."},
            "consent_to_publication": True,
        },
    )
    secretariat = scenario.personas.secretariat
    services.transition(secretariat, consultation, "closed")
    return services.transition(secretariat, consultation, "compiled")


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_compilation_opens_in_the_readers_language_or_the_one_chosen(visit, compiled, language):
    page = visit.page
    visit.go(f"/{language}/consultations/{compiled.slug}/")
    choice = page.locator("#compilation-language")
    expect(choice).to_have_value(language)
    visit.assert_accessible()
    page.get_by_role("button", name="HTML").click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("body")).to_contain_text(f"({CATEGORY[language]})")
    visit.shoot(f"compilation-{language}")
    visit.assert_accessible()

    other = OTHER[language]
    page.go_back()
    page.locator("#compilation-language").select_option(other)
    page.get_by_role("button", name="HTML").click()
    expect(page.locator("html")).to_have_attribute("lang", other)
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if other == "ar" else "ltr")
    expect(page.locator("body")).to_contain_text(f"({CATEGORY[other]})")

    # The spreadsheet and the CSV come in the chosen language too.
    page.go_back()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="CSV").click()
    with open(download_info.value.path(), encoding="utf-8-sig") as downloaded:
        header = downloaded.readline()
    assert ("Pays" if other == "fr" else "البلد" if other == "ar" else "Country") in header
