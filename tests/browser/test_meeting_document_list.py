"""The meeting page's document list at scale: a page at a time, sorted by a column heading,
filtered by a language the documents can be read in, and a bad option named, never a crash."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cwg.testing.personas import PASSWORD

OF = {"en": "50 of 60", "fr": "50 sur 60", "ar": "50 من 60"}
BAD_SORT = {
    "en": "cannot be sorted by",
    "fr": "ne peuvent pas être triés par",
    "ar": "لا يمكن ترتيب الوثائق حسب",
}


@pytest.fixture
def busy_meeting(scenario):
    from cwg.documents.bulk import fill_meeting

    # Document i is in en, fr, es, ru, zh, ar up to 1 + i % 6 languages; es and zh only requested.
    fill_meeting(scenario.next_meeting, 60, agenda_items=2)
    return scenario.next_meeting


def _symbols(page) -> list[str]:
    return page.locator("table.documents tbody tr td:first-child .symbol").all_inner_texts()


def _judge(visitor, meeting, language: str, name: str):
    page = visitor.page
    visitor.sign_in("delegate", PASSWORD)  # a member: every tenth is members-only
    response = visitor.go(f"/{language}/meetings/{meeting.pk}/")
    assert response.status == 200
    rows = page.locator("table.documents tbody tr")
    expect(rows).to_have_count(50)  # the first page of 60
    first = _symbols(page)[0]
    assert first.endswith("/1"), first

    heading = page.locator("table.documents thead th").first
    expect(heading).to_have_attribute("aria-sort", "ascending")
    if name == "desktop":
        # The symbol heading sorts; a second click reverses the order.
        heading.get_by_role("link").click()
        page.wait_for_load_state()
    else:
        # On a phone the table reflows without its headings: the form's order does it.
        page.locator("select#sort").select_option("-symbol")
        page.locator("#documents form button[type=submit]").click()
        page.wait_for_load_state()
    expect(page.locator("table.documents thead th").first).to_have_attribute(
        "aria-sort", "descending"
    )
    assert _symbols(page)[0].endswith("/60"), _symbols(page)[0]
    assert "sort=-symbol" in page.url

    # By date too, from the heading on a desktop, from the form anywhere.
    if name == "desktop":
        page.locator("table.documents thead th").nth(1).get_by_role("link").click()
    else:
        page.locator("select#sort").select_option("date")
        page.locator("#documents form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("table.documents thead th").nth(1)).to_have_attribute(
        "aria-sort", "ascending"
    )
    expect(page.locator("select#sort")).to_have_value("date")

    # Available in French: the 50 documents with a French file (the order is kept).
    page.locator("select#language").select_option("fr")
    page.locator("#documents form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#documents-heading")).to_contain_text(OF[language])
    assert "sort=date" in page.url and "language=fr" in page.url
    for row in page.locator("table.documents tbody tr").all()[:50]:
        expect(row.locator('a.lang[hreflang="fr"]')).to_have_count(1)
    # Spanish is only being translated: nothing to read yet.
    page.locator("select#language").select_option("es")
    page.locator("#documents form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("table.documents")).to_have_count(0)
    expect(page.locator("#documents .empty")).to_be_visible()

    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{page.url} scrolls sideways: {width}px in {viewport}px"
    visitor.shoot(f"meeting-list-{name}-{language}")
    visitor.assert_accessible()

    # A bad value is named on the page, which still lists the documents.
    response = visitor.go(f"/{language}/meetings/{meeting.pk}/?sort=password&page=x")
    assert response.status == 400
    expect(page.locator("#documents [role=alert]")).to_contain_text(BAD_SORT[language])
    expect(page.locator("table.documents tbody tr")).to_have_count(50)
    visitor.assert_accessible()


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_list_sorts_and_filters_on_a_desktop(visit, busy_meeting, language):
    _judge(visit, busy_meeting, language, "desktop")


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_list_sorts_and_filters_on_a_phone(phone, busy_meeting, language):
    phone.page.set_default_timeout(15_000)
    _judge(phone, busy_meeting, language, "phone")


def test_the_agenda_links_to_each_items_documents(visit, busy_meeting):
    page = visit.page
    visit.sign_in("delegate", PASSWORD)
    visit.go(f"/en/meetings/{busy_meeting.pk}/")
    more = page.locator("#item-1").get_by_role("link", name=re.compile("and 20 more documents"))
    more.click()
    page.wait_for_load_state()
    expect(page.locator("#documents-heading")).to_contain_text("30 of 60")
    expect(page.locator("table.documents tbody tr")).to_have_count(30)
