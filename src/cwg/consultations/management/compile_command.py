"""The `compile` action of `cwg consultations`: a consultation's compilation written to a file."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from cwg.consultations.models import Consultation
from cwg.consultations.services import compilation
from cwg.core.exceptions import DomainError


def add_compile_parser(actions) -> None:
    run = actions.add_parser(
        "compile",
        help="Write the compilation of the current records (the same file the secretariat "
        "downloads): --format docx|html|csv|xlsx --lang L --out PATH.",
    )
    run.add_argument("--consultation", required=True, metavar="SLUG")
    run.add_argument("--format", required=True, choices=sorted(compilation.FORMATS))
    run.add_argument(
        "--lang", default="en", metavar="L", help="ar, zh, en, fr, ru or es (default en)."
    )
    run.add_argument("--out", required=True, metavar="PATH", help="File to write.")
    run.add_argument(
        "--annex",
        choices=["all", "sample"],
        default="all",
        help="Every individual answer (default), or a sample per category with counts.",
    )
    run.add_argument("--sample", type=int, default=20, help="Answers per category in a sample.")


def run_compile(command, options) -> None:
    consultation = Consultation.objects.filter(slug=options["consultation"]).first()
    if consultation is None:
        raise CommandError(f"no consultation {options['consultation']!r}", returncode=2)
    out = Path(options["out"])
    if not out.parent.is_dir():
        raise CommandError(f"cannot write {out}: no such directory", returncode=2)
    # Written beside the target and renamed: a failure never leaves a half-written file.
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
    command.stdout.write(f"{out} ({out.stat().st_size} bytes)")
