"""One date format per context: a day, a span of days, the same on every page and language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from cwg.core.dates import format_day, format_days

START, END = dt.date(2026, 2, 3), dt.date(2026, 2, 4)


@pytest.mark.parametrize(
    ("language", "day", "span"),
    [
        ("en", "3 February 2026", "3–4 February 2026"),
        ("fr", "3 février 2026", "3–4 février 2026"),
        ("es", "3 de febrero de 2026", "3–4 de febrero de 2026"),
        ("ru", "3 февраля 2026\u202fг.", "3–4 февраля 2026\u202fг."),
        ("ar", "3 فبراير 2026", "3–4 فبراير 2026"),
        ("zh-hans", "2026年2月3日", "2026年2月3–4日"),
    ],
)
def test_a_day_and_a_span_read_alike(language, day, span):
    assert format_day(START, language) == day
    assert format_days(START, END, language) == span
    assert format_days(START, START, language) == day


def test_a_span_across_months_names_both_days_in_full():
    assert format_days(dt.date(2026, 1, 30), END, "en") == "30 January 2026 – 4 February 2026"


def test_nothing_is_an_empty_text():
    assert format_day(None) == "" and format_days(None) == ""


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_every_template_filter_writes_the_same_span(language):
    class Meeting:
        start_date, end_date = START, END

    with translation.override(language):
        meeting_page = Template("{% load meeting_dates %}{{ m|date_span }}").render(
            Context({"m": Meeting})
        )
        shell_page = Template("{% load cwg_ui %}{{ s|date_span:e }} {{ s|local_date }}").render(
            Context({"s": START, "e": END})
        )
        meeting_day = Template("{% load meeting_dates %}{{ s|long_date }}").render(
            Context({"s": START})
        )
    assert meeting_page == format_days(START, END, language)
    assert shell_page == f"{meeting_page} {format_day(START, language)}"
    assert meeting_day == format_day(START, language)
