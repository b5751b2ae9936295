"""A respondent gets back the files they sent from their receipt page, published or not."""

from __future__ import annotations

import pytest

from cwg.consultations import services
from cwg.consultations.models import Attachment
from cwg.consultations.tests.conftest import (
    PDF_BYTES,
    assert_served_as_download,
    docx_bytes,
    make_consultation,
    payload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def respond(personas, consultation, name, files, **overrides) -> Attachment:
    result = services.submit(
        personas.anonymous, consultation, payload(name=name, **overrides), files=files
    )
    return result.submission.attachments.get()


def receipt_page(attachment: Attachment) -> str:
    s = attachment.submission
    return f"/en/consultations/{s.consultation.slug}/receipts/{s.receipt}/"


def download_url(attachment: Attachment, receipt: str | None = None) -> str:
    slug = attachment.submission.consultation.slug
    receipt = receipt or attachment.submission.receipt
    return f"/en/consultations/{slug}/receipts/{receipt}/attachments/{attachment.pk}/"


def public_url(attachment: Attachment) -> str:
    s = attachment.submission
    return f"/en/consultations/{s.consultation.slug}/submissions/{s.receipt}/attachments/{attachment.pk}/"


@pytest.fixture
def files(personas):
    """An open consultation with an unconsented, a consented-then-hidden and an unconsented
    hidden submission, each with one file."""
    c = make_consultation(personas)
    private = respond(
        personas, c, "Ben", [("private paper.pdf", PDF_BYTES)], consent_to_publication=False
    )
    hidden = respond(personas, c, "Cyd", [("abusive.docx", docx_bytes("Abuse"))])
    services.hide_submission(personas.secretariat, hidden.submission, "Insults a respondent")
    quiet = respond(personas, c, "Dee", [("quiet.pdf", PDF_BYTES)], consent_to_publication=False)
    services.hide_submission(personas.secretariat, quiet.submission, "Personal data of others")
    return {"consultation": c, "private": private, "hidden": hidden, "quiet": quiet}


def test_the_respondent_downloads_an_unpublished_file_from_the_receipt(client, files):
    attachment = files["private"]
    assert client.get(public_url(attachment)).status_code == 404  # not published
    page = client.get(receipt_page(attachment)).content.decode()
    assert f'href="{download_url(attachment)}"' in page
    assert_served_as_download(
        client.get(download_url(attachment)),
        filename=f"{attachment.submission.receipt}-private paper.pdf",
        content=PDF_BYTES,
        content_type="application/pdf",
    )


def test_a_hidden_response_that_was_never_public_still_gives_its_files_back(client, files):
    # Its receipt was never shown anywhere: it still proves the reader sent the response.
    attachment = files["quiet"]
    assert client.get(public_url(attachment)).status_code == 404
    assert (
        f'href="{download_url(attachment)}"'
        in client.get(receipt_page(attachment)).content.decode()
    )
    response = client.get(download_url(attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_a_hidden_response_whose_receipt_was_public_keeps_its_files_closed(client, files):
    attachment = files["hidden"]
    assert client.get(download_url(attachment)).status_code == 404
    page = client.get(receipt_page(attachment))
    assert page.status_code == 200
    body = page.content.decode()
    # The respondent still sees what they sent, without a link that would undo the moderation.
    assert "abusive.docx" in body
    assert download_url(attachment) not in body
    assert "The moderators withheld this response" in body


def test_restoring_the_response_reopens_its_files(client, personas, files):
    attachment = files["hidden"]
    services.restore_submission(personas.secretariat, attachment.submission, "Reviewed")
    assert client.get(download_url(attachment)).status_code == 200


def test_the_secretariat_downloads_through_any_receipt(client, personas, files):
    client.force_login(personas.secretariat)
    for which in ("private", "hidden", "quiet"):
        assert client.get(download_url(files[which])).status_code == 200, which


@pytest.mark.parametrize("persona", ["anonymous", "stakeholder", "delegate"])
def test_a_wrong_receipt_is_a_404(client, personas, files, persona):
    if persona != "anonymous":
        client.force_login(getattr(personas, persona))
    private, quiet = files["private"], files["quiet"]
    guessed = private.submission.receipt[:-1] + (
        "A" if private.submission.receipt[-1] != "A" else "B"
    )
    assert client.get(download_url(private, receipt=guessed)).status_code == 404
    # Another respondent's receipt does not open this file either.
    assert client.get(download_url(private, receipt=quiet.submission.receipt)).status_code == 404
    assert (
        client.get(download_url(private).replace(f"/{private.pk}/", "/999999/")).status_code == 404
    )


def test_a_receipt_of_another_consultation_is_a_404(client, personas, files):
    other = make_consultation(personas, slug="other-round")
    attachment = files["private"]
    moved = download_url(attachment).replace(f"/{files['consultation'].slug}/", f"/{other.slug}/")
    assert client.get(moved).status_code == 404
