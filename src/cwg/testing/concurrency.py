"""Threads and processes that start a piece of work at the same moment, for the tests of counters and orders."""

from __future__ import annotations

import threading

from django.db import connection, connections


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


def database_url_of_this_test() -> str:
    """The `DATABASE_URL` under which another process opens the database this test is using
    (the test database, not the one in the environment)."""
    settings = connection.settings_dict
    if connection.vendor != "postgresql":
        return f"sqlite:///{settings['NAME']}"
    user = settings.get("USER") or "postgres"
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"
