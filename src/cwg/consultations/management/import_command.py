"""The `import` action of `cwg consultations`: responses from a JSON-lines file, all or none."""

from __future__ import annotations

import time

from django.core.management.base import CommandError

from cwg.consultations import imports
from cwg.consultations.models import Consultation
from cwg.core.exceptions import DomainError
from cwg.registry.models import Person


def add_import_parser(actions) -> None:
    run = actions.add_parser(
        "import",
        help="Import responses received by post or e-mail, or from another platform: one JSON "
        "object per line, with the fields of the submission API's JSON body and an optional "
        "submitted_at. A bad line stops the import with its number; nothing is stored then.",
    )
    run.add_argument("--consultation", required=True, metavar="SLUG")
    run.add_argument("--in", dest="input", required=True, metavar="PATH", help="JSON lines.")
    run.add_argument(
        "--as",
        dest="username",
        required=True,
        metavar="USERNAME",
        help="The secretariat member recorded as importing (in the audit trail).",
    )


def run_import(command, options) -> None:
    consultation = (
        Consultation.objects.select_related("group").filter(slug=options["consultation"]).first()
    )
    if consultation is None:
        raise CommandError(f"no consultation {options['consultation']!r}", returncode=2)
    actor = Person.objects.filter(username=options["username"], is_active=True).first()
    if actor is None:
        raise CommandError(f"no active user named {options['username']!r}", returncode=2)
    started = time.perf_counter()
    try:
        with open(options["input"], "rb") as lines:
            result = imports.import_responses(actor, consultation, lines)
    except OSError as exc:
        raise CommandError(
            f"cannot read {options['input']}: {exc.strerror}", returncode=2
        ) from None
    except DomainError as exc:
        raise CommandError(exc.message, returncode=2) from None
    elapsed = time.perf_counter() - started
    command.stdout.write(
        f"imported {result.imported} responses into {consultation.slug} in {elapsed:.1f} s "
        f"({result.imported / max(elapsed, 1e-9):,.0f}/s)"
    )
