"""Request-wide behaviour: the reader's time zone; a full disk answered with 503, not 500; the
Permissions-Policy header; idle sessions; NUL characters refused."""

from __future__ import annotations

import contextlib
import errno
import logging
import time
import zoneinfo

from django.conf import settings
from django.db import OperationalError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class ReaderTimeZoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        name = getattr(user, "time_zone", "") if user is not None and user.is_authenticated else ""
        timezone.deactivate()
        # An unknown zone falls back to UTC rather than failing the page.
        if name:
            with contextlib.suppress(zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.activate(zoneinfo.ZoneInfo(name))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class FullDiskMiddleware:
    """A full disk (files, the upload buffer or the database) answers 503 with a message, not 500.

    Whatever was being written is rolled back by its transaction and its files by
    `cwg.core.files`; this only turns the error into an answer the client can act on.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_full_disk(exception):
            return None
        logger.error("disk full while answering %s: %s", request.path, exception)
        message = _("The file store is full: nothing was stored. Please try again later.")
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": message, "code": "StorageFull"}, status=503)
        else:
            response = render(request, "503.html", {"message": message}, status=503)
        response["Retry-After"] = "300"
        return response


# How each engine says that its disk is full.
FULL_DISK_MESSAGES = ("database or disk is full", "no space left on device", "disk quota exceeded")


def is_full_disk(exception: BaseException) -> bool:
    seen = 0
    while exception is not None and seen < 5:
        if isinstance(exception, OSError) and exception.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if isinstance(exception, OperationalError) and any(
            text in str(exception).lower() for text in FULL_DISK_MESSAGES
        ):
            return True
        exception = exception.__cause__ or exception.__context__
        seen += 1
    return False


# Browser features no page of the site uses: denied to it and to anything it might embed.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header to every answer that has none of its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class NulCharacterMiddleware:
    """Refuses a NUL character in the path, a query parameter or a JSON body with a 400.

    No text a person writes holds one, and PostgreSQL cannot store or even compare it: a search
    or lookup with one would end in a database error (SQLite takes it silently).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        field = self._field_with_nul(request)
        if field is None:
            return self.get_response(request)
        message = _("%(field)s contains a NUL character, which no text may hold.") % {
            "field": field
        }
        # The API and the pickers' searches (…/pick.json) answer in JSON.
        if request.path.startswith("/api/") or request.path.endswith(".json"):
            return JsonResponse(
                {"detail": message, "code": "InvalidInput", "field": field}, status=400
            )
        return render(request, "400.html", {"message": message}, status=400)

    @staticmethod
    def _field_with_nul(request) -> str | None:
        if "\x00" in request.path:
            return "path"
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                return name.replace("\x00", "")
        if request.content_type == "application/json" and b"\\u0000" in request.body:
            return "body"
        return None


SEEN_KEY = "_cwg_seen"


def note_sign_in(sender, request, user, **kwargs):
    """The sign-in saves the session: the idle period starts there (user_logged_in receiver)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SEEN_KEY] = int(time.time())


class SessionIdleMiddleware:
    """A signed-in session ends SESSION_COOKIE_AGE seconds after its last request.

    Each save of a session moves its end that far ahead; saving on every request would cost two
    statements per page, so the session is saved again only when its last save is a minute old
    (or a tenth of the idle time, if that is shorter).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only sessions someone signed into: visitors without one get none made for them.
        if session is not None and session.get("_auth_user_id") is not None:
            now = int(time.time())
            interval = min(60, settings.SESSION_COOKIE_AGE // 10)
            if now - int(session.get(SEEN_KEY, 0)) >= interval:
                session[SEEN_KEY] = now  # marks the session modified: it is saved, end moved
        return response
