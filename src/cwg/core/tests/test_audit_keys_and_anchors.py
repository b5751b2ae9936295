"""The keyed audit chain and its anchors catch rewriting and truncation; keys rotate by id."""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib
import json
from io import StringIO

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from cwg.core.audit import GENESIS_HASH, record, verify_chain
from cwg.core.audit_keys import DEVELOPMENT_KEY_ID, parse_keys
from cwg.core.checks import audit_keys_configured
from cwg.core.models import AuditChainHead, AuditEvent

pytestmark = pytest.mark.django_db

KEY_2026 = ("k2026", b"a" * 16 + b"secret-of-2026-!")
KEY_2025 = ("k2025", b"b" * 16 + b"secret-of-2025-!")


@pytest.fixture
def keys(settings):
    settings.AUDIT_KEYS = [KEY_2026]
    return settings


@pytest.fixture
def chain(keys, personas):
    return [
        record(personas.secretariat, "group.update", personas.group, after={"n": i})
        for i in range(6)
    ]


@pytest.fixture
def anchors(tmp_path):
    return tmp_path / "audit-anchors.jsonl"


def _verify(*args) -> tuple[int, str]:
    """Run `cwg verify-audit`; return the exit status and the one line it printed."""
    out = StringIO()
    try:
        call_command("verify_audit", *args, stdout=out)
    except CommandError as exc:
        assert "\n" not in str(exc)
        return exc.returncode, str(exc)
    return 0, out.getvalue().strip()


def _anchor(path) -> str:
    out = StringIO()
    call_command("audit", "anchor", "--out", str(path), stdout=out)
    return out.getvalue()


def _rewrite(chain, index: int, sign) -> None:
    """Edit entry `index` and recompute every later link and hash with `sign`, head included."""
    previous = chain[index - 1].entry_hash if index else GENESIS_HASH
    for event in AuditEvent.objects.filter(id__gte=chain[index].pk).order_by("id"):
        if event.pk == chain[index].pk:
            event.after = {"n": "forged"}
        event.previous_hash = previous
        event.entry_hash = sign(event)
        event.save()
        previous = event.entry_hash
    AuditChainHead.objects.filter(pk=1).update(entry_hash=previous)


def _plain_sha256(event) -> str:
    return hashlib.sha256(event.canonical_payload().encode("utf-8")).hexdigest()


def _wrong_key(event) -> str:
    return hmac.new(b"guessed" * 8, event.canonical_payload().encode(), hashlib.sha256).hexdigest()


def test_entries_are_signed_with_the_current_key(chain):
    assert {event.key_id for event in chain} == {"k2026"}
    plain = chain[0]
    assert plain.entry_hash != _plain_sha256(plain)
    assert _verify() == (
        0,
        f"6 audit entries checked; chain intact; last hash {chain[-1].entry_hash}",
    )


def test_rewrite_with_plain_sha256_is_detected(chain):
    _rewrite(chain, 2, _plain_sha256)
    code, message = _verify()
    assert code == 1
    assert f"broken at entry {chain[2].pk}" in message and "no longer matches its hash" in message


def test_rewrite_with_hmac_of_a_wrong_key_is_detected(chain):
    _rewrite(chain, 3, _wrong_key)
    code, message = _verify()
    assert code == 1 and f"broken at entry {chain[3].pk}" in message


def test_rewrite_with_the_leaked_key_is_caught_by_an_anchor(chain, anchors):
    _anchor(anchors)
    _rewrite(chain, 1, lambda event: event.compute_hash())
    assert verify_chain()[1] is None  # whoever holds the key can forge a consistent chain...
    code, message = _verify("--anchors", str(anchors))  # ...but not the copy kept outside
    assert code == 1
    assert f"entry {chain[-1].pk} no longer has the hash anchored" in message
    assert "rewritten" in message and "anchor line 1" in message


def test_truncation_with_the_head_moved_back_is_caught_by_an_anchor(chain, anchors):
    assert "anchored entry" in _anchor(anchors)
    AuditEvent.objects.filter(pk__in=[chain[-1].pk, chain[-2].pk]).delete()
    AuditChainHead.objects.filter(pk=1).update(
        event_id=chain[-3].pk, entry_hash=chain[-3].entry_hash, event_count=4
    )
    assert verify_chain()[1] is None
    code, message = _verify("--anchors", str(anchors))
    assert code == 1
    assert f"names entry {chain[-1].pk}, which is missing" in message
    assert "removed from the end" in message


