"""Checks on incoming submissions: receipts, request fingerprints, file types, rate limits, spam."""

from __future__ import annotations

import functools
import hashlib
import json
import secrets
import time
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _

from cwg.core.archives import BoundedArchive
from cwg.core.exceptions import InvalidInput, RateLimited, TooLarge
from cwg.core.memo import ProcessCounter

# Crockford's base32 without I, L, O, U: nothing a reader can mistake when reading a receipt out.
RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
MAX_ATTACHMENTS = 5
MAX_ANSWER_CHARS = 50_000
MIN_FORM_SECONDS = 1.0
MAX_FORM_AGE_SECONDS = 24 * 3600
FORM_SALT = "cwg.consultations.form-started"

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
TXT = "text/plain"
ACCEPTED_TYPES = {PDF: "PDF", DOCX: "DOCX", ODT: "ODT", TXT: "TXT"}


class PayloadTooLarge(TooLarge):
    pass


class LimitExceeded(RateLimited):
    """Too many requests from one client; carries how long to wait."""

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message, code="RateLimited")
        self.retry_after = retry_after


def new_receipt(prefix: str, year: int) -> str:
    """An unguessable, human-readable receipt number, e.g. CWG-INTERNET-2025-7K3Q-9XDM."""
    # 40 random bits read at once, five per character (the alphabet has 32 letters and digits).
    bits = int.from_bytes(secrets.token_bytes(5), "big")
    body = "".join(RECEIPT_ALPHABET[(bits >> shift) & 31] for shift in range(35, -1, -5))
    return f"{prefix}-{year}-{body[:4]}-{body[4:]}"


def request_fingerprint(fields: dict, attachment_hashes: list[str]) -> str:
    """The same request always gives the same fingerprint, whatever the key order."""
    payload = json.dumps(
        {"fields": fields, "attachments": sorted(attachment_hashes)},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass
class CheckedFile:
    name: str
    content: bytes
    content_type: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)


# The parts read to tell the kind of a document are a few hundred bytes in a real file.
MAX_MARKER_BYTES = 1024 * 1024


def _open_archive(content: bytes, label: str) -> BoundedArchive:
    return BoundedArchive(content, label=label, field="attachments")


def _check_docx(content: bytes, name: str) -> None:
    with _open_archive(content, name) as archive:
        if "[Content_Types].xml" not in archive or "word/document.xml" not in archive:
            raise InvalidInput(
                _("%(name)s is not a Word document: its archive has no word/document.xml")
                % {"name": name},
                field="attachments",
            )
        types = archive.read("[Content_Types].xml", limit=MAX_MARKER_BYTES)
    if b"wordprocessingml" not in types:
        raise InvalidInput(
            _("%(name)s is not a Word text document") % {"name": name}, field="attachments"
        )


def _check_odt(content: bytes, name: str) -> None:
    with _open_archive(content, name) as archive:
        if "mimetype" not in archive or "content.xml" not in archive:
            raise InvalidInput(
                _(
                    "%(name)s is not an OpenDocument text: its archive has no mimetype or content.xml"
                )
                % {"name": name},
                field="attachments",
            )
        mimetype = archive.read("mimetype", limit=MAX_MARKER_BYTES)
    if mimetype.strip() != ODT.encode():
        raise InvalidInput(
            _("%(name)s is an OpenDocument file but not a text") % {"name": name},
            field="attachments",
        )


def _looks_like_text(content: bytes) -> bool:
    if b"\x00" in content:
        return False
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def check_file(name: str, content: bytes) -> CheckedFile:
    """Accept a PDF, DOCX, ODT or plain-text file judged by its bytes, never by its name."""
    name = (name or "attachment").replace("/", "_").replace("\\", "_")[-200:]
    limit = settings.CWG_MAX_UPLOAD_BYTES
    if len(content) > limit:
        raise PayloadTooLarge(
            _("%(name)s is %(size)s bytes; the largest accepted file is %(limit)s bytes")
            % {"name": name, "size": f"{len(content):,}", "limit": f"{limit:,}"},
            field="attachments",
        )
    if not content:
        raise InvalidInput(_("%(name)s is empty") % {"name": name}, field="attachments")
    kind = filetype.guess(content)
    mime = kind.mime if kind else None
    if mime == PDF:
        if b"%%EOF" not in content[-2048:]:
            raise InvalidInput(
                _("%(name)s is a truncated PDF (no end marker)") % {"name": name},
                field="attachments",
            )
    elif mime == ODT:
        _check_odt(content, name)
    elif mime in (DOCX, "application/zip"):
        # Some writers order the archive so that only its structure tells it is a DOCX.
        _check_docx(content, name)
        mime = DOCX
    elif mime is None and _looks_like_text(content):
        mime = TXT
    else:
        found = _(" (it looks like %(type)s)") % {"type": mime} if mime else ""
        raise InvalidInput(
            _("%(name)s is not an accepted file type%(found)s; send PDF, DOCX, ODT or plain text")
            % {"name": name, "found": found},
            field="attachments",
        )
    return CheckedFile(
        name=name, content=content, content_type=mime, sha256=hashlib.sha256(content).hexdigest()
    )


