"""Meeting page render time with many documents, beside a page that lists only their symbols.

Builds a temporary database (SQLite, or PostgreSQL with `--database postgres`), one meeting with N
documents (six language versions at most, sources, agenda links), then renders both pages through
Django's test client, alternating, as a signed-in member (who sees every document). The floor is
the symbols-only page: the same visibility query and site shell, one line per document. Prints
p50/p99 wall and CPU time and SQL query counts side by side, and the meeting page's variants
(sorted by date, filtered by language) after the floor.

    uv run python bench/pages.py [--documents 2000] [--runs 30] [--database sqlite|postgres]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchdb import setup_platform


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/cwg_bench_pages",
        help="for --database postgres; dropped and re-created",
    )
    args = parser.parse_args()
    if args.documents < 1 or args.runs < 2:
        print("--documents must be at least 1 and --runs at least 2", file=sys.stderr)
        return 2

    workdir = Path(tempfile.mkdtemp(prefix="cwg-bench-pages-"))
    try:
        return run(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(args, workdir: Path) -> int:
    started = time.perf_counter()
    setup_platform(workdir, args.database_url if args.database == "postgres" else None)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from cwg.documents.bulk import fill_meeting
    from cwg.testing.factories import MeetingFactory, member_state
    from cwg.testing.personas import build_personas

    personas = build_personas()
    states = [member_state(code) for code in ("FRA", "BRA", "KEN", "CHN")]
    meeting = MeetingFactory(group=personas.group, number=1)
    fill_meeting(meeting, args.documents, states=states, agenda_items=8)
    print(f"setup: {args.documents} documents in {time.perf_counter() - started:.1f} s")

    client = Client()
    client.force_login(personas.delegate)
    detail = reverse("meetings:detail", args=[meeting.pk])
    pages = {
        "meeting page": detail,
        "symbols only": reverse("meetings:symbols", args=[meeting.pk]),
        "by date, fr": f"{detail}?sort=-date&language=fr&page=3",
    }
    timings: dict[str, list[float]] = {name: [] for name in pages}
    # CPU time too: on a shared machine, wall time also measures the neighbours.
    cpu: dict[str, list[float]] = {name: [] for name in pages}
    queries: dict[str, int] = {}
    sizes: dict[str, int] = {}
    for name, url in pages.items():  # warm-up, and count queries once
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        if response.status_code != 200:
            print(f"{name}: HTTP {response.status_code}", file=sys.stderr)
            return 1
        queries[name] = len(ctx.captured_queries)
        sizes[name] = len(response.content)
    for _ in range(args.runs):
        for name, url in pages.items():  # alternate, so both see the same machine load
            t0, c0 = time.perf_counter(), time.process_time()
            client.get(url)
            timings[name].append((time.perf_counter() - t0) * 1000)
            cpu[name].append((time.process_time() - c0) * 1000)

    print(
        f"{args.runs} renders each, signed in as a member, {args.documents} documents, "
        f"{connection.vendor}"
    )
    print(
        f"{'page':<13} {'p50 ms':>9} {'p99 ms':>9} {'mean ms':>9} {'cpu p50':>9} {'cpu p99':>9} "
        f"{'queries':>8} {'KiB':>7}"
    )
    for name, values in timings.items():
        print(
            f"{name:<13} {percentile(values, 50):9.1f} {percentile(values, 99):9.1f} "
            f"{statistics.fmean(values):9.1f} {percentile(cpu[name], 50):9.1f} "
            f"{percentile(cpu[name], 99):9.1f} {queries[name]:8d} {sizes[name] / 1024:7.0f}"
        )
    floor_wall = percentile(timings["symbols only"], 50)
    floor_cpu = max(percentile(cpu["symbols only"], 50), 0.001)
    for name in ("meeting page", "by date, fr"):
        ratio = percentile(timings[name], 50) / floor_wall
        cpu_ratio = percentile(cpu[name], 50) / floor_cpu
        print(f"{name} / symbols only (p50): {ratio:.2f}x wall, {cpu_ratio:.2f}x cpu")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average during the run: {load:.1f} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
