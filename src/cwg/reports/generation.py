"""Producing a report file from the records: facts, then text in a language, then the file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from cwg.core.exceptions import InvalidInput
from cwg.groups.models import Group
from cwg.reports import annexes, outputs, queries
from cwg.reports import facts as report_facts
from cwg.reports.compose import Composition, ReportStyle, compose
from cwg.reports.council_cover import with_council_cover
from cwg.reports.cycle_records import with_cycle_records
from cwg.reports.models import ReportAnnex, ReportFormat, ReportKind


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


def annexed_texts(group: Group, kind: str, extra=()) -> list:
    """The texts annexed to a report: those the secretariat chose for its kind, then `extra`
    (slugs given for this one file), each refused unless the group agreed it."""
    # Checked again when written: a report never carries a text without an agreed revision.
    chosen = [
        annexes.agreed_text(group, annex.text.slug)
        for annex in ReportAnnex.objects.filter(group=group, kind=kind).select_related("text")
    ]
    return chosen + [annexes.agreed_text(group, slug) for slug in extra]


def chair_composition(
    group: Group,
    meetings,
    language: str,
    issued_on: dt.date | None = None,
    style: ReportStyle | None = None,
    annex_texts=(),
) -> Composition:
    """The Chair's report on the given meetings, in one language, with its annexed texts."""
    language = check_language(language)
    texts = annexed_texts(group, ReportKind.CHAIR, annex_texts)
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
    return annexes.with_annexes(composition, texts)


def cycle_composition(
    group: Group,
    from_year,
    to_year,
    language: str,
    issued_on: dt.date | None = None,
    style: ReportStyle | None = None,
    annex_texts=(),
) -> Composition:
    """The roll-up of the group's meetings over a plenipotentiary cycle, in one language, with its
    annexed texts."""
    language = check_language(language)
    texts = annexed_texts(group, ReportKind.CYCLE, annex_texts)
    first = queries.parse_year(from_year, "from")
    last = queries.parse_year(to_year, "to")
    if last < first:
        raise InvalidInput(f"the cycle ends ({last}) before it starts ({first})", field="to")
    issued_on = issued_on or timezone.localdate()
    facts = report_facts.cycle_report_facts(group, first, last, issued_on)
    submissions = queries.cycle_council_submissions(group, first, last)
    composition = with_cycle_records(compose(facts, language, style), facts, submissions)
    return annexes.with_annexes(composition, texts)


def produce(composition: Composition, file_format: str) -> ReportFile:
    file_format = check_format(file_format)
    return ReportFile(
        content=outputs.render(composition, file_format),
        filename=f"{composition.filename_stem}.{file_format}",
        content_type=outputs.CONTENT_TYPES[file_format],
        composition=composition,
    )
