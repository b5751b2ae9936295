"""The bounded ZIP reader: every limit refuses its bomb before it is expanded, with a message."""

from __future__ import annotations

import io
import zipfile

import pytest

from cwg.core.archives import BoundedArchive
from cwg.core.exceptions import InvalidInput, TooLarge
from cwg.testing import archives as bombs

LIMIT = 50 * bombs.MB


def open_archive(data: bytes) -> BoundedArchive:
    return BoundedArchive(data, label="answer.docx", field="attachments")


def test_a_real_document_is_read():
    with open_archive(bombs.crowded_docx(3)) as archive:
        assert "word/document.xml" in archive and len(archive.names) == 5
        assert archive.read("[Content_Types].xml") == bombs.CONTENT_TYPES
        assert archive.peek("[Content_Types].xml", 5) == b"<?xml"


@pytest.mark.parametrize(
    ("build", "refusal", "message"),
    [
        (bombs.docx_bomb, TooLarge, "expands to more than"),
        (bombs.odt_bomb, TooLarge, "expands to more than"),
        (bombs.nested_bomb, TooLarge, "expands to more than"),
        (bombs.deep_archive, TooLarge, "archives inside archives"),
        (lambda: bombs.crowded_docx(2001), TooLarge, "too many files"),
        (lambda: bombs.crowded_docx(100_000), TooLarge, "too many files"),
        (bombs.directory_bomb, TooLarge, "too many files"),
        (bombs.lying_docx, InvalidInput, "damaged"),
        (lambda: b"PK\x03\x04" + b"\x00" * 100, InvalidInput, "damaged"),
    ],
    ids=[
        "docx",
        "odt",
        "nested",
        "deep",
        "crowded",
        "crowded-100k",
        "directory-bomb",
        "lying-header",
        "garbage",
    ],
)
def test_each_bomb_is_refused_without_expanding_it(build, refusal, message):
    data = build()

    def read_everything():
        with open_archive(data) as archive:
            for name in archive.names:
                archive.read(name)

    refused = []

    def read_and_keep_the_refusal():
        with pytest.raises(refusal) as caught:
            read_everything()
        refused.append(caught.value)

    assert bombs.peak_growth(read_and_keep_the_refusal) < LIMIT
    assert message in refused[0].message and "answer.docx" in refused[0].message
    assert refused[0].field == "attachments"


def test_the_compression_ratio_is_bounded(settings):
    settings.CWG_ZIP_MAX_MEMBER_BYTES = 10 * bombs.MB * 100
    settings.CWG_ZIP_MAX_TOTAL_BYTES = 10 * bombs.MB * 100
    with pytest.raises(TooLarge, match="compressed too tightly"):
        open_archive(bombs.docx_bomb(20 * bombs.MB))
    settings.CWG_ZIP_MAX_RATIO = 10_000
    assert open_archive(bombs.docx_bomb(20 * bombs.MB)).names


def test_a_read_stops_at_its_limit_whatever_the_member_declares(settings):
    settings.CWG_ZIP_MAX_RATIO = 10_000
    with open_archive(bombs.docx_bomb(4 * bombs.MB)) as archive:
        with pytest.raises(TooLarge, match="more than 1,024 bytes"):
            archive.read("[Content_Types].xml", limit=1024)
        assert len(archive.read("[Content_Types].xml")) == 4 * bombs.MB


def test_an_encrypted_member_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "x")
    data = bytearray(out.getvalue())
    # Set the "encrypted" flag in the local and the central header.
    data[data.index(b"PK\x03\x04") + 6] |= 1
    data[data.index(b"PK\x01\x02") + 8] |= 1
    with pytest.raises(InvalidInput, match="encrypted"):
        open_archive(bytes(data))
