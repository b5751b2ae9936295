"""A visitor who has never signed in: home, a group's page, the Member States, and Arabic."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def test_home_lists_groups_meetings_and_open_consultations(visit, scenario):
    visit.go("/en/")
    expect(visit.page.locator("h1")).to_have_text("Council Working Groups")
    expect(visit.page.get_by_role("link", name="CWG-Internet", exact=True)).to_be_visible()
    expect(visit.page.get_by_text("Expanding Internet connectivity")).to_be_visible()
    expect(visit.page.get_by_text("CWG-Internet, meeting 23")).to_be_visible()
    # The members-only meeting 24 is not shown to a visitor.
    expect(visit.page.get_by_text("meeting 24")).to_have_count(0)
    visit.shoot("home-en")
    visit.assert_accessible()


def test_skip_link_is_the_first_stop_and_leads_to_the_content(visit, scenario):
    visit.go("/en/")
    visit.page.keyboard.press("Tab")
    skip = visit.page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    skip.press("Enter")
    expect(visit.page).to_have_url(re.compile("#main$"))


def test_group_page_shows_mandate_legal_basis_officers_meetings_and_decisions(visit, scenario):
    visit.go("/en/")
    visit.page.get_by_role("link", name="CWG-Internet", exact=True).first.click()
    expect(visit.page.locator("h1")).to_have_text("CWG-Internet")
    main = visit.page.locator("main")
    expect(main).to_contain_text("Resolution 102 (Rev. Bucharest, 2022)")
    expect(main).to_contain_text("Council Resolution 1305")
    expect(main).to_contain_text("Wojciech Berezowski")
    expect(main).to_contain_text("compile the responses")
    expect(main).not_to_contain_text("Meeting 24")
    visit.shoot("group-en")
    visit.assert_accessible()


def test_group_page_in_french_cites_the_french_way(visit, scenario):
    visit.go("/fr/groups/cwg-internet/")
    expect(visit.page.locator("h1")).to_have_text("GTC-Internet")
    expect(visit.page.locator("main")).to_contain_text("Résolution 102 (Rév. Bucarest, 2022)")
    expect(visit.page.locator("main")).to_contain_text("Résolution 1305 (Mod. 2019) du Conseil")
    visit.shoot("group-fr")


def test_member_states_directory_filters_by_region(visit, scenario):
    visit.go("/en/states/")
    rows = visit.page.locator("main table tbody tr")
    total = rows.count()
    assert total >= 190, (total, visit.page.locator("main").inner_text()[:500])
    visit.page.get_by_label("ITU region", exact=True).select_option("B")
    visit.page.get_by_role("button", name="Filter").click()
    expect(visit.page).to_have_url(re.compile(r"region=B"))
    assert 0 < rows.count() < total
    expect(visit.page.locator("main")).to_contain_text("France")
    expect(visit.page.locator("main table")).not_to_contain_text("Brazil")
    visit.shoot("member-states-region-b")
    visit.assert_accessible()


def test_a_visitor_switches_to_arabic_and_the_page_reads_right_to_left(visit, scenario):
    visit.go("/en/groups/cwg-internet/")
    expect(visit.page.locator("html")).to_have_attribute("dir", "ltr")
    visit.page.get_by_role("button", name="العربية").click()
    visit.page.wait_for_url(re.compile(r"/ar/groups/cwg-internet/$"))
    html = visit.page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")
    # The layout mirrors: the site name sits on the right, the language switcher on the left.
    width = visit.page.viewport_size["width"]
    name_box = visit.page.locator(".site-name").bounding_box()
    switcher_box = visit.page.locator(".language-switcher").bounding_box()
    assert name_box["x"] > width / 2, name_box
    assert switcher_box["x"] < name_box["x"], (switcher_box, name_box)
    assert visit.page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # The interface speaks Arabic, and the choice is remembered for the next page.
    expect(visit.page.get_by_role("link", name="تخطي إلى المحتوى")).to_have_count(1)
    visit.shoot("group-ar")
    visit.assert_accessible()
    visit.go("/")
    visit.page.wait_for_url(re.compile(r"/ar/$"))
    visit.shoot("home-ar")
    visit.assert_accessible()


def test_home_on_a_phone(phone, scenario):
    phone.go("/en/")
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is wider than the phone: {width}px"
    phone.shoot("home-phone-en")
    phone.assert_accessible()
    phone.go("/ar/groups/cwg-internet/")
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is wider than the phone: {width}px"
    phone.shoot("group-phone-ar")
    phone.assert_accessible()
    phone.go("/en/states/?region=E")
    phone.shoot("member-states-phone-en")
    phone.assert_accessible()
