"""Registry loading and the Member States API, each beside a floor measured in the same run.

On a temporary SQLite database (migrated, so the registry is loaded once by the migration):

- reloading the registry when nothing changed (`load_registry`), beside its floor: reading the
  CSV and the CLDR names without touching the database;
- the Member States name search (in memory, accent- and case-insensitive), beside the floor of
  fetching the 194 rows and a peer: the database's own `names__icontains` (which misses
  accents on SQLite, where JSON is stored with escaped non-ASCII characters);
- GET /api/v1/member-states?limit=200 and GET /api/v1/groups/cwg-internet through the test
  client, with the demo loaded, and their SQL query counts.

    uv run python bench/registry.py [--runs 50]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchdb import setup_platform

NEEDLE = "cote d'ivoire"


def timed(fn, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def row(label: str, samples: list[float], extra: str = "") -> None:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    print(f"{label:<58} p50 {statistics.median(samples):8.2f} ms  p99 {p99:8.2f} ms  {extra}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    if args.runs < 2:
        print("--runs must be at least 2", file=sys.stderr)
        return 2

    workdir = Path(tempfile.mkdtemp(prefix="cwg-bench-registry-"))
    started = time.perf_counter()
    setup_platform(workdir)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    print(f"migrate (including the registry load): {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"load-demo (first load): {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"load-demo (second load, nothing to write): {time.perf_counter() - started:.2f} s\n")

    from cwg.registry import loader, queries
    from cwg.registry.models import MemberState

    runs = max(2, args.runs // 5)
    row("reload registry, nothing changed", timed(loader.load_registry, runs))
    row("  floor: read CSV + CLDR names only", timed(loader.read_member_states, runs))

    row(
        "search 'cote d'ivoire' (in memory, accent-insensitive)",
        timed(lambda: queries.member_states(search=NEEDLE), args.runs),
        f"hits {len(queries.member_states(search=NEEDLE))}",
    )
    row(
        "  floor: fetch the 194 rows",
        timed(lambda: list(MemberState.objects.select_related("region")), args.runs),
    )
    peer = lambda: list(MemberState.objects.filter(names__icontains="Côte"))  # noqa: E731
    row(
        "  peer: names__icontains='Côte' in the database",
        timed(peer, args.runs),
        f"hits {len(peer())}",
    )

    client = Client()
    for url in ("/api/v1/member-states?limit=200", "/api/v1/groups/cwg-internet?lang=fr"):
        client.get(url)
        executed: list[str] = []

        def count(execute, sql, params, many, context, executed=executed):
            executed.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            status = client.get(url).status_code
        row(
            f"GET {url}",
            timed(lambda u=url: client.get(u), args.runs),
            f"HTTP {status}, {len(executed)} queries",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
