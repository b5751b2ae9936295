"""Dates that reach the services as text or as dates: one reading, one refusal naming the field."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone, translation

from cwg.core.exceptions import InvalidInput


def read_date(value, field: str) -> dt.date:
    """A date, a datetime (its day) or an ISO text YYYY-MM-DD; anything else is refused."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidInput(f"{field} must be a date written YYYY-MM-DD; got {value!r}", field=field)


# One Babel format per context on the pages: a day is "long" ("3 February 2026"), a span of
# days the same long pattern ("3–4 February 2026"), an instant the "medium" day and the time
# with its zone. Every page and message writes dates through these.
DAY_FORMAT = "long"
INSTANT_FORMAT = "medium"
# ITU writes English the British way ("12–13 May 2025").
_BABEL_LOCALES = {"en": "en_GB", "zh-hans": "zh_Hans", "zh-hant": "zh_Hant", "zh": "zh_Hans"}


def babel_locale(language: str | None = None) -> str:
    """The Babel locale for a Django UI language code (or a document language code)."""

    code = (language or translation.get_language() or "en").lower()
    return _BABEL_LOCALES.get(code, code.split("-")[0])


def _day(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def format_day(value, language: str | None = None, style: str = DAY_FORMAT) -> str:
    """A day in the reader's language: "3 February 2026", "3 février 2026"."""
    from babel.dates import format_date

    if not value:
        return ""
    return format_date(_day(value), style, locale=babel_locale(language))


def format_days(start, end=None, language: str | None = None) -> str:
    """One day, or a span of days: "3–4 February 2026", "3–4 de febrero de 2026".

    Within one month the span is the day's own long pattern with the first day before the
    last (so it reads like a day on the same page); across months, two days written in full.
    """
    from babel import Locale
    from babel.dates import format_date

    if not start:
        return ""
    start, end = _day(start), _day(end) if end else None
    if not end or end == start:
        return format_day(start, language)
    if (start.year, start.month) != (end.year, end.month):
        return f"{format_day(start, language)} – {format_day(end, language)}"
    locale = Locale.parse(babel_locale(language))
    first = format_date(start, "d", locale=locale)
    pattern = _with_first_day(locale.date_formats[DAY_FORMAT].pattern, first)
    return format_date(end, pattern, locale=locale)


def _with_first_day(pattern: str, first: str) -> str:
    """The pattern with "<first>–" before its day field (quoted text left alone)."""
    parts = re.split(r"('[^']*')", pattern)
    for index, part in enumerate(parts):
        if not part.startswith("'") and re.search(r"(?<!d)d(?!d)", part):
            parts[index] = re.sub(r"(?<!d)d(?!d)", f"'{first}–'d", part, count=1)
            break
    return "".join(parts)
