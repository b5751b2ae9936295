"""The search page in en, fr and ar at desktop and phone width: hits, facets as links, marked
passages, no sideways scroll, and no accessibility violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect


@pytest.fixture
def records(transactional_db):
    from cwg.testing.factories import DocumentFactory, GroupFactory, MeetingFactory

    meeting = MeetingFactory(group=GroupFactory())
    DocumentFactory(
        meeting=meeting,
        title={
            "en": "Closing the connectivity gaps",
            "fr": "Combler les lacunes de connectivité",
            "ar": "سد فجوات الاتصال",
        },
    )


QUERIES = {"en": "gap", "fr": "lacune", "ar": "فجوات"}


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
@pytest.mark.parametrize("device", ["visit", "phone"])
def test_search_finds_marks_and_filters(request, records, language, device):
    visit = request.getfixturevalue(device)
    visit.go(f"/{language}/search/?q={QUERIES[language]}")
    page = visit.page
    expect(page.locator("main .search-snippet mark").first).to_be_visible()
    facet = page.locator("main .search-facets a").first
    expect(facet).to_be_visible()
    facet.click()
    expect(page.locator("main .search-facets a[aria-current='true']").first).to_be_visible()
    if device == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    visit.assert_accessible()
