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


@pytest.fixture
def uploaded(transactional_db, personas, settings, tmp_path):
    """A document whose title says nothing of the phrase: only its uploaded file's text does."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cwg.documents import services
    from cwg.documents.models import DocumentType, SourceKind
    from cwg.testing.factories import MeetingFactory

    settings.MEDIA_ROOT = tmp_path / "media"
    body = "Annex: the zorblaxian interconnection agreement between the operators."
    return services.submit_document(
        personas.secretariat,
        group=personas.group,
        meeting=MeetingFactory(group=personas.group),
        document_type=DocumentType.INFORMATION,
        source_kind=SourceKind.SECRETARIAT,
        title={"en": "Information note"},
        file=SimpleUploadedFile("annex.txt", body.encode(), content_type="text/plain"),
    )


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
@pytest.mark.parametrize("device", ["visit", "phone"])
def test_a_phrase_only_in_an_uploaded_file_is_found(request, uploaded, language, device):
    visit = request.getfixturevalue(device)
    visit.go(f"/{language}/search/?q=zorblaxian+interconnection")
    page = visit.page
    hit = page.locator("main .item-list .item").first
    expect(hit).to_contain_text(uploaded.symbol)
    expect(hit.locator(".search-snippet mark").first).to_have_text("zorblaxian")
    # The passage is in English: on the French and Arabic pages it says so.
    if language != "en":
        expect(hit.locator(".search-snippet")).to_have_attribute("lang", "en")
    if device == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    visit.assert_accessible()
