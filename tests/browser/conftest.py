"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

Nothing is downloaded: the browser is /usr/bin/chromium, axe-core comes bundled with
axe-playwright-python, and every request to another host than the live server is refused
and reported as a failure.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("CWG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
BLOCKING_IMPACTS = {"serious", "critical"}


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            # Data must be committed for the server thread to see it; the serialized rollback
            # restores the registry (loaded by a data migration) for the tests that follow.
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium package (scripts/bootstrap does)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Visit:
    """One visitor's browser tab, with helpers to look at and judge pages."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.outside_requests: list[str] = []

    def go(self, path: str):
        response = self.page.goto(self.base_url + path)
        return response

    def shoot(self, name: str, *, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{re.sub(r'[^a-z0-9_.-]+', '-', name.lower())}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def assert_accessible(self):
        """axe-core finds no serious or critical violation on the page as it is now."""
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(self.page)
        bad = [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]
        detail = "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(n["target"][0] if n.get("target") else "?" for n in v["nodes"][:5])
            for v in bad
        )
        assert not bad, f"axe-core violations on {self.page.url}:\n{detail}"

    def sign_in(self, username: str, password: str, language: str = "en"):
        self.go(f"/{language}/sign-in/")
        self.page.get_by_label(re.compile("user ?name|nom d.utilisateur", re.I)).fill(username)
        self.page.locator("input[name=password]").fill(password)
        self.page.locator("main form button[type=submit]").click()
        self.page.wait_for_load_state()


@pytest.fixture
def visit(chromium, live_server):
    """A fresh browser context (desktop size, British English) on the live server."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    visitor = Visit(page, live_server.url)
    server = urlsplit(live_server.url).netloc

    def guard(route):
        if urlsplit(route.request.url).netloc == server:
            route.continue_()
        else:
            visitor.outside_requests.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    yield visitor
    context.close()
    assert not visitor.outside_requests, (
        f"the pages asked for outside resources: {visitor.outside_requests}"
    )


@pytest.fixture
def phone(chromium, live_server):
    """A phone-sized browser context on the live server."""
    context = chromium.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    yield Visit(page, live_server.url)
    context.close()


@pytest.fixture
def scenario(transactional_db):
    from tests.browser.scenario import build

    return build()
