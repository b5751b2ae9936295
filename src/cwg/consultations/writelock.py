"""One writer at a time on SQLite: writers queue on a lock instead of SQLite's sleeping retries.

SQLite lets one connection write at a time; a blocked writer polls with sleeps of up to 100 ms
(its busy handler), so under a burst of submissions most of the time is spent sleeping. Taking
an ordinary lock first (a thread lock, then an advisory lock on a file beside the database for
the other server processes) hands the write over as soon as it is free. PostgreSQL needs none.
"""

from __future__ import annotations

import contextlib
import fcntl
import threading

from django.db import connections

_thread_lock = threading.Lock()
_files: dict[str, object] = {}


def _lock_file(name: str):
    handle = _files.get(name)
    if handle is None:
        handle = open(f"{name}.write-lock", "a+")  # noqa: SIM115 - kept open for the process's life
        _files[name] = handle
    return handle


@contextlib.contextmanager
def serialized_writes(using: str = "default"):
    connection = connections[using]
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        # Inside an outer transaction the write lock may already be ours: waiting here
        # could deadlock with a process that holds the file lock and waits for SQLite.
        yield
        return
    name = str(connection.settings_dict["NAME"])
    in_memory = name == ":memory:" or "mode=memory" in name
    with _thread_lock:
        if in_memory:
            yield
            return
        handle = _lock_file(name)
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
