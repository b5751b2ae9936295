"""Keeping freed memory for reuse during a scan (glibc), and handing it back at the end."""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# mallopt parameters (malloc.h) and glibc's defaults.
_M_TRIM_THRESHOLD, _M_MMAP_MAX = -1, -4
_DEFAULT_TRIM_THRESHOLD, _DEFAULT_MMAP_MAX = 128 * 1024, 65536
_KEEP_UP_TO = 2**31 - 1

_lock = threading.Lock()
_users = 0


def _load_libc():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt, libc.malloc_trim  # noqa: B018 (glibc only)
    except (OSError, AttributeError):
        return None
    return libc


_libc = _load_libc()


def scans_keeping_memory() -> int:
    """How many blocks are keeping freed memory now (0: the process has glibc's defaults)."""
    return _users


@contextmanager
def reused() -> Iterator[None]:
    """Within the block, freed arrays stay in the process for the next ones.

    glibc gives every array above a few megabytes its own mapping and returns it when freed,
    so each of a scan's large temporaries costs the kernel zeroing fresh pages: about a
    quarter of a large scan's time. Inside the block allocations come from the heap and freed
    memory is kept; when the last block ends the defaults come back and the heap is trimmed.
    Elsewhere than glibc this does nothing.
    """
    global _users
    if _libc is None:
        yield
        return
    with _lock:
        _users += 1
        if _users == 1:
            _libc.mallopt(_M_MMAP_MAX, 0)
            _libc.mallopt(_M_TRIM_THRESHOLD, _KEEP_UP_TO)
    try:
        yield
    finally:
        with _lock:
            _users -= 1
            if _users == 0:
                _libc.mallopt(_M_MMAP_MAX, _DEFAULT_MMAP_MAX)
                _libc.mallopt(_M_TRIM_THRESHOLD, _DEFAULT_TRIM_THRESHOLD)
                _libc.malloc_trim(0)
