"""`cwg consultations ACTION`: work on a consultation's responses from scripts."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from cwg.consultations.management.import_command import add_import_parser, run_import


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = "Work on a consultation's responses. `import`: store responses from a JSON-lines file."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        add_import_parser(actions)

    def handle(self, *args, **options):
        actions = {"import": run_import}
        actions[options["action"]](self, options)
