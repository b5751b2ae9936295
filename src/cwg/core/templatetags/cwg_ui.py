"""Template filters of the page shell: multilingual text, locale dates, paging.

Apps above core add their own filters to this library in their AppConfig.ready (groups adds
`cite`), so every template keeps loading one library and core imports no app.
"""

from __future__ import annotations

import datetime as dt

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from django import template
from django.utils import timezone, translation

from cwg.core.i18n import pick as pick_text

register = template.Library()

# ITU writes English the British way ("12–13 May 2025").
_BABEL_LOCALES = {"en": "en_GB", "zh-hans": "zh_Hans", "zh-hant": "zh_Hant"}


def babel_locale(language: str | None = None) -> str:
    """The Babel locale for a Django UI language code."""
    code = (language or translation.get_language() or "en").lower()
    return _BABEL_LOCALES.get(code, code.split("-")[0])


@register.filter
def pick(texts, language=None):
    """{{ group.name|pick }}: the text in the reader's language, else the first available."""
    return pick_text(texts, language)


@register.filter
def date_span(start, end=None):
    """{{ start|date_span:end }}: one day or a span of days in the reader's locale."""
    if not start:
        return ""
    if isinstance(start, dt.datetime):
        start = timezone.localtime(start).date() if timezone.is_aware(start) else start.date()
    if isinstance(end, dt.datetime):
        end = timezone.localtime(end).date() if timezone.is_aware(end) else end.date()
    locale = babel_locale()
    if not end or end == start:
        return babel_dates.format_date(start, "long", locale=locale)
    return babel_dates.format_interval(start, end, "yMMMd", locale=locale)


@register.filter
def local_date(value, style="long"):
    """{{ value|local_date }}: a date in the reader's locale (style short/medium/long/full)."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return babel_dates.format_date(value, style, locale=babel_locale())


@register.filter
def local_datetime(value, style="medium"):
    """{{ value|local_datetime }}: an instant in the reader's time zone and locale, with the zone.

    The date follows `style` (short, medium, long, full); the time is hours and minutes.
    """
    if not value:
        return ""
    zone = timezone.get_current_timezone()
    if timezone.is_aware(value):
        value = value.astimezone(zone)
    locale = babel_locale()
    style = style if style in ("short", "medium", "long", "full") else "medium"
    date = babel_dates.format_date(value.date(), style, locale=locale)
    time = babel_dates.format_time(value, "short", tzinfo=zone, locale=locale)
    pattern = str(babel_dates.Locale.parse(locale).datetime_formats[style])
    text = pattern.replace("{1}", date).replace("{0}", time).replace("'", "")
    return f"{text} ({zone})"


@register.filter
def local_number(value):
    """{{ value|local_number }}: a number with the reader's digit grouping and decimal sign."""
    if value is None or value == "":
        return ""
    return babel_numbers.format_decimal(value, locale=babel_locale())


@register.filter
def elided_pages(page_obj):
    """The page numbers to link, elided around the current page."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
