"""`cwg send-deadline-reminders`: email subscribers when a contribution deadline is near."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from cwg.meetings.notifications import send_deadline_reminders


class Command(BaseCommand):
    help = (
        "Remind subscribers of contribution deadlines falling within the coming days "
        "(once per meeting). Run it daily, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--within-days",
            type=int,
            default=3,
            help="Remind of deadlines from today to this many days ahead (default 3).",
        )

    def handle(self, *args, within_days: int, **options):
        if within_days < 0 or within_days > 60:
            raise CommandError("--within-days must be from 0 to 60")
        reminded = send_deadline_reminders(within_days=within_days)
        for meeting in reminded:
            self.stdout.write(
                f"reminded subscribers of {meeting}: contributions due "
                f"{meeting.contribution_deadline.isoformat()}"
            )
        self.stdout.write(f"{len(reminded)} meeting(s) reminded")
