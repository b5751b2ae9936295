"""Uploads are judged by their content: kind, size limit, checksum."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st

from cwg.core.exceptions import InvalidInput
from cwg.documents.tests import samples
from cwg.documents.uploads import check_upload


def upload(name, data):
    return SimpleUploadedFile(name, data)


def test_pdf_is_recognised_with_its_checksum():
    checked = check_upload(samples.pdf())
    assert checked.kind.code == "pdf"
    assert checked.sha256 == hashlib.sha256(samples.PDF_BYTES).hexdigest()
    assert checked.size == len(samples.PDF_BYTES)


def test_docx_odt_and_text_are_recognised():
    assert check_upload(samples.docx()).kind.code == "docx"
    assert check_upload(upload("c.odt", samples.odt_bytes())).kind.code == "odt"
    assert check_upload(samples.text()).kind.code == "txt"


def test_a_file_without_extension_gets_the_detected_one():
    assert check_upload(upload("contribution", samples.docx_bytes())).filename == (
        "contribution.docx"
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("photo.pdf", samples.PNG_BYTES, "image/png"),
        ("archive.docx", samples.plain_zip_bytes(), "neither a DOCX nor an ODT"),
        ("broken.docx", b"PK\x03\x04garbage", "cannot be opened"),
        ("latin1.txt", "résumé".encode("latin-1"), "UTF-8"),
        ("binary.txt", b"abc\x00def", "binary"),
        ("empty.pdf", b"", "empty"),
        ("cut.pdf", b"%PDF-1.4\n1 0 obj", "truncated"),
        ("report.pdf", samples.docx_bytes(), "ends in .pdf"),
        ("program.exe", samples.PDF_BYTES, "ends in .exe"),
    ],
)
def test_refused_content_names_the_problem(name, data, message):
    with pytest.raises(InvalidInput) as caught:
        check_upload(upload(name, data))
    assert message in caught.value.message
    assert caught.value.field == "file"


def test_size_limit(settings):
    settings.CWG_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(InvalidInput, match="largest accepted is 1024 bytes"):
        check_upload(upload("big.txt", b"a" * 1025))
    assert check_upload(upload("ok.txt", b"a" * 1024)).size == 1024


@settings(max_examples=50, deadline=None)
@given(
    data=st.one_of(
        st.binary(max_size=512),
        st.binary(max_size=256).map(lambda tail: b"%PDF-" + tail),
        st.binary(max_size=256).map(lambda tail: b"PK\x03\x04" + tail),
        st.text(max_size=200).map(lambda text: text.encode("utf-8")),
    ),
    name=st.sampled_from(["f", "f.pdf", "f.docx", "f.odt", "f.txt", "f.exe", ".hidden", ""]),
)
def test_any_bytes_are_either_accepted_as_a_known_kind_or_refused_with_a_message(data, name):
    try:
        checked = check_upload(SimpleUploadedFile(name or "upload", data))
    except InvalidInput as refused:
        assert refused.field == "file" and refused.message
    else:
        assert checked.kind.code in {"pdf", "docx", "odt", "txt"}
        assert checked.size == len(data) > 0
        assert checked.filename.endswith("." + checked.kind.extensions[0])
