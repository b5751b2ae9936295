"""The JSON API under /api/v1/: one router per domain, domain errors as 4xx with a message."""

import json
from importlib import import_module
from typing import Literal

from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI, Router
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

from cwg.core.exceptions import DomainError
from cwg.shell import opendata


class ObjectBodyParser(Parser):
    """JSON bodies are objects: a list or a bare value is refused (400), not read as defaults."""

    def parse_body(self, request):
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise ValueError("the body must be a JSON object")
        return data


class CwgAPI(NinjaAPI):
    """The API, whose OpenAPI schema also declares its error answers and file media types."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        from cwg.api_schema import complete

        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return complete(schema)


api = CwgAPI(
    parser=ObjectBodyParser(),
    title="cwg API",
    version="1",
    description="Records of Council Working Groups: groups, meetings, documents, resolutions, "
    "Member States, consultations, decisions, reports and gap analyses.",
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    body = {"detail": exc.message, "code": exc.code}
    if exc.field:
        body["field"] = exc.field
    return api.create_response(request, body, status=exc.status_code)


@api.exception_handler(MultiPartParserError)
def unreadable_multipart(request, exc):
    """Django reads at most 1 KB of a part's headers: a file name of ~1,000 characters, sent as
    is by most clients, ends there with an HTML page unless answered here. Every uploaded file
    of the API is the `file` field (the consultations' `attachments` are answered in their view)."""
    body = {
        "detail": "the multipart body could not be read; a file name may be at most 180 bytes",
        "code": "InvalidInput",
        "field": "file",
    }
    return api.create_response(request, body, status=400)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found.", "code": "NotFound"}, status=404)


# Where ninja says a value came from; not part of the field's name as the client knows it.
_SOURCES = {"body", "payload", "query", "path", "form", "file", "header", "cookie"}


def _field_name(location) -> str:
    """The field as the client sent it: ("query", "ninja_pagination", "page") -> "page"."""
    bits = [str(bit) for bit in location or () if bit not in _SOURCES]
    return ".".join(bit for bit in bits if not bit.startswith("ninja_"))


@api.exception_handler(NinjaValidationError)
def invalid_request(request, exc: NinjaValidationError):
    """A request that does not fit the schema: 400, like every other refused input, with the
    field named (`field` is the first one) and pydantic's list of errors for programs."""
    messages = []
    fields = []
    for error in exc.errors:
        where = _field_name(error.get("loc", ()))
        if where:
            fields.append(where)
        messages.append(f"{where}: {error.get('msg')}" if where else str(error.get("msg")))
    body = {
        "detail": "; ".join(messages) or "Invalid request.",
        "code": "InvalidInput",
        "errors": exc.errors,
    }
    if fields:
        body["field"] = fields[0]
    return api.create_response(request, body, status=400)


def _register_routers() -> None:
    # Django tries the API's URL patterns in order, so each route pays for every pattern listed
    # before it. Public submissions are the one write path under bursts of load: matched first.
    for app, prefix in (
        ("consultations", "/"),
        ("registry", "/"),
        ("groups", "/"),
        ("meetings", "/"),
        ("documents", "/"),
        ("decisions", "/"),
        ("analysis", "/"),
        ("drafting", "/"),
        ("reports", "/"),
        ("search", "/"),
    ):
        module = import_module(f"cwg.{app}.api")
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router(prefix, router, tags=[app])


exports = Router()


@exports.get("/exports/{dataset}.{fmt}", url_name="open_data_export")
def open_data_export(
    request,
    dataset: Literal["documents", "decisions", "actions", "meetings", "submissions"],
    fmt: Literal["csv", "jsonl", "xlsx"],
):
    """A bulk export of the records the caller may see, streamed (CSV, JSON Lines or XLSX)."""
    return opendata.download(request.user, dataset, fmt)


_register_routers()
api.add_router("/", exports, tags=["exports"])
