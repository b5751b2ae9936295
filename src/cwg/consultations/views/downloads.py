"""Sending stored files: a submission's attachment to a reader who may download it, or back to its
respondent, and the compilation's files."""

from __future__ import annotations

import re
import unicodedata

from django.http import FileResponse, Http404
from django.utils.http import http_date

from cwg.consultations import intake, permissions
from cwg.consultations.models import Attachment
from cwg.consultations.services.compilation import FORMATS
from cwg.core import files

# The type was judged from the bytes on upload; the name sent back says the same.
EXTENSIONS = {intake.PDF: "pdf", intake.DOCX: "docx", intake.ODT: "odt", intake.TXT: "txt"}
CONTENT_TYPES = {intake.TXT: "text/plain; charset=utf-8"}  # intake accepts only UTF-8 text
UNSAFE = re.compile(r"[^\w .()\-]+")
MAX_STEM = 80


def safe_filename(attachment: Attachment) -> str:
    """The receipt, the respondent's file name without path, controls or quotes, the true extension."""
    name = unicodedata.normalize("NFKC", attachment.original_name or "")
    name = re.split(r"[\\/]", name)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name.strip(".") else name
    stem = "".join(ch for ch in stem if unicodedata.category(ch)[0] != "C")
    stem = re.sub(r"\s+", " ", UNSAFE.sub("-", stem)).strip(" .-_")[:MAX_STEM].strip(" .-_")
    extension = EXTENSIONS.get(attachment.content_type, "bin")
    receipt = attachment.submission.receipt
    return f"{receipt}-{stem}.{extension}" if stem else f"{receipt}.{extension}"


def attachment_response(attachment: Attachment) -> FileResponse:
    try:
        handle, size = files.open_stored(attachment.file)
    except (FileNotFoundError, ValueError):
        # The record outlived its file (restored database, pruned storage): nothing to send.
        raise Http404("This file is no longer stored.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=safe_filename(attachment),
        content_type=CONTENT_TYPES.get(attachment.content_type)
        or attachment.content_type
        or "application/octet-stream",
    )
    if size is not None:
        response["Content-Length"] = str(size)
    response["X-Content-Type-Options"] = "nosniff"
    # Files of unpublished submissions reach the secretariat only: keep them out of shared caches.
    response["Cache-Control"] = "private, no-store"
    return response


def attachment(request, slug: str, receipt: str, attachment_id: int):
    found = permissions.get_attachment_for(request.user, slug, receipt, attachment_id)
    return attachment_response(found)


def receipt_attachment(request, slug: str, receipt: str, attachment_id: int):
    """A file the respondent sent, reached from their receipt page, published or not."""
    found = permissions.get_attachment_by_receipt_for(request.user, slug, receipt, attachment_id)
    return attachment_response(found)


def compilation_response(found, consultation, fmt: str) -> FileResponse:
    """A stored compilation file, with the time it was built from the records (HTML is shown in
    the browser, the other formats are downloaded)."""
    try:
        handle, size = files.open_stored(found.file)
    except (FileNotFoundError, ValueError):
        raise Http404("This file is no longer stored.") from None
    response = FileResponse(handle, content_type=FORMATS[fmt])
    if fmt != "html":
        response["Content-Disposition"] = (
            f'attachment; filename="{consultation.slug}-compilation-{found.language}.{fmt}"'
        )
    if size is not None:
        response["Content-Length"] = str(size)
    response["Last-Modified"] = http_date(found.generated_at.timestamp())
    response["X-Generated-At"] = found.generated_at.isoformat()
    return response
