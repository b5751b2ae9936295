"""`cwg backup --out DIR`: a consistent snapshot of the records and stored files, with a manifest."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from cwg.core.backups import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write every record (with the audit trail) and every stored file into a new folder, with "
        "manifest.json listing the SHA-256 of each file, the migration state and the counts. "
        "The records are read in one transaction, so they are consistent with each other."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, metavar="DIR", help="a new or empty folder")

    def handle(self, *args, out, **options):
        try:
            result = backup(out)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc).splitlines()[0], returncode=1) from None
        for name in result.missing_files:
            self.stderr.write(f"warning: {name} is named by a record but absent from storage")
        self.stdout.write(
            f"{result.records} records and {result.files} files backed up to {result.directory}"
        )
