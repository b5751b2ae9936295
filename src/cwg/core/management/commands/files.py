"""`cwg files sweep`: remove stored files that no record references (left by killed requests)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from cwg.core import files


class Command(BaseCommand):
    help = (
        "Housekeeping of the file store. `sweep` removes the files that no record references and "
        "that are older than --older-than seconds (default 3600): what a request killed mid-way, "
        "or a full disk, left behind. It prints each file it removes (or would remove, with "
        "--dry-run) and a total."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        sweep = actions.add_parser("sweep", help="Remove orphan files older than an hour.")
        sweep.add_argument(
            "--older-than",
            type=int,
            default=files.SWEEP_AGE_SECONDS,
            metavar="SECONDS",
            help="Only files at least this old (default 3600): a younger file may belong to a "
            "request still running.",
        )
        sweep.add_argument(
            "--dry-run", action="store_true", help="List what would be removed; remove nothing."
        )

    def handle(self, *args, action, older_than, dry_run, **options):
        if older_than < 60:
            raise CommandError(
                f"--older-than must be at least 60 seconds (a request may still be writing); "
                f"got {older_than}"
            )
        removed = files.sweep(older_than=older_than, dry_run=dry_run)
        verb = "would remove" if dry_run else "removed"
        for orphan in removed:
            self.stdout.write(
                f"{verb} {orphan.name} ({orphan.size} bytes, {orphan.age_seconds / 3600:.1f} h old)"
            )
        total = sum(orphan.size for orphan in removed)
        self.stdout.write(f"{verb} {len(removed)} orphan files, {total} bytes")
