"""`cwg search reindex [--kind KIND]`: rebuild the full-text index, with a progress bar."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from cwg.search.indexing import SOURCES, count_records, reindex_all
from cwg.search.models import SearchEntry


class Command(BaseCommand):
    help = "Rebuild the search index (reindex)."

    def add_arguments(self, parser):
        parser.add_argument("action", nargs="?", default="")
        parser.add_argument("--kind", action="append", default=[], help="Only this kind")

    def handle(self, *args, action="", kind=(), **options):
        if action != "reindex":
            raise CommandError(f"unknown action {action!r}: use `search reindex`")
        unknown = [k for k in kind if k not in SOURCES]
        if unknown:
            raise CommandError(f"unknown kind {unknown[0]!r}: choose from {', '.join(SOURCES)}")
        kinds = tuple(kind) or tuple(SOURCES)
        total, done = count_records(kinds), 0
        for step in reindex_all(kinds):
            done += step
            _bar(done, total)
        sys.stderr.write("\n")
        entries = SearchEntry.objects.filter(kind__in=kinds).count()
        self.stdout.write(f"{done} records, {entries} index entries")


def _bar(done: int, total: int, width: int = 30) -> None:
    filled = width * done // total if total else width
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    sys.stderr.flush()
