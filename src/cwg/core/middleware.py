"""Request middleware: the reader's time zone, the Permissions-Policy header, idle sessions."""

from __future__ import annotations

import contextlib
import time
import zoneinfo

from django.conf import settings
from django.utils import timezone


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
