"""`cwg consultations ACTION`: work on a consultation's responses from scripts."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from cwg.consultations.management.compile_command import add_compile_parser, run_compile
from cwg.consultations.management.import_command import add_import_parser, run_import


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = (
        "Work on a consultation's responses. `import`: store responses from a JSON-lines file; "
        "`compile`: write the compilation (docx, html, csv or xlsx) to a file. Exit status 2 on "
        "bad input."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        add_import_parser(actions)
        add_compile_parser(actions)

    def handle(self, *args, **options):
        actions = {"import": run_import, "compile": run_compile}
        actions[options["action"]](self, options)
