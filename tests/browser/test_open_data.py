"""The open-data page at desktop and phone width, in en/fr/ar: readable, accessible, no sideways
scrolling, and its downloads are files."""

from __future__ import annotations

from pathlib import Path

import pytest

LANGUAGES = ["en", "fr", "ar"]
HEADING = {"en": "Open data", "fr": "Données ouvertes", "ar": "البيانات المفتوحة"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_open_data_page_fits_a_phone(phone, scenario, language):
    phone.go(f"/{language}/open-data/")
    page = phone.page
    assert page.locator("h1").inner_text() == HEADING[language]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for link in page.locator("main a[download]").all():
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    phone.shoot(f"phone-open-data-{language}", full_page=True)
    phone.assert_accessible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_open_data_page_at_desktop_width_downloads_a_file(visit, scenario, language):
    visit.go(f"/{language}/open-data/")
    page = visit.page
    assert page.locator("h1").inner_text() == HEADING[language]
    visit.assert_accessible()
    with page.expect_download() as download:
        page.locator("main a[download]", has_text="meetings.csv").click()
    path = download.value.path()
    header = Path(path).read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("id,group,number,start_date")
