"""Every page answers with a strict Content-Security-Policy, a Permissions-Policy and friends."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

SRC = Path(__file__).resolve().parents[2]
# Standalone documents written to files (downloads, PDF input): never served as a page.
STANDALONE_DOCUMENTS = {
    "reports/templates/reports/document.html",
    "consultations/templates/consultations/compilation_document.html",
}

pytestmark = pytest.mark.django_db


def _directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/en/", "/en/sign-in/", "/fr/consultations/", "/api/v1/groups"])
def test_pages_carry_the_security_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = _directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in permissions
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_hsts_is_sent_for_a_year_in_production(settings):
    settings.SECURE_HSTS_SECONDS = 365 * 24 * 3600
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = Client().get("/en/", secure=True)
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")


def test_no_hsts_outside_production(client):
    assert "Strict-Transport-Security" not in client.get("/en/", secure=True)


def test_a_debug_page_is_never_the_default(client, settings):
    # The settings module's own default is checked in test_settings; here the answer to an
    # unknown page is the site's 404, not Django's list of URL patterns.
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert b"Using the URLconf" not in response.content


def _templates():
    for path in sorted(SRC.glob("**/templates/**/*.html")):
        relative = path.relative_to(SRC).as_posix()
        if relative not in STANDALONE_DOCUMENTS:
            yield relative, path.read_text(encoding="utf-8")


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


def test_no_template_has_inline_script_style_or_event_handler():
    """The policy allows no inline code: each would be refused by the browser."""
    offenders = []
    for name, text in _templates():
        if INLINE_SCRIPT.search(text):
            offenders.append(f"{name}: inline <script>")
        if re.search(r"<style\b", text, re.I):
            offenders.append(f"{name}: <style> element")
        if re.search(r"\sstyle\s*=", text, re.I):
            offenders.append(f"{name}: style attribute")
        if INLINE_HANDLER.search(text):
            offenders.append(f"{name}: inline event handler")
        if "hx-on" in text or "js:" in text:
            offenders.append(f"{name}: htmx code evaluated in the page")
    assert not offenders, "\n".join(offenders)


def test_htmx_is_told_not_to_add_its_inline_style(client):
    page = client.get("/en/").content.decode()
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false}\'>' in page


@pytest.mark.parametrize("asset", ["cwg/site.css", "cwg/vendor/htmx.min.js", "cwg/zone.js"])
def test_static_files_are_served_with_debug_off(client, settings, asset):
    assert settings.DEBUG is False
    response = client.get(f"/static/{asset}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/documents/by-symbol?symbol=CWG%00", "symbol"),
        ("/api/v1/documents?q%00=1", "q"),
        ("/en/search/?q=lacune%00", "q"),
    ],
)
def test_a_nul_character_is_refused_with_a_message_naming_the_field(client, db, path, field):
    """PostgreSQL refuses NUL in text, so a lookup with one would end in a database error."""
    response = client.get(path)
    assert response.status_code == 400
    if path.startswith("/api/"):
        assert response.json()["field"] == field
    else:
        assert field.encode() in response.content


def test_a_nul_character_in_a_json_body_is_refused(client, db):
    response = client.post(
        "/api/v1/groups", data='{"slug": "a\\u0000b"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == "body"
