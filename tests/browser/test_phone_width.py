"""At phone width (390×844) pages do not scroll sideways, list tables reflow into labelled rows and
the header collapses behind a menu button; at desktop width the tables stay tables."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cwg.testing.personas import PASSWORD

LANGUAGES = ["en", "fr", "ar"]
HEADER_LIMIT = 120  # px of an 844 px screen the closed header may take
MENU = {"en": "Menu", "fr": "Menu", "ar": "القائمة"}


def meeting_documents(scenario, count: int = 3):
    from cwg.testing.factories import DocumentFactory

    meeting = scenario.next_meeting
    for number in range(1, count + 1):
        DocumentFactory(
            meeting=meeting,
            number=number,
            symbol=f"CWG-INTERNET-{meeting.number}/{number}",
            title={
                "en": "Contribution on meaningful connectivity and affordable access",
                "fr": "Contribution sur la connectivité utile et l'accès abordable",
            },
        )
    return meeting


def pages_of(scenario, persona: str | None) -> list[str]:
    meeting = meeting_documents(scenario) if persona is None else scenario.next_meeting
    pages = [
        "/",
        "/meetings/",
        f"/meetings/{meeting.pk}/",
        f"/consultations/{scenario.consultation.slug}/",
        f"/decisions/group/{scenario.group.slug}/",
    ]
    if persona is not None:
        pages.append("/workspace/")
    return pages


def judge_phone_page(phone, language: str, name: str):
    page = phone.page
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} scrolls sideways: {width}px wide"
    header = page.locator("header.site-header").bounding_box()
    assert header["height"] <= HEADER_LIMIT, f"{page.url}: the header takes {header['height']}px"
    # Every labelled cell shows its label once the table has reflowed.
    for cell in page.locator("main td[data-label]").all()[:10]:
        label = cell.get_attribute("data-label")
        if label:
            before = cell.evaluate("c => getComputedStyle(c, '::before').content")
            assert label in before, (page.url, label, before)
            assert cell.evaluate("c => getComputedStyle(c).display") == "block"
    phone.shoot(f"phone-{name}-{language}", full_page=False)
    phone.assert_accessible()
    # The menu opens, by keyboard, and shows the main navigation.
    menu = page.locator("header .site-menu > summary")
    expect(menu).to_have_text(MENU[language])
    nav = page.locator("nav.main-nav")
    expect(nav).to_be_hidden()
    menu.focus()
    page.keyboard.press("Enter")
    expect(nav).to_be_visible()
    links = nav.get_by_role("link")
    assert links.count() >= 2
    for link in links.all():
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (page.url, box)
    expect(page.locator("header .language-switcher button").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    phone.assert_accessible()
    page.keyboard.press("Escape")  # harmless; the summary closes it again
    menu.click()
    expect(nav).to_be_hidden()


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_fit_a_phone(phone, scenario, language):
    for path in pages_of(scenario, None):
        phone.go(f"/{language}{path}")
        judge_phone_page(phone, language, path.strip("/").replace("/", "-") or "home")
    html = phone.page.locator("html")
    expect(html).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("persona", ["secretariat", "delegate"])
def test_signed_in_pages_fit_a_phone(phone, scenario, language, persona):
    meeting_documents(scenario)
    phone.sign_in(persona, PASSWORD)  # the sign-in form is found by its English label
    for path in pages_of(scenario, persona):
        phone.go(f"/{language}{path}")
        judge_phone_page(phone, language, f"{persona}-{path.strip('/').replace('/', '-')}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_meeting_documents_reflow_into_labelled_rows(phone, scenario, language):
    meeting = meeting_documents(scenario)
    phone.go(f"/{language}/meetings/{meeting.pk}/")
    row = phone.page.locator("table.documents tbody tr").first
    cells = row.locator("td")
    assert cells.count() == 6  # symbol, date, title, source, languages, access
    labels = [c.get_attribute("data-label") for c in cells.all()]
    assert all(labels), labels
    # Stacked: the cells sit one under the other, each as wide as the row.
    first, second = cells.nth(0).bounding_box(), cells.nth(1).bounding_box()
    assert second["y"] >= first["y"] + first["height"] - 1, (first, second)
    assert first["width"] > 300, first


def test_at_desktop_width_tables_stay_tables_and_the_menu_is_open(visit, scenario):
    meeting = meeting_documents(scenario)
    for language in LANGUAGES:
        visit.go(f"/{language}/meetings/{meeting.pk}/")
        table = visit.page.locator("table.documents")
        assert table.evaluate("t => getComputedStyle(t).display") == "table"
        cell = table.locator("tbody td").first
        assert cell.evaluate("c => getComputedStyle(c).display") == "table-cell"
        assert cell.evaluate("c => getComputedStyle(c, '::before').content") in ("none", "normal")
        # The header is laid out as before: no menu button, navigation and languages shown.
        expect(visit.page.locator("header .site-menu > summary")).to_be_hidden()
        nav = visit.page.locator("nav.main-nav")
        expect(nav).to_be_visible()
        expect(nav.get_by_role("link").first).to_be_visible()
        expect(visit.page.locator("header .language-switcher")).to_be_visible()
        nav_box = nav.bounding_box()
        bar_box = visit.page.locator(".site-header__bar").bounding_box()
        assert nav_box["y"] >= bar_box["y"] + bar_box["height"] - 1, (nav_box, bar_box)
        assert nav_box["width"] >= 1270, nav_box  # the navigation band spans the window
        visit.assert_accessible()
