"""Template filters that write dates and date ranges in the reader's language with Babel."""

from __future__ import annotations

import datetime as dt

from babel.core import UnknownLocaleError
from babel.dates import format_date, format_interval
from django import template
from django.utils import translation

from cwg.core.i18n import pick

register = template.Library()


def babel_locale(language: str | None = None) -> str:
    return translation.to_locale(language or translation.get_language() or "en")


@register.filter
def long_date(value: dt.date | None, language: str | None = None) -> str:
    if not value:
        return ""
    try:
        return format_date(value, format="long", locale=babel_locale(language))
    except (UnknownLocaleError, ValueError):
        return value.isoformat()


@register.filter
def date_span(meeting, language: str | None = None) -> str:
    """'3–4 February 2026' in English, '3–4 février 2026' in French, one date if one day."""
    start, end = meeting.start_date, meeting.end_date
    try:
        if start == end:
            return format_date(start, format="long", locale=babel_locale(language))
        return format_interval(start, end, skeleton="yMMMMd", locale=babel_locale(language))
    except (UnknownLocaleError, ValueError):
        return f"{start.isoformat()} – {end.isoformat()}"


@register.filter
def pick_text(texts: dict | None, language: str | None = None) -> str:

    return pick(texts, language)
