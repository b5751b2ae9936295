"""File checks: the type comes from the bytes, never from the name."""

import io
import zipfile

import pytest

from cwg.consultations import intake
from cwg.consultations.tests.conftest import PDF_BYTES, PNG_BYTES, docx_bytes, odt_bytes
from cwg.core.exceptions import InvalidInput


def test_accepts_the_four_types_by_content():
    assert intake.check_file("a.pdf", PDF_BYTES).content_type == intake.PDF
    assert intake.check_file("a.docx", docx_bytes()).content_type == intake.DOCX
    assert intake.check_file("a.odt", odt_bytes()).content_type == intake.ODT
    assert intake.check_file("a.txt", "Réponse en texte".encode()).content_type == intake.TXT


def test_a_misnamed_file_is_judged_by_its_bytes():
    assert intake.check_file("letter.txt", PDF_BYTES).content_type == intake.PDF
    with pytest.raises(InvalidInput, match="not an accepted file type"):
        intake.check_file("photo.pdf", PNG_BYTES)


def test_refuses_executables_binary_and_empty():
    with pytest.raises(InvalidInput, match="not an accepted"):
        intake.check_file("x.pdf", b"MZ" + b"\x90" * 200)
    with pytest.raises(InvalidInput, match="not an accepted"):
        intake.check_file("x.txt", b"abc\x00def")
    with pytest.raises(InvalidInput, match="empty"):
        intake.check_file("x.txt", b"")


def test_a_zip_that_is_not_a_word_document_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("evil.exe", "MZ")
    with pytest.raises(InvalidInput, match="not a Word document"):
        intake.check_file("report.docx", out.getvalue())


def test_a_damaged_docx_and_truncated_pdf_are_refused():
    content = docx_bytes()
    with pytest.raises(InvalidInput):
        intake.check_file("broken.docx", content[: len(content) // 2])
    with pytest.raises(InvalidInput, match="truncated"):
        intake.check_file("cut.pdf", PDF_BYTES[:20])


def test_an_odt_that_is_not_a_text_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("content.xml", "<x/>")
    with pytest.raises(InvalidInput):
        intake.check_file("sheet.odt", out.getvalue())


def test_size_limit(settings):
    settings.CWG_MAX_UPLOAD_BYTES = 2048
    with pytest.raises(intake.PayloadTooLarge, match="largest accepted"):
        intake.check_file("big.txt", b"a" * 2049)
    assert intake.check_file("ok.txt", b"a" * 2048).size == 2048


def test_receipts_are_readable_and_distinct():
    receipts = {intake.new_receipt("CWG-INTERNET", 2025) for _ in range(2000)}
    assert len(receipts) == 2000
    sample = next(iter(receipts))
    assert sample.startswith("CWG-INTERNET-2025-")
    body = sample.removeprefix("CWG-INTERNET-2025-").replace("-", "")
    assert len(body) == 8 and set(body) <= set(intake.RECEIPT_ALPHABET)
    # Every position draws on the whole alphabet (40 random bits, five per character).
    bodies = [r.removeprefix("CWG-INTERNET-2025-").replace("-", "") for r in receipts]
    for position in range(8):
        assert {b[position] for b in bodies} == set(intake.RECEIPT_ALPHABET)


def test_fingerprint_ignores_key_order():
    a = intake.request_fingerprint({"a": 1, "b": {"x": 1, "y": 2}}, ["h2", "h1"])
    b = intake.request_fingerprint({"b": {"y": 2, "x": 1}, "a": 1}, ["h1", "h2"])
    assert a == b
    assert a != intake.request_fingerprint({"a": 2, "b": {"x": 1, "y": 2}}, ["h1", "h2"])


def test_form_timing_refuses_bots_and_forgeries():
    import time

    now = time.time()
    intake.check_form_timing(intake.form_started_token(now - 5), now=now)
    with pytest.raises(InvalidInput, match="too quickly"):
        intake.check_form_timing(intake.form_started_token(now - 0.2), now=now)
    with pytest.raises(InvalidInput, match="expired"):
        intake.check_form_timing(intake.form_started_token(now - 2 * 86400), now=now)
    with pytest.raises(InvalidInput, match="could not be verified"):
        intake.check_form_timing("forged:token", now=now)


def test_rate_limit_counts_per_client(settings):
    settings.CWG_RATE_LIMIT_PER_MINUTE = 3
    for _ in range(3):
        intake.check_rate_limit("10.0.0.1", now=120.0)
    with pytest.raises(intake.LimitExceeded) as info:
        intake.check_rate_limit("10.0.0.1", now=125.0)
    assert info.value.status_code == 429 and 1 <= info.value.retry_after <= 61
    intake.check_rate_limit("10.0.0.2", now=125.0)  # another client is not affected
    intake.check_rate_limit("10.0.0.1", now=181.0)  # a new minute starts afresh
