"""The demo documents have real files in several languages, readable by anyone who may see them."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from docx import Document as Docx

from cwg import demo
from cwg.demo.records import DOCUMENTS
from cwg.documents.models import Document, DocumentFile, TranslationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo.load_demo()


def docx_text(document_file: DocumentFile) -> str:
    with document_file.file.open("rb") as handle:
        return "\n".join(p.text for p in Docx(io.BytesIO(handle.read())).paragraphs)


def test_every_demo_document_has_files_in_at_least_two_languages(loaded):
    symbols = [
        f"CWG-INTERNET-{meeting}/{spec[0]}"
        for meeting, specs in DOCUMENTS.items()
        for spec in specs
    ]
    documents = list(Document.objects.filter(symbol__in=symbols))
    assert len(documents) == len(symbols) == 7
    for document in documents:
        languages = set(
            DocumentFile.objects.filter(document=document)
            .exclude(file="")
            .values_list("language", flat=True)
        )
        assert len(languages) >= 2, (document.symbol, languages)
        assert document.original_language in languages
    agenda = Document.objects.get(symbol="CWG-INTERNET-22/1")
    assert set(agenda.files.values_list("language", flat=True)) == {
        "ar", "en", "es", "fr", "ru", "zh"
    }  # fmt: skip


def test_each_file_is_a_word_document_written_in_its_own_language(loaded):
    agenda = Document.objects.get(symbol="CWG-INTERNET-22/1")
    french = agenda.files.get(language="fr")
    assert french.content_type.endswith("wordprocessingml.document")
    assert french.translation_status == TranslationStatus.AVAILABLE
    assert agenda.files.get(language="en").translation_status == TranslationStatus.ORIGINAL
    text = docx_text(french)
    assert "Projet d'ordre du jour de la vingt-deuxième réunion" in text
    assert "Réunion 22 : 15–16 septembre 2025" in text or "Réunion 22: 15–16 septembre 2025" in text
    assert "Groupe de travail du Conseil" in text
    arabic = docx_text(agenda.files.get(language="ar"))
    assert "مشروع جدول أعمال الاجتماع الثاني والعشرين" in arabic


def test_loading_again_stores_no_file(loaded):
    before = list(DocumentFile.objects.order_by("pk").values_list("pk", "sha256"))
    assert demo.load_demo().changes == 0
    assert list(DocumentFile.objects.order_by("pk").values_list("pk", "sha256")) == before


def test_the_meeting_page_links_the_files_and_they_download(loaded):
    client = Client()
    agenda = Document.objects.get(symbol="CWG-INTERNET-22/1")
    french = agenda.files.get(language="fr")
    page = client.get(f"/fr/meetings/{agenda.meeting_id}/").content.decode()
    assert f"/fr/documents/files/{french.pk}/" in page
    response = client.get(f"/fr/documents/files/{french.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"PK")
    # A file that no one may see (here: none) is not found.
    missing = DocumentFile.objects.order_by("-pk").first().pk + 1
    assert client.get(f"/fr/documents/files/{missing}/").status_code == 404
