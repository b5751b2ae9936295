"""Long work shows its progress, updates itself while the reader waits, and can be left and
resumed: here the gap-analysis suggestions, through the shared progress partial and htmx."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from cwg.testing.personas import PASSWORD


def test_progress_updates_without_reload_and_survives_leaving_the_page(visit, scenario):
    from cwg.analysis.models import GapAnalysis, RunStatus, SuggestionRun

    analysis = GapAnalysis.objects.create(
        group=scenario.group, title="WSIS+20 outcome document", document_symbol="A/RES/80/173"
    )
    run = SuggestionRun.objects.create(
        analysis=analysis, status=RunStatus.RUNNING, done=4, total=10
    )
    page = visit.page
    visit.sign_in("delegate", PASSWORD)
    visit.go(f"/en/analysis/{analysis.pk}/")
    box = page.locator(".progress-box")
    expect(box).to_contain_text("40% done")
    expect(box.locator("progress")).to_have_attribute("value", "40")
    visit.shoot("progress-running")
    visit.assert_accessible()
    url_before = page.url

    # The work moves on in the background; the box follows without reloading the page.
    run.done = 7
    run.save(update_fields=["done"])
    expect(box).to_contain_text("70% done", timeout=8_000)
    run.status = RunStatus.DONE
    run.done = 10
    run.save(update_fields=["status", "done"])
    expect(page.locator(".progress-box")).to_contain_text("Finished.", timeout=8_000)
    expect(page.get_by_role("link", name="See the result")).to_be_visible()
    assert page.url == url_before
    visit.shoot("progress-done")

    # Leave and come back: the page shows where the work stands.
    visit.go("/en/")
    visit.go(f"/en/analysis/{analysis.pk}/")
    expect(page.locator(".progress-box")).to_contain_text("Finished.")
    page.get_by_role("link", name="See the result").click()
    expect(page).to_have_url(re.compile(rf"/en/analysis/{analysis.pk}/results/$"))
