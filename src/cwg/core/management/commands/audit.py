"""`cwg audit anchor --out FILE` writes a signed checkpoint of the chain; `cwg audit new-key ID`."""

from __future__ import annotations

import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cwg.core.audit_anchors import AnchorError, append_anchor
from cwg.core.audit_keys import DEVELOPMENT_KEY_ID, generate_key


class Command(BaseCommand):
    help = "Audit trail upkeep: anchor the chain outside the database, make a new audit key."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        anchor = actions.add_parser(
            "anchor",
            help="Verify the chain, then append a signed checkpoint (head id, head hash, count, "
            "time, key id) as one JSON line to FILE; keep FILE outside the database's reach.",
        )
        anchor.add_argument("--out", required=True, metavar="FILE", type=Path)
        new_key = actions.add_parser(
            "new-key",
            help="Print a new random audit key as ID:SECRET, to put first in CWG_AUDIT_KEYS.",
        )
        new_key.add_argument("key_id", metavar="ID")

    def handle(self, *args, action=None, out=None, key_id=None, **options):
        if action == "anchor":
            try:
                anchor = append_anchor(out)
            except AnchorError as exc:
                raise CommandError(str(exc), returncode=1) from None
            self.stdout.write(
                f"anchored entry {anchor['head_id']} ({anchor['count']} entries, "
                f"hash {anchor['head_hash']}) with key '{anchor['key_id']}' in {out}"
            )
        elif action == "new-key":
            if not re.match(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$", key_id or "") or (
                key_id == DEVELOPMENT_KEY_ID
            ):
                raise CommandError(
                    "key id: letters, digits, '.', '_' or '-' (at most 40), not 'dev'",
                    returncode=2,
                )
            self.stdout.write(f"{key_id}:{generate_key()}")
