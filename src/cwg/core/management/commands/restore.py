"""`cwg restore --in DIR`: restore a backup into an empty, migrated instance, all or nothing."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from cwg.core.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a folder written by `cwg backup` into this instance, which must be migrated to "
        "the same schema and hold no records. Every file is checked against the manifest first; "
        "the records are written in one transaction, so a refused or failed restore changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--in", dest="in_dir", required=True, metavar="DIR")

    def handle(self, *args, in_dir, **options):
        try:
            result = restore(in_dir)
        # A manifest edited by hand can fail in many ways; each is refused on one line.
        except (BackupError, OSError, DatabaseError, ValueError, KeyError, TypeError) as exc:
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise CommandError(f"restore refused: {message}", returncode=1) from None
        self.stdout.write(f"{result.records} records and {result.files} files restored")
