"""`cwg report chair|cycle`: write the Chair's report or the cycle roll-up to a file."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from django.core.management.base import CommandError

from cwg.core.commands import OneLineErrorsCommand
from cwg.core.exceptions import DomainError
from cwg.reports import checking, generation, queries
from cwg.reports.compose import ReportStyle
from cwg.reports.models import ReportFormat


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date must be a date such as 2026-03-02 (got {value!r})") from None


class Command(OneLineErrorsCommand):
    help = "Write a group's report from its records: the Chair's report or the cycle roll-up."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="kind", required=True, metavar="{chair,cycle}")
        common = {
            "--group": {"required": True, "help": "acronym (any language) or slug"},
            "--lang": {"default": "en", "help": "ar, zh, en, fr, ru or es"},
            "--format": {
                "default": ReportFormat.DOCX,
                "dest": "file_format",
                "help": "docx, pdf or html",
            },
            "--out": {"default": None, "help": "the file to write"},
            "--date": {"default": None, "help": "date of the report (default: today)"},
            "--check-against": {
                "default": None,
                "help": "a reference text (UTF-8): list the sentences that differ from it and "
                "exit with 1 if any do",
            },
            "--count-contributions": {
                "action": "store_true",
                "help": "say how many contributions each meeting examined",
            },
            "--annex-text": {
                "action": "append",
                "default": [],
                "dest": "annex_texts",
                "metavar": "SLUG",
                "help": "annex the group's agreed text SLUG to this report (repeatable), after "
                "the texts the secretariat annexed to every report of its kind",
            },
            "--topics": {
                "action": "store_true",
                "help": "name the topics of the consultations each meeting examined",
            },
        }
        chair = sub.add_parser("chair", help="the Chair's report to Council on some meetings")
        chair.add_argument("--meetings", required=True, help="meeting numbers, e.g. 22,23")
        cycle = sub.add_parser("cycle", help="the roll-up over a plenipotentiary cycle")
        cycle.add_argument("--from", dest="from_year", required=True, help="first year")
        cycle.add_argument("--to", dest="to_year", required=True, help="last year")
        for subparser in (chair, cycle):
            for flag, options in common.items():
                subparser.add_argument(flag, **options)

    def handle(self, *args, **options):
        out = Path(options["out"]) if options["out"] else None
        reference = self._reference(options["check_against"])
        if out is None and reference is None:
            raise CommandError("give --out (the file to write), --check-against, or both")
        if out is not None and not out.parent.is_dir():
            raise CommandError(f"--out: the folder {str(out.parent)!r} does not exist")
        issued_on = _date(options["date"]) if options["date"] else None
        style = ReportStyle(
            count_contributions=options["count_contributions"],
            consultation_topics=options["topics"],
        )
        try:
            group = queries.find_group(options["group"])
            file_format = generation.check_format(options["file_format"])
            if options["kind"] == "chair":
                composition = generation.chair_composition(
                    group,
                    options["meetings"],
                    options["lang"],
                    issued_on,
                    style,
                    annex_texts=options["annex_texts"],
                )
            else:
                composition = generation.cycle_composition(
                    group,
                    options["from_year"],
                    options["to_year"],
                    options["lang"],
                    issued_on,
                    style,
                    annex_texts=options["annex_texts"],
                )
            report = generation.produce(composition, file_format)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        if out is not None:
            self._write(out, report.content)
            self.stdout.write(f"{out} ({len(report.content)} bytes, {composition.symbol})")
        if reference is not None:
            found, cover = checking.split_cover_sheet(
                checking.differences(composition.plain_text(), reference), composition
            )
            if cover:
                self.stdout.write("cover sheet, not in the reference:")
                for difference in cover:
                    self.stdout.write(f"  {difference.generated}")
                self.stdout.write("")
            for line in checking.describe(found):
                self.stdout.write(line)
            if found:
                raise CommandError(
                    f"{len(found)} sentence(s) differ from {options['check_against']}"
                )
            self.stdout.write(f"the wording is the same as {options['check_against']}")

    @staticmethod
    def _reference(name: str | None) -> str | None:
        if name is None:
            return None
        try:
            return Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"--check-against: cannot read {name!r} ({exc})") from None

    @staticmethod
    def _write(out: Path, content: bytes) -> None:
        # Write beside the target and rename, so a failure never leaves a half-written file.
        handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=".report-", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
            # mkstemp makes the file private; a report is a document others read (rw-r--r--).
            os.chmod(temporary, 0o644)
            os.replace(temporary, out)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
