"""Show dates and times in the signed-in person's own time zone (UTC for everyone else)."""

from __future__ import annotations

import contextlib
import zoneinfo

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
