"""The receipt a respondent keeps: their answers and files on the page, and by e-mail if asked."""

from __future__ import annotations

import json

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat

from cwg.consultations import services
from cwg.consultations.models import Submission
from cwg.consultations.tests.conftest import PDF_BYTES, make_consultation, web_form_data
from cwg.core.models import AuditEvent

pytestmark = pytest.mark.django_db

ADDRESS = "amara.okafor@example.org"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def form_data(**overrides) -> dict:
    return web_form_data(
        **{"name": "Amara Okafor", "country": "NGA", "answer_1": "More IXPs,\nmore local content."}
        | overrides
    )


def send(client, consultation, language="en", **overrides):
    return client.post(
        f"/{language}/consultations/{consultation.slug}/respond/", form_data(**overrides)
    )


def test_the_receipt_page_lists_the_answers_and_the_files(client, consultation):
    response = send(
        client,
        consultation,
        attachments=SimpleUploadedFile("paper.pdf", PDF_BYTES, "application/pdf"),
    )
    assert response.status_code == 302
    submission = Submission.objects.get()
    attachment = submission.attachments.get()
    page = client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "What can be done for a multilingual Internet?" in body
    assert "More IXPs,<br>more local content." in body
    # The question left empty is listed too, saying so.
    assert "What are the benefits and challenges?" in body and "No answer" in body
    download = (
        f"/en/consultations/{consultation.slug}/receipts/{submission.receipt}"
        f"/attachments/{attachment.pk}/"
    )
    assert f'href="{download}"' in body and "paper.pdf" in body
    assert f"({filesizeformat(attachment.size)})" in body
    assert client.get(download).status_code == 200
    # The print stylesheet and the print button are static files (no inline style or script).
    assert "cwg/receipt.css" in body and "cwg/print-button.js" in body
    assert "style=" not in body and "onclick" not in body


def test_the_receipt_page_in_french_shows_the_question_in_french(client, personas):
    c = make_consultation(personas, slug="multilingual-2025")
    question = c.questions.get(number=1)
    question.text = {**question.text, "fr": "Que faire pour un Internet multilingue ?"}
    question.save()
    response = send(client, c, language="fr")
    body = client.get(response["Location"]).content.decode()
    assert "Que faire pour un Internet multilingue ?" in body
    assert "Vos réponses" in body


def test_a_hidden_response_whose_receipt_was_public_shows_no_answers(
    client, personas, consultation
):
    send(client, consultation)
    submission = Submission.objects.get()
    services.hide_submission(personas.secretariat, submission, "Insults a respondent")
    url = f"/en/consultations/{consultation.slug}/receipts/{submission.receipt}/"
    body = client.get(url).content.decode()
    assert "More IXPs" not in body and "The moderators withheld this response" in body
    client.force_login(personas.secretariat)
    assert "More IXPs" in client.get(url).content.decode()


def test_an_unknown_receipt_and_another_consultations_receipt_are_404(client, personas):
    first = make_consultation(personas, slug="first-2025")
    other = make_consultation(personas, slug="other-2025")
    send(client, first)
    receipt = Submission.objects.get().receipt
    assert client.get(f"/en/consultations/{first.slug}/receipts/{receipt}/").status_code == 200
    assert client.get(f"/en/consultations/{other.slug}/receipts/{receipt}/").status_code == 404
    assert (
        client.get(f"/en/consultations/{first.slug}/receipts/CWG-X-2025-AAAA-BBBB/").status_code
        == 404
    )


def test_the_receipt_is_emailed_after_commit_in_the_respondents_language(
    client, consultation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = send(client, consultation, language="fr", email=ADDRESS)
        assert mail.outbox == []  # nothing leaves before the response is committed
    for callback in callbacks:
        callback()
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [ADDRESS]
    assert submission.receipt in message.subject and "réponse" in message.subject
    assert submission.receipt in message.body
    assert (
        f"http://testserver/fr/consultations/{consultation.slug}/receipts/{submission.receipt}/"
        in message.body
    )
    assert "Multilinguisme de l'Internet" in message.body


def test_no_email_without_an_address_and_none_for_a_resend(
    client, consultation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(client, consultation)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        send(client, consultation, email=ADDRESS, token="a-second-rendered-form-01")
        send(client, consultation, email=ADDRESS, token="a-second-rendered-form-01")
    assert len(mail.outbox) == 1  # back and send again: the first receipt, not a second e-mail


def test_a_malformed_address_is_refused_next_to_its_field(client, consultation):
    response = send(client, consultation, email="not an address")
    assert response.status_code == 400
    assert Submission.objects.count() == 0
    assert (
        "id_email_error" in response.content.decode()
        or "Enter a valid email" in response.content.decode()
    )


def test_the_address_is_kept_nowhere_others_can_read(
    client, personas, consultation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(client, consultation, email=ADDRESS)
    submission = Submission.objects.get()
    assert len(mail.outbox) == 1
    # Not stored with the response at all, so not in anything made from it.
    row = Submission.objects.filter(pk=submission.pk).values()[0]
    assert ADDRESS not in json.dumps(row, default=str)
    events = AuditEvent.objects.all()
    assert events.exists()
    assert all(ADDRESS not in json.dumps([e.before, e.after], default=str) for e in events)
    slug = consultation.slug
    assert ADDRESS not in client.get(f"/en/consultations/{slug}/submissions/").content.decode()
    assert ADDRESS not in client.get(f"/api/v1/consultations/{slug}/submissions").content.decode()
    receipt = client.get(f"/api/v1/consultations/{slug}/receipts/{submission.receipt}")
    assert receipt.status_code == 200 and ADDRESS not in receipt.content.decode()
    services.transition(personas.secretariat, consultation, "closed")
    services.transition(personas.secretariat, consultation, "compiled")
    for fmt in ("html", "csv"):
        compiled = client.get(f"/en/consultations/{slug}/compilation.{fmt}")
        assert compiled.status_code == 200
        content = b"".join(compiled.streaming_content) if compiled.streaming else compiled.content
        assert b"Amara Okafor" in content and ADDRESS.encode() not in content


def test_a_question_shown_in_another_language_is_marked_with_it(client, consultation):
    response = send(client, consultation, language="ar")
    body = client.get(response["Location"]).content.decode()
    assert '<span lang="en">What can be done for a multilingual Internet?</span>' in body
    assert "إجاباتك" in body


def test_a_refused_response_sends_no_receipt(
    client, consultation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, consultation, email=ADDRESS, answer_1="", answer_2="")
    assert response.status_code == 400
    assert Submission.objects.count() == 0 and mail.outbox == []
