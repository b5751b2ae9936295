"""`cwg documents extract-text [--missing]`: (re)extract the text of stored files, for search."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from cwg.documents.models import DocumentFile, TextStatus
from cwg.documents.tasks import store_text


class Command(BaseCommand):
    help = "Extract the text of uploaded document files (extract-text)."

    def add_arguments(self, parser):
        parser.add_argument("action", nargs="?", default="")
        parser.add_argument(
            "--missing",
            action="store_true",
            help="Only files whose text has not been extracted yet (status pending)",
        )

    def handle(self, *args, action="", missing=False, **options):
        if action != "extract-text":
            raise CommandError(f"unknown action {action!r}: use `documents extract-text`")
        files = DocumentFile.objects.exclude(file="")
        if missing:
            files = files.filter(text_status=TextStatus.PENDING)
        ids = list(files.order_by("pk").values_list("pk", flat=True))
        counts: dict[str, int] = {}
        for done, file_id in enumerate(ids, start=1):
            status = store_text(file_id)
            counts[status] = counts.get(status, 0) + 1
            sys.stderr.write(f"\r{done}/{len(ids)} files")
            sys.stderr.flush()
        if ids:
            sys.stderr.write("\n")
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "nothing"
        self.stdout.write(f"{len(ids)} files: {summary}")