def test_truncation_then_new_entries_is_caught_by_an_anchor(chain, anchors, personas):
    _anchor(anchors)
    AuditEvent.objects.filter(pk=chain[-1].pk).delete()
    AuditChainHead.objects.filter(pk=1).update(
        event_id=chain[-2].pk, entry_hash=chain[-2].entry_hash, event_count=5
    )
    record(personas.secretariat, "group.update", personas.group, after={"n": "later"})
    assert verify_chain()[1] is None
    assert _verify("--anchors", str(anchors))[0] == 1


def test_every_anchor_is_checked_and_later_entries_are_fine(chain, anchors, personas):
    _anchor(anchors)
    record(personas.secretariat, "group.update", personas.group, after={"n": 7})
    _anchor(anchors)
    record(personas.secretariat, "group.update", personas.group, after={"n": 8})
    lines = [json.loads(line) for line in anchors.read_text().splitlines()]
    assert [line["count"] for line in lines] == [6, 7]
    assert lines[0]["head_id"] == chain[-1].pk and lines[0]["key_id"] == "k2026"
    code, message = _verify("--anchors", str(anchors))
    assert code == 0 and "8 audit entries checked; chain intact; 2 anchors match" in message


def test_an_altered_anchor_is_refused(chain, anchors):
    _anchor(anchors)
    anchor = json.loads(anchors.read_text())
    anchor["count"] = 5
    anchors.write_text(json.dumps(anchor) + "\n")
    code, message = _verify("--anchors", str(anchors))
    assert code == 1 and "anchor line 1 has been altered" in message


def test_an_anchor_of_an_unknown_key_or_garbage_is_refused(chain, anchors, keys):
    _anchor(anchors)
    keys.AUDIT_KEYS = [KEY_2025]
    assert "unknown audit key 'k2026'" in _verify("--anchors", str(anchors))[1]
    keys.AUDIT_KEYS = [KEY_2026]
    anchors.write_text(anchors.read_text() + "not json\n")
    code, message = _verify("--anchors", str(anchors))
    assert code == 1 and "anchor line 2 is not a signed checkpoint" in message
    assert _verify("--anchors", str(anchors.with_name("missing.jsonl")))[0] == 1


def test_a_broken_chain_is_not_anchored(chain, anchors):
    AuditEvent.objects.filter(pk=chain[2].pk).update(after={"n": "edited"})
    with pytest.raises(CommandError, match=f"broken at entry {chain[2].pk}") as refused:
        _anchor(anchors)
    assert refused.value.returncode == 1 and not anchors.exists()


def test_key_rotation_keeps_old_entries_verifiable(chain, keys, personas):
    keys.AUDIT_KEYS = [KEY_2025, KEY_2026]  # the new key first, the old one kept to verify
    newer = record(personas.secretariat, "group.update", personas.group, after={"n": "new"})
    assert newer.key_id == "k2025" and newer.previous_hash == chain[-1].entry_hash
    assert verify_chain() == (7, None)
    keys.AUDIT_KEYS = [KEY_2025]  # the old key dropped: its entries can no longer be checked
    broken = verify_chain()[1]
    assert broken.event_id == chain[0].pk and "unknown audit key 'k2026'" in broken.reason


def test_without_keys_a_development_key_signs_and_production_is_warned(settings, personas):
    settings.AUDIT_KEYS = []
    event = record(personas.secretariat, "group.update", personas.group)
    assert event.key_id == DEVELOPMENT_KEY_ID and verify_chain() == (1, None)
    settings.PRODUCTION = False
    assert audit_keys_configured() == []
    settings.PRODUCTION = True
    assert [warning.id for warning in audit_keys_configured()] == ["cwg.W001"]
    settings.AUDIT_KEYS = [KEY_2026]
    assert audit_keys_configured() == []
    # Entries signed before keys were configured still verify.
    assert verify_chain() == (1, None)


def test_keys_are_parsed_strictly_and_never_echoed():
    secret = base64.b64encode(b"s" * 32).decode()
    assert parse_keys(f" k2026:{secret} , k2025:{secret}") == [
        ("k2026", b"s" * 32),
        ("k2025", b"s" * 32),
    ]
    assert parse_keys("") == []
    short = base64.b64encode(b"short").decode()
    for raw in [
        f"k1:{short}",
        "k1:not*base64",
        f"dev:{secret}",
        f"k1:{secret},k1:{secret}",
        secret,
    ]:
        with pytest.raises(ImproperlyConfigured) as refused:
            parse_keys(raw)
        assert secret not in str(refused.value) and "not*base64" not in str(refused.value)


