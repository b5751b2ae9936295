"""A full disk answers 503 and stores nothing; a refused or rolled-back submission leaves no file."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError

from cwg.consultations import services
from cwg.consultations.models import Attachment, Submission
from cwg.consultations.tests.conftest import PDF_BYTES, docx_bytes, payload
from cwg.consultations.tests.test_web_form import form_data, form_url
from cwg.core import files
from cwg.testing.archives import stored_files
from cwg.testing.storage import fill_the_disk

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def attachments():
    return [
        SimpleUploadedFile("answer.pdf", PDF_BYTES),
        SimpleUploadedFile("annex.docx", docx_bytes()),
    ]


def assert_nothing_stored(media):
    assert not Submission.objects.exists() and not Attachment.objects.exists()
    assert stored_files(media) == []


@pytest.mark.parametrize("after_files", [0, 1], ids=["first-file", "second-file"])
def test_the_api_answers_503_on_a_full_disk_and_stores_nothing(
    client, consultation, _media, monkeypatch, after_files
):
    written = fill_the_disk(monkeypatch, after_files=after_files)
    data = {
        "name": "Bea",
        "category": "academia",
        "country": "BRA",
        "language": "en",
        "answer_1": "See the attachments.",
        "attachments": attachments(),
    }
    response = client.post(f"/api/v1/consultations/{consultation.slug}/submissions", data)
    assert response.status_code == 503, response.content
    assert response.json()["code"] == "StorageFull"
    assert response.json()["field"] == "attachments" and "full" in response.json()["detail"]
    assert len(written) == after_files + 1
    assert_nothing_stored(_media)


def test_the_web_form_answers_503_on_a_full_disk_and_stores_nothing(
    client, consultation, _media, monkeypatch
):
    fill_the_disk(monkeypatch)
    response = client.post(form_url(consultation), form_data(attachments=attachments()))
    assert response.status_code == 503
    assert "full" in response.context["form"].errors["attachments"][0]
    assert_nothing_stored(_media)
    # Space again: the same form goes through.
    monkeypatch.undo()
    response = client.post(form_url(consultation), form_data(attachments=attachments()))
    assert response.status_code == 302 and Attachment.objects.count() == 2


def test_a_write_that_fails_after_the_files_leaves_none_of_them(
    personas, consultation, _media, monkeypatch
):
    from cwg.consultations import ingest

    def broken_write(pending, on_commit):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(ingest, "write", broken_write)
    with pytest.raises(RuntimeError):
        services.submit(
            personas.anonymous,
            consultation,
            payload(),
            files=[("answer.pdf", PDF_BYTES)],
        )
    assert_nothing_stored(_media)


def test_a_committed_submission_keeps_only_its_final_file(
    personas, consultation, _media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = services.submit(
            personas.anonymous, consultation, payload(), files=[("answer.pdf", PDF_BYTES)]
        )
    attachment = Attachment.objects.get(submission=result.submission)
    assert attachment.file.read() == PDF_BYTES
    names = [Path(path).relative_to(_media).as_posix() for path in stored_files(_media)]
    assert names == [attachment.file.name]
    assert not any(name.startswith(files.STAGING) for name in names)


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("database or disk is full"),
        OperationalError('could not extend file "base/16384/2619": No space left on device'),
        OSError(errno.ENOSPC, "No space left on device"),
    ],
    ids=["sqlite", "postgresql", "upload-buffer"],
)
def test_a_full_database_disk_answers_503_on_both_doors(
    client, consultation, _media, monkeypatch, error
):
    from cwg.consultations import ingest

    def full(pending, on_commit):
        raise error

    monkeypatch.setattr(ingest, "write", full)
    response = client.post(
        f"/api/v1/consultations/{consultation.slug}/submissions",
        {"name": "Bea", "category": "academia", "country": "BRA", "language": "en",
         "answer_1": "x", "attachments": attachments()},
    )  # fmt: skip
    assert response.status_code == 503 and response.json()["code"] == "StorageFull"
    assert response["Retry-After"]
    page = client.post(form_url(consultation), form_data(attachments=attachments()))
    assert page.status_code == 503 and "full" in page.content.decode()
    assert_nothing_stored(_media)
