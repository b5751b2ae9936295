"""What the OpenAPI schema of the API says beyond django-ninja's defaults: every error answer with
its JSON shape, the success codes of hand-built responses, and the media types of files."""

from __future__ import annotations

ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "What is wrong, for a person to read."},
        "code": {"type": "string", "description": "A stable name of the kind of error."},
        "field": {"type": "string", "description": "The field the error is about, if any."},
        "errors": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["detail"],
}
ERROR_DESCRIPTIONS = {
    "400": "Bad input: the message names the field.",
    "401": "Not signed in.",
    "403": "Signed in, but not allowed to do this.",
    "404": "No such record, or one the caller may not see.",
    "409": "The request conflicts with the record's state.",
    "413": "The request or a file in it is too large.",
    "429": "Too many requests from this client; see Retry-After.",
}

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_TEXT = {"type": "string"}
_BINARY = {"type": "string", "format": "binary"}
# The kinds of file a document version may be (cwg.documents.uploads.ACCEPTED).
DOCUMENT_FILE = {
    "application/pdf": _BINARY,
    DOCX: _BINARY,
    "application/vnd.oasis.opendocument.text": _BINARY,
    "text/plain": _TEXT,
    "application/octet-stream": _BINARY,
}

# Operations that answer with a file rather than JSON: their media types.
FILE_RESPONSES = {
    ("get", "/api/v1/meetings.ics"): {"text/calendar": _TEXT},
    ("get", "/api/v1/groups/{slug}/meetings.ics"): {"text/calendar": _TEXT},
    ("get", "/api/v1/documents/files/{file_id}"): DOCUMENT_FILE,
    ("get", "/api/v1/documents/{document_id}/versions/{revision}/{language}"): DOCUMENT_FILE,
    ("get", "/api/v1/exports/{dataset}.{fmt}"): {
        "text/csv": _TEXT,
        "application/jsonl": _TEXT,
        XLSX: _BINARY,
    },
    ("get", "/api/v1/consultations/{slug}/compilation.{fmt}"): {
        "text/html": _TEXT,
        "text/csv": _TEXT,
        DOCX: _BINARY,
        XLSX: _BINARY,
    },
    ("get", "/api/v1/reports/chair"): {
        "application/pdf": _BINARY,
        DOCX: _BINARY,
        "text/html": _TEXT,
    },
    ("get", "/api/v1/reports/cycle"): {
        "application/pdf": _BINARY,
        DOCX: _BINARY,
        "text/html": _TEXT,
    },
}
# Success codes of operations that build their own response (django-ninja only knows of 200).
EXTRA_SUCCESS = {
    ("post", "/api/v1/consultations"): {"201": "The consultation, created."},
    ("post", "/api/v1/consultations/{slug}/submissions"): {
        "201": "The receipt of a new submission.",
    },
    ("post", "/api/v1/consultations/{slug}/campaigns/runs"): {"202": "The run, queued."},
}
# The public submission endpoint reads its body itself (JSON, or multipart with attachments).
SUBMISSION_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": {"type": "object"}},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    "attachments": {"type": "array", "items": _BINARY},
                    "answers": {"type": "string"},
                },
            }
        },
    },
}


def _error_codes(path: str, operation: dict) -> list[str]:
    codes = ["400", "403", "404", "409"]
    if operation.get("security"):
        codes.append("401")
    body = operation.get("requestBody", {}).get("content", {})
    if "multipart/form-data" in body:
        codes.append("413")
    if path.endswith("/submissions") and "requestBody" in operation:
        codes += ["401", "413", "429"]
    return sorted(set(codes))


def complete(schema: dict) -> dict:
    """Declare error answers, extra success codes and file media types (in place)."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            if method == "post" and path == "/api/v1/consultations/{slug}/submissions":
                operation.setdefault("requestBody", SUBMISSION_BODY)
            responses = operation.setdefault("responses", {})
            media = FILE_RESPONSES.get((method, path))
            if media:
                responses["200"] = {
                    "description": "The file.",
                    "content": {kind: {"schema": shape} for kind, shape in media.items()},
                }
            for code, description in EXTRA_SUCCESS.get((method, path), {}).items():
                responses.setdefault(code, {"description": description})
            for code in _error_codes(path, operation):
                responses.setdefault(
                    code,
                    {
                        "description": ERROR_DESCRIPTIONS[code],
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                )
    return schema
