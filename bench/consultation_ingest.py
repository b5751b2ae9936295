"""Ingestion of consultation submissions over loopback, side by side with an insert-only floor.

Starts the platform under gunicorn (2 workers x 4 threads, SQLite in WAL mode, a temporary
database) on 127.0.0.1, then fires concurrent JSON submissions at two endpoints in the same run:

- platform: POST /api/v1/consultations/<slug>/submissions with full validation, the per-client
  rate limit (raised through CWG_RATE_LIMIT_PER_MINUTE so that it counts but never refuses),
  idempotency keys, receipts, the audit event and the campaign-scan scheduling;
- floor: a minimal Django view (served only with CWG_BENCH_FLOOR=1) that parses the JSON and
  inserts the same row.

Prints accepted/s, p50/p99 latency and a loss check (receipts issued == rows stored) for each.
Rounds alternate floor/platform so that both see the same machine state. Every loop is bounded
in requests and time; only 127.0.0.1 is contacted.

    uv run python bench/consultation_ingest.py [--requests 2000] [--concurrency 16] [--rounds 4]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
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
counts["audit_events"] = AuditEvent.objects.filter(action="consultation.submission.create").count()
print(json.dumps(counts))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


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


def server_cpu_seconds(master_pid: int) -> float:
    """CPU time (user + system) used so far by the server's master and its workers."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry.name), int(fields[1])
        if pid == master_pid or ppid == master_pid:
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def manage(env: dict, *args: str, stdin: str | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "cwg", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"cwg {' '.join(args)} failed:\n{result.stderr[-2000:]}")
    return result.stdout


def wait_ready(port: int, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", f"/api/v1/consultations/{PLATFORM_SLUG}")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("the server did not answer in time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="per endpoint and round")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=25.0, help="time cap per round")
    parser.add_argument(
        "--redis",
        metavar="URL",
        help="count the rate limit in this Redis cache, shared by all server processes, "
        "e.g. redis://127.0.0.1:6379/15; default: each server process's own memory",
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="cwg-ingest-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "CWG_MEDIA_ROOT": str(workdir / "media"),
        "DJANGO_SETTINGS_MODULE": "cwg.consultations.bench_settings",
        "CWG_BENCH_FLOOR": "1",
        "DJANGO_DEBUG": "0",
        "CWG_RATE_LIMIT_PER_MINUTE": str(10**9),
        "CWG_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "CWG_LOG_LEVEL": "ERROR",
    }
    if args.redis:
        env["CWG_REDIS_URL"] = args.redis
    server = None
    try:
        cache = f"Redis at {args.redis}" if args.redis else "each process's memory"
        print(f"rate limit counted in {cache}", flush=True)
        print("migrating a temporary SQLite database ...", flush=True)
        manage(env, "migrate", "-v0")
        manage(env, "shell", "-c", SETUP)
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "cwg.wsgi:application",
                "--workers", "2", "--threads", "4", "--worker-class", "gthread",
                "--bind", f"{HOST}:{port}", "--log-level", "error", "--keep-alive", "30",
            ],
            cwd=ROOT, env=env, start_new_session=True,
        )  # fmt: skip
        wait_ready(port)
        targets = {
            "floor": f"/bench/floor/{FLOOR_SLUG}/submissions",
            "platform": f"/api/v1/consultations/{PLATFORM_SLUG}/submissions",
        }
        results: dict[str, list[dict]] = {name: [] for name in targets}
        issued: dict[str, set[str]] = {name: set() for name in targets}
        # Warm both paths (imports, connections, caches) before measuring; their receipts
        # count in the loss check like any other.
        for name, path in targets.items():
            warm = Load(port, path, 50, 4, 10)
            warm.run()
            issued[name] |= warm.receipts
            print(
                f"warm-up {name:8s} statuses {dict(sorted(warm.statuses.items()))}  "
                f"errors {warm.errors}",
                flush=True,
            )
        for round_number in range(1, args.rounds + 1):
            for name, path in targets.items():
                load = Load(port, path, args.requests, args.concurrency, args.seconds)
                cpu_before = server_cpu_seconds(server.pid)
                elapsed = load.run()
                cpu = server_cpu_seconds(server.pid) - cpu_before
                issued[name] |= load.receipts
                accepted = len(load.latencies)
                results[name].append(
                    {
                        "rate": accepted / elapsed,
                        "cpu_ms": 1000 * cpu / max(1, accepted),
                        "p50": percentile(load.latencies, 0.50) * 1000,
                        "p99": percentile(load.latencies, 0.99) * 1000,
                        "accepted": accepted,
                        "statuses": dict(sorted(load.statuses.items())),
                        "errors": load.errors,
                    }
                )
                r = results[name][-1]
                print(
                    f"round {round_number} {name:8s} {r['rate']:7.1f} accepted/s  "
                    f"p50 {r['p50']:6.1f} ms  p99 {r['p99']:7.1f} ms  "
                    f"server CPU {r['cpu_ms']:4.2f} ms/req  "
                    f"statuses {r['statuses']}  errors {r['errors']}",
                    flush=True,
                )
        counts = json.loads(
            manage(env, "shell", "-c", COUNT.format(platform=PLATFORM_SLUG, floor=FLOOR_SLUG))
            .strip()
            .splitlines()[-1]
        )
        print()
        print(
            f"{'':10s}{'accepted/s':>12s}{'p50 ms':>9s}{'p99 ms':>9s}{'CPU ms/req':>12s}"
            f"{'receipts':>10s}{'rows':>8s}  loss check"
        )
        summary, cpu_ms = {}, {}
        for name, slug in (("floor", FLOOR_SLUG), ("platform", PLATFORM_SLUG)):
            rates = [r["rate"] for r in results[name]]
            p50 = statistics.median(r["p50"] for r in results[name])
            p99 = statistics.median(r["p99"] for r in results[name])
            cpu_ms[name] = statistics.median(r["cpu_ms"] for r in results[name])
            receipts = len(issued[name])
            rows = counts[slug]
            ok = "ok" if receipts == rows else f"MISMATCH ({receipts - rows:+d})"
            summary[name] = statistics.median(rates)
            print(
                f"{name:10s}{summary[name]:12.1f}{p50:9.1f}{p99:9.1f}{cpu_ms[name]:12.2f}"
                f"{receipts:10d}{rows:8d}  {ok}"
            )
        batches = counts["audit_events"]
        print(
            f"\nplatform write transactions: {batches} for {counts[PLATFORM_SLUG]} submissions "
            f"({counts[PLATFORM_SLUG] / max(1, batches):.1f} submissions per group commit)"
        )
        per_round = [
            p["rate"] / f["rate"]
            for p, f in zip(results["platform"], results["floor"], strict=True)
        ]
        print("platform / floor per round: " + ", ".join(f"{r:.2f}" for r in per_round))
        ratio = summary["platform"] / summary["floor"]
        print(f"platform / floor (medians) = {ratio:.2f} (target >= 0.80)")
        print(
            f"server CPU per accepted submission: floor {cpu_ms['floor']:.2f} ms, platform "
            f"{cpu_ms['platform']:.2f} ms; the CPU-bound rate ratio they imply = "
            f"{cpu_ms['floor'] / cpu_ms['platform']:.2f} (less sensitive to other load on the machine)"
        )
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
