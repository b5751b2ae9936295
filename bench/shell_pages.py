"""Home, group page and Member States directory: render time and SQL queries as data grows,
beside the not-found page (the page shell and nothing else) as a floor, in the same run.

Builds a temporary SQLite database twice bigger at each step (groups, meetings, decisions with
actions, open consultations, legal basis), renders every page through Django's test client,
alternating, as an anonymous reader and as a member. The query count must stay flat.

    uv run python bench/shell_pages.py [--steps 10,100,400] [--runs 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchdb import setup_platform


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", default="10,100,400", help="meetings per step, cumulative")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    try:
        steps = [int(s) for s in args.steps.split(",") if s.strip()]
    except ValueError:
        print("--steps must be whole numbers separated by commas", file=sys.stderr)
        return 2
    if not steps or min(steps) < 1 or args.runs < 2:
        print("--steps must be positive and --runs at least 2", file=sys.stderr)
        return 2

    workdir = Path(tempfile.mkdtemp(prefix="cwg-bench-shell-"))
    setup_platform(workdir)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from cwg.consultations.models import Consultation, ConsultationState
    from cwg.decisions.models import Action, Decision, DecisionStatus
    from cwg.groups.models import GroupResolution
    from cwg.testing.factories import GroupFactory, MeetingFactory, ResolutionFactory
    from cwg.testing.personas import build_personas

    personas = build_personas()
    group = personas.group
    made = 0

    def grow(target: int) -> None:
        nonlocal made
        now = timezone.now()
        for i in range(made, target):
            meeting = MeetingFactory(
                group=group,
                number=1000 + i,
                start_date=timezone.localdate() + dt.timedelta(days=i),
                end_date=timezone.localdate() + dt.timedelta(days=i),
            )
            decision = Decision.objects.create(
                meeting=meeting,
                number=1,
                status=DecisionStatus.APPROVED,
                text={"en": f"Decision of meeting {meeting.number}"},
                addressee_kind="secretariat",
            )
            Action.objects.create(
                decision=decision, description={"en": "Act"}, assignee_kind="secretariat"
            )
            GroupResolution.objects.create(
                group=group, resolution=ResolutionFactory(), role="instructs", order=i
            )
            other = GroupFactory()
            Consultation.objects.create(
                group=other,
                slug=f"bench-{i}",
                topic={"en": f"Topic {i}"},
                state=ConsultationState.OPEN,
                opens_at=now - dt.timedelta(days=1),
                closes_at=now + dt.timedelta(days=30),
            )
        made = target

    pages = {
        "shell (floor)": "/en/groups/no-such-group/",
        "home": "/en/",
        "group page": f"/en/groups/{group.slug}/",
        "member states": "/en/states/",
    }
    member = Client()
    member.force_login(personas.delegate)
    readers = {"anonymous": Client(), "member": member}
    print(f"{'meetings':>8} {'reader':<10} {'page':<16} {'p50 ms':>8} {'p99 ms':>8} {'queries':>8}")
    for target in steps:
        grow(target)
        for reader, client in readers.items():
            timings: dict[str, list[float]] = {name: [] for name in pages}
            queries: dict[str, int] = {}
            for name, url in pages.items():
                with CaptureQueriesContext(connection) as ctx:
                    response = client.get(url)
                if response.status_code != (404 if name == "shell (floor)" else 200):
                    print(f"{name}: HTTP {response.status_code}", file=sys.stderr)
                    return 1
                queries[name] = len(ctx.captured_queries)
            for _ in range(args.runs):
                for name, url in pages.items():
                    t0 = time.perf_counter()
                    client.get(url)
                    timings[name].append((time.perf_counter() - t0) * 1000)
            for name, values in timings.items():
                print(
                    f"{target:8d} {reader:<10} {name:<16} {percentile(values, 50):8.1f} "
                    f"{percentile(values, 99):8.1f} {queries[name]:8d}"
                )
            floor = statistics.median(timings["shell (floor)"])
            ratios = ", ".join(
                f"{name} {statistics.median(v) / floor:.1f}x"
                for name, v in timings.items()
                if name != "shell (floor)"
            )
            print(f"{'':8} {reader:<10} against the floor (p50): {ratios}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average during the run: {load:.1f} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
