"""Contribution files: a full disk answers 503 and stores nothing, a rollback removes the file,
and `cwg files sweep` removes what a killed request left behind."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from cwg.core import files
from cwg.documents import services
from cwg.documents.models import Document, DocumentFile
from cwg.documents.tests import samples
from cwg.documents.tests.helpers import TITLE, submit_failing_after_the_file
from cwg.testing.archives import stored_files
from cwg.testing.storage import fill_the_disk

pytestmark = pytest.mark.django_db


def media_names() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return [Path(path).relative_to(root).as_posix() for path in stored_files(root)]


def assert_nothing_stored():
    assert not Document.objects.exists() and not DocumentFile.objects.exists()
    assert media_names() == []


def test_the_api_answers_503_on_a_full_disk(client, personas, meeting, monkeypatch):
    fill_the_disk(monkeypatch)
    client.force_login(personas.delegate)
    response = client.post(
        f"/api/v1/meetings/{meeting.pk}/contributions",
        {"state": "FRA", "title": "Our proposal", "original_language": "en", "file": samples.pdf()},
    )
    assert response.status_code == 503, response.content
    assert response.json()["field"] == "file" and "full" in response.json()["detail"]
    assert_nothing_stored()


def test_the_contribution_page_answers_503_on_a_full_disk(client, personas, meeting, monkeypatch):
    fill_the_disk(monkeypatch)
    client.force_login(personas.delegate)
    response = client.post(
        reverse("documents:submit_contribution", args=[meeting.pk]),
        {
            "state": personas.state.pk,
            "original_language": "en",
            "title": "Our paper",
            "access_level": "inherit",
            "file": samples.pdf(),
        },
    )
    assert response.status_code == 503
    assert "full" in response.context["form"].errors["file"][0]
    assert_nothing_stored()


def test_a_write_that_rolls_back_after_the_file_leaves_no_file(personas, meeting, monkeypatch):
    def staged_and_final():
        assert len(media_names()) == 2  # the staging name and the final name

    submit_failing_after_the_file(monkeypatch, personas, meeting, staged_and_final)
    assert_nothing_stored()


def test_on_commit_only_the_final_name_stays(personas, meeting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = services.submit_contribution(
            personas.delegate,
            meeting=meeting,
            state=personas.state,
            title=TITLE,
            file=samples.pdf(),
        )
    stored = DocumentFile.objects.get(document=document)
    assert media_names() == [stored.file.name]
    assert stored.file.read() == samples.PDF_BYTES


# ---- cwg files sweep


def age(name: str, seconds: float) -> None:
    path = os.path.join(settings.MEDIA_ROOT, name)
    then = time.time() - seconds
    os.utime(path, (then, then))


def leftovers_of_a_killed_request(personas, meeting) -> list[str]:
    """What a request killed between storing its file and committing its row leaves."""
    unsaved = DocumentFile(document=Document(symbol="CWG-X/1"), revision=0, language="en")
    batch = files.FileBatch()
    batch.store(unsaved.file, "contribution.pdf", samples.PDF_BYTES)
    # The process dies here: neither committed() nor discard() runs.
    return sorted(name for name in media_names())


def test_sweep_removes_old_orphans_only_and_says_what_it_removed(personas, meeting, capsys):
    kept = services.submit_contribution(
        personas.delegate, meeting=meeting, state=personas.state, title=TITLE, file=samples.pdf()
    )
    kept_name = DocumentFile.objects.get(document=kept).file.name
    orphans = [
        name for name in leftovers_of_a_killed_request(personas, meeting) if name != kept_name
    ]
    assert len(orphans) >= 2 and any(name.startswith(".incoming/") for name in orphans)
    for name in media_names():
        age(name, 2 * 3600)
    young = os.path.join(settings.MEDIA_ROOT, "documents", "young.pdf")
    Path(young).write_bytes(b"being written")

    call_command("files", "sweep", "--dry-run")
    listed = capsys.readouterr().out
    assert all(f"would remove {name} " in listed for name in orphans)
    assert kept_name not in listed and "young.pdf" not in listed
    assert f"would remove {len(orphans)} orphan files" in listed
    assert len(media_names()) == len(orphans) + 2  # nothing removed yet

    call_command("files", "sweep")
    said = capsys.readouterr().out
    assert all(f"removed {name} " in said for name in orphans)
    assert sorted(media_names()) == sorted([kept_name, "documents/young.pdf"])
    # The folders that held only orphans are gone too.
    folders = {
        str(p.relative_to(settings.MEDIA_ROOT)) for p in Path(settings.MEDIA_ROOT).rglob("*")
    }
    assert not any(folder.startswith("documents/CWG-X") for folder in folders)
    assert DocumentFile.objects.get(document=kept).file.read() == samples.PDF_BYTES

    call_command("files", "sweep", "--older-than", "60")
    assert "removed 0 orphan files" in capsys.readouterr().out


def test_sweep_refuses_a_dangerously_short_age():
    with pytest.raises(CommandError, match="at least 60 seconds"):
        call_command("files", "sweep", "--older-than", "5")


def test_a_file_system_without_hard_links_still_gets_complete_files(personas, meeting, monkeypatch):
    import errno

    def no_links(source, target):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    document = services.submit_contribution(
        personas.delegate, meeting=meeting, state=personas.state, title=TITLE, file=samples.pdf()
    )
    stored = DocumentFile.objects.get(document=document)
    assert stored.file.read() == samples.PDF_BYTES
    assert media_names() == [stored.file.name]
