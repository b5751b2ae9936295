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


def test_a_counter_counts_per_key_and_starts_again_in_a_new_window():
    from cwg.core.memo import ProcessCounter

    counter = ProcessCounter()
    assert [counter.add_one("198.51.100.7", 100) for _ in range(3)] == [1, 2, 3]
    assert counter.add_one("203.0.113.9", 100) == 1
    assert counter.add_one("198.51.100.7", 101) == 1  # the next minute
    ProcessMemo.forget_everything()
    assert counter.add_one("198.51.100.7", 101) == 1


def test_a_counter_loses_no_count_between_threads():
    import threading

    from cwg.core.memo import ProcessCounter

    counter = ProcessCounter()
    threads = [
        threading.Thread(target=lambda: [counter.add_one("k", 1) for _ in range(500)])
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert counter.add_one("k", 1) == 4001
