"""`cwg load-registry`: create or update the ITU regions and Member States from the repo's data."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cwg.core import audit
from cwg.registry.loader import load_registry


class Command(BaseCommand):
    help = "Load the 194 ITU Member States and the five ITU regions (idempotent)."

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                result = load_registry()
                if result.changes:
                    audit.record(
                        None,
                        "registry.loaded",
                        object_type="registry.memberstate",
                        object_id="*",
                        label="ITU Member States and regions",
                        after={
                            "created": result.created,
                            "updated": result.updated,
                            "regions_written": result.regions_written,
                            "changed": result.changed[:200],
                        },
                    )
        except (ValueError, OSError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Member States: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged; regions written: {result.regions_written}"
        )
