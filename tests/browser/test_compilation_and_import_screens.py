"""The secretariat's compilation box ("Update the compilation") and the response import screens
(upload, progress, result with a bad line named by its number), in English, French and Arabic,
at desktop and phone width; a delegate or a visitor is refused them."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from cwg.testing.personas import PASSWORD

LANGUAGES = ["en", "fr", "ar"]
LINE = {"en": "Line 2", "fr": "Ligne 2", "ar": "2"}


def at_both_widths(visit, name: str):
    """The page as it is, judged by axe at 1280 px and again at 390 px, without sideways scroll."""
    page = visit.page
    visit.assert_accessible()
    visit.shoot(f"{name}-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} scrolls sideways at phone width: {width}px"
    visit.assert_accessible()
    visit.shoot(f"{name}-390", full_page=False)
    page.set_viewport_size({"width": 1280, "height": 900})


def answer_line(name: str) -> str:
    return json.dumps(
        {
            "name": name,
            "organisation": "Open Web Society",
            "category": "civil_society",
            "country": "FRA",
            "language": "en",
            "consent_to_publication": True,
            "answers": {"1": "Affordable devices and local content."},
        }
    )


@pytest.fixture
def compiled(scenario):
    from cwg.consultations import services

    consultation = scenario.consultation
    services.submit(None, consultation, json.loads(answer_line("Claire Martin")))
    secretariat = scenario.personas.secretariat
    services.transition(secretariat, consultation, "closed")
    return services.transition(secretariat, consultation, "compiled")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compilation_box_follows_a_build_and_updates_it(visit, compiled, language):
    from cwg.consultations.models import Compilation

    # A build under way, as the worker leaves it between batches.
    Compilation.objects.filter(consultation=compiled).update(
        status="running", total=10, processed=4
    )
    page = visit.page
    visit.sign_in("secretariat", PASSWORD)
    visit.go(f"/{language}/consultations/{compiled.slug}/")
    box = page.locator(".progress-box")
    expect(box.locator("progress")).to_have_attribute("value", "40")
    at_both_widths(visit, f"compilation-running-{language}")

    # The worker moves on: the box follows without a reload.
    Compilation.objects.filter(consultation=compiled).update(status="done", processed=10)
    expect(page.locator(".progress-box--done")).to_be_visible(timeout=8_000)
    # Asking again for a sampled annex: the build runs and the page shows it finished.
    page.locator("select[name=annex]").select_option("sample")
    page.locator("input[name=sample]").fill("3")
    page.locator("form[action$='/compilation/build/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert Compilation.objects.get(consultation=compiled).annex_sample == 3
    expect(page.locator(".progress-box--done")).to_be_visible()
    at_both_widths(visit, f"compilation-updated-{language}")


def test_the_compilation_box_is_refused_to_a_delegate_and_a_visitor(visit, compiled):
    page = visit.page
    for who in ("visitor", "delegate"):
        if who == "delegate":
            visit.sign_in("delegate", PASSWORD)
        visit.go(f"/en/consultations/{compiled.slug}/")
        expect(page.locator("h1")).to_be_visible()
        expect(page.locator(".progress-box")).to_have_count(0)
        expect(page.locator("form[action$='/compilation/build/']")).to_have_count(0)
        response = visit.go(f"/en/consultations/{compiled.slug}/compilation/progress/")
        assert response.status == 404, who
        visit.assert_accessible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_import_is_uploaded_followed_and_its_bad_line_named(visit, scenario, language, tmp_path):
    from cwg.consultations.models import ResponseImport, Submission

    consultation = scenario.consultation
    page = visit.page
    visit.sign_in("secretariat", PASSWORD)
    visit.go(f"/{language}/consultations/{consultation.slug}/import/")
    at_both_widths(visit, f"import-upload-{language}")

    # A file whose second line is not JSON: nothing is imported and the line is named.
    bad = tmp_path / "responses-bad.jsonl"
    bad.write_text(answer_line("Ana") + "\n{not json\n" + answer_line("Bo") + "\n")
    page.locator("input[type=file][name=file]").set_input_files(str(bad))
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/{language}/consultations/.+/import/\d+/$"))
    errors = page.locator(".import-errors li")
    expect(errors.first).to_contain_text(LINE[language])
    assert not Submission.objects.filter(consultation=consultation).exists()
    at_both_widths(visit, f"import-failed-{language}")

    # A good file: imported, with the count and the way on to the moderation queue.
    good = tmp_path / "responses.jsonl"
    good.write_text(answer_line("Ana") + "\n" + answer_line("Bo") + "\n")
    visit.go(f"/{language}/consultations/{consultation.slug}/import/")
    page.locator("input[type=file][name=file]").set_input_files(str(good))
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".progress-box--done a[href$='/moderation/']")).to_be_visible()
    assert Submission.objects.filter(consultation=consultation).count() == 2
    at_both_widths(visit, f"import-done-{language}")

    # An import under way shows its progress, and follows it without a reload.
    job = ResponseImport.objects.filter(consultation=consultation).latest("pk")
    ResponseImport.objects.filter(pk=job.pk).update(status="running", total=10, imported=0)
    visit.go(f"/{language}/consultations/{consultation.slug}/import/{job.pk}/")
    expect(page.locator(".progress-box--running")).to_be_visible()
    at_both_widths(visit, f"import-running-{language}")
    ResponseImport.objects.filter(pk=job.pk).update(status="done", imported=10)
    expect(page.locator(".progress-box--done")).to_be_visible(timeout=8_000)


def test_the_import_screens_are_refused_to_a_delegate_and_a_visitor(visit, scenario):
    from django.utils import timezone

    from cwg.consultations.models import ResponseImport

    consultation = scenario.consultation
    job = ResponseImport.objects.create(
        consultation=consultation, original_name="x.jsonl", status="done", created_at=timezone.now()
    )
    base = f"/en/consultations/{consultation.slug}/import/"
    for who in ("visitor", "delegate"):
        if who == "delegate":
            visit.sign_in("delegate", PASSWORD)
        for path in (base, f"{base}{job.pk}/", f"{base}{job.pk}/progress/"):
            response = visit.go(path)
            assert response.status == 404, (who, path, response.status)
        visit.assert_accessible()
    assert ResponseImport.objects.count() == 1
