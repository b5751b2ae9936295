"""The reader's time zone: their profile's, else the one their browser told us, else UTC."""

from __future__ import annotations

import functools
import zoneinfo
from urllib.parse import unquote

from django.utils import timezone

COOKIE = "cwg_tz"


def reader_zone(request) -> zoneinfo.ZoneInfo:
    candidates = []
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        candidates.append(getattr(user, "time_zone", ""))
    candidates += [request.GET.get("tz", ""), unquote(request.COOKIES.get(COOKIE, ""))]
    for name in candidates:
        if name and name != "UTC":
            try:
                return zoneinfo.ZoneInfo(name)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                continue
    return zoneinfo.ZoneInfo("UTC")


def in_reader_zone(view):
    """Render the page with instants shown in the reader's time zone."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        with timezone.override(reader_zone(request)):
            return view(request, *args, **kwargs)

    return wrapper
