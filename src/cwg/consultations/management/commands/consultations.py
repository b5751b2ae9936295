"""`cwg consultations compile`: a consultation's compilation written to a file, for scripts."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cwg.consultations.models import Consultation
from cwg.consultations.services import compilation
from cwg.core.exceptions import DomainError


class Command(BaseCommand):
    help = (
        "Consultations from the command line. `compile --consultation SLUG --format "
        "docx|html|csv|xlsx --lang L --out PATH` writes the compilation of the current "
        "records (the same file the secretariat downloads). Exit status 2 on bad input."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        compile_ = actions.add_parser("compile", help="Write a consultation's compilation.")
        compile_.add_argument("--consultation", required=True, metavar="SLUG")
        compile_.add_argument("--format", required=True, choices=sorted(compilation.FORMATS))
        compile_.add_argument(
            "--lang", default="en", metavar="L", help="ar, zh, en, fr, ru or es (default en)."
        )
        compile_.add_argument("--out", required=True, metavar="PATH", help="File to write.")
        compile_.add_argument(
            "--annex",
            choices=["all", "sample"],
            default="all",
            help="Every individual answer (default), or a sample per category with counts.",
        )
        compile_.add_argument(
            "--sample", type=int, default=20, help="Answers per category in a sample."
        )

    def handle(self, *args, **options):
        if options["action"] == "compile":
            self.compile(options)

    def compile(self, options) -> None:
        consultation = Consultation.objects.filter(slug=options["consultation"]).first()
        if consultation is None:
            raise CommandError(f"no consultation {options['consultation']!r}", returncode=2)
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(f"cannot write {out}: no such directory", returncode=2)
        partial = out.with_name(f".{out.name}.partial")
        try:
            language = compilation.asked_language(options["lang"]) or "en"
            with partial.open("wb") as handle:
                compilation.write(
                    consultation,
                    options["format"],
                    language,
                    handle,
                    annex=options["annex"],
                    sample=options["sample"],
                )
        except DomainError as error:
            partial.unlink(missing_ok=True)
            raise CommandError(f"{error.field}: {error.message}", returncode=2) from None
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise CommandError(f"cannot write {out}: {error.strerror}", returncode=2) from None
        partial.replace(out)
        self.stdout.write(f"{out} ({out.stat().st_size} bytes)")
