"""Pickers: the secretariat names a group by what it reads on screen, in its own language, with a
search list it can use from the keyboard; the 194 Member States come by name with type-to-search;
without JavaScript the displayed name typed in still works; hidden groups are never offered."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cwg.testing.personas import PASSWORD

WSIS = {
    "en": "CWG-WSIS&SDG",
    "fr": "GTC-SMSI&ODD",
    "ar": "فريق القمة والتنمية المستدامة",
}
TYPED = {"en": "wsis", "fr": "smsi", "ar": "القمة"}


@pytest.fixture
def wsis(scenario):
    from cwg.groups.models import Group, Visibility

    Group.objects.create(
        slug="closed-circle",
        acronym={"en": "CLOSED-CIRCLE"},
        name={"en": "Closed circle of another group"},
        symbol_prefix="CLOSED",
        visibility=Visibility.MEMBERS,
    )
    return Group.objects.create(
        slug="cwg-wsis-sdg",
        acronym=WSIS,
        name={
            "en": "Council Working Group on WSIS and the SDGs",
            "fr": "Groupe de travail du Conseil sur le SMSI et les ODD",
        },
        symbol_prefix="CWG-WSIS",
    )


def record_page(visit, scenario, language):
    visit.sign_in("secretariat", PASSWORD)
    visit.go(f"/{language}/decisions/meeting/{scenario.held_meeting.pk}/new/")


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_secretariat_addresses_a_decision_to_a_group_by_its_name(
    visit, scenario, wsis, language
):
    from cwg.decisions.models import Decision

    page = visit.page
    record_page(visit, scenario, language)
    page.locator("#id_text_en").fill("Share the compilation with the other group.")
    page.locator("#id_addressee_kind").select_option("group")
    box = page.locator("#id_addressee_group")
    expect(box).to_have_attribute("role", "combobox")
    box.press_sequentially(TYPED[language], delay=30)
    option = page.get_by_role("option", name=re.compile(re.escape(WSIS[language])))
    expect(option).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    if language == "ar":
        # The group's full name exists in English and French only: marked as English.
        expect(option.locator(".picker__hint")).to_have_attribute("lang", "en")
    visit.assert_accessible()
    visit.shoot(f"picker-open-{language}")
    box.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    expect(box).to_have_value(WSIS[language])
    expect(box).to_have_attribute("aria-expanded", "false")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/{language}/decisions/*/")
    decision = Decision.objects.get(meeting=scenario.held_meeting, number=2)
    assert decision.addressee_group_id == wsis.pk
    visit.assert_accessible()


def test_a_members_only_group_is_never_offered_and_a_stranger_name_is_refused(
    visit, scenario, wsis
):
    page = visit.page
    record_page(visit, scenario, "en")
    box = page.locator("#id_addressee_group")
    box.press_sequentially("closed", delay=30)
    expect(page.locator("main [role=status]")).to_have_text("Nothing found.")
    expect(page.locator("main [role=listbox] [role=option]")).to_have_count(0)
    page.locator("#id_text_en").fill("Tell the closed circle.")
    page.locator("#id_addressee_kind").select_option("group")
    page.locator("main form button[type=submit]").click()
    error = page.locator("#id_addressee_group_error")
    expect(error).to_contain_text("Nothing called “closed” was found")
    expect(page.locator("#id_addressee_group")).to_have_attribute("aria-invalid", "true")
    visit.assert_accessible()


def test_without_javascript_the_displayed_name_is_typed_in(chromium, live_server, scenario, wsis):
    from cwg.decisions.models import Decision

    context = chromium.new_context(
        java_script_enabled=False, viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/fr/sign-in/")
        page.locator("input[name=username]").fill("secretariat")
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.goto(f"{live_server.url}/fr/decisions/meeting/{scenario.held_meeting.pk}/new/")
        expect(page.locator("#id_addressee_group")).not_to_have_attribute("role", "combobox")
        page.locator("#id_text_en").fill("Share it.")
        page.locator("#id_addressee_kind").select_option("group")
        page.locator("#id_addressee_group").fill("gtc-smsi&odd")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url("**/fr/decisions/*/")
    finally:
        context.close()
    assert Decision.objects.get(meeting=scenario.held_meeting, number=2).addressee_group == wsis


@pytest.mark.parametrize("width", [1280, 390])
def test_the_picker_list_fits_a_phone(visit, scenario, wsis, width):
    page = visit.page
    page.set_viewport_size({"width": width, "height": 844})
    record_page(visit, scenario, "ar")
    page.locator("#id_addressee_group").press_sequentially("WSIS", delay=30)
    expect(page.locator("main [role=listbox]")).to_be_visible()
    used = page.evaluate("document.documentElement.scrollWidth")
    assert used <= width, f"the page is {used}px wide at {width}px"
    visit.shoot(f"picker-ar-{width}")
    visit.assert_accessible()


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_co_sponsors_are_sorted_by_name_and_narrowed_as_one_types(visit, scenario, language):
    from cwg.core.pickers import name_key

    page = visit.page
    visit.sign_in("delegate", PASSWORD)
    visit.go(f"/{language}/documents/meetings/{scenario.next_meeting.pk}/contribute/")
    options = page.locator("#id_co_sponsors option")
    expect(options).to_have_count(194)
    names = options.all_inner_texts()
    assert names == sorted(names, key=name_key), names[:10]
    search = page.get_by_label(re.compile("narrow|filtrer|تضييق", re.I))
    typed = {"en": "egy", "fr": "egyp", "ar": "مصر"}[language]
    search.fill(typed)
    visible = page.locator("#id_co_sponsors option:not([hidden])")
    expect(visible).to_have_count(1)
    expect(visible).to_have_text({"en": "Egypt", "fr": "Égypte", "ar": "مصر"}[language])
    visit.assert_accessible()


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_agenda_documents_are_picked_by_title_one_after_another(visit, scenario, language):
    from cwg.meetings.models import AgendaItem
    from cwg.testing.factories import DocumentFactory

    meeting = scenario.next_meeting
    first = DocumentFactory(
        meeting=meeting, title={"en": "Draft agenda", "fr": "Projet d'ordre du jour"}
    )
    second = DocumentFactory(
        meeting=meeting, title={"en": "Liaison statement", "fr": "Note de liaison"}
    )
    page = visit.page
    visit.sign_in("secretariat", PASSWORD)
    visit.go(f"/{language}/meetings/{meeting.pk}/agenda/add/")
    page.locator("#id_title_en").fill("Opening")
    box = page.locator("#id_documents")
    for document, typed in ((first, "agenda"), (second, "liaison")):
        box.press_sequentially(typed, delay=30)
        option = page.locator("main [role=option]", has_text=document.symbol)
        expect(option).to_be_visible()
        option.click()
    expect(box).to_have_value(f"{first.symbol}, {second.symbol}, ")
    visit.assert_accessible()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/{language}/meetings/{meeting.pk}/**")
    item = AgendaItem.objects.get(meeting=meeting, title__en="Opening")
    assert set(item.documents.values_list("pk", flat=True)) == {first.pk, second.pk}
