"""The secretariat posts a document in several languages from the workspace or a meeting page,
and finds "New meeting" and "Start the meeting report" where it works."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cwg.testing.personas import PASSWORD


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def files(tmp_path):
    english = tmp_path / "arrangements.txt"
    english.write_text("Practical arrangements for the meeting.", encoding="utf-8")
    french = tmp_path / "dispositions.txt"
    french.write_text("Dispositions pratiques pour la réunion.", encoding="utf-8")
    return english, french


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_secretariat_posts_a_meeting_document_in_two_languages(
    visit, scenario, language, tmp_path
):
    from cwg.documents.models import Document

    page = visit.page
    meeting = scenario.next_meeting
    visit.sign_in("secretariat", PASSWORD)
    visit.go(f"/{language}/meetings/{meeting.pk}/")
    post = f"/{language}/documents/post/{scenario.group.slug}/?meeting={meeting.pk}"
    page.locator(f"main a[href='{post}']").click()
    expect(page.locator("#id_meeting")).to_have_value(str(meeting.pk))
    visit.assert_accessible()

    english, french = files(tmp_path)
    page.locator("#id_document_type").select_option("information")
    page.locator("#id_title").fill("Practical arrangements")
    page.locator("#id_access_level").select_option("public")
    page.locator("#id_file_en").set_input_files(str(english))
    page.locator("#id_file_fr").set_input_files(str(french))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/{language}/documents/CWG-INTERNET-**")
    for code in ("en", "fr"):
        row = page.locator(f"main tr:has(td[lang={code}])")
        expect(row.locator("a")).to_have_count(1)  # a download link for each version
    document = Document.objects.get(meeting=meeting, document_type="information")
    assert set(document.files.values_list("language", flat=True)) == {"en", "fr"}
    visit.shoot(f"document-posted-{language}")
    visit.assert_accessible()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_workspace_and_meetings_list_lead_to_the_daily_work(visit, scenario, width):
    page = visit.page
    page.set_viewport_size({"width": width, "height": 900})
    visit.sign_in("secretariat", PASSWORD)
    slug = scenario.group.slug
    for path in ("/en/workspace/", "/en/meetings/"):
        visit.go(path)
        expect(page.locator(f"main a[href='/en/meetings/new/{slug}/']")).to_be_visible()
        expect(page.locator(f"main a[href='/en/documents/post/{slug}/']")).to_be_visible()
        width_used = page.evaluate("document.documentElement.scrollWidth")
        assert width_used <= width, f"{path} is {width_used}px wide at {width}px"
        visit.assert_accessible()
    # A held meeting without a report: started from the workspace.
    visit.go("/en/workspace/")
    held = scenario.held_meeting
    page.locator(f"main a[href='/en/documents/meetings/{held.pk}/report/']").click()
    expect(page.locator("#id_title")).to_be_visible()
    visit.go("/en/documents/post/" + slug + "/")
    visit.shoot(f"post-document-form-{width}")
    width_used = page.evaluate("document.documentElement.scrollWidth")
    assert width_used <= width, f"the form is {width_used}px wide at {width}px"
