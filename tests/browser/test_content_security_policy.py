"""Under the Content-Security-Policy the main pages load without a single violation, and what
runs on them still works: htmx polling, the time-zone cookie, adding a consultation question,
the second factor's QR code."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cwg.testing.personas import PASSWORD

# Reported into the page by the browser itself, whatever the console says.
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


@pytest.fixture
def watched(visit):
    visit.console_errors = []
    visit.page.on(
        "console",
        lambda message: (
            visit.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    visit.page.add_init_script(WATCH_VIOLATIONS)
    return visit


def assert_no_violation(visit, path):
    response = visit.go(path)
    assert response.status == 200, path
    assert "script-src 'self'" in response.headers["content-security-policy"]
    visit.page.wait_for_load_state("networkidle")
    violations = visit.page.evaluate("window.__cspViolations")
    refused = [text for text in visit.console_errors if "Content Security Policy" in text]
    assert not violations and not refused, f"{path}: {violations} {refused}"


def test_public_pages_load_without_a_policy_violation(watched, scenario):
    consultation = scenario.consultation.slug
    for path in (
        "/en/",
        "/ar/",
        "/en/sign-in/",
        "/en/account/password-reset/",
        "/en/consultations/",
        f"/en/consultations/{consultation}/",
        f"/fr/consultations/{consultation}/respond/",
        "/en/meetings/",
        "/en/documents/",
        "/en/search/?q=internet",
        "/en/states/",
        "/en/groups/",
    ):
        assert_no_violation(watched, path)
    # The time-zone script is a static file now, and it still ran.
    cookies = {cookie["name"] for cookie in watched.page.context.cookies()}
    assert "cwg_tz" in cookies


def test_the_secretariat_pages_work_under_the_policy(watched, scenario):
    watched.sign_in("secretariat", PASSWORD)
    assert_no_violation(watched, "/en/workspace/")
    assert_no_violation(watched, f"/en/consultations/groups/{scenario.group.slug}/new/")
    page = watched.page
    expect(page.locator("fieldset.question")).to_have_count(2)
    page.get_by_role("button", name="Add a question").click()
    expect(page.locator("fieldset.question")).to_have_count(3)
    assert page.evaluate("window.__cspViolations") == []


def test_htmx_polling_still_updates_the_page(watched, scenario):
    from cwg.analysis.models import GapAnalysis, RunStatus, SuggestionRun

    analysis = GapAnalysis.objects.create(
        group=scenario.group, title="WSIS+20 outcome document", document_symbol="A/RES/80/173"
    )
    run = SuggestionRun.objects.create(
        analysis=analysis, status=RunStatus.RUNNING, done=4, total=10
    )
    watched.sign_in("delegate", PASSWORD)
    assert_no_violation(watched, f"/en/analysis/{analysis.pk}/")
    box = watched.page.locator(".progress-box")
    expect(box).to_contain_text("40% done")
    run.done = 7
    run.save(update_fields=["done"])
    expect(box).to_contain_text("70% done", timeout=8_000)
    assert watched.page.evaluate("window.__cspViolations") == []
    assert not [text for text in watched.console_errors if "Content Security Policy" in text]


def test_the_second_factor_enrolment_shows_its_qr_code(watched, scenario, settings):
    settings.CWG_REQUIRE_2FA = True
    watched.sign_in("chair", PASSWORD)
    expect(watched.page.locator("h1")).to_have_text("Set up your authenticator app")
    expect(watched.page.locator(".qr-code svg")).to_be_visible()
    assert watched.page.evaluate("window.__cspViolations") == []
    watched.assert_accessible()
