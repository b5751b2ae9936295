"""Multilingual records in en, fr and ar: translated texts in the page's language, a fallback text
marked with its own language (WCAG 3.1.2) and named beside it, demo documents with their files."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

RES_102_TITLE = "ITU's role with regard to international public policy issues"
WSIS_SDG = {
    "en": (
        "CWG-WSIS&SDG",
        "Council Working Group on the World Summit on the Information Society and the "
        "Sustainable Development Goals",
    ),
    "fr": (
        "GTC-SMSI/ODD",
        "Groupe de travail du Conseil sur le Sommet mondial sur la société de l'information et "
        "les Objectifs de développement durable",
    ),
    "ar": (
        "CWG-WSIS&SDG",
        "فريق العمل التابع للمجلس المعني بالقمة العالمية لمجتمع المعلومات وأهداف التنمية المستدامة",
    ),
}
ENGLISH_NAMED = {"fr": "(anglais)", "ar": "(الإنجليزية)"}


@pytest.fixture
def demo_records(transactional_db, settings, tmp_path):
    from cwg import demo

    settings.MEDIA_ROOT = tmp_path  # the demo stores its documents' files
    demo.load_demo()


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_wsis_sdg_group_reads_in_the_page_language(visit, demo_records, language):
    acronym, name = WSIS_SDG[language]
    visit.go(f"/{language}/groups/cwg-wsis-sdg/")
    page = visit.page
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("main h1")).to_have_text(acronym)
    expect(page.locator("main .lead")).to_have_text(name)
    # Everything on this page exists in the page's language: nothing is marked as foreign.
    expect(page.locator("main [lang]")).to_have_count(0)
    expect(page.locator("main .lang-note")).to_have_count(0)
    visit.assert_accessible()


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_a_resolution_title_only_in_english_is_marked_and_named(visit, demo_records, language):
    visit.go(f"/{language}/groups/cwg-internet/")
    page = visit.page
    title = page.locator("main .item__meta", has_text=RES_102_TITLE)
    expect(title).to_have_count(1)
    marked = page.locator("main [lang='en']", has_text=RES_102_TITLE)
    if language == "en":
        expect(marked).to_have_count(0)
        expect(page.locator("main .lang-note")).to_have_count(0)
    else:
        expect(marked).to_have_count(1)
        expect(marked).to_have_attribute("dir", "ltr")
        expect(title.locator(".lang-note")).to_have_text(ENGLISH_NAMED[language])
        visit.shoot(f"fallback-resolution-title-{language}")
    visit.assert_accessible()


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_meeting_page_lists_files_in_six_languages_and_marks_foreign_titles(
    visit, demo_records, language
):
    from cwg.documents.models import Document

    agenda = Document.objects.get(symbol="CWG-INTERNET-22/1")
    visit.go(f"/{language}/meetings/{agenda.meeting_id}/")
    page = visit.page
    agenda_row = page.locator(f"#doc-{agenda.pk}")
    expect(agenda_row.locator("a.lang")).to_have_count(6)
    # The title column: the third, after the symbol and the date.
    expect(agenda_row.locator("td").nth(2).locator("[lang]")).to_have_count(0)
    # The French contribution has a title in French and English only.
    contribution = Document.objects.get(symbol="CWG-INTERNET-22/2")
    title_cell = page.locator(f"#doc-{contribution.pk} td").nth(2)
    if language == "ar":
        expect(title_cell.locator("[lang='en']")).to_have_text(contribution.title["en"])
    else:
        expect(title_cell).to_have_text(contribution.title[language])
        expect(title_cell.locator("[lang]")).to_have_count(0)
    # Each language version downloads.
    href = agenda_row.locator("a.lang[hreflang='ar']").get_attribute("href")
    response = page.request.get(visit.base_url + href)
    assert response.status == 200 and response.body()[:2] == b"PK"
    visit.assert_accessible()


def test_on_a_phone_the_arabic_page_marks_the_english_title(phone, demo_records):
    phone.go("/ar/groups/cwg-internet/")
    marked = phone.page.locator("main [lang='en']", has_text=RES_102_TITLE)
    expect(marked).to_be_visible()
    phone.shoot("fallback-resolution-title-ar-phone")
    phone.assert_accessible()
