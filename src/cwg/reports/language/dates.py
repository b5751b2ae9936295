"""Dates and date ranges as a native writer puts them, month names from Babel (CLDR)."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, get_month_names


def month(language: str, date: dt.date) -> str:
    # The "format" context gives the form used inside a date (Russian genitive "сентября").
    return get_month_names("wide", context="format", locale=language)[date.month]


def _fr_day(date: dt.date) -> str:
    return "1er" if date.day == 1 else str(date.day)


def french(start: dt.date, end: dt.date) -> str:
    """ "le 20 janvier 2026", "les 15 et 16 septembre 2025", "du 30 septembre au 2 octobre 2025"."""

    def full(d, with_year=True):
        return f"{_fr_day(d)} {month('fr', d)}" + (f" {d.year}" if with_year else "")

    if start == end:
        return f"le {full(start)}"
    same_year = start.year == end.year
    same_month = same_year and start.month == end.month
    first = _fr_day(start) if same_month else full(start, with_year=not same_year)
    if (end - start).days == 1:
        return f"les {first} et {full(end)}"
    return f"du {first} au {full(end)}"


def english(start: dt.date, end: dt.date) -> str:
    """ "on 20 January 2026", "on 15 and 16 September 2025", "from 30 September to 2 October 2025"."""

    def full(d, with_year=True):
        return f"{d.day} {month('en', d)}" + (f" {d.year}" if with_year else "")

    if start == end:
        return f"on {full(start)}"
    same_year = start.year == end.year
    same_month = same_year and start.month == end.month
    first = str(start.day) if same_month else full(start, with_year=not same_year)
    if (end - start).days == 1:
        return f"on {first} and {full(end)}"
    return f"from {first} to {full(end)}"


def spanish(start: dt.date, end: dt.date) -> str:
    """ "el 20 de enero de 2026", "los días 15 y 16 de septiembre de 2025",
    "del 30 de septiembre al 2 de octubre de 2025"."""

    def full(d, with_year=True):
        return f"{d.day} de {month('es', d)}" + (f" de {d.year}" if with_year else "")

    if start == end:
        return f"el {full(start)}"
    same_year = start.year == end.year
    same_month = same_year and start.month == end.month
    first = str(start.day) if same_month else full(start, with_year=not same_year)
    if (end - start).days == 1:
        return f"los días {first} y {full(end)}"
    return f"del {first} al {full(end)}"


def russian(start: dt.date, end: dt.date) -> str:
    """ "20 января 2026 года", "15 и 16 сентября 2025 года", "с 30 сентября по 2 октября 2025 года"."""

    def full(d, with_year=True):
        return f"{d.day} {month('ru', d)}" + (f" {d.year} года" if with_year else "")

    if start == end:
        return full(start)
    same_year = start.year == end.year
    same_month = same_year and start.month == end.month
    first = str(start.day) if same_month else full(start, with_year=not same_year)
    if (end - start).days == 1:
        return f"{first} и {full(end)}"
    return f"с {first} по {full(end)}"


def arabic(start: dt.date, end: dt.date) -> str:
    """ "يوم 20 يناير 2026", "يومي 15 و16 سبتمبر 2025", "من 30 سبتمبر إلى 2 أكتوبر 2025"."""

    def full(d, with_year=True):
        return f"{d.day} {month('ar', d)}" + (f" {d.year}" if with_year else "")

    if start == end:
        return f"يوم {full(start)}"
    same_year = start.year == end.year
    same_month = same_year and start.month == end.month
    first = str(start.day) if same_month else full(start, with_year=not same_year)
    if (end - start).days == 1:
        return f"يومي {first} و{full(end)}"
    return f"من {first} إلى {full(end)}"


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


SPANS = {
    "fr": french,
    "en": english,
    "es": spanish,
    "ru": russian,
    "ar": arabic,
    "zh": chinese,
}


def span(language: str, start: dt.date, end: dt.date) -> str:
    return SPANS[language](start, end)


def issued(language: str, date: dt.date) -> str:
    """The date of the document, as in its header: "27 novembre 2026", "27 November 2026"."""
    if language == "fr":
        return f"{_fr_day(date)} {month('fr', date)} {date.year}"
    if language == "en":
        return f"{date.day} {month('en', date)} {date.year}"
    if language == "ru":
        return f"{date.day} {month('ru', date)} {date.year} года"
    if language == "zh":
        return chinese(date, date)
    return format_date(date, "long", locale=language)
