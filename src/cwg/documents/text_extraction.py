"""The text of an uploaded file (DOCX, ODT, PDF, TXT), read in a child process within fixed bounds.

An uploaded file is not trusted: a PDF parser can loop or swell on a crafted file, and an archive
can claim anything in its headers. So each file is read by a fresh Python process
(`python -m cwg.documents.text_extraction`) that first caps its own address space and CPU time
(`CWG_TEXT_MAX_MEMORY_BYTES`, `CWG_TEXT_TIMEOUT_SECONDS`); the parent also kills it at the same
wall-clock timeout. A page cap and a character cap alone would not bound one pathological page,
and a thread cannot be stopped, hence the process. Archives are read through
`cwg.core.archives.BoundedArchive` (members, sizes, ratio), XML with a DTD is refused (a DOCX or
ODT never has one, and entities are how an XML bomb expands), PDFs stop after
`CWG_TEXT_MAX_PDF_PAGES` pages, and every text stops at `CWG_TEXT_MAX_CHARS` characters.
Whatever goes wrong ends as a `Result` with status "failed" and a reason, never an exception.
"""

from __future__ import annotations

import codecs
import io
import json
import logging
import os
import resource
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass

import pypdf
from django.conf import settings

from cwg.core.archives import BoundedArchive
from cwg.core.exceptions import DomainError

DONE, FAILED, UNSUPPORTED = "done", "failed", "unsupported"
WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ODF_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
ZIP_SETTINGS = (
    "CWG_ZIP_MAX_MEMBERS",
    "CWG_ZIP_MAX_MEMBER_BYTES",
    "CWG_ZIP_MAX_TOTAL_BYTES",
    "CWG_ZIP_MAX_RATIO",
    "CWG_ZIP_MAX_DEPTH",
)
# Control characters other than tab and newline: PostgreSQL refuses NUL in text, the rest is noise.
_CONTROL = {c: None for c in range(32) if c not in (9, 10)} | {0x7F: None}


@dataclass
class Result:
    status: str
    text: str = ""
    error: str = ""


class _Full(Exception):
    """Enough text has been read."""


class Failed(Exception):
    """The file cannot be read; the message says why."""


@dataclass
class Limits:
    max_chars: int
    max_pages: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(settings.CWG_TEXT_MAX_CHARS, settings.CWG_TEXT_MAX_PDF_PAGES)


class _Text:
    """Pieces of text collected up to a number of characters."""

    def __init__(self, limit: int):
        self.limit, self.size, self.parts = limit, 0, []

    def add(self, piece: str | None) -> None:
        if not piece:
            return
        self.parts.append(piece)
        self.size += len(piece)
        if self.size >= self.limit:
            raise _Full

    def value(self) -> str:
        return clean("".join(self.parts))[: self.limit]


def clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.translate(_CONTROL).strip()


# ---------------------------------------------------------------- the formats


