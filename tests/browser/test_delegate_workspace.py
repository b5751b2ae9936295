"""A delegate finds where to contribute: the home page, the workspace, the meetings list and the
meeting page all lead to the contribution form, in English, French and Arabic, on desk and phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cwg.testing.personas import PASSWORD


def contributions(scenario):
    """One contribution of the delegate's State and one of another State, at the next meeting."""
    from cwg.documents.models import SourceKind
    from cwg.testing.factories import DocumentFactory

    meeting = scenario.next_meeting
    personas = scenario.personas
    own = DocumentFactory(
        meeting=meeting,
        source_kind=SourceKind.MEMBER_STATE,
        submitting_state=personas.state,
        title={"en": "Our proposal on connectivity"},
    )
    other = DocumentFactory(
        meeting=meeting,
        source_kind=SourceKind.MEMBER_STATE,
        submitting_state=personas.other_state,
        title={"en": "Another State's proposal"},
    )
    return own, other


def fits(page, width: int, path: str) -> None:
    used = page.evaluate("document.documentElement.scrollWidth")
    assert used <= width, f"{path} is {used}px wide at {width}px"


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_a_delegate_finds_where_to_contribute(visit, scenario, language, width):
    page = visit.page
    page.set_viewport_size({"width": width, "height": 900})
    own, other = contributions(scenario)
    meeting = scenario.next_meeting
    contribute = f"main a[href='/{language}/documents/meetings/{meeting.pk}/contribute/']"
    visit.sign_in("delegate", PASSWORD)

    for path in (f"/{language}/", f"/{language}/meetings/"):
        visit.go(path)
        expect(page.locator(contribute).first).to_be_visible()
        fits(page, width, path)
        visit.assert_accessible()

    visit.go(f"/{language}/workspace/")
    main = page.locator("main")
    expect(main.locator("#open-deadlines " + contribute.removeprefix("main "))).to_be_visible()
    expect(main).to_contain_text(own.symbol)
    expect(main).not_to_contain_text(other.symbol)
    expect(main.locator("#my-actions")).to_be_visible()
    fits(page, width, "the workspace")
    visit.shoot(f"delegate-workspace-{language}-{width}")
    visit.assert_accessible()

    visit.go(f"/{language}/meetings/{meeting.pk}/")
    page.locator(contribute).first.click()
    expect(page.locator("#id_title")).to_be_visible()


def test_a_stakeholder_is_not_offered_to_contribute(visit, scenario):
    meeting = scenario.next_meeting
    visit.sign_in("stakeholder", PASSWORD)
    visit.go(f"/en/meetings/{meeting.pk}/")
    expect(visit.page.locator("main a[href*='/contribute/']")).to_have_count(0)
    assert visit.go("/en/workspace/").status == 404


def test_the_chair_finds_the_chairs_report(visit, scenario):
    visit.sign_in("chair", PASSWORD)
    visit.go("/fr/workspace/")
    expect(visit.page.locator("#chair-report a")).to_have_count(1)
    visit.assert_accessible()
