"""Tampering with the audit chain is detected, and `cwg verify-audit` names the first broken entry."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cwg.core.audit import GENESIS_HASH, record, verify_chain
from cwg.core.models import AuditChainHead, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(personas):
    group = personas.group
    return [
        record(personas.secretariat, "group.update", group, before={"n": i}, after={"n": i + 1})
        for i in range(5)
    ]


def _verify() -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), str(exc)
    return 0, out.getvalue(), ""


def test_intact_chain_passes(chain):
    assert chain[0].previous_hash == GENESIS_HASH
    code, out, _ = _verify()
    assert code == 0
    assert "5 audit entries checked; chain intact" in out and chain[-1].entry_hash in out


def test_empty_chain_passes(db):
    code, out, _ = _verify()
    assert code == 0 and out.startswith("0 audit entries checked")


@pytest.mark.parametrize("field", ["before", "after"])
def test_changed_before_or_after_is_detected(chain, field):
    AuditEvent.objects.filter(pk=chain[2].pk).update(**{field: {"n": 42}})
    checked, broken = verify_chain()
    assert (checked, broken.event_id) == (2, chain[2].pk)
    code, _, message = _verify()
    assert code == 1
    assert f"entry {chain[2].pk}" in message and "group.update" in message
    assert chain[2].created_at.isoformat() in message
    assert "no longer matches its hash" in message


def test_changed_actor_or_time_is_detected(chain):
    AuditEvent.objects.filter(pk=chain[1].pk).update(actor_label="someone else")
    assert verify_chain()[1].event_id == chain[1].pk


def test_recomputed_hash_breaks_the_link_to_the_next_entry(chain):
    # A forger who edits an entry and recomputes its hash still breaks the next entry's link.
    event = AuditEvent.objects.get(pk=chain[2].pk)
    event.after = {"n": 42}
    event.entry_hash = event.compute_hash()
    event.save()
    _, broken = verify_chain()
    assert broken.event_id == chain[3].pk and "does not chain" in broken.reason
    assert _verify()[0] == 1


def test_replaced_hash_is_detected(chain):
    AuditEvent.objects.filter(pk=chain[4].pk).update(entry_hash="f" * 64)
    assert verify_chain()[1].event_id == chain[4].pk


def test_deleted_entry_is_detected(chain):
    AuditEvent.objects.filter(pk=chain[2].pk).delete()
    checked, broken = verify_chain()
    assert (checked, broken.event_id) == (2, chain[3].pk)
    code, _, message = _verify()
    assert code == 1 and f"entry {chain[3].pk}" in message and "does not chain" in message


def test_reordered_entries_are_detected(chain):
    # Swap the content of two entries (ids stay in place, so their order changes).
    first, second = (AuditEvent.objects.get(pk=e.pk) for e in (chain[1], chain[2]))
    fields = [
        "created_at",
        "action",
        "before",
        "after",
        "previous_hash",
        "entry_hash",
        "actor_label",
    ]
    swapped = {f: getattr(second, f) for f in fields}
    AuditEvent.objects.filter(pk=second.pk).update(
        entry_hash="0" * 63 + "1"
    )  # free the unique hash
    AuditEvent.objects.filter(pk=first.pk).update(**swapped)
    AuditEvent.objects.filter(pk=second.pk).update(**{f: getattr(first, f) for f in fields})
    _, broken = verify_chain()
    assert broken.event_id == chain[1].pk and "does not chain" in broken.reason


def test_truncated_tail_is_caught_by_an_anchor(chain):
    anchor = chain[-1].entry_hash
    call_command("verify_audit", "--anchor", anchor, stdout=StringIO())
    AuditEvent.objects.filter(pk=chain[-1].pk).delete()
    broken = verify_chain()[1]  # the head row still names the cut entry
    assert broken.event_id == chain[-1].pk and "removed from the end" in broken.reason
    # A forger who also moves the head back leaves a chain that verifies on its own...
    AuditChainHead.objects.filter(pk=1).update(
        event_id=chain[-2].pk, entry_hash=chain[-2].entry_hash, event_count=4
    )
    assert verify_chain()[1] is None
    with pytest.raises(CommandError, match="anchor") as err:
        call_command("verify_audit", "--anchor", anchor, stdout=StringIO())
    assert err.value.returncode == 1


def test_command_line_exit_status(chain, capsys, monkeypatch):
    """Through the `cwg` console script: exit 1 and one line on stderr naming the entry."""
    from django.db import connections

    from cwg.__main__ import main

    # run_from_argv closes every connection when it ends; the test's transaction needs its own.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    main(["cwg", "verify-audit"])  # returns normally: exit status 0
    assert "5 audit entries checked" in capsys.readouterr().out
    AuditEvent.objects.filter(pk=chain[3].pk).update(action="group.delete")
    with pytest.raises(SystemExit) as broken:
        main(["cwg", "verify-audit"])
    assert broken.value.code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"entry {chain[3].pk}" in err[0] and "group.delete" in err[0]
