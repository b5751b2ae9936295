"""Files on S3-compatible object storage: stored, served through the access-checked views, rolled
back, swept and backed up, against a real S3 server (moto's server mode) started by the tests."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from cwg.consultations import services as consultation_services
from cwg.consultations.models import Attachment
from cwg.consultations.tests.conftest import (
    PDF_BYTES,
    assert_served_as_download,
    make_consultation,
    payload,
)
from cwg.core import files
from cwg.core.backups import MANIFEST
from cwg.documents import services as document_services
from cwg.documents.models import Document, DocumentFile
from cwg.documents.tests import samples
from cwg.documents.tests.helpers import TITLE, meeting_in, submit_failing_after_the_file

pytestmark = pytest.mark.django_db

BASE_PORT = 8550
KEYS = {"access_key": "cwg-test-key", "secret_key": "cwg-test-secret"}
REGION = "us-east-1"


@pytest.fixture(scope="session")
def s3_endpoint(worker_id):
    """A real S3-compatible server over HTTP, one per test process (its own port)."""
    from moto.server import ThreadedMotoServer

    index = 0 if worker_id == "master" else int(worker_id.removeprefix("gw"))
    port = BASE_PORT + index
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


class Bucket:
    """A fresh bucket, and what it holds under the storage's prefix, read with plain boto3."""

    def __init__(self, endpoint: str, prefix: str = "cwg-files"):
        self.endpoint = endpoint
        self.name = f"cwg-{uuid.uuid4().hex[:16]}"
        self.prefix = prefix
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id=KEYS["access_key"],
            aws_secret_access_key=KEYS["secret_key"],
            region_name=REGION,
        )
        self.client.create_bucket(Bucket=self.name)

    @property
    def url(self) -> str:
        return f"s3://{self.name}/{self.prefix}"

    def names(self) -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name)
        keys = [item["Key"] for page in pages for item in page.get("Contents", [])]
        assert all(key.startswith(self.prefix + "/") for key in keys)
        return sorted(key.removeprefix(self.prefix + "/") for key in keys)

    def read(self, name: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=f"{self.prefix}/{name}")["Body"].read()

    def environment(self) -> dict[str, str]:
        return {
            "CWG_STORAGE_URL": self.url,
            "CWG_S3_ENDPOINT_URL": self.endpoint,
            "CWG_S3_ACCESS_KEY_ID": KEYS["access_key"],
            "CWG_S3_SECRET_ACCESS_KEY": KEYS["secret_key"],
            "CWG_S3_REGION": REGION,
        }


def storages_for(bucket: Bucket) -> dict:
    """STORAGES as settings.py builds it from the bucket's environment variables."""
    import subprocess
    import sys

    code = "import json; from cwg import settings; print(json.dumps(settings.STORAGES['default']))"
    env = {**os.environ, **bucket.environment()}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def storage_options(s3_endpoint):
    """The options settings.py gives S3Storage, read once from a real settings import."""
    return storages_for(Bucket(s3_endpoint))


@pytest.fixture
def bucket(s3_endpoint, storage_options, settings, tmp_path):
    found = Bucket(s3_endpoint)
    default = json.loads(json.dumps(storage_options))
    default["OPTIONS"]["bucket_name"] = found.name
    settings.STORAGES = {**settings.STORAGES, "default": default}
    # Nothing may land on local disk: a write there would show up in this empty folder.
    settings.MEDIA_ROOT = tmp_path / "local-media"
    yield found
    assert not settings.MEDIA_ROOT.exists()


