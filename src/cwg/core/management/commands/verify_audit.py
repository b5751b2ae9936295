"""`cwg verify-audit`: walk the audit chain and name the first entry that breaks it."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cwg.core.audit import GENESIS_HASH, verify_chain
from cwg.core.audit_anchors import AnchorError, check_anchors
from cwg.core.models import AuditEvent


class Command(BaseCommand):
    help = (
        "Check that every audit entry chains onto the one before it and still carries the keyed "
        "hash of its content, and that every anchor written by `cwg audit anchor` still matches. "
        "Exit status 0 when intact, 1 with the first break on stderr."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchors",
            metavar="FILE",
            type=Path,
            help="An anchor file written by `cwg audit anchor --out FILE`: fails if an anchored "
            "entry is missing (entries cut from the end), has another hash (the chain was "
            "rewritten), or the count before it changed, or if an anchor was altered.",
        )
        parser.add_argument(
            "--anchor",
            metavar="HASH",
            help="A chain hash noted earlier (e.g. the last one printed by a previous run): "
            "fails if it is no longer in the chain, which shows entries removed from the end.",
        )

    def handle(self, *args, anchors=None, anchor=None, **options):
        checked, broken = verify_chain()
        if broken is not None:
            event = AuditEvent.objects.filter(pk=broken.event_id).first()
            when = event.created_at.isoformat() if event else "?"
            action = event.action if event else "?"
            raise CommandError(
                f"audit chain broken at entry {broken.event_id} ({when}, {action}): "
                f"{broken.reason}; {checked} entries before it are intact",
                returncode=1,
            )
        last = AuditEvent.objects.order_by("-id").values_list("entry_hash", flat=True).first()
        if anchor:
            anchor = anchor.strip().lower()
            if anchor != GENESIS_HASH and not AuditEvent.objects.filter(entry_hash=anchor).exists():
                raise CommandError(
                    f"audit chain intact but the anchor {anchor[:16]}… is no longer in it: "
                    "entries have been removed from its end",
                    returncode=1,
                )
        matched = ""
        if anchors is not None:
            try:
                result = check_anchors(anchors)
            except AnchorError as exc:
                raise CommandError(f"audit chain intact but {exc}", returncode=1) from None
            matched = f"; {result.checked} anchors match"
        self.stdout.write(
            f"{checked} audit entries checked; chain intact{matched}; "
            f"last hash {last or GENESIS_HASH}"
        )
