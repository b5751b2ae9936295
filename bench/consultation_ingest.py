"""Ingestion of consultation submissions over loopback, side by side with an insert-only floor.

For each engine asked (SQLite in WAL mode, PostgreSQL; a throw-away database each), starts the
platform under gunicorn (2 workers x 4 threads) on 127.0.0.1 and fires concurrent JSON
submissions at two endpoints of the same server:

- platform: POST /api/v1/consultations/<slug>/submissions with full validation, the per-client
  rate limit (raised through CWG_RATE_LIMIT_PER_MINUTE so that it counts but never refuses),
  idempotency keys, receipts, one audit event per submission and the campaign-scan scheduling;
- floor: a bare Django view (bench/floor_urls.py, served only with CWG_BENCH_FLOOR=1) that
  parses the JSON and inserts the same row with the ORM.

Prints accepted/s, p50/p99 latency, server CPU per submission and a loss check (receipts issued
== rows stored, one audit event per platform row) for each, then one line per engine with the
platform / floor ratio. Rounds alternate floor/platform so that both see the same machine state.
Every loop is bounded in requests and time; only 127.0.0.1 is contacted. Exits 1 on any loss.

    uv run python bench/consultation_ingest.py --database sqlite,postgres [--requests 2000]
        [--rounds 4] [--concurrency 16] [--port 8300] [--postgres-url postgres://…/cwg]
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import threading
import time
import uuid

from serve import (
    DEFAULT_POSTGRES,
    HOST,
    free_port,
    gunicorn,
    manage,
    percentile,
    platform_env,
    server_cpu_seconds,
)

PLATFORM_SLUG = "bench-platform"
FLOOR_SLUG = "bench-floor"

SETUP = f"""
import datetime as dt
from django.utils import timezone
from cwg.testing.factories import GroupFactory
from cwg.testing.personas import build_personas
from cwg.consultations import services
group = GroupFactory(slug="cwg-bench", symbol_prefix="CWG-BENCH")
personas = build_personas(group)
now = timezone.now()
for slug in ({PLATFORM_SLUG!r}, {FLOOR_SLUG!r}):
    c = services.create_consultation(
        personas.secretariat, group=group, slug=slug, topic={{"en": "Bench"}},
        languages=["en", "fr"],
        questions=[{{"text": {{"en": "Question one"}}}}, {{"text": {{"en": "Question two"}}}}],
        opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=1),
    )
    services.transition(personas.secretariat, c, "open")
print("ready")
"""

COUNT = """
from cwg.consultations.models import Submission
from cwg.core.models import AuditEvent
import json
counts = {{slug: Submission.objects.filter(consultation__slug=slug).count()
          for slug in ({platform!r}, {floor!r})}}
