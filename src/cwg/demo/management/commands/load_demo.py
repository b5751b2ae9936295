"""`cwg load-demo`: load the CWG-Internet demo records (idempotent)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from cwg.core.exceptions import DomainError
from cwg.demo import load_demo
from cwg.demo.records import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load the CWG-Internet demo: the records of its 22nd and 23rd meetings (idempotent)."

    def handle(self, *args, **options):
        verbose = options.get("verbosity", 1) > 1
        try:
            result = load_demo(log=self.stdout.write if verbose else None)
        except DomainError as exc:
            raise CommandError(f"the demo could not be loaded: {exc.message}") from None
        except DatabaseError as exc:
            raise CommandError(f"the demo could not be loaded: {exc}") from None
        skipped = f"; skipped: {', '.join(result.skipped)}" if result.skipped else ""
        self.stdout.write(
            f"Demo loaded ({', '.join(result.steps)}{skipped}); "
            f"foundation records written: {result.changes}. "
            f"Sign in as secretariat, chair or delegate with the password {DEMO_PASSWORD}."
        )
