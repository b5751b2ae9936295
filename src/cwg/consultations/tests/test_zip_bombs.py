"""A zip bomb sent to the anonymous submission doors is refused cheaply and stores nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cwg.consultations.models import Attachment, Submission
from cwg.consultations.tests.test_web_form import form_data, form_url
from cwg.testing import archives as bombs

pytestmark = pytest.mark.django_db

BOMBS = {
    "docx": ("answer.docx", bombs.docx_bomb, 413),
    "odt": ("answer.odt", bombs.odt_bomb, 413),
    "nested": ("answer.docx", bombs.nested_bomb, 413),
    "deep": ("answer.docx", bombs.deep_archive, 413),
    "lying-header": ("answer.docx", bombs.lying_docx, 400),
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def assert_nothing_stored(media):
    assert not Submission.objects.exists() and not Attachment.objects.exists()
    assert bombs.stored_files(media) == []


@pytest.mark.parametrize("kind", BOMBS)
def test_the_api_refuses_a_bomb_with_a_message_naming_the_field(client, consultation, _media, kind):
    name, build, status = BOMBS[kind]
    upload = SimpleUploadedFile(name, build(), content_type="application/octet-stream")
    data = {
        "name": "Bea",
        "category": "academia",
        "country": "BRA",
        "language": "en",
        "answer_1": "See the attachment.",
        "attachments": [upload],
    }
    responses = []
    grown = bombs.peak_growth(lambda: responses.append(client.post(url(consultation), data)))
    response = responses[0]
    assert response.status_code == status, response.content
    assert response.json()["field"] == "attachments" and name in response.json()["detail"]
    assert grown < 50 * bombs.MB, f"the heap grew by {grown:,} bytes"
    assert_nothing_stored(_media)


@pytest.mark.parametrize("kind", BOMBS)
def test_the_web_form_refuses_a_bomb_next_to_the_attachments(client, consultation, _media, kind):
    name, build, status = BOMBS[kind]
    upload = SimpleUploadedFile(name, build(), content_type="application/octet-stream")
    responses = []
    grown = bombs.peak_growth(
        lambda: responses.append(
            client.post(form_url(consultation), form_data(attachments=[upload]))
        )
    )
    response = responses[0]
    assert response.status_code == status
    errors = response.context["form"].errors
    assert "attachments" in errors and name in errors["attachments"][0]
    assert grown < 50 * bombs.MB, f"the heap grew by {grown:,} bytes"
    assert_nothing_stored(_media)


def test_a_document_with_an_embedded_workbook_is_still_accepted(client, consultation, _media):
    import io
    import zipfile

    workbook = io.BytesIO()
    with zipfile.ZipFile(workbook, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>" * 100)
    document = io.BytesIO()
    with zipfile.ZipFile(document, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", bombs.CONTENT_TYPES)
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/embeddings/chart.xlsx", workbook.getvalue())
    upload = SimpleUploadedFile("answer.docx", document.getvalue())
    response = client.post(form_url(consultation), form_data(attachments=[upload]))
    assert response.status_code == 302
    assert Attachment.objects.count() == 1


def url(consultation) -> str:
    return f"/api/v1/consultations/{consultation.slug}/submissions"
