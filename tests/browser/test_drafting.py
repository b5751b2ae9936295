"""The drafting room in a browser: a delegate proposes MOD and ADD in French, the chair builds
Rev.1 from two States' proposals and downloads it with tracked changes, a visitor sees nothing of
a members-only text, and the matrix reflows at phone width (en, fr, ar)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cwg.testing.personas import PASSWORD

# A resolution made up for the tests (not an ITU text).
SAMPLE = """RESOLUTION 999 (Test)
A sample resolution for the browser tests
considering
a) that the network grows;
b) that States cooperate,
resolves
1 to keep the group at work;
2 to report to the Council.
"""


def load_text(scenario, *, access_level="inherit"):
    from cwg.drafting import services

    secretariat = scenario.personas.secretariat
    text = services.create_text(
        secretariat, scenario.group, slug="res-999", title={"en": "Resolution 999",
        "fr": "Résolution 999"}, access_level=access_level,
    )  # fmt: skip
    services.load_version(secretariat, text, SAMPLE, "en")
    return text


def two_states_propose(scenario, text):
    from cwg.drafting import services

    personas = scenario.personas
    fra = services.submit_proposals(
        personas.delegate, text, origin=personas.state.iso3, document_number=1,
        items=[{"mark": "MOD", "ref": "considering a)", "wording": "a) that the network grows fast;",
                "reasons": "Fact."}],
    )  # fmt: skip
    bra = services.submit_proposals(
        personas.other_delegate, text, origin=personas.other_state.iso3, document_number=1,
        items=[{"mark": "MOD", "ref": "resolves 1", "wording": "1 to keep the group at work until 2030;",
                "reasons": "A date."}],
    )  # fmt: skip
    return [fra.proposals.get().pk, bra.proposals.get().pk]


def test_a_delegate_proposes_mod_and_add_in_french(visit, scenario):
    text = load_text(scenario)
    page = visit.page
    visit.sign_in("delegate", PASSWORD, "fr")
    visit.go(f"/fr/drafting/{text.slug}/propose/")
    visit.assert_accessible()
    page.locator("#id_origin").fill(scenario.personas.state.iso3)
    page.locator("#id_document_number").fill("12")
    page.locator("#id_mark_0").select_option("MOD")
    page.locator("#id_ref_0").fill("considering a)")
    page.locator("#id_wording_0").fill("a) que le réseau croît vite;")
    page.locator("#id_reasons_0").fill("Précision.")
    page.locator("#id_mark_1").select_option("ADD")
    page.locator("#id_ref_1").fill("resolves 3")
    page.locator("#id_after_1").select_option("resolves 2")
    page.locator("#id_wording_1").fill("3 de publier ses résultats;")
    page.locator("#id_reasons_1").fill("Transparence.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/fr/drafting/{text.slug}/matrix/")
    expect(page.locator("main")).to_contain_text("FRA/12/2")
    expect(page.locator("main")).to_contain_text("Tableau des dispositions")
    visit.shoot("drafting-matrix-fr")
    visit.assert_accessible()
    assert [p.mark for p in text.contributions.get().proposals.all()] == ["MOD", "ADD"]


def test_a_refused_proposal_says_why_in_french(visit, scenario):
    text = load_text(scenario)
    page = visit.page
    visit.sign_in("delegate", PASSWORD, "fr")
    visit.go(f"/fr/drafting/{text.slug}/propose/")
    page.locator("#id_origin").fill(scenario.personas.state.iso3)
    page.locator("#id_document_number").fill("12")
    page.locator("#id_mark_0").select_option("NOC")
    page.locator("#id_ref_0").fill("resolves 1")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_reasons_0_error")).to_be_visible()
    visit.assert_accessible()
    assert not text.contributions.exists()


def test_the_chair_builds_rev1_and_downloads_tracked_changes(visit, scenario):
    text = load_text(scenario)
    accept = two_states_propose(scenario, text)
    page = visit.page
    visit.sign_in("chair", PASSWORD)
    visit.go(f"/en/drafting/{text.slug}/revisions/new/")
    visit.assert_accessible()
    for pk in accept:
        page.locator(f"input[name=accept][value='{pk}']").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/en/drafting/{text.slug}/rev/1/")
    visit.shoot("drafting-rev1-en")
    visit.assert_accessible()
    with page.expect_download() as download:
        page.locator(f"a[href='/en/drafting/{text.slug}/rev/1/export.docx']").click()
    data = Path(download.value.path()).read_bytes()
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    for state in (scenario.personas.state, scenario.personas.other_state):
        assert f'w:author="{state.iso3}"' in xml
    assert "<w:ins " in xml and "<w:del " in xml


def test_a_visitor_sees_nothing_of_a_members_only_text(visit, scenario):
    text = load_text(scenario, access_level="members")
    for path in ("", "matrix/", "propose/"):
        response = visit.go(f"/en/drafting/{text.slug}/{path}")
        assert response.status in (404, 200) and "Resolution 999" not in visit.page.content()
        if path != "propose/":
            assert response.status == 404
    visit.go("/en/drafting/")
    expect(visit.page.locator("main")).not_to_contain_text("Resolution 999")


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_matrix_reflows_at_phone_width(phone, scenario, language):
    text = load_text(scenario)
    two_states_propose(scenario, text)
    phone.go(f"/{language}/drafting/{text.slug}/matrix/")
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    wide = phone.page.evaluate(
        "[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > 390)"
        ".map(e => e.tagName + '.' + e.className + ' ' + e.getBoundingClientRect().right).slice(0, 8)"
    )
    assert width <= 390, f"the matrix scrolls sideways: {width}px wide: {wide}"
    phone.shoot(f"drafting-matrix-phone-{language}")
    phone.assert_accessible()


def agree_rev1(scenario, text):
    from cwg.drafting import services
    from cwg.testing.factories import MeetingFactory

    revision = services.build_revision(
        scenario.personas.chair, text, accept=two_states_propose(scenario, text)
    )
    return services.agree_revision(
        scenario.personas.chair, revision, MeetingFactory(group=scenario.group)
    )


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_revision_prints_each_label_once(request, scenario, language, width):
    browser = request.getfixturevalue("visit" if width == "desktop" else "phone")
    text = load_text(scenario)
    agree_rev1(scenario, text)
    browser.sign_in("delegate", PASSWORD)
    browser.go(f"/{language}/drafting/{text.slug}/rev/1/")
    item = browser.page.locator("#traced-heading ~ ol li", has_text="that the network")
    expect(item).to_contain_text("considering a) that the network")
    assert "a) a)" not in item.inner_text()
    width_px = browser.page.evaluate("document.documentElement.scrollWidth")
    assert width_px <= browser.page.viewport_size["width"]
    browser.shoot(f"drafting-rev1-labels-{language}-{width}")
    browser.assert_accessible()


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_secretariat_annexes_an_agreed_text_to_the_reports(request, scenario, language, width):
    from cwg.reports.models import ReportAnnex

    browser = request.getfixturevalue("visit" if width == "desktop" else "phone")
    text = load_text(scenario)
    agree_rev1(scenario, text)
    page = browser.page
    browser.sign_in("secretariat", PASSWORD)
    browser.go(f"/{language}/reports/annexes/{scenario.group.slug}/")
    browser.assert_accessible()
    page.locator("#id_kind").select_option("cycle")
    page.locator("#id_text").select_option(text.slug)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(f"**/{language}/reports/annexes/{scenario.group.slug}/")
    expect(page.locator("main table")).to_contain_text(
        "Résolution 999" if language == "fr" else "Resolution 999"
    )
    assert ReportAnnex.objects.filter(text=text, kind="cycle").exists()
    width_px = page.evaluate("document.documentElement.scrollWidth")
    assert width_px <= page.viewport_size["width"]
    browser.shoot(f"reports-annexes-{language}-{width}")
    browser.assert_accessible()


def test_a_delegate_finds_the_drafting_room_from_the_group_page(visit, scenario):
    text = load_text(scenario, access_level="members")
    visit.go(f"/en/groups/{scenario.group.slug}/")
    expect(visit.page.locator("main")).not_to_contain_text("Drafting room")
    visit.sign_in("delegate", PASSWORD)
    visit.go(f"/en/groups/{scenario.group.slug}/")
    visit.page.get_by_role("link", name="Drafting room (1)").click()
    expect(visit.page.locator("main")).to_contain_text("Resolution 999")
    visit.page.get_by_role("link", name="Resolution 999").click()
    visit.page.wait_for_url(f"**/en/drafting/{text.slug}/")


def approved_decisions(scenario):
    """The group's approved decision of the scenario, and one of another group."""
    from cwg.decisions.models import Decision, DecisionStatus
    from cwg.testing.factories import DecisionFactory, GroupFactory, MeetingFactory

    elsewhere = DecisionFactory(
        meeting=MeetingFactory(group=GroupFactory()), status=DecisionStatus.APPROVED
    )
    return Decision.objects.get(meeting=scenario.held_meeting, number=1), elsewhere


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_chair_ties_a_rewording_to_a_decision(request, scenario, language, width):
    from cwg.drafting.models import Revision

    browser = request.getfixturevalue("visit" if width == "desktop" else "phone")
    text = load_text(scenario)
    decision, elsewhere = approved_decisions(scenario)
    page = browser.page
    browser.sign_in("chair", PASSWORD)
    browser.go(f"/{language}/drafting/{text.slug}/revisions/new/")
    browser.assert_accessible()
    page.locator("#id_reword_ref_0").fill("resolves 1")
    page.locator("#id_reword_text_0").fill("1 to keep the group at work, as it decided;")
    # A decision of another group: refused next to the row, in the page's language.
    page.locator("#id_reword_source_0").fill(str(elsewhere.pk))
    page.locator("main form button[type=submit]").click()
    error = page.locator("#id_reword_source_0_error")
    expect(error).to_be_visible()
    expect(error).to_contain_text(
        {"en": "of this group", "fr": "de ce groupe", "ar": "لهذا الفريق"}[language]
    )
    assert page.locator("#id_reword_source_0").get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    browser.shoot(f"drafting-reword-refused-{language}-{width}")
    browser.assert_accessible()
    assert not Revision.objects.exists()
    page.locator("#id_reword_source_0").fill(str(decision.pk))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/{language}/drafting/{text.slug}/rev/1/")
    item = page.locator("#traced-heading ~ ol li", has_text="as it decided")
    expect(item.locator("sup")).to_contain_text(str(decision))
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    browser.shoot(f"drafting-reword-decision-{language}-{width}")
    browser.assert_accessible()


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_workspace_leads_to_the_drafting_room(request, scenario, language, width):
    browser = request.getfixturevalue("visit" if width == "desktop" else "phone")
    page = browser.page
    browser.sign_in("delegate", PASSWORD)
    browser.go(f"/{language}/workspace/")
    expect(page.locator("#drafting-room")).to_have_count(0)  # no text yet
    text = load_text(scenario, access_level="members")
    browser.go(f"/{language}/workspace/")
    link = page.locator("#drafting-room a")
    expect(link).to_contain_text("(1)")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    browser.shoot(f"workspace-drafting-room-{language}-{width}")
    browser.assert_accessible()
    link.click()
    page.wait_for_url(f"**/{language}/drafting/")
    expect(page.locator("main")).to_contain_text(
        "Résolution 999" if language == "fr" else "Resolution 999"
    )
    assert text.slug in page.content()