def test_keys_never_enter_payloads_anchors_or_output(chain, anchors):
    output = _anchor(anchors) + _verify("--anchors", str(anchors))[1]
    encoded = base64.b64encode(KEY_2026[1]).decode()
    texts = [output, anchors.read_text()] + [
        e.canonical_payload() for e in AuditEvent.objects.all()
    ]
    for text in texts:
        assert encoded not in text and KEY_2026[1].decode() not in text


def test_new_key_prints_a_key_that_parses():
    out = StringIO()
    call_command("audit", "new-key", "k2027", stdout=out)
    assert parse_keys(out.getvalue().strip())[0][0] == "k2027"
    with pytest.raises(CommandError):
        call_command("audit", "new-key", "dev", stdout=StringIO())


def test_head_row_is_recreated_when_missing(keys, personas):
    first = record(personas.secretariat, "group.update", personas.group)
    AuditChainHead.objects.all().delete()
    second = record(personas.secretariat, "group.update", personas.group)
    assert second.previous_hash == first.entry_hash
    head = AuditChainHead.objects.get(pk=1)
    assert (head.event_id, head.entry_hash, head.event_count) == (second.pk, second.entry_hash, 2)


class TestUpgradeMigration:
    """The migration that keys the chain re-signs the plain SHA-256 entries of earlier releases."""

    migration = importlib.import_module("cwg.core.migrations.0004_audit_keyed_chain_and_head")

    def _old_chain(self, personas, fork_at=None):
        events = [
            record(personas.secretariat, "group.update", personas.group, after={"n": i})
            for i in range(4)
        ]
        previous = GENESIS_HASH
        for i, event in enumerate(events):
            event.key_id = ""
            # The fork of the old concurrent writers: an entry chained onto an older one.
            event.previous_hash = events[i - 2].entry_hash if i == fork_at else previous
            old = json.loads(event.canonical_payload())
            del old["key_id"]
            event.entry_hash = hashlib.sha256(
                json.dumps(old, sort_keys=True, ensure_ascii=False, default=str).encode()
            ).hexdigest()
            event.save()
            previous = event.entry_hash
        AuditChainHead.objects.all().delete()
        return events

    def test_old_entries_are_resigned_and_relinked(self, keys, personas, capsys):
        events = self._old_chain(personas, fork_at=3)
        assert verify_chain()[1] is not None
        self.migration.resign_and_fill_head(apps, None)
        assert "4 entries re-signed with key 'k2026', 1 forked entries relinked" in (
            capsys.readouterr().out
        )
        assert verify_chain() == (4, None)
        head = AuditChainHead.objects.get(pk=1)
        assert (head.event_id, head.event_count) == (events[-1].pk, 4)

    def test_an_entry_changed_before_the_upgrade_stops_it(self, keys, personas):
        events = self._old_chain(personas)
        AuditEvent.objects.filter(pk=events[1].pk).update(action="group.delete")
        with pytest.raises(CommandError, match=f"audit entry {events[1].pk} no longer matches"):
            self.migration.resign_and_fill_head(apps, None)
        assert AuditEvent.objects.get(pk=events[0].pk).key_id == ""  # nothing re-signed


def test_error_pages_hide_the_keys(keys):
    from django.views.debug import SafeExceptionReporterFilter

    shown = SafeExceptionReporterFilter().get_safe_settings()["AUDIT_KEYS"]
    assert KEY_2026[1].decode() not in str(shown)


def test_command_line_reports_a_cut_tail_in_one_line(chain, anchors, capsys, monkeypatch):
    """Through the `cwg` console script: exit 1 and one line on stderr naming the anchor."""
    from django.db import connections

    from cwg.__main__ import main

    monkeypatch.setattr(connections, "close_all", lambda: None)  # keep the test's transaction
    main(["cwg", "audit", "anchor", "--out", str(anchors)])
    main(["cwg", "verify-audit", "--anchors", str(anchors)])
    assert "1 anchors match" in capsys.readouterr().out
    AuditEvent.objects.filter(pk=chain[-1].pk).delete()
    AuditChainHead.objects.filter(pk=1).update(
        event_id=chain[-2].pk, entry_hash=chain[-2].entry_hash, event_count=5
    )
    with pytest.raises(SystemExit) as broken:
        main(["cwg", "verify-audit", "--anchors", str(anchors)])
    assert broken.value.code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "anchor line 1" in err[0] and "missing" in err[0]
