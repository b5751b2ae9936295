"""The text of uploaded files is extracted for search, and a hostile file only ever fails cleanly."""

import io
import zipfile

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from weasyprint import HTML

from cwg.documents import services
from cwg.documents.models import DocumentFile, TextStatus
from cwg.documents.tests import samples
from cwg.documents.tests.helpers import TITLE
from cwg.documents.text_extraction import extract_isolated

pytestmark = pytest.mark.django_db

ODT_CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
    "<text:h>Lacunes numériques</text:h>"
    "<text:p>Réduire<text:s/>les <text:span>fractures</text:span> du réseau</text:p>"
    "</office:text></office:body></office:document-content>"
)


def odt_bytes(content: str = ODT_CONTENT) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", "<manifest/>")
    return buffer.getvalue()


def pdf_bytes(text: str) -> bytes:
    return HTML(
        string=f"<p>{text}</p><p style='page-break-before: always'>Page two</p>"
    ).write_pdf()


def encrypted_pdf_bytes() -> bytes:
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes("Secret spectrum plans")))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def docx_with(document_xml: bytes, *, level=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", level) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document_xml)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (samples.docx_bytes("Bridging the broadband gap"), ["Bridging the broadband gap"]),
        (odt_bytes(), ["Lacunes numériques", "Réduire les fractures du réseau"]),
        (lambda: pdf_bytes("Spectrum allocation in Geneva"), ["Spectrum allocation in Geneva"]),
        ("Résumé: accès à l'Internet\n".encode(), ["Résumé: accès à l'Internet"]),
        ("缩小数字差距".encode(), ["缩小数字差距"]),
        ("Caf\xe9 in Windows-1252".encode("cp1252"), ["Café in Windows-1252"]),
    ],
    ids=["docx", "odt", "pdf", "txt", "txt-zh", "txt-cp1252"],
)
def test_each_format_gives_its_text(data, expected):
    result = extract_isolated(data() if callable(data) else data)
    assert result.status == "done", result.error
    for piece in expected:
        assert piece in result.text


def test_text_is_capped_at_the_configured_length(settings):
    settings.CWG_TEXT_MAX_CHARS = 1000
    result = extract_isolated(("word " * 5000).encode())
    assert result.status == "done" and len(result.text) == 1000


def test_pdf_pages_are_capped(settings):
    settings.CWG_TEXT_MAX_PDF_PAGES = 1
    result = extract_isolated(pdf_bytes("First page only"))
    assert "First page only" in result.text and "Page two" not in result.text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.4\nnot really a pdf\n%%EOF\n", "cannot be read"),
        (encrypted_pdf_bytes, "encrypted"),
        (b"PK\x03\x04" + b"\x00" * 200, "damaged"),
        (docx_with(b"<w:document><w:body><w:p>unclosed"), "malformed"),
        # An XML bomb: entities that expand a billion-fold.
        (
            docx_with(
                b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
                b"<w:document>&lol2;</w:document>"
            ),
            "DTD",
        ),
        # A zip bomb: 8 MB of spaces squeezed into a few kilobytes.
        (lambda: docx_with(b"<a>" + b" " * (8 * 1024 * 1024) + b"</a>"), "compressed too tightly"),
        (lambda: samples.plain_zip_bytes(), "neither a DOCX nor an ODT"),
    ],
    ids=["bad-pdf", "encrypted-pdf", "bad-zip", "bad-xml", "xml-bomb", "zip-bomb", "other-zip"],
)
def test_hostile_or_broken_files_fail_with_a_reason(data, reason):
    result = extract_isolated(data() if callable(data) else data)
    assert result.status == "failed" and result.text == ""
    assert reason in result.error


def test_a_binary_file_is_unsupported():
    assert extract_isolated(samples.PNG_BYTES).status == "unsupported"


def test_a_reader_that_runs_out_of_time_fails(settings):
    settings.CWG_TEXT_TIMEOUT_SECONDS = 1
    settings.CWG_TEXT_MAX_CHARS = 10**9
    # A text file this size takes the child well over a second to decode, copy and write.
    result = extract_isolated(b"slow " * (40 * 1024 * 1024))
    assert result.status == "failed" and "longer than 1 seconds" in result.error


def test_a_posted_file_gets_its_text_after_commit(
    personas, meeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = services.submit_contribution(
            personas.delegate,
            meeting=meeting,
            state=personas.state,
            title=TITLE,
            file=SimpleUploadedFile("c.docx", samples.docx_bytes("Community networks matter")),
        )
    (file,) = DocumentFile.objects.filter(document=document)
    assert file.text_status == TextStatus.DONE and file.text == "Community networks matter"


def test_the_command_extracts_missing_text(personas, meeting, capsys):
    document = services.submit_contribution(
        personas.delegate, meeting=meeting, state=personas.state, title=TITLE, file=samples.text()
    )
    (file,) = DocumentFile.objects.filter(document=document)
    assert file.text_status == TextStatus.PENDING  # its on-commit task never ran in this test
    call_command("documents", "extract-text", "--missing")
    file.refresh_from_db()
    assert file.text_status == TextStatus.DONE and "résumé" in file.text
    captured = capsys.readouterr()
    assert "1/1 files" in captured.err and "1 done" in captured.out
    call_command("documents", "extract-text", "--missing")
    assert "0 files" in capsys.readouterr().out


def test_the_command_refuses_an_unknown_action():
    with pytest.raises(CommandError, match="unknown action"):
        call_command("documents", "extract")