def test_settings_build_a_private_s3_store_from_the_url(storage_options, s3_endpoint):
    assert storage_options["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage_options["OPTIONS"]
    assert options["location"] == "cwg-files"
    assert options["endpoint_url"] == s3_endpoint
    assert options["region_name"] == REGION
    assert options["file_overwrite"] is False and options["default_acl"] is None


# ---- consultations


def receipt_url(attachment: Attachment) -> str:
    s = attachment.submission
    return (
        f"/en/consultations/{s.consultation.slug}/receipts/{s.receipt}/attachments/{attachment.pk}/"
    )


def public_url(attachment: Attachment) -> str:
    s = attachment.submission
    return f"/en/consultations/{s.consultation.slug}/submissions/{s.receipt}/attachments/{attachment.pk}/"


@pytest.fixture
def no_local_copies(monkeypatch):
    """Downloads stream the object: reading it whole into a temporary file first fails."""
    from storages.backends.s3 import S3File

    def whole_copy(self):
        raise AssertionError("the object was copied whole before being sent")

    monkeypatch.setattr(S3File, "file", property(whole_copy))


def test_a_submitted_attachment_is_stored_in_the_bucket_and_served_from_the_receipt(
    client, personas, bucket, no_local_copies
):
    consultation = make_consultation(personas)
    response = client.post(
        f"/api/v1/consultations/{consultation.slug}/submissions",
        {
            "name": "Ben",
            "category": "academia",
            "country": "BRA",
            "language": "en",
            "consent_to_publication": "false",
            "answer_1": "See the attached paper.",
            "attachments": [samples_file("private paper.pdf", PDF_BYTES)],
        },
    )
    assert response.status_code in (200, 201), response.content
    attachment = Attachment.objects.get()
    assert bucket.names() == [attachment.file.name]
    assert bucket.read(attachment.file.name) == PDF_BYTES

    served = client.get(receipt_url(attachment))
    assert_served_as_download(
        served,
        filename=f"{attachment.submission.receipt}-private paper.pdf",
        content=PDF_BYTES,
        content_type="application/pdf",
    )
    assert served["Content-Length"] == str(len(PDF_BYTES))
    assert "amazonaws" not in str(served.headers) and bucket.name not in str(served.headers)
    # Unpublished: the public door refuses it, as does a wrong receipt.
    assert client.get(public_url(attachment)).status_code == 404
    wrong = receipt_url(attachment).replace(attachment.submission.receipt, "CWG-XXXX-XXXX")
    assert client.get(wrong).status_code == 404


def samples_file(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_a_stored_object_that_is_gone_answers_404(client, personas, bucket):
    consultation = make_consultation(personas)
    result = consultation_services.submit(
        personas.anonymous,
        consultation,
        payload(consent_to_publication=False),
        files=[("paper.pdf", PDF_BYTES)],
    )
    attachment = result.submission.attachments.get()
    bucket.client.delete_object(Bucket=bucket.name, Key=f"{bucket.prefix}/{attachment.file.name}")
    assert client.get(receipt_url(attachment)).status_code == 404


# ---- contributions (documents)


def test_a_contribution_is_uploaded_to_the_bucket_and_downloaded_by_members_only(
    client, personas, bucket, no_local_copies
):
    meeting = meeting_in(personas.group, 30)
    client.force_login(personas.delegate)
    response = client.post(
        reverse("documents:submit_contribution", args=[meeting.pk]),
        {
            "state": personas.state.pk,
            "original_language": "en",
            "title": "Our paper",
            "access_level": "members",
            "file": samples.pdf(),
        },
    )
    assert response.status_code == 302, response.content[:2000]
    stored = DocumentFile.objects.get()
    assert bucket.names() == [stored.file.name]  # no staging object is left
    url = reverse("documents:download", args=[stored.pk])
    served = client.get(url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == samples.PDF_BYTES
    assert served["Cache-Control"] == "private, no-store"
    assert served["Content-Length"] == str(len(samples.PDF_BYTES))

    client.logout()
    assert client.get(url).status_code == 404


def test_a_rollback_leaves_no_object_in_the_bucket(personas, bucket, monkeypatch):
    meeting = meeting_in(personas.group, 30)
    seen = []
    # The object is there while the transaction runs.
    submit_failing_after_the_file(
        monkeypatch, personas, meeting, lambda: seen.extend(bucket.names())
    )
    assert len(seen) == 1
    assert bucket.names() == []
    assert not Document.objects.exists() and not DocumentFile.objects.exists()


# ---- cwg files sweep


def test_the_sweep_removes_an_orphan_object_and_keeps_referenced_ones(
    personas, bucket, capsys, monkeypatch
):
    meeting = meeting_in(personas.group, 30)
    kept = document_services.submit_contribution(
        personas.delegate, meeting=meeting, state=personas.state, title=TITLE, file=samples.pdf()
    )
    kept_name = DocumentFile.objects.get(document=kept).file.name
    # A request killed between storing its object and committing its row.
    unsaved = DocumentFile(document=Document(symbol="CWG-X/1"), revision=0, language="en")
    orphan = files.FileBatch().store(unsaved.file, "contribution.pdf", samples.PDF_BYTES)
    assert sorted(bucket.names()) == sorted([kept_name, orphan])

    assert files.orphans() == []  # both are too young
    later = files.time.time() + 2 * 3600
    monkeypatch.setattr(files.time, "time", lambda: later)
    call_command("files", "sweep", "--dry-run")
    assert f"would remove {orphan} " in capsys.readouterr().out
    assert len(bucket.names()) == 2

    call_command("files", "sweep")
    said = capsys.readouterr().out
    assert f"removed {orphan} " in said and kept_name not in said
    assert bucket.names() == [kept_name]
    assert default_storage.open(kept_name).read() == samples.PDF_BYTES


# ---- cwg backup / cwg restore


@pytest.mark.slow
def test_a_backup_of_the_bucket_restores_into_another_bucket(
    personas, bucket, s3_endpoint, tmp_path, monkeypatch
):
    from cwg.core.tests.test_backup_restore import backup_rows, restore_into, sqlite_target

    meeting = meeting_in(personas.group, 30)
    document_services.submit_contribution(
        personas.delegate, meeting=meeting, state=personas.state, title=TITLE, file=samples.pdf()
    )
    consultation = make_consultation(personas)
    consultation_services.submit(
        personas.anonymous, consultation, payload(), files=[("paper.pdf", PDF_BYTES)]
    )
    source_files = {name: bucket.read(name) for name in bucket.names()}
    assert len(source_files) == 2

    out = tmp_path / "backup"
    call_command("backup", out=str(out))
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["storage"] == "S3Storage"
    assert {entry["name"] for entry in manifest["files"]} == set(source_files)
    assert manifest["missing_files"] == []

    target_bucket = Bucket(s3_endpoint)
    for variable, value in target_bucket.environment().items():
        monkeypatch.setenv(variable, value)
    target = sqlite_target(tmp_path, "restored")
    _dump, second = restore_into(target, out, tmp_path, "restored")
    assert {name: target_bucket.read(name) for name in target_bucket.names()} == source_files
    assert backup_rows(second) == backup_rows(out)  # read back from the second bucket
    assert not Path(target["media"]).exists()
