"""The JSON API under /api/v1/: one router per domain, domain errors as 4xx with a message."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError

from cwg.core.exceptions import DomainError

api = NinjaAPI(
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


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found.", "code": "NotFound"}, status=404)


@api.exception_handler(NinjaValidationError)
def invalid_request(request, exc: NinjaValidationError):
    messages = []
    for error in exc.errors:
        where = ".".join(str(bit) for bit in error.get("loc", ()) if bit not in ("body", "payload"))
        messages.append(f"{where}: {error.get('msg')}" if where else str(error.get("msg")))
    return api.create_response(
        request,
        {
            "detail": "; ".join(messages) or "Invalid request.",
            "code": "InvalidInput",
            "errors": exc.errors,
        },
        status=422,
    )


def _register_routers() -> None:
    from importlib import import_module

    for app, prefix in (
        ("registry", "/"),
        ("groups", "/"),
        ("meetings", "/"),
        ("documents", "/"),
        ("consultations", "/"),
        ("decisions", "/"),
        ("analysis", "/"),
        ("reports", "/"),
        ("search", "/"),
    ):
        module = import_module(f"cwg.{app}.api")
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router(prefix, router, tags=[app])


_register_routers()