def read_upload(upload) -> tuple[str, bytes]:
    """Read an uploaded file, refusing it before reading past the size limit."""
    limit = settings.CWG_MAX_UPLOAD_BYTES
    name = getattr(upload, "name", "attachment") or "attachment"
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise PayloadTooLarge(
            _("%(name)s is %(size)s bytes; the largest accepted file is %(limit)s bytes")
            % {"name": name, "size": f"{size:,}", "limit": f"{limit:,}"},
            field="attachments",
        )
    content = upload.read(limit + 1)
    return name, content


def closed_message(consultation, now) -> str:
    if consultation.state != "open":
        return _("This consultation is %(state)s: it does not take submissions.") % {
            "state": _(consultation.get_state_display()).lower()
        }
    if consultation.opens_at and now < consultation.opens_at:
        return _("This consultation opens at %(when)s UTC; submissions are not taken yet.") % {
            "when": f"{consultation.opens_at:%Y-%m-%d %H:%M}"
        }
    if consultation.closes_at:
        return _("This consultation closed at %(when)s UTC; late submissions are not accepted.") % {
            "when": f"{consultation.closes_at:%Y-%m-%d %H:%M}"
        }
    return _("This consultation is closed; late submissions are not accepted.")


# Rate limiting --------------------------------------------------------------------------


def client_address(request) -> str:
    # The socket address, or the forwarded one only behind a trusted proxy (cwg.core.clients).
    from cwg.core.clients import client_ip

    return client_ip(request)


def check_rate_limit(client: str, *, scope: str = "submit", now: float | None = None) -> None:
    """Count one request of this client in the current minute; refuse past the limit."""
    limit = settings.CWG_RATE_LIMIT_PER_MINUTE
    now = time.time() if now is None else now
    window = int(now // 60)
    count = _count_request(f"cwg:rate:{scope}:{client}:{window}", window)
    if count > limit:
        retry_after = max(1, int(60 - (now - window * 60)) + 1)
        raise LimitExceeded(
            _(
                "Too many submissions from your address: at most %(limit)s a minute. "
                "Try again in %(seconds)s seconds."
            )
            % {"limit": limit, "seconds": retry_after},
            retry_after=retry_after,
        )


def _count_request(key: str, window: int) -> int:
    """Add one to the minute's counter and return it.

    In Redis (shared by every server process) it is one round trip: SET NX with its expiry and
    INCR, pipelined. Without Redis each process counts in its own memory.
    """
    if settings.CWG_REDIS_URL:
        pipe = _redis(settings.CWG_REDIS_URL).pipeline(transaction=False)
        pipe.set(key, 0, ex=70, nx=True)
        pipe.incr(key)
        return int(pipe.execute()[1])
    return _counts_here.add_one(key, window)


_counts_here = ProcessCounter()


@functools.cache
def _redis(url: str):
    """One client (and connection pool, safe across threads) per process."""
    import redis

    return redis.Redis.from_url(url)


# Spam protection for the web form ----------------------------------------------------------


def form_started_token(at: float | None = None) -> str:
    """A signed record of when the form was shown, checked when it comes back."""
    return signing.dumps({"t": time.time() if at is None else at}, salt=FORM_SALT)


def check_form_timing(token: str, *, now: float | None = None) -> None:
    now = time.time() if now is None else now
    try:
        started = float(signing.loads(token or "", salt=FORM_SALT)["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise InvalidInput(
            _("The form could not be verified; reload the page and send it again."), field="form"
        ) from None
    elapsed = now - started
    if elapsed < MIN_FORM_SECONDS:
        raise InvalidInput(
            _("The form was sent too quickly to have been filled in by a person."), field="form"
        )
    if elapsed > MAX_FORM_AGE_SECONDS:
        raise InvalidInput(
            _("The form has expired; reload the page and send it again."), field="form"
        )


def check_honeypot(value: str | None) -> None:
    if value:
        raise InvalidInput(
            _("The submission was refused as automated (a hidden field was filled in)."),
            field="form",
        )
