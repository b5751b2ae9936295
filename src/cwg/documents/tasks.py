"""Background work of documents: the text of each uploaded file, for search."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django_tasks import task

from cwg.documents.models import DocumentFile, TextStatus
from cwg.documents.text_extraction import Result, extract_isolated

logger = logging.getLogger(__name__)


def _read(document_file: DocumentFile) -> bytes | Result:
    limit = settings.CWG_MAX_UPLOAD_BYTES
    try:
        with document_file.file.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError:
        return Result(TextStatus.FAILED, error="the stored file cannot be read")
    if len(data) > limit:
        return Result(TextStatus.FAILED, error=f"the stored file is larger than {limit} bytes")
    return data


def store_text(file_id: int) -> str:
    """Extract one file's text and save it (the search index follows the save); its status."""
    document_file = DocumentFile.objects.filter(pk=file_id).first()
    if document_file is None:
        return "gone"
    if not document_file.file:
        result = Result(TextStatus.UNSUPPORTED, error="no file has been uploaded yet")
    else:
        read = _read(document_file)
        result = read if isinstance(read, Result) else extract_isolated(read)
    with transaction.atomic():
        # A plain save with update_fields: post_save fires, and the search index re-reads it.
        locked = DocumentFile.objects.select_for_update().filter(pk=file_id).first()
        if locked is None or locked.sha256 != document_file.sha256:
            return "changed"
        locked.text = result.text
        locked.text_status = result.status
        locked.text_error = result.error[:300]
        locked.save(update_fields=["text", "text_status", "text_error"])
    return result.status


@task()
def extract_file_text(file_id: int) -> str:
    return store_text(file_id)


def extract_after_commit(document_file: DocumentFile) -> None:
    """Queue the extraction of a newly stored file once its transaction has committed."""
    transaction.on_commit(lambda pk=document_file.pk: _enqueue(pk))


def _enqueue(file_id: int) -> None:
    try:
        extract_file_text.enqueue(file_id)
    except Exception:  # the file is stored; `cwg documents extract-text --missing` catches up
        logger.exception("could not queue the text extraction of document file %s", file_id)
