"""Process memos: values expire, can be dropped one by one or all at once."""

from __future__ import annotations

from cwg.core import memo
from cwg.core.memo import ProcessMemo


def test_a_value_is_kept_until_it_expires(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(memo.time, "monotonic", lambda: clock[0])
    kept = ProcessMemo(2)
    kept.set("cwg-internet", 42)
    assert kept.get("cwg-internet") == 42
    clock[0] += 1.9
    assert kept.get("cwg-internet") == 42
    clock[0] += 0.2
    assert kept.get("cwg-internet") is None
    assert kept.get("cwg-internet", "gone") == "gone"


def test_forgetting_one_entry_or_every_memo():
    first, second = ProcessMemo(60), ProcessMemo(60)
    first.set("a", 1)
    first.set("b", 2)
    second.set("c", 3)
    first.forget("a")
    assert first.get("a") is None and first.get("b") == 2
    first.forget("never stored")  # no error
    ProcessMemo.forget_everything()
    assert first.get("b") is None and second.get("c") is None


def test_a_stored_falsy_value_is_returned_as_stored():
    kept = ProcessMemo(60)
    kept.set("no state", 0)
    assert kept.get("no state", "missing") == 0
