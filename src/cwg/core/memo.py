"""Short-lived values kept in the process's memory, shared read-only by its threads.

For reference data read on every request of a hot path (the consultation a submission goes to,
its question numbers, Member State ids): a cache backend would pickle and unpickle the value on
every read, or cross the network when shared. Values must be treated as read-only.
"""

from __future__ import annotations

import threading
import time
import weakref
from typing import Any

_MISSING = object()


class ProcessMemo:
    """A dictionary whose entries expire `seconds` after they were stored."""

    _all: weakref.WeakSet = weakref.WeakSet()  # every memo and counter, for forget_everything

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._entries: dict[Any, tuple[float, Any]] = {}
        ProcessMemo._all.add(self)

    def get(self, key, default=None):
        entry = self._entries.get(key, _MISSING)
        if entry is _MISSING or time.monotonic() - entry[0] >= self.seconds:
            return default
        return entry[1]

    def set(self, key, value) -> None:
        self._entries[key] = (time.monotonic(), value)

    def forget(self, key=_MISSING) -> None:
        """Drop one entry, or every entry without a key."""
        if key is _MISSING:
            self._entries.clear()
        else:
            self._entries.pop(key, None)

    @classmethod
    def forget_everything(cls) -> None:
        """Empty every memo of the process (tests start from a clean state)."""
        for memo in list(cls._all):
            memo.forget()


class ProcessCounter:
    """Counts per key within the current window (e.g. a minute), in the process's memory.

    Counting starts again from zero when the window changes; earlier windows are dropped.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._window = None
        self._counts: dict[Any, int] = {}
        ProcessMemo._all.add(self)

    def add_one(self, key, window) -> int:
        with self._lock:
            if window != self._window:
                self._window, self._counts = window, {}
            count = self._counts[key] = self._counts.get(key, 0) + 1
            return count

    def forget(self) -> None:
        with self._lock:
            self._window, self._counts = None, {}
