"""Submitting through the web form: receipt page, errors next to fields, spam and replay checks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from cwg.consultations import intake, services
from cwg.consultations.models import Consultation, Submission
from cwg.consultations.tests.conftest import PNG_BYTES, make_consultation
from cwg.consultations.tests.conftest import web_form_data as form_data

pytestmark = pytest.mark.django_db


def form_url(c) -> str:
    return f"/en/consultations/{c.slug}/respond/"


def services_payload(**overrides) -> dict:
    data = {
        "name": "Chidi Respondent",
        "category": "technical_community",
        "country": "FRA",
        "language": "en",
        "answers": {"1": "More IXPs."},
        "consent_to_publication": True,
    }
    return data | overrides


def test_form_page_shows_questions_and_period(client, consultation):
    response = client.get(form_url(consultation))
    assert response.status_code == 200
    body = response.content.decode()
    assert "What can be done for a multilingual Internet?" in body
    assert 'name="website"' in body and 'name="started"' in body and 'name="token"' in body
    assert "csrfmiddlewaretoken" in body


def test_submitting_gives_a_receipt_page(client, consultation):
    response = client.post(form_url(consultation), form_data())
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert response["Location"].endswith(f"/receipts/{submission.receipt}/")
    page = client.get(response["Location"])
    assert page.status_code == 200 and submission.receipt in page.content.decode()
    assert submission.answers == {"1": "More IXPs, more local content."}
    assert submission.idempotency_key.startswith("form:")


def test_sending_the_form_twice_keeps_one_submission(client, consultation):
    first = client.post(form_url(consultation), form_data())
    again = client.post(form_url(consultation), form_data())
    assert first["Location"] == again["Location"]
    assert Submission.objects.count() == 1


def test_the_same_form_sent_again_with_other_content_shows_the_first_receipt(client, consultation):
    first = client.post(form_url(consultation), form_data())
    # Back, an answer changed, and sent again at once (a fresh "started" from a re-fetched page).
    again = client.post(
        form_url(consultation),
        form_data(answer_1="Something else", started=intake.form_started_token()),
        follow=True,
    )
    assert again.redirect_chain[0][0] == first["Location"]
    body = again.content.decode()
    assert "This form was already sent" in body and "too quickly" not in body
    assert Submission.objects.count() == 1
    assert Submission.objects.get().answers == {"1": "More IXPs, more local content."}


def test_a_new_form_sent_too_quickly_is_still_refused(client, consultation):
    client.post(form_url(consultation), form_data())
    response = client.post(
        form_url(consultation),
        form_data(token="a-new-rendered-form-0001", started=intake.form_started_token()),
    )
    assert response.status_code == 400 and "too quickly" in response.content.decode()
    assert Submission.objects.count() == 1


def test_the_api_still_refuses_a_key_reused_for_other_content(client, consultation):
    services.submit(None, consultation, services_payload(), idempotency_key="form:reused-key-1")
    from cwg.core.exceptions import Conflict

    with pytest.raises(Conflict):
        services.submit(
            None,
            consultation,
            services_payload(answers={"1": "Other"}),
            idempotency_key="form:reused-key-1",
        )


def test_errors_are_shown_next_to_their_field(client, consultation):
    response = client.post(form_url(consultation), form_data(name="", category="nope"))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["name"] and form.errors["category"]
    assert 'id="id_name_error"' in response.content.decode()
    assert not Submission.objects.exists()


def test_service_refusals_land_on_the_right_field(client, consultation):
    response = client.post(form_url(consultation), form_data(country="", country_other=""))
    assert response.status_code == 400
    assert response.context["form"].errors["country"] == [
        "Choose your country, or write it in “Other country or territory”."
    ]
    empty = client.post(form_url(consultation), form_data(answer_1=""))
    assert "answer at least one question" in empty.context["form"].errors["answer_1"][0]


def test_wrong_file_type_is_an_error_on_attachments(client, consultation):
    data = form_data(attachments=SimpleUploadedFile("scan.pdf", PNG_BYTES))
    response = client.post(form_url(consultation), data)
    assert response.status_code == 400
    assert "not an accepted file type" in response.context["form"].errors["attachments"][0]
    assert not Submission.objects.exists()


def test_oversized_file_is_refused(client, consultation, settings):
    settings.CWG_MAX_UPLOAD_BYTES = 2048
    data = form_data(attachments=SimpleUploadedFile("big.txt", b"x" * 3000))
    response = client.post(form_url(consultation), data)
    assert response.status_code == 413
    assert "largest accepted" in response.context["form"].errors["attachments"][0]


def test_honeypot_and_too_fast_forms_are_refused(client, consultation):
    bot = client.post(form_url(consultation), form_data(website="http://spam.example"))
    assert bot.status_code == 400 and "automated" in bot.content.decode()
    fast = client.post(form_url(consultation), form_data(started=intake.form_started_token()))
    assert fast.status_code == 400 and "too quickly" in fast.content.decode()
    forged = client.post(form_url(consultation), form_data(started="1700000000"))
    assert forged.status_code == 400 and "could not be verified" in forged.content.decode()
    assert not Submission.objects.exists()


def test_the_form_requires_csrf(consultation):
    client = Client(enforce_csrf_checks=True)
    assert client.post(form_url(consultation), form_data()).status_code == 403
    assert not Submission.objects.exists()


def test_late_form_is_refused(client, personas):
    c = make_consultation(personas)
    Consultation.objects.filter(pk=c.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    assert client.get(form_url(c)).status_code == 410
    response = client.post(form_url(c), form_data())
    assert response.status_code == 400 and "late submissions" in response.content.decode()
    assert not Submission.objects.exists()


def test_draft_has_no_form(client, personas):
    c = make_consultation(personas, open_it=False)
    assert client.get(form_url(c)).status_code == 404
    assert client.post(form_url(c), form_data()).status_code == 404


def test_form_is_rate_limited(client, consultation, settings):
    settings.CWG_RATE_LIMIT_PER_MINUTE = 1
    client.post(form_url(consultation), form_data())
    refused = client.post(form_url(consultation), form_data(token="another-token-123456"))
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert Submission.objects.count() == 1


def test_receipt_page_of_unknown_number_is_404(client, consultation):
    assert client.get(f"/en/consultations/{consultation.slug}/receipts/NOPE/").status_code == 404


def test_consultation_page_in_the_readers_time_zone(client, personas):
    c = make_consultation(personas)
    Consultation.objects.filter(pk=c.pk).update(
        closes_at=dt.datetime(2031, 1, 13, 23, 0, tzinfo=dt.UTC)
    )
    utc = client.get(f"/en/consultations/{c.slug}/").content.decode()
    assert "13 January 2031" in utc and "(UTC)" in utc
    tokyo = client.get(f"/en/consultations/{c.slug}/?tz=Asia/Tokyo").content.decode()
    assert "14 January 2031" in tokyo and "Asia/Tokyo" in tokyo
    client.cookies["cwg_tz"] = "Asia%2FTokyo"  # set by the page's script from the browser
    assert "Asia/Tokyo" in client.get(f"/en/consultations/{c.slug}/").content.decode()
    client.cookies["cwg_tz"] = "Not/AZone"
    assert "(UTC)" in client.get(f"/en/consultations/{c.slug}/").content.decode()
    personas.delegate.time_zone = "America/New_York"
    personas.delegate.save()
    client.force_login(personas.delegate)
    ny = client.get(f"/en/consultations/{c.slug}/").content.decode()
    assert "America/New_York" in ny and "13 January 2031" in ny


def test_consultation_pages_refuse_outsiders(client, personas):
    draft = make_consultation(personas, slug="draft-one", open_it=False)
    assert client.get(f"/en/consultations/{draft.slug}/").status_code == 404
    client.force_login(personas.secretariat)
    assert client.get(f"/en/consultations/{draft.slug}/").status_code == 200
    assert client.get("/en/consultations/").status_code == 200


def test_web_state_change_by_secretariat_only(client, personas):
    c = make_consultation(personas)
    url = f"/en/consultations/{c.slug}/state/"
    client.force_login(personas.delegate)
    assert client.post(url, {"state": "closed"}).status_code == 404
    client.force_login(personas.secretariat)
    response = client.post(url, {"state": "compiled"}, follow=True)
    assert "cannot move from open to compiled" in response.content.decode()
    client.post(url, {"state": "closed"})
    assert Consultation.objects.get(pk=c.pk).state == "closed"
    services.transition(personas.secretariat, c, "compiled")
    assert client.get(f"/en/consultations/{c.slug}/compilation.html").status_code == 200
    assert client.get(f"/en/consultations/{c.slug}/compilation.exe").status_code == 404


def test_every_page_of_a_draft_is_a_404_to_outsiders(client, personas):
    c = make_consultation(personas, slug="hidden-draft", open_it=False)
    base = f"/en/consultations/{c.slug}"
    pages = [
        "/", "/respond/", "/submissions/", "/campaigns/", "/campaigns/jobs/1/",
        "/compilation.html", "/moderation/", "/receipts/CWG-X-2026-AAAA-BBBB/",
    ]  # fmt: skip
    for who in (None, personas.stakeholder, personas.delegate, personas.council_member):
        if who:
            client.force_login(who)
        for page in pages:
            assert client.get(base + page).status_code == 404, (who, page)
    # The officers read the draft (docs/visibility.md) but do not run it.
    client.force_login(personas.chair)
    assert client.get(base + "/").status_code == 200
    assert client.get(base + "/moderation/").status_code == 404
    for action in ("/state/", "/campaigns/run/"):
        assert client.post(base + action, {"state": "open"}).status_code == 404
    assert Consultation.objects.get(pk=c.pk).state == "draft"


def test_campaign_run_from_the_page_is_for_the_secretariat(client, personas):
    c = make_consultation(personas)
    client.force_login(personas.delegate)
    assert client.post(f"/en/consultations/{c.slug}/campaigns/run/").status_code == 404
    page = client.get(f"/en/consultations/{c.slug}/campaigns/")
    assert page.status_code == 200 and "Run campaign detection" not in page.content.decode()
    client.force_login(personas.secretariat)
    assert (
        "Run campaign detection"
        in client.get(f"/en/consultations/{c.slug}/campaigns/").content.decode()
    )
    response = client.post(f"/en/consultations/{c.slug}/campaigns/run/")
    assert response.status_code == 302