def kind_of(data: bytes) -> str:
    """The format by content, as the upload check decided it: pdf, docx, odt, txt or ""."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if data and b"\x00" not in data[:8192]:
        return "txt"
    return ""


def _xml_events(data: bytes):
    head = data[:4096]
    if b"<!DOCTYPE" in head or b"<!ENTITY" in data:
        raise Failed("the document's XML declares a DTD or entities, which documents never do")
    try:
        yield from ET.iterparse(io.BytesIO(data), events=("end",))
    except ET.ParseError as error:
        raise Failed(f"the document's XML is malformed ({error})") from None


def _docx(archive: BoundedArchive, text: _Text) -> None:
    data = archive.read("word/document.xml")
    for _event, element in _xml_events(data):
        tag = element.tag
        if tag == f"{WORD}t":
            text.add(element.text)
        elif tag == f"{WORD}tab":
            text.add("\t")
        elif tag in (f"{WORD}br", f"{WORD}cr"):
            text.add("\n")
        elif tag == f"{WORD}p":
            text.add("\n")
            element.clear()


def _odf_walk(element, text: _Text) -> None:
    text.add(element.text)
    for child in element:
        if child.tag == f"{ODF_TEXT}s":
            text.add(" " * min(int(child.get(f"{ODF_TEXT}c", "1") or 1), 100))
        elif child.tag == f"{ODF_TEXT}tab":
            text.add("\t")
        elif child.tag == f"{ODF_TEXT}line-break":
            text.add("\n")
        else:
            _odf_walk(child, text)
        text.add(child.tail)


def _odt(archive: BoundedArchive, text: _Text) -> None:
    data = archive.read("content.xml")
    for _event, element in _xml_events(data):
        if element.tag in (f"{ODF_TEXT}p", f"{ODF_TEXT}h"):
            _odf_walk(element, text)
            text.add("\n")
            element.clear()


def _archive(data: bytes, text: _Text) -> None:
    try:
        archive = BoundedArchive(data, label="the file", field="file")
    except DomainError as error:
        raise Failed(error.message) from None
    with archive:
        try:
            if "word/document.xml" in archive:
                _docx(archive, text)
            elif "content.xml" in archive and "mimetype" in archive:
                if archive.peek("mimetype", len(ODT_MIMETYPE) + 16).strip() != ODT_MIMETYPE:
                    raise Failed("the archive is an OpenDocument file but not a text document")
                _odt(archive, text)
            else:
                raise Failed("the archive is neither a DOCX nor an ODT document")
        except DomainError as error:
            raise Failed(error.message) from None


def _pdf(data: bytes, text: _Text, limits: Limits) -> None:
    reader = pypdf.PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        # Many PDFs are "encrypted" with an empty password only to restrict printing.
        try:
            opened = reader.decrypt("")
        except Exception:
            opened = 0
        if not opened:
            raise Failed("the PDF is encrypted with a password")
    for number, page in enumerate(reader.pages):
        if number >= limits.max_pages:
            break
        text.add(page.extract_text() or "")
        text.add("\n")


def _txt(data: bytes, text: _Text) -> None:
    # At most four bytes per character in UTF-8: no need to read further than that.
    data = data[: text.limit * 4]
    try:
        decoded = codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
    except UnicodeDecodeError:
        decoded = data.decode("cp1252", errors="replace")
    text.add(decoded.lstrip("\ufeff"))


def extract(data: bytes, limits: Limits) -> Result:
    """The text of `data`, in this process: call it only where time and memory are bounded."""
    kind = kind_of(data)
    if not kind:
        return Result(UNSUPPORTED, error="the file is not a PDF, DOCX, ODT or text document")
    text = _Text(limits.max_chars)
    try:
        if kind == "pdf":
            _pdf(data, text, limits)
        elif kind == "zip":
            _archive(data, text)
        else:
            _txt(data, text)
    except _Full:
        pass
    except Failed as error:
        return Result(FAILED, error=str(error)[:300])
    except MemoryError:
        return Result(FAILED, error="the file needs more memory than is allowed to read")
    except RecursionError:
        return Result(FAILED, error="the file is nested too deeply to read")
    except Exception as error:
        return Result(FAILED, error=f"the file cannot be read ({type(error).__name__})")
    return Result(DONE, text=text.value())


# ---------------------------------------------------------------- the child process


def extract_isolated(data: bytes) -> Result:
    """The text of `data`, read by a child process held to the time and memory limits."""
    timeout = settings.CWG_TEXT_TIMEOUT_SECONDS
    config = {
        "max_chars": settings.CWG_TEXT_MAX_CHARS,
        "max_pages": settings.CWG_TEXT_MAX_PDF_PAGES,
        "memory": settings.CWG_TEXT_MAX_MEMORY_BYTES,
        "cpu": timeout,
        "zip": {name: getattr(settings, name) for name in ZIP_SETTINGS},
    }
    env = {**os.environ, "CWG_TEXT_EXTRACTION": json.dumps(config)}
    env.pop("DJANGO_SETTINGS_MODULE", None)  # the child configures only what it needs
    try:
        done = subprocess.run(
            [sys.executable, "-m", "cwg.documents.text_extraction"],
            input=data,
            capture_output=True,
            timeout=timeout,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Result(FAILED, error=f"reading the file took longer than {timeout} seconds")
    except OSError as error:
        return Result(FAILED, error=f"the text reader could not start ({error.strerror})")
    if done.returncode != 0:
        return Result(
            FAILED, error="the text reader stopped: the file needs too much time or memory"
        )
    try:
        return Result(**json.loads(done.stdout))
    except (ValueError, TypeError):
        return Result(FAILED, error="the text reader gave no usable answer")


def _child() -> None:
    config = json.loads(os.environ["CWG_TEXT_EXTRACTION"])
    resource.setrlimit(resource.RLIMIT_AS, (config["memory"], config["memory"]))
    resource.setrlimit(resource.RLIMIT_CPU, (config["cpu"], config["cpu"] + 1))
    settings.configure(USE_I18N=False, **config["zip"])
    logging.disable(logging.WARNING)  # pypdf reports every oddity of a file; the result says enough
    data = sys.stdin.buffer.read()
    result = extract(data, Limits(config["max_chars"], config["max_pages"]))
    sys.stdout.write(json.dumps(asdict(result)))


if __name__ == "__main__":
    _child()
