"""`cwg campaigns detect`: group the submissions of a JSON-lines export into campaigns."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cwg.consultations.campaigns.engine import Settings, detect
from cwg.consultations.campaigns.jsonl import InputError, read_submissions, write_assignments


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = (
        "Detect mass campaigns offline. `detect --in submissions.jsonl --out campaigns.jsonl` "
        'reads lines {"id", "text"} and writes {"id", "campaign", "tier", "share"} for every '
        'line: tier "exact" (copy), "near" (the template with edits) or "partial" (quotes a '
        'campaign inside an original text: campaign null, the campaign quoted in "quotes"), '
        "share the part of the text drawn from the campaign; all null for a submission that "
        "belongs to none. "
        "Needs no database. Exit status 2 on bad input."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        run = actions.add_parser(
            "detect", help="Cluster the submissions of a JSON-lines file into campaigns."
        )
        run.add_argument(
            "--in", dest="input", required=True, metavar="PATH", help="JSON lines to read."
        )
        run.add_argument(
            "--out", dest="output", required=True, metavar="PATH", help="JSON lines to write."
        )
        defaults = Settings()
        run.add_argument(
            "--min-size",
            type=int,
            default=defaults.min_size,
            help=f"Fewest submissions that make a campaign (default {defaults.min_size}).",
        )
        run.add_argument(
            "--threshold",
            type=float,
            default=defaults.threshold,
            help="Word-triple (3-shingle) Jaccard similarity above which two texts are "
            f"near-duplicates, in (0, 1] (default {defaults.threshold}).",
        )
        run.add_argument(
            "--min-tokens",
            type=int,
            default=defaults.min_tokens,
            help="Texts with fewer words (placeholders such as 'See attached') join no "
            f"campaign (default {defaults.min_tokens}).",
        )
        run.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args, **options):
        try:
            settings = Settings(
                min_size=options["min_size"],
                threshold=options["threshold"],
                min_tokens=options["min_tokens"],
            )
        except ValueError as error:
            raise CommandError(f"invalid option: {error}", returncode=2) from error
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"cannot write {output}: no such directory", returncode=2)
        try:
            items, originals = read_submissions(options["input"])
        except InputError as error:
            raise CommandError(f"{options['input']}: {error}", returncode=2) from error

        from tqdm import tqdm

        with tqdm(
            total=3 * len(items),
            unit="step",
            desc="campaigns",
            file=sys.stderr,
            disable=options["quiet"],
        ) as bar:

            def progress(done: int, total: int | None) -> None:
                bar.update(max(0, done - bar.n))

            result = detect(items, progress=progress, settings=settings)
        try:
            written = write_assignments(output, _rows(result, originals, items))
        except OSError as error:
            raise CommandError(f"cannot write {output}: {error.strerror or error}") from error
        members = sum(c.size for c in result.campaigns)
        partial = sum(len(c.partial_ids) for c in result.campaigns)
        self.stderr.write(
            f"{written} submissions, {len(result.campaigns)} campaigns covering {members} "
            f"(copies and near copies; {partial} more quote one in part); wrote {output}"
        )


def _rows(result, originals, items):
    memberships = result.memberships
    for original, (key, _) in zip(originals, items, strict=True):
        membership = memberships.get(key)
        if membership is None:
            yield original, None, None, None
        else:
            yield original, membership.campaign, membership.tier, membership.share
