"""Producing a report file from the records: facts, then text in a language, then the file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from cwg.core.exceptions import InvalidInput
from cwg.groups.models import Group
from cwg.reports import facts as report_facts
from cwg.reports import outputs, queries
from cwg.reports.compose import Composition, ReportStyle, compose
from cwg.reports.council_cover import with_council_cover
from cwg.reports.cycle_records import with_cycle_records
from cwg.reports.models import ReportFormat


@dataclass(frozen=True)
class ReportFile:
    content: bytes
    filename: str
    content_type: str
    composition: Composition


def _one_of(value, allowed, what: str, field: str) -> str:
    """The value, trimmed and in lower case, if it is one of `allowed`; else a refusal naming them."""
    value = (value or "").strip().lower()
    if value not in allowed:
        raise InvalidInput(
            f"unknown {what} {value!r}; use one of {', '.join(allowed)}", field=field
        )
    return value


def check_language(language: str) -> str:
    return _one_of(language, settings.UN_LANGUAGES, "language", "lang")


def check_format(file_format: str) -> str:
    return _one_of(file_format, ReportFormat.values, "format", "format")


def chair_composition(
    group: Group,
    meetings,
    language: str,
    issued_on: dt.date | None = None,
    style: ReportStyle | None = None,
) -> Composition:
    """The Chair's report on the given meetings, in one language."""
    language = check_language(language)
    numbers = queries.parse_meeting_numbers(meetings)
    queries.check_meetings_exist(group, numbers)
    submission = queries.council_submission(group, numbers)
    # A report submitted to Council carries the date the secretariat set, not today's.
    if issued_on is None:
        issued_on = submission.document_date if submission else timezone.localdate()
    facts = report_facts.chair_report_facts(group, numbers, issued_on)
    composition = compose(facts, language, style)
    if submission is not None:
        composition = with_council_cover(composition, submission)
    return composition


def cycle_composition(
    group: Group,
    from_year,
    to_year,
    language: str,
    issued_on: dt.date | None = None,
    style: ReportStyle | None = None,
) -> Composition:
    """The roll-up of the group's meetings over a plenipotentiary cycle, in one language."""
    language = check_language(language)
    first = queries.parse_year(from_year, "from")
    last = queries.parse_year(to_year, "to")
    if last < first:
        raise InvalidInput(f"the cycle ends ({last}) before it starts ({first})", field="to")
    issued_on = issued_on or timezone.localdate()
    facts = report_facts.cycle_report_facts(group, first, last, issued_on)
    submissions = queries.cycle_council_submissions(group, first, last)
    return with_cycle_records(compose(facts, language, style), facts, submissions)


def produce(composition: Composition, file_format: str) -> ReportFile:
    file_format = check_format(file_format)
    return ReportFile(
        content=outputs.render(composition, file_format),
        filename=f"{composition.filename_stem}.{file_format}",
        content_type=outputs.CONTENT_TYPES[file_format],
        composition=composition,
    )
