"""`cwg drafting export|import`: a revision written out, a DOCX with tracked changes read in."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cwg.core.exceptions import DomainError
from cwg.drafting import exports, services
from cwg.drafting.models import Text
from cwg.registry.models import Person

USAGE_ERROR = 2  # bad input: exit 2 with one line on stderr


class Command(BaseCommand):
    help = "Export a revision (docx, html, pdf) or import a DOCX with tracked changes as proposals."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        out = sub.add_parser("export", help="write a revision (the latest if --rev is not given)")
        out.add_argument("--text", required=True)
        out.add_argument("--rev", type=int)
        out.add_argument("--format", choices=exports.FORMATS, default="docx")
        out.add_argument("--out", required=True)
        into = sub.add_parser("import", help="a DOCX's tracked changes as the user's proposals")
        into.add_argument("--text", required=True)
        into.add_argument("--file", required=True)
        into.add_argument("--as", dest="username", required=True)
        into.add_argument("--document-number", type=int, default=1)
        into.add_argument("--reasons", default="As shown in the tracked changes of the document.")

    def handle(self, *args, **options):
        text = Text.objects.filter(slug=options["text"]).first()
        if text is None:
            raise CommandError(f"no text {options['text']!r}", returncode=USAGE_ERROR)
        try:
            if options["action"] == "export":
                self._export(text, options)
            else:
                self._import(text, options)
        except DomainError as error:
            raise CommandError(error.message, returncode=USAGE_ERROR) from None

    def _export(self, text, options):
        revisions = text.revisions.order_by("-number")
        revision = (
            revisions.filter(number=options["rev"]).first() if options["rev"] else revisions.first()
        )
        if revision is None:
            raise CommandError(
                f"{text.slug} has no revision {options['rev'] or ''}".rstrip(),
                returncode=USAGE_ERROR,
            )
        data, _type = exports.render_revision(revision, options["format"])
        try:
            Path(options["out"]).write_bytes(data)
        except OSError as error:
            raise CommandError(
                f"cannot write {options['out']}: {error.strerror}", returncode=USAGE_ERROR
            ) from None
        self.stdout.write(f"Rev.{revision.number} of {text.slug} written to {options['out']}")

    def _import(self, text, options):
        person = Person.objects.filter(username=options["username"]).first()
        if person is None:
            raise CommandError(f"no user {options['username']!r}", returncode=USAGE_ERROR)
        try:
            data = Path(options["file"]).read_bytes()
        except OSError as error:
            raise CommandError(
                f"cannot read {options['file']}: {error.strerror}", returncode=USAGE_ERROR
            ) from None
        contribution = services.import_tracked(
            person,
            text,
            data,
            document_number=options["document_number"],
            reasons=options["reasons"],
        )
        symbols = ", ".join(p.symbol for p in contribution.proposals.select_related("contribution"))
        self.stdout.write(f"{contribution}: {symbols}")
        sys.stdout.flush()
