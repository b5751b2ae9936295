"""Signed checkpoints of the audit chain kept outside the database, and checking them."""

from __future__ import annotations

import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from cwg.core.audit import GENESIS_HASH, HEAD_ID, verify_chain
from cwg.core.audit_keys import UnknownAuditKey, keyring
from cwg.core.models import AuditChainHead, AuditEvent

ANCHOR_VERSION = 1


class AnchorError(Exception):
    """The chain cannot be anchored, or an anchor does not match the chain (one-line message)."""


def _signed_part(anchor: dict) -> str:
    fields = {key: anchor[key] for key in ("v", "head_id", "head_hash", "count", "time", "key_id")}
    return json.dumps(fields, sort_keys=True, separators=(",", ":"))


def make_anchor() -> dict:
    """A checkpoint of the current head, signed with the current audit key.

    The chain is verified first: anchoring a broken chain would vouch for the break.
    """
    head = AuditChainHead.objects.filter(pk=HEAD_ID).first()
    if head is None:
        newest = AuditEvent.objects.order_by("-id").first()
        head_id = newest.id if newest else None
        head_hash = newest.entry_hash if newest else GENESIS_HASH
    else:
        head_id, head_hash = head.event_id, head.entry_hash
    _checked, broken = verify_chain()
    if broken is not None:
        raise AnchorError(
            f"audit chain broken at entry {broken.event_id}: {broken.reason}; nothing anchored"
        )
    count = AuditEvent.objects.filter(id__lte=head_id).count() if head_id else 0
    ring = keyring()
    anchor = {
        "v": ANCHOR_VERSION,
        "head_id": head_id,
        "head_hash": head_hash,
        "count": count,
        "time": timezone.now().isoformat(timespec="seconds"),
        "key_id": ring.current_id,
    }
    anchor["hmac"] = ring.sign(_signed_part(anchor), ring.current_id)
    return anchor


def append_anchor(path: Path) -> dict:
    """Append one checkpoint as a JSON line to `path` (created if missing) and sync it."""
    anchor = make_anchor()
    line = json.dumps(anchor, sort_keys=True) + "\n"
    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise AnchorError(f"cannot write the anchor file {path}: {exc.strerror}") from None
    return anchor


@dataclass(frozen=True)
class AnchorCheck:
    checked: int


def check_anchors(path: Path) -> AnchorCheck:
    """Check every checkpoint in `path` against the chain; raise AnchorError at the first miss."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise AnchorError(f"cannot read the anchor file {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise AnchorError(f"the anchor file {path} is not UTF-8 text") from None
    ring = keyring()
    checked = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"anchor line {number}"
        try:
            anchor = json.loads(line)
            signed = _signed_part(anchor)
            expected = ring.sign(signed, anchor["key_id"])
        except UnknownAuditKey as exc:
            raise AnchorError(
                f"{where} is signed with an unknown audit key '{exc.args[0]}'"
            ) from None
        except (ValueError, KeyError, TypeError):
            raise AnchorError(f"{where} is not a signed checkpoint") from None
        if not isinstance(anchor.get("hmac"), str) or not _same(expected, anchor["hmac"]):
            raise AnchorError(f"{where} has been altered: its signature does not match")
        _check_one(anchor, f"{where} ({anchor['time']})")
        checked += 1
    return AnchorCheck(checked)


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def _check_one(anchor: dict, where: str) -> None:
    head_id, count = anchor["head_id"], anchor["count"]
    if head_id is None:
        return  # anchored an empty chain: nothing before it can be lost
    event = AuditEvent.objects.filter(pk=head_id).only("entry_hash").first()
    if event is None:
        raise AnchorError(
            f"{where} names entry {head_id}, which is missing: "
            "entries have been removed from the end of the chain"
        )
    if event.entry_hash != anchor["head_hash"]:
        raise AnchorError(
            f"entry {head_id} no longer has the hash anchored at {where}: "
            "the chain up to it has been rewritten"
        )
    now = AuditEvent.objects.filter(id__lte=head_id).count()
    if now != count:
        raise AnchorError(
            f"{where} counted {count} entries up to entry {head_id}, the chain now has {now}: "
            "entries have been removed or inserted"
        )
