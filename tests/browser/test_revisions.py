"""Issuing a revision: refused without a file, the file's language starting at the original's."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cwg.testing.personas import PASSWORD


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_a_revision_needs_a_file_in_the_original_language_by_default(
    visit, scenario, language, tmp_path
):
    from cwg.documents import services
    from cwg.documents.models import Document
    from cwg.documents.tests import samples

    document = services.submit_contribution(
        scenario.personas.delegate,
        meeting=scenario.next_meeting,
        state=scenario.personas.state,
        title={"fr": "Connectivité utile dans les zones rurales"},
        original_language="fr",
        file=samples.pdf(),
    )
    page = visit.page
    visit.sign_in("delegate", PASSWORD)
    visit.go(f"/{language}/documents/{document.symbol}/")
    page.locator(f"a[href='/{language}/documents/{document.pk}/revise/']").click()
    expect(page.locator("#id_language")).to_have_value("fr")
    visit.assert_accessible()

    # Sent without a file: refused, the reason next to the file box, nothing issued.
    page.locator("#id_note").fill("Figures updated")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_file_error")).to_be_visible()
    expect(page.locator("#id_file")).to_have_attribute("aria-invalid", "true")
    assert Document.objects.get(pk=document.pk).current_revision == 0
    visit.shoot(f"revision-without-file-{language}")
    visit.assert_accessible()

    revised = tmp_path / "revision.txt"
    revised.write_text("Contribution révisée : chiffres mis à jour.", encoding="utf-8")
    page.locator("#id_file").set_input_files(str(revised))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/{language}/documents/**")
    # The revision's original language is there, not "not available".
    expect(page.locator("main tr:has(td[lang=fr]) .badge--original")).to_have_count(1)
    assert Document.objects.get(pk=document.pk).current_revision == 1
