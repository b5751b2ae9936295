"""Zip bombs built in memory for the tests: small archives that would expand to hundreds of MB."""

from __future__ import annotations

import functools
import io
import os
import struct
import tracemalloc
import zipfile
from collections.abc import Callable

MB = 1024 * 1024
# Large enough that reading it whole would exceed the 50 MB the tests allow, quick to build.
BOMB_BYTES = 200 * MB
CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types><Override ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def _zeros_member(archive: zipfile.ZipFile, name: str, size: int) -> None:
    chunk = bytes(MB)
    with archive.open(name, "w", force_zip64=size > 2**31) as member:
        for _ in range(size // MB):
            member.write(chunk)


@functools.cache
def docx_bomb(size: int = BOMB_BYTES) -> bytes:
    """A DOCX whose [Content_Types].xml is `size` bytes of zeros (about size/1000 compressed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        _zeros_member(archive, "[Content_Types].xml", size)
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@functools.cache
def odt_bomb(size: int = BOMB_BYTES) -> bytes:
    """An ODT (mimetype first, stored) whose content.xml is `size` bytes of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODT_MIMETYPE)
        _zeros_member(archive, "content.xml", size)
    return out.getvalue()


@functools.cache
def nested_bomb(size: int = BOMB_BYTES) -> bytes:
    """A well-formed DOCX carrying, as an embedded object, an archive that is a bomb."""
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as archive:
        _zeros_member(archive, "sheet.xml", size)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/embeddings/sheet.xlsx", inner.getvalue())
    return out.getvalue()


def deep_archive(depth: int = 3) -> bytes:
    """A DOCX holding an archive holding an archive … `depth` levels down (each tiny)."""
    data = b"x"
    for _ in range(depth):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("inner.zip", data)
        data = out.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/embeddings/object.bin", data)
    return out.getvalue()


@functools.cache
def crowded_docx(members: int) -> bytes:
    """A DOCX with `members` empty files besides its two parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", "<w:document/>")
        for number in range(members):
            archive.writestr(f"word/media/{number}.bin", b"")
    return out.getvalue()


@functools.cache
def directory_bomb(members: int = 100_000) -> bytes:
    """A DOCX of `members` empty files whose end record claims only 3 (so zipfile reads them all)."""
    data = bytearray(crowded_docx(members))
    end = data.rindex(b"PK\x05\x06")
    struct.pack_into("<HH", data, end + 8, 3, 3)  # entries on this disk, entries in total
    return bytes(data)


@functools.cache
def lying_docx(size: int = 50 * MB, claimed: int = 1000) -> bytes:
    """A DOCX whose [Content_Types].xml expands to `size` bytes but whose headers claim `claimed`."""
    data = bytearray(docx_bomb(size))
    # Sizes of a member under 4 GB sit in fixed places of its local and central headers.
    local = data.index(b"PK\x03\x04")
    struct.pack_into("<I", data, local + 22, claimed)
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, claimed)
    return bytes(data)


def peak_growth(action: Callable[[], object]) -> int:
    """How many bytes the Python heap grew at its peak while `action` ran."""
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        action()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - before


def stored_files(root: os.PathLike | str) -> list[str]:
    """Every file under the media root (none, after a refused upload)."""
    return sorted(
        os.path.join(folder, name) for folder, _dirs, names in os.walk(root) for name in names
    )
