"""Sending a stored document file to a reader who may see it."""

from __future__ import annotations

from django.http import FileResponse

from cwg.core import files
from cwg.documents.models import DocumentFile


def file_response(document_file: DocumentFile) -> FileResponse:
    """The file as an attachment named after the symbol, revision and language."""
    extension = document_file.file.name.rsplit(".", 1)[-1]
    revision = f"-rev{document_file.revision}" if document_file.revision else ""
    name = f"{document_file.document.symbol.replace('/', '-')}{revision}-{document_file.language}"
    handle, size = files.open_stored(document_file.file)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{name}.{extension}",
        content_type=document_file.content_type or "application/octet-stream",
    )
    if size is not None:
        response["Content-Length"] = str(size)
    if document_file.sha256:
        response["Digest"] = f"sha-256={document_file.sha256}"
    # Members-only files must not linger in shared caches.
    response["Cache-Control"] = "private, no-store"
    return response
