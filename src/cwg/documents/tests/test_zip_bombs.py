"""A zip bomb uploaded as a contribution is refused cheaply, on the API and the page, and stores nothing."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cwg.documents.models import Document, DocumentFile
from cwg.testing import archives as bombs

pytestmark = pytest.mark.django_db

BOMBS = {
    "docx": ("paper.docx", bombs.docx_bomb, 413),
    "odt": ("paper.odt", bombs.odt_bomb, 413),
    "nested": ("paper.docx", bombs.nested_bomb, 413),
    "deep": ("paper.docx", bombs.deep_archive, 413),
    "crowded": ("paper.docx", lambda: bombs.crowded_docx(2001), 413),
}


def assert_nothing_stored():
    assert not Document.objects.exists() and not DocumentFile.objects.exists()
    assert bombs.stored_files(settings.MEDIA_ROOT) == []


def post_measured(client, url, data):
    responses = []
    grown = bombs.peak_growth(lambda: responses.append(client.post(url, data)))
    assert grown < 50 * bombs.MB, f"the heap grew by {grown:,} bytes"
    return responses[0]


@pytest.mark.parametrize("kind", BOMBS)
def test_the_api_refuses_a_bomb(client, personas, meeting, kind):
    name, build, status = BOMBS[kind]
    client.force_login(personas.delegate)
    response = post_measured(
        client,
        f"/api/v1/meetings/{meeting.pk}/contributions",
        {
            "state": "FRA",
            "title": "Our proposal",
            "original_language": "en",
            "file": SimpleUploadedFile(name, build()),
        },
    )
    assert response.status_code == status, response.content
    assert response.json()["field"] == "file" and response.json()["detail"]
    assert_nothing_stored()


@pytest.mark.parametrize("kind", BOMBS)
def test_the_contribution_page_refuses_a_bomb_next_to_the_file(client, personas, meeting, kind):
    name, build, status = BOMBS[kind]
    client.force_login(personas.delegate)
    response = post_measured(
        client,
        reverse("documents:submit_contribution", args=[meeting.pk]),
        {
            "state": personas.state.pk,
            "original_language": "en",
            "title": "Our paper",
            "access_level": "inherit",
            "file": SimpleUploadedFile(name, build()),
        },
    )
    assert response.status_code == status
    assert "file" in response.context["form"].errors
    assert_nothing_stored()