events = AuditEvent.objects.filter(action="consultation.submission.create")
counts["audit_events"] = events.count()
counts["range_events"] = events.filter(object_id__contains="-").count()
print(json.dumps(counts))
"""


def body(i: int) -> bytes:
    return json.dumps(
        {
            "name": f"Respondent {i}",
            "organisation": "Bench Society",
            "category": "civil_society",
            "country": "FRA",
            "language": "en",
            "consent_to_publication": i % 3 != 0,
            "answers": {
                "1": f"Answer {i}: affordable backhaul and local content matter most here.",
                "2": "Internet exchange points keep traffic local and costs down.",
            },
        }
    ).encode()


class Load:
    """Fire `total` POSTs with `concurrency` keep-alive connections; bounded by `deadline`."""

    def __init__(self, port: int, path: str, total: int, concurrency: int, seconds: float):
        self.port, self.path, self.total = port, path, total
        self.concurrency, self.seconds = concurrency, seconds
        self.next = 0
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.receipts: set[str] = set()
        self.statuses: dict[int, int] = {}
        self.errors = 0

    def _take(self) -> int | None:
        with self.lock:
            if self.next >= self.total or time.perf_counter() > self.deadline:
                return None
            self.next += 1
            return self.next

    def _worker(self) -> None:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        while (i := self._take()) is not None:
            headers = {"Content-Type": "application/json", "Idempotency-Key": uuid.uuid4().hex}
            start = time.perf_counter()
            try:
                conn.request("POST", self.path, body=body(i), headers=headers)
                response = conn.getresponse()
                payload = response.read()
            except (OSError, http.client.HTTPException):
                with self.lock:
                    self.errors += 1
                conn.close()
                conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
                continue
            elapsed = time.perf_counter() - start
            with self.lock:
                self.statuses[response.status] = self.statuses.get(response.status, 0) + 1
                if response.status == 201:
                    self.latencies.append(elapsed)
                    self.receipts.add(json.loads(payload)["receipt"])
        conn.close()

    def run(self) -> float:
        self.deadline = time.perf_counter() + self.seconds
        threads = [threading.Thread(target=self._worker) for _ in range(self.concurrency)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return time.perf_counter() - start


def run_engine(engine: str, args) -> dict:
    """Measure floor and platform on one engine; their medians and the loss check."""
    extra = {"CWG_RATE_LIMIT_PER_MINUTE": str(10**9)}
    if args.redis:
        extra["CWG_REDIS_URL"] = args.redis
    print(f"\n== {engine} ==", flush=True)
    with platform_env(engine, "ingest_bench", postgres_url=args.postgres_url, extra=extra) as env:
        manage(env, "shell", "-c", SETUP)
        port = free_port(args.port)
        ready = f"/api/v1/consultations/{PLATFORM_SLUG}"
        with gunicorn(env, port, workers=2, threads=4, ready_path=ready) as server:
            targets = {
                "floor": f"/bench/floor/{FLOOR_SLUG}/submissions",
                "platform": f"/api/v1/consultations/{PLATFORM_SLUG}/submissions",
            }
            results: dict[str, list[dict]] = {name: [] for name in targets}
            issued: dict[str, set[str]] = {name: set() for name in targets}
            errors = 0
            # Warm both paths (imports, connections, memos) before measuring; their receipts
            # count in the loss check like any other.
            for name, path in targets.items():
                warm = Load(port, path, 50, 4, 10)
                warm.run()
                issued[name] |= warm.receipts
                errors += warm.errors + sum(n for s, n in warm.statuses.items() if s != 201)
            for round_number in range(1, args.rounds + 1):
                for name, path in targets.items():
                    load = Load(port, path, args.requests, args.concurrency, args.seconds)
                    cpu_before = server_cpu_seconds(server.pid)
                    elapsed = load.run()
                    cpu = server_cpu_seconds(server.pid) - cpu_before
                    issued[name] |= load.receipts
                    accepted = len(load.latencies)
                    errors += load.errors + sum(n for s, n in load.statuses.items() if s != 201)
                    r = {
                        "rate": accepted / elapsed,
                        "cpu_ms": 1000 * cpu / max(1, accepted),
                        "p50": percentile(load.latencies, 0.50) * 1000,
                        "p99": percentile(load.latencies, 0.99) * 1000,
                    }
                    results[name].append(r)
                    print(
                        f"round {round_number} {name:8s} {r['rate']:7.1f} accepted/s  "
                        f"p50 {r['p50']:6.1f} ms  p99 {r['p99']:7.1f} ms  "
                        f"server CPU {r['cpu_ms']:4.2f} ms/req  "
                        f"statuses {dict(sorted(load.statuses.items()))}  errors {load.errors}",
                        flush=True,
                    )
        counts = json.loads(
            manage(env, "shell", "-c", COUNT.format(platform=PLATFORM_SLUG, floor=FLOOR_SLUG))
            .strip()
            .splitlines()[-1]
        )
    print(
        f"\n{'':10s}{'accepted/s':>12s}{'p50 ms':>9s}{'p99 ms':>9s}{'CPU ms/req':>12s}"
        f"{'receipts':>10s}{'rows':>8s}  loss check"
    )
    summary: dict = {"engine": engine, "errors": errors, "lost": 0}
    for name, slug in (("floor", FLOOR_SLUG), ("platform", PLATFORM_SLUG)):
        rows = counts[slug]
        receipts = len(issued[name])
        summary["lost"] += abs(receipts - rows)
        ok = "ok" if receipts == rows else f"MISMATCH ({receipts - rows:+d})"
        summary[name] = statistics.median(r["rate"] for r in results[name])
        summary[f"{name}_cpu"] = statistics.median(r["cpu_ms"] for r in results[name])
        p50 = statistics.median(r["p50"] for r in results[name])
        p99 = statistics.median(r["p99"] for r in results[name])
        print(
            f"{name:10s}{summary[name]:12.1f}{p50:9.1f}{p99:9.1f}{summary[f'{name}_cpu']:12.2f}"
            f"{receipts:10d}{rows:8d}  {ok}"
        )
    summary["events"] = counts["audit_events"]
    summary["ranges"] = counts["range_events"]
    summary["rows"] = counts[PLATFORM_SLUG]
    summary["per_round"] = [
        p["rate"] / f["rate"] for p, f in zip(results["platform"], results["floor"], strict=True)
    ]
    print(
        f"audit events: {summary['events']} for {summary['rows']} platform submissions "
        f"({summary['ranges']} naming a range of ids)"
    )
    print("platform / floor per round: " + ", ".join(f"{r:.2f}" for r in summary["per_round"]))
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database", default="sqlite,postgres", help="sqlite, postgres or both, comma-separated"
    )
    parser.add_argument("--requests", type=int, default=2000, help="per endpoint and round")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=25.0, help="time cap per round")
    parser.add_argument("--port", type=int, default=0, help="first port to try (0: any free one)")
    parser.add_argument(
        "--postgres-url",
        help="server and base name of the PostgreSQL database (<name>_ingest_bench is dropped "
        "and re-created); default: DATABASE_URL when it is PostgreSQL, else " + DEFAULT_POSTGRES,
    )
    parser.add_argument(
        "--redis",
        metavar="URL",
        help="count the rate limit in this Redis database, shared by all server processes, "
        "e.g. redis://127.0.0.1:6379/15; default: each server process's own memory",
    )
    args = parser.parse_args()
    engines = [e.strip() for e in args.database.split(",") if e.strip()]
    if not engines or any(e not in ("sqlite", "postgres") for e in engines):
        parser.error("--database takes sqlite, postgres or sqlite,postgres")
    summaries = [run_engine(engine, args) for engine in engines]
    print(
        f"\n{'engine':10s}{'floor/s':>9s}{'platform/s':>12s}{'ratio':>7s}{'CPU ratio':>11s}"
        f"{'events/row':>12s}{'errors':>8s}{'lost':>6s}"
    )
    failed = False
    for s in summaries:
        ratio = s["platform"] / s["floor"]
        cpu_ratio = s["floor_cpu"] / s["platform_cpu"]
        print(
            f"{s['engine']:10s}{s['floor']:9.1f}{s['platform']:12.1f}{ratio:7.2f}{cpu_ratio:11.2f}"
            f"{s['events'] / max(1, s['rows']):12.2f}{s['errors']:8d}{s['lost']:6d}"
        )
        failed |= bool(s["lost"] or s["errors"] or s["ranges"] or s["events"] != s["rows"])
    print(
        "ratio = platform / floor accepted/s (medians of the rounds; target >= 0.80); "
        "CPU ratio = floor / platform server CPU per submission (steadier under other load)"
    )
    if failed:
        print("FAILED: a receipt without its row, an error, or not one audit event per submission")
        sys.exit(1)


if __name__ == "__main__":
    main()
