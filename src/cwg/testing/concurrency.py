"""Threads that start a piece of work at the same moment, for the tests of counters and orders."""

from __future__ import annotations

import threading

from django.db import connections


def run_together(work, count: int, timeout: float = 120):
    """Start `count` threads that call work(i) at the same moment; their results and errors
    (by index; None where there was none). Each thread closes its database connections."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, [None] * count

    def runner(i):
        try:
            barrier.wait(timeout=10)
            results[i] = work(i)
        except Exception as exc:
            errors[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results, errors
