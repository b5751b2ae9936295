"""`cwg council`: Council sessions, submitting the Chair's report to one, and Council's outcome."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from cwg.core.commands import OneLineErrorsCommand
from cwg.core.exceptions import DomainError
from cwg.reports import queries, services


class Command(OneLineErrorsCommand):
    help = (
        "Council sessions and their agenda items, submitting a group's Chair's report to a "
        "session (it gets its C26/<number> symbol) and recording Council's outcome."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        actor = {"required": True, "help": "user name of the secretariat member acting"}

        session = sub.add_parser("session", help="record a Council session")
        session.add_argument("--code", required=True, help="e.g. C26")
        session.add_argument("--start", required=True, help="first day, YYYY-MM-DD")
        session.add_argument("--end", required=True, help="last day, YYYY-MM-DD")
        session.add_argument("--venue", default="", help="the place, in English (e.g. Geneva)")
        session.add_argument("--as", dest="actor", **actor)

        item = sub.add_parser("agenda-item", help="add an item to a session's agenda")
        item.add_argument("--session", required=True, help="e.g. C26")
        item.add_argument("--number", required=True, help="e.g. 5")
        item.add_argument("--title", required=True, help="the item's title in English")
        item.add_argument("--as", dest="actor", **actor)

        submit = sub.add_parser("submit", help="submit a group's Chair's report to a session")
        submit.add_argument("--group", required=True, help="acronym (any language) or slug")
        submit.add_argument("--meetings", required=True, help="meeting numbers, e.g. 22,23")
        submit.add_argument("--session", required=True, help="e.g. C26")
        submit.add_argument("--agenda-item", required=True, help="the item's number")
        submit.add_argument("--date", required=True, help="date the document carries")
        submit.add_argument("--original", default="en", help="original language: ar zh en fr ru es")
        submit.add_argument("--as", dest="actor", **actor)

        outcome = sub.add_parser("outcome", help="record Council's outcome on a submission")
        outcome.add_argument("--symbol", required=True, help="the Council symbol, e.g. C26/35")
        outcome.add_argument("--outcome", required=True, help="took_note or approved")
        outcome.add_argument("--reference", default="", help="decision reference")
        outcome.add_argument("--date", required=True, help="date of Council's outcome")
        outcome.add_argument("--as", dest="actor", **actor)

        sub.add_parser("list", help="list the sessions and what was submitted to them")

    def handle(self, *args, **options):
        try:
            getattr(self, f"_{options['action'].replace('-', '_')}")(options)
        except DomainError as exc:
            raise CommandError(exc.message) from None

    def _actor(self, options):
        actor = get_user_model().objects.filter(username=options["actor"]).first()
        if actor is None:
            raise CommandError(f"--as: no user is called {options['actor']!r}")
        return actor

    def _session(self, options):
        session = services.create_council_session(
            self._actor(options),
            code=options["code"],
            start_date=options["start"],
            end_date=options["end"],
            venue={"en": options["venue"]} if options["venue"] else {},
        )
        self.stdout.write(f"{session.code} recorded ({session.start_date} to {session.end_date})")

    def _agenda_item(self, options):
        session = queries.find_council_session(options["session"])
        item = services.add_council_agenda_item(
            self._actor(options),
            session,
            number=options["number"],
            title={"en": options["title"]},
        )
        self.stdout.write(f"{session.code} agenda item {item.number} recorded")

    def _submit(self, options):
        actor = self._actor(options)
        group = queries.find_group(options["group"])
        session = queries.find_council_session(options["session"])
        item = queries.find_council_agenda_item(session, options["agenda_item"])
        submission = services.submit_to_council(
            actor,
            group,
            session=session,
            agenda_item=item,
            meetings=options["meetings"],
            document_date=options["date"],
            original_language=options["original"],
        )
        self.stdout.write(
            f"submitted as {submission.symbol} (agenda item {item.number}, "
            f"dated {submission.document_date})"
        )

    def _outcome(self, options):
        actor = self._actor(options)
        submission = queries.find_council_submission(options["symbol"])
        submission = services.record_council_outcome(
            actor,
            submission,
            outcome=options["outcome"],
            reference=options["reference"],
            date=options["date"],
        )
        self.stdout.write(f"{submission.symbol}: {submission.outcome} recorded")

    def _list(self, options):
        for session in queries.council_sessions():
            self.stdout.write(f"{session.code} {session.start_date} {session.end_date}")
            for item in session.agenda_items.all():
                self.stdout.write(f"  item {item.number}: {item.title.get('en', '')}")
            for submission in session.documents.select_related("group", "agenda_item"):
                outcome = submission.outcome or "-"
                self.stdout.write(
                    f"  {submission.symbol} {submission.group.slug} meetings "
                    f"{','.join(map(str, submission.meetings))} {outcome}"
                )
