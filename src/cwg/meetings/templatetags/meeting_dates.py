"""Template filters that write dates and date ranges in the reader's language with Babel."""

from __future__ import annotations

import datetime as dt

from django import template

from cwg.core.dates import format_day, format_days
from cwg.core.i18n import pick

register = template.Library()


@register.filter
def long_date(value: dt.date | None, language: str | None = None) -> str:
    """A day as every page writes it (cwg.core.dates.format_day)."""
    return format_day(value, language)


@register.filter
def date_span(meeting, language: str | None = None) -> str:
    """'3–4 February 2026' in English, '3–4 février 2026' in French, one date if one day."""
    return format_days(meeting.start_date, meeting.end_date, language)


@register.filter
def pick_text(texts: dict | None, language: str | None = None) -> str:

    return pick(texts, language)
