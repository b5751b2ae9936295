"""Checking an uploaded file by its content (not its name): kind, size limit and SHA-256."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.utils.text import get_valid_filename

from cwg.core.archives import BoundedArchive
from cwg.core.exceptions import InvalidInput, TooLarge

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = Kind("pdf", "PDF", "application/pdf", ("pdf",))
DOCX = Kind(
    "docx",
    "Word document (DOCX)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ("docx",),
)
ODT = Kind("odt", "OpenDocument text (ODT)", ODT_MIMETYPE.decode(), ("odt",))
TEXT = Kind("txt", "plain UTF-8 text", "text/plain; charset=utf-8", ("txt", "text"))
ACCEPTED = (PDF, DOCX, ODT, TEXT)
ACCEPTED_LABEL = "PDF, DOCX, ODT or plain UTF-8 text"


@dataclass(frozen=True)
class CheckedFile:
    kind: Kind
    size: int
    sha256: str
    filename: str  # safe stored name, with the extension of the detected kind

    @property
    def content_type(self) -> str:
        return self.kind.content_type


def _read_all(uploaded) -> bytes:
    uploaded.seek(0)
    data = b"".join(uploaded.chunks()) if hasattr(uploaded, "chunks") else uploaded.read()
    uploaded.seek(0)
    return data


def _zip_kind(data: bytes) -> Kind:
    try:
        archive = BoundedArchive(data, label="the file", field="file")
    except TooLarge:
        raise
    except InvalidInput:
        raise InvalidInput(
            f"the file looks like a ZIP archive but cannot be opened; upload {ACCEPTED_LABEL}",
            field="file",
        ) from None
    with archive:
        names = archive.names
        if "[Content_Types].xml" in archive and "word/document.xml" in archive:
            return DOCX
        # ODF puts an uncompressed "mimetype" entry first; checking its text is the format's rule.
        marker = archive.peek("mimetype", len(ODT_MIMETYPE) + 16) if "mimetype" in archive else b""
        if names and names[0] == "mimetype" and marker.strip() == ODT_MIMETYPE:
            return ODT
    raise InvalidInput(
        f"the file is a ZIP archive but neither a DOCX nor an ODT document; upload {ACCEPTED_LABEL}",
        field="file",
    )


def _detect(data: bytes) -> Kind:
    if data.startswith(b"%PDF-"):
        if b"%%EOF" not in data[-2048:]:
            raise InvalidInput("the PDF file is truncated (no end-of-file marker)", field="file")
        return PDF
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    guessed = filetype.guess(data[:8192])
    if guessed is not None:
        raise InvalidInput(
            f"files of type {guessed.mime} are not accepted; upload {ACCEPTED_LABEL}",
            field="file",
        )
    if b"\x00" in data:
        raise InvalidInput(f"the file is binary data, not {ACCEPTED_LABEL}", field="file")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(
            f"the file is neither a known document format nor UTF-8 text; upload {ACCEPTED_LABEL}",
            field="file",
        ) from None
    return TEXT


def _safe_name(original: str, kind: Kind) -> str:
    stem = get_valid_filename(PurePath(original or "").stem or "document")[:80] or "document"
    return f"{stem}.{kind.extensions[0]}"


def check_upload(uploaded) -> CheckedFile:
    """Refuse anything too big, empty, or whose content is not an accepted document kind."""
    if uploaded is None:
        raise InvalidInput("a file is required", field="file")
    limit = settings.CWG_MAX_UPLOAD_BYTES
    size = getattr(uploaded, "size", None)
    if size is not None and size > limit:
        raise InvalidInput(
            f"the file is {size} bytes; the largest accepted is {limit} bytes", field="file"
        )
    data = _read_all(uploaded)
    if len(data) > limit:
        raise InvalidInput(
            f"the file is {len(data)} bytes; the largest accepted is {limit} bytes", field="file"
        )
    if not data:
        raise InvalidInput("the file is empty", field="file")
    kind = _detect(data)
    name = getattr(uploaded, "name", "") or ""
    suffix = PurePath(name).suffix.lower().lstrip(".")
    if suffix and suffix not in kind.extensions:
        raise InvalidInput(
            f"the file's content is {kind.label} but its name ends in .{suffix}", field="file"
        )
    return CheckedFile(
        kind=kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        filename=_safe_name(name, kind),
    )
