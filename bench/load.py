"""A bounded mixed load against two app processes sharing one database, for a fixed time per step.

Loads the CWG-Internet demo records into a throw-away database (PostgreSQL by default, or
SQLite), starts two gunicorn servers on 127.0.0.1 (two app processes, as on two hosts; the rate
limit is counted in Redis when --redis is given, as it must be across hosts) and, for each
concurrency step, keeps that many clients busy for --seconds, each picking at random among:

- page: public HTML pages (home, groups, meetings, documents, the open consultation);
- api: JSON reads (consultations, documents, meetings, groups, decisions);
- search: the site search page with a query;
- submit: a JSON submission to the open consultation;
- submit_file: a multipart submission with a PDF attachment.

Clients alternate between the two servers. Prints per step the throughput, p50/p99 per kind and
the error count (any non-2xx answer, any broken connection), then the loss check: every receipt a
client received is a stored row. Exits 1 on an error or a loss at any step. Only 127.0.0.1 is
contacted; every loop stops at its step's deadline.

    uv run python bench/load.py [--database postgres|sqlite] [--seconds 20] [--steps 4,16]
        [--port 8300] [--redis redis://127.0.0.1:6379/5]
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import sys
import threading
import time
import uuid
from urllib.parse import quote

from serve import DEFAULT_POSTGRES, HOST, free_port, gunicorn, manage, percentile, platform_env

SLUG = "cwg-internet-oc-demo-open"  # the demo's open consultation (cwg.demo.consultations)
GROUP = "cwg-internet"
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
# Pages are under a language prefix (a bare path redirects to it).
PAGES = [
    f"/{language}{path}"
    for language in ("en", "fr")
    for path in (
        "/", "/groups/", f"/groups/{GROUP}/", "/meetings/", "/documents/", "/consultations/",
        f"/consultations/{SLUG}/",
    )
]  # fmt: skip
API = [
    "/api/v1/consultations",
    f"/api/v1/consultations/{SLUG}",
    "/api/v1/documents",
    "/api/v1/meetings",
    f"/api/v1/groups/{GROUP}",
    "/api/v1/decisions",
]
QUERIES = ["internet", "multilingualism", "cybersecurity", "access", "WSIS", "développement"]
# Weights of the kinds: a consultation's closing day is mostly reading, with bursts of writes.
MIX = {"page": 30, "api": 30, "search": 15, "submit": 20, "submit_file": 5}

COUNT = f"""
import json, os
from cwg.consultations.models import Submission
rows = Submission.objects.filter(consultation__slug={SLUG!r})
path = os.environ.get("CWG_LOAD_RECEIPTS")
receipts = json.load(open(path)) if path else []
found = rows.filter(receipt__in=receipts).count()
print(json.dumps({{"rows": rows.count(), "found": found}}))
"""


def _submission(i: int) -> dict:
    return {
        "name": f"Load respondent {i}",
        "organisation": "Load Society",
        "category": "civil_society",
        "country": "BRA",
        "language": "en",
        "consent_to_publication": i % 2 == 0,
    }


def _multipart(fields: dict, answer: str) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in {**fields, "answer_1": answer}.items()
        if not isinstance(v, bool)
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="attachments"; '
        f'filename="answer.pdf"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        + PDF
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Step:
    """`clients` threads for `seconds`, each over keep-alive connections to every server."""

    def __init__(self, ports: list[int], clients: int, seconds: float, seed: int):
        self.ports, self.clients, self.seconds = ports, clients, seconds
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = {kind: [] for kind in MIX}
        self.errors: dict[str, int] = {kind: 0 for kind in MIX}
        self.error_samples: list[str] = []
        self.receipts: set[str] = set()
        self.sent = 0

    def _request(self, kind: str, i: int) -> tuple[str, str, bytes | None, dict]:
        if kind == "page":
            return "GET", self.rng.choice(PAGES), None, {}
        if kind == "api":
            return "GET", self.rng.choice(API), None, {}
        if kind == "search":
            return "GET", f"/en/search/?q={quote(self.rng.choice(QUERIES))}", None, {}
        path = f"/api/v1/consultations/{SLUG}/submissions"
        headers = {"Idempotency-Key": uuid.uuid4().hex}
        answer = f"Answer {i}: local content, affordable access and open standards matter."
        if kind == "submit":
            data = {**_submission(i), "answers": {"1": answer}}
            headers["Content-Type"] = "application/json"
            return "POST", path, json.dumps(data).encode(), headers
        body, content_type = _multipart(_submission(i), answer)
        headers["Content-Type"] = content_type
        return "POST", path, body, headers

    def _client(self, number: int, deadline: float) -> None:
        connections = [http.client.HTTPConnection(HOST, p, timeout=30) for p in self.ports]
        kinds, weights = list(MIX), list(MIX.values())
        turn = number
        while time.perf_counter() < deadline:
            with self.lock:
                self.sent += 1
                i = self.sent
                kind = self.rng.choices(kinds, weights)[0]
                method, path, body, headers = self._request(kind, i)
            turn += 1
            server = turn % len(connections)
            start = time.perf_counter()
            try:
                connections[server].request(method, path, body=body, headers=headers)
                response = connections[server].getresponse()
                payload = response.read()
                status = response.status
            except Exception as exc:  # a broken connection or a malformed answer: an error
                status, payload = None, repr(exc).encode()
                connections[server].close()
                connections[server] = http.client.HTTPConnection(
                    HOST, self.ports[server], timeout=30
                )
            elapsed = time.perf_counter() - start
            with self.lock:
                if status is not None and 200 <= status < 300:
                    self.latencies[kind].append(elapsed)
                    if kind.startswith("submit"):
                        self.receipts.add(json.loads(payload)["receipt"])
                else:
                    self.errors[kind] += 1
                    if len(self.error_samples) < 5:
                        self.error_samples.append(f"{kind} {path} {status} {payload[:200]!r}")
        for conn in connections:
            conn.close()

    def run(self) -> float:
        deadline = time.perf_counter() + self.seconds
        threads = [
            threading.Thread(target=self._client, args=(n, deadline)) for n in range(self.clients)
        ]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=self.seconds + 60)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each step")
    parser.add_argument("--steps", default="4,16", help="concurrent clients of each step")
    parser.add_argument("--threads", type=int, default=4, help="threads of each app process")
    parser.add_argument("--port", type=int, default=0, help="first port to try (0: any free)")
    parser.add_argument(
        "--postgres-url",
        help="server and base name of the PostgreSQL database (<name>_load_bench is dropped and "
        "re-created); default: DATABASE_URL when it is PostgreSQL, else " + DEFAULT_POSTGRES,
    )
    parser.add_argument(
        "--redis", metavar="URL", help="count the rate limit in this Redis database (shared)"
    )
    args = parser.parse_args()
    steps = [int(s) for s in args.steps.split(",") if s.strip()]
    if not steps or min(steps) < 1 or args.seconds <= 0:
        parser.error("--steps takes client counts such as 4,16 and --seconds a positive time")
    extra = {"CWG_RATE_LIMIT_PER_MINUTE": str(10**9)}
    if args.redis:
        extra["CWG_REDIS_URL"] = args.redis
    failed = False
    with platform_env(
        args.database, "load_bench", postgres_url=args.postgres_url, extra=extra
    ) as env:
        print(
            f"loading the demo records into a throw-away {args.database} database ...", flush=True
        )
        manage(env, "load-demo")
        first = free_port(args.port)
        second = free_port(first + 1 if args.port else 0)
        ready = f"/api/v1/consultations/{SLUG}"
        with (
            gunicorn(env, first, workers=1, threads=args.threads, ready_path=ready),
            gunicorn(env, second, workers=1, threads=args.threads, ready_path=ready),
        ):
            print(
                f"two app processes ({args.threads} threads each) on ports {first} and {second}",
                flush=True,
            )
            before = json.loads(manage(env, "shell", "-c", COUNT).strip().splitlines()[-1])
            warm = Step([first, second], 2, 3, seed=0)  # imports, connections, memos
            warm.run()
            results = []
            receipts: set[str] = set(warm.receipts)
            for n, clients in enumerate(steps):
                step = Step([first, second], clients, args.seconds, seed=n + 1)
                elapsed = step.run()
                receipts |= step.receipts
                done = sum(len(v) for v in step.latencies.values())
                errors = sum(step.errors.values())
                results.append((clients, done / elapsed, errors))
                print(
                    f"\n{clients} clients, {elapsed:.1f} s: {done / elapsed:.1f} requests/s, "
                    f"errors {errors}"
                )
                print(
                    f"  {'kind':12s}{'done':>7s}{'per s':>8s}{'p50 ms':>9s}{'p99 ms':>9s}{'errors':>8s}"
                )
                for kind, values in step.latencies.items():
                    print(
                        f"  {kind:12s}{len(values):7d}{len(values) / elapsed:8.1f}"
                        f"{percentile(values, 0.5) * 1000:9.1f}{percentile(values, 0.99) * 1000:9.1f}"
                        f"{step.errors[kind]:8d}"
                    )
                for sample in step.error_samples:
                    print(f"  error: {sample}")
                failed |= errors > 0
        # Every receipt a client received is a stored row, and no row was stored without one.
        path = env["CWG_MEDIA_ROOT"] + ".receipts.json"
        with open(path, "w") as handle:
            json.dump(sorted(receipts), handle)
        after = json.loads(
            manage({**env, "CWG_LOAD_RECEIPTS": path}, "shell", "-c", COUNT)
            .strip()
            .splitlines()[-1]
        )
    new_rows = after["rows"] - before["rows"]
    lost = len(receipts) - after["found"]
    best = max(results, key=lambda r: r[1])
    print(
        f"\nhighest rate: {best[1]:.1f} requests/s with {best[0]} clients, errors {best[2]}; "
        f"receipts {len(receipts)}, new rows {new_rows}, receipts without their row {lost}"
    )
    failed |= lost > 0 or new_rows != len(receipts)
    if failed:
        print("FAILED: errors, or receipts and rows that do not match")
        sys.exit(1)
    print("ok: no error and no lost submission at any step")


if __name__ == "__main__":
    main()
