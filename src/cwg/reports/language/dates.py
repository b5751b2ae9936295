"""Dates and date ranges as a native writer puts them, month names from Babel (CLDR)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from babel.dates import format_date, get_month_names


def month(language: str, date: dt.date) -> str:
    # The "format" context gives the form used inside a date (Russian genitive "сентября").
    return get_month_names("wide", context="format", locale=language)[date.month]


def _fr_day(date: dt.date) -> str:
    return "1er" if date.day == 1 else str(date.day)


@dataclass(frozen=True)
class SpanWording:
    """How one language writes a date and a span of days; the patterns take the dates as {}."""

    single: str  # "le {}"
    two_days: str  # "les {} et {}"
    longer: str  # "du {} au {}"
    month_joint: str = " "  # between day and month ("15 de septiembre")
    year_joint: str = " "  # between month and year
    year_suffix: str = ""  # Russian "года"
    day: Callable[[dt.date], str] = lambda d: str(d.day)

    def full(self, language: str, d: dt.date, with_year: bool = True) -> str:
        text = f"{self.day(d)}{self.month_joint}{month(language, d)}"
        return text + (f"{self.year_joint}{d.year}{self.year_suffix}" if with_year else "")

    def span(self, language: str, start: dt.date, end: dt.date) -> str:
        if start == end:
            return self.single.format(self.full(language, start))
        same_year = start.year == end.year
        same_month = same_year and start.month == end.month
        first = self.day(start) if same_month else self.full(language, start, not same_year)
        pattern = self.two_days if (end - start).days == 1 else self.longer
        return pattern.format(first, self.full(language, end))


WORDINGS = {
    # "le 20 janvier 2026", "les 15 et 16 septembre 2025", "du 30 septembre au 2 octobre 2025"
    "fr": SpanWording("le {}", "les {} et {}", "du {} au {}", day=_fr_day),
    # "on 20 January 2026", "on 15 and 16 September 2025", "from 30 September to 2 October 2025"
    "en": SpanWording("on {}", "on {} and {}", "from {} to {}"),
    # "el 20 de enero de 2026", "los días 15 y 16 de septiembre de 2025",
    # "del 30 de septiembre al 2 de octubre de 2025"
    "es": SpanWording("el {}", "los días {} y {}", "del {} al {}", " de ", " de "),
    # "20 января 2026 года", "15 и 16 сентября 2025 года", "с 30 сентября по 2 октября 2025 года"
    "ru": SpanWording("{}", "{} и {}", "с {} по {}", year_suffix=" года"),
    # "يوم 20 يناير 2026", "يومي 15 و16 سبتمبر 2025", "من 30 سبتمبر إلى 2 أكتوبر 2025"
    "ar": SpanWording("يوم {}", "يومي {} و{}", "من {} إلى {}"),
}


def chinese(start: dt.date, end: dt.date) -> str:
    """ "2026年1月20日", "2025年9月15日至16日", "2025年9月30日至10月2日"."""
    first = f"{start.year}年{start.month}月{start.day}日"
    if start == end:
        return first
    if start.year != end.year:
        return f"{first}至{end.year}年{end.month}月{end.day}日"
    if start.month != end.month:
        return f"{first}至{end.month}月{end.day}日"
    return f"{first}至{end.day}日"


def span(language: str, start: dt.date, end: dt.date) -> str:
    if language == "zh":
        return chinese(start, end)
    return WORDINGS[language].span(language, start, end)


def issued(language: str, date: dt.date) -> str:
    """The date of the document, as in its header: "27 novembre 2026", "27 November 2026"."""
    if language in ("fr", "en", "ru"):
        return WORDINGS[language].full(language, date)
    if language == "zh":
        return chinese(date, date)
    return format_date(date, "long", locale=language)
