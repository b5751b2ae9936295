"""Abuse run over loopback: zip bombs, oversized numbers, wrong passwords and a submission burst.

Migrates a fresh database (PostgreSQL by default, or a temporary SQLite file), loads a small set of
records (a group with its personas, a consultation open for submissions, a meeting with a decision
and an action), starts the platform under gunicorn (two workers, debug off, a real secret key,
audit key, allowed hosts, Redis-shared rate limits, 127.0.0.1 as the only trusted proxy) and sends:

- zip bombs (DOCX, ODT, nested) as attachments to the anonymous submission endpoint;
- the oversized numbers of issue 11 fault 6, and a 1,000-character attachment file name;
- N wrong passwords to the sign-in page for one user name from one address (lock-out: 429);
- 41 submissions from one address (the per-client rate limit: 429 after the limit);
- a burst of N submissions from 16 threads, each submission from its own forwarded address.

Prints refusals by status per kind, the server's peak memory (RSS of gunicorn's master and
workers, sampled every 50 ms from /proc), the 5xx count, receipts received against rows stored
and `cwg verify-audit`. Exits non-zero on any 5xx, any lost submission, any stored bomb or a
failed verification. Bounded in requests and time; only 127.0.0.1 is contacted.

    uv run python bench/abuse.py [--database postgres|sqlite] [--submissions 2000] [--passwords 1000]
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zipfile
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlparse

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from consultation_ingest import (
    HOST,
    PLATFORM_SLUG,
    ROOT,
    SETUP,
    body,
    manage,
    wait_ready,
)
from cwg.testing import archives

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/cwg_abuse"
SIGN_IN = "/en/sign-in/"
SUBMIT = f"/api/v1/consultations/{PLATFORM_SLUG}/submissions"

# A meeting held today, a decision taken at it and an action, for the action-documents request.
RECORDS = """
import json
from django.core.cache import cache
from django.utils import timezone
from cwg.decisions import services
from cwg.groups.models import Group
from cwg.registry.models import Person
from cwg.testing.factories import MeetingFactory
cache.clear()  # the rate-limit counters of an earlier run (this run's own Redis database)
group = Group.objects.get(slug="cwg-bench")
secretariat = Person.objects.get(username="secretariat")
today = timezone.localdate()
meeting = MeetingFactory(group=group, number=1, start_date=today, end_date=today)
decision = services.record_decision(
    secretariat, meeting, text={"en": "Share the results"}, addressee_kind="council"
)
action = services.add_action(
    secretariat, decision, description={"en": "Send a liaison note"}, assignee_kind="secretariat"
)
from cwg.testing.personas import PASSWORD
print(json.dumps({"action": action.pk, "password": PASSWORD}))
"""

COUNT = f"""
import json
from cwg.consultations.models import Attachment, Submission
print(json.dumps({{
    "rows": Submission.objects.filter(consultation__slug={PLATFORM_SLUG!r}).count(),
    "receipts": list(Submission.objects.filter(consultation__slug={PLATFORM_SLUG!r})
                     .values_list("receipt", flat=True)),
    "attachments": Attachment.objects.count(),
}}))
"""


class Tally:
    """Statuses per kind of request, thread-safe."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: dict[str, Counter] = defaultdict(Counter)
        self.receipts: set[str] = set()
        self.notes: list[str] = []

    def add(self, kind: str, response: httpx.Response | None, note: str = "") -> None:
        with self.lock:
            if response is None:
                self.statuses[kind]["error"] += 1
                return
            self.statuses[kind][response.status_code] += 1
            if response.status_code == 201 and kind.startswith(("submit", "burst", "rate")):
                self.receipts.add(response.json()["receipt"])
            if response.status_code >= 500:
                self.notes.append(f"{kind} {note}: {response.status_code} {response.text[:300]}")

    def server_errors(self) -> int:
        return sum(
            n
            for c in self.statuses.values()
            for s, n in c.items()
            if isinstance(s, int) and s >= 500
        )


class MemorySampler(threading.Thread):
    """Sum of the RSS of gunicorn's master and its workers, every 50 ms; peak per phase."""

    def __init__(self, master_pid: int) -> None:
        super().__init__(daemon=True)
        self.master = master_pid
        self.page = os.sysconf("SC_PAGE_SIZE")
        self.phase = "start"
        self.peaks: dict[str, int] = {}
        self.durations: dict[str, float] = {}
        self.since = time.monotonic()
        self.stopped = threading.Event()

    def rss(self) -> int:
        total = 0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                if int(entry.name) != self.master and ppid != self.master:
                    continue
                total += int((entry / "statm").read_text().split()[1]) * self.page
            except (OSError, IndexError, ValueError):
                continue
        return total

    def enter(self, phase: str) -> None:
        now = time.monotonic()
        self.durations[self.phase] = now - self.since
        self.phase, self.since = phase, now

    def run(self) -> None:
        while not self.stopped.wait(0.05):
            value = self.rss()
            self.peaks[self.phase] = max(self.peaks.get(self.phase, 0), value)


def submission_fields(i: int) -> dict:
    data = json.loads(body(i))
    data["answers"] = json.dumps(data["answers"])
    data["consent_to_publication"] = "true" if data["consent_to_publication"] else "false"
    return data


def small_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", archives.CONTENT_TYPES)
        archive.writestr("word/document.xml", "<w:document>Our contribution</w:document>")
    return out.getvalue()


def forwarded(i: int) -> dict:
    """A distinct client address per submission (10.x.y.z), believed from the trusted 127.0.0.1."""
    return {"X-Forwarded-For": f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}"}


def request(tally: Tally, kind: str, client: httpx.Client, method: str, url: str, **kw):
    try:
        response = client.request(method, url, **kw)
    except httpx.HTTPError as exc:
        tally.add(kind, None)
        tally.notes.append(f"{kind} {url}: {type(exc).__name__}")
        return None
    tally.add(kind, response, note=f"{method} {url}")
    return response


def sign_in(client: httpx.Client, username: str, password: str) -> httpx.Response:
    return client.post(
        SIGN_IN,
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": csrf_token(client),
        },
    )


def build_bombs(megabytes: int, into: dict) -> None:
    """Built while the database migrates (zlib lets go of the interpreter lock meanwhile)."""
    size = megabytes * archives.MB
    into["bomb-docx"] = ("reply.docx", archives.docx_bomb(size))
    into["bomb-odt"] = ("reply.odt", archives.odt_bomb(size))
    into["bomb-nested"] = ("reply.docx", archives.nested_bomb(size))


def send_bombs(tally: Tally, base: str, bombs: dict, size: int) -> None:
    with httpx.Client(base_url=base, timeout=120) as client:
        # The control: an ordinary DOCX is taken, so the refusals below are the bombs'.
        request(
            tally, "submit-docx", client, "POST", SUBMIT, headers=forwarded(900_001),
            data=submission_fields(900_001),
            files={"attachments": ("reply.docx", small_docx(), archives_mime("docx"))},
        )  # fmt: skip
        for n, (kind, (name, content)) in enumerate(bombs.items()):
            print(f"  {kind}: {len(content):,} bytes inflating to {size:,}", flush=True)
            request(
                tally, kind, client, "POST", SUBMIT, headers=forwarded(900_010 + n),
                data=submission_fields(900_010 + n),
                files={"attachments": (name, content, archives_mime(name.rsplit(".", 1)[1]))},
            )  # fmt: skip
        response = request(
            tally, "long-file-name", client, "POST", SUBMIT, headers=forwarded(900_020),
            data=submission_fields(900_020),
            files={"attachments": ("n" * 1000 + ".txt", b"plain text", "text/plain")},
        )  # fmt: skip
        # Refused input is a JSON message naming the field, not Django's HTML error page.
        if response is not None and not response.headers.get("content-type", "").startswith(
            "application/json"
        ):
            tally.add("long-file-name answered in HTML", response)


def archives_mime(extension: str) -> str:
    return {
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "odt": "application/vnd.oasis.opendocument.text",
    }[extension]


def send_numbers(tally: Tally, base: str, action_id: int, password: str) -> None:
    big = "576460752303423487"
    urls = [
        f"/api/v1/documents?page={big}",
        f"/api/v1/meetings?page={big}",
        f"/api/v1/decisions?page={big}",
        "/api/v1/actions?due_within=134217728",
        "/api/v1/documents?meeting=30799243341642244096",
        f"/api/v1/consultations/{PLATFORM_SLUG}/submissions?page={big}",
        "/api/v1/documents/99999999999999999999",
        "/api/v1/actions/99999999999999999999",
    ]
    with httpx.Client(base_url=base, timeout=30) as client:
        for url in urls:
            request(tally, "numbers-anonymous", client, "GET", url)
        signed_in = sign_in(client, "secretariat", password)
        if signed_in.status_code != 302:
            raise SystemExit(f"the secretariat could not sign in: {signed_in.status_code}")
        for url in urls:
            request(tally, "numbers-secretariat", client, "GET", url)
        headers = {"X-CSRFToken": client.cookies["csrftoken"]}
        for documents in ([99999999999999999999], [2**63], [-1]):
            request(
                tally, "numbers-secretariat", client, "POST",
                f"/api/v1/actions/{action_id}/documents",
                json={"documents": documents}, headers=headers,
            )  # fmt: skip


def csrf_token(client: httpx.Client) -> str:
    page = client.get(SIGN_IN)
    return page.text.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]


def send_passwords(
    tally: Tally, base: str, count: int, password: str, threads: int
) -> tuple[int | None, int]:
    """Wrong passwords for one user name from one address, from several connections at once;
    then the right one, which the lock-out must refuse too. Gives the first attempt refused."""
    attempts = iter(range(1, count + 1))
    lock = threading.Lock()
    refused: list[int] = []

    def worker() -> None:
        with httpx.Client(base_url=base, timeout=30) as client:
            token = csrf_token(client)
            while True:
                with lock:
                    n = next(attempts, None)
                if n is None:
                    return
                response = request(
                    tally, "wrong-password", client, "POST", SIGN_IN,
                    data={"username": "delegate", "password": f"guess {n}", "csrfmiddlewaretoken": token},
                )  # fmt: skip
                if response is not None and response.status_code == 429:
                    with lock:
                        refused.append(n)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    with httpx.Client(base_url=base, timeout=30) as client:
        right = request(
            tally, "right-password-while-locked", client, "POST", SIGN_IN,
            data={"username": "delegate", "password": password, "csrfmiddlewaretoken": csrf_token(client)},
        )  # fmt: skip
    return (min(refused) if refused else None), right.status_code if right is not None else 0


def send_rate_limited(tally: Tally, base: str, count: int) -> None:
    """One address over the per-client limit: the surplus is refused with 429."""
    with httpx.Client(base_url=base, timeout=30) as client:
        for i in range(count):
            request(
                tally, "rate-one-address", client, "POST", SUBMIT, json=json.loads(body(800_000 + i)),
                headers={**forwarded(800_000), "Idempotency-Key": uuid.uuid4().hex},
            )  # fmt: skip


def send_burst(tally: Tally, base: str, total: int, threads: int, seconds: float) -> float:
    counter = iter(range(total))
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker() -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            while time.monotonic() < deadline:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                request(
                    tally,
                    "burst",
                    client,
                    "POST",
                    SUBMIT,
                    content=body(i),
                    headers={
                        "Content-Type": "application/json",
                        "Idempotency-Key": uuid.uuid4().hex,
                        **forwarded(i),
                    },
                )

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    start = time.monotonic()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return time.monotonic() - start


def fresh_postgres(url: str) -> None:
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if parsed.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("the bench runs on loopback only: give a database on 127.0.0.1")
    common = [
        "-h",
        parsed.hostname,
        "-p",
        str(parsed.port or 5432),
        "-U",
        parsed.username or "postgres",
    ]
    subprocess.run(["dropdb", *common, "--if-exists", name], check=True)
    subprocess.run(["createdb", *common, name], check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument(
        "--database-url",
        default=DEFAULT_POSTGRES,
        help="for --database postgres; dropped and re-created",
    )
    parser.add_argument("--port", type=int, default=8520)
    parser.add_argument(
        "--redis",
        default="redis://127.0.0.1:6379/9",
        help="rate-limit counters; '' for per-process memory",
    )
    parser.add_argument("--submissions", type=int, default=2000)
    parser.add_argument("--passwords", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16, help="threads of the burst")
    parser.add_argument("--password-threads", type=int, default=4)
    parser.add_argument("--bomb-mb", type=int, default=1024, help="inflated size of each bomb")
    parser.add_argument("--seconds", type=float, default=90.0, help="time cap of the burst")
    args = parser.parse_args()

    started = time.monotonic()
    setup_seconds = 0.0
    workdir = Path(tempfile.mkdtemp(prefix="cwg-abuse-"))
    if args.database == "postgres":
        database_url = args.database_url
        fresh_postgres(database_url)
    else:
        database_url = f"sqlite:///{workdir / 'abuse.sqlite3'}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CWG_MEDIA_ROOT": str(workdir / "media"),
        "DJANGO_SETTINGS_MODULE": "cwg.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CWG_AUDIT_KEYS": f"bench:{base64.b64encode(secrets.token_bytes(32)).decode()}",
        "CWG_TRUSTED_PROXIES": "127.0.0.1",
        "CWG_REDIS_URL": args.redis,
        "CWG_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "CWG_LOG_LEVEL": "ERROR",
    }
    server = sampler = None
    server_log = (workdir / "server.log").open("w+")
    tally = Tally()
    try:
        print(f"migrating a fresh {args.database} database ...", flush=True)
        bombs: dict = {}
        builder = threading.Thread(target=build_bombs, args=(args.bomb_mb, bombs))
        builder.start()
        manage(env, "migrate", "-v0")
        records = json.loads(manage(env, "shell", "-c", SETUP + RECORDS).strip().splitlines()[-1])
        action_id, password = records["action"], records["password"]
        server = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "cwg.wsgi:application",
                "--workers", "2", "--threads", "4", "--worker-class", "gthread",
                "--bind", f"{HOST}:{args.port}", "--log-level", "error", "--timeout", "120",
            ],
            cwd=ROOT, env=env, start_new_session=True, stderr=server_log,
        )  # fmt: skip
        wait_ready(args.port)
        setup_seconds = time.monotonic() - started
        base = f"http://{HOST}:{args.port}"
        sampler = MemorySampler(server.pid)
        sampler.start()
        time.sleep(0.2)
        sampler.enter("idle")
        time.sleep(0.5)

        print("zip bombs ...", flush=True)
        sampler.enter("bombs")
        builder.join()
        send_bombs(tally, base, bombs, args.bomb_mb * archives.MB)
        print("oversized numbers ...", flush=True)
        sampler.enter("numbers")
        send_numbers(tally, base, action_id, password)
        print(f"{args.passwords} wrong passwords ...", flush=True)
        sampler.enter("passwords")
        first_lockout, right_status = send_passwords(
            tally, base, args.passwords, password, args.password_threads
        )
        print("rate limit from one address ...", flush=True)
        sampler.enter("rate limit")
        send_rate_limited(tally, base, 41)
        print(
            f"burst of {args.submissions} submissions, {args.concurrency} threads ...", flush=True
        )
        sampler.enter("burst")
        elapsed = send_burst(tally, base, args.submissions, args.concurrency, args.seconds)
        time.sleep(0.2)
        sampler.enter("end")
        sampler.stopped.set()

        counts = json.loads(manage(env, "shell", "-c", COUNT).strip().splitlines()[-1])
        verify = subprocess.run(
            [sys.executable, "-m", "cwg", "verify-audit"],
            cwd=ROOT, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
    finally:
        if sampler is not None:
            sampler.stopped.set()
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        server_log.seek(0)
        log_lines = server_log.read().splitlines()
        server_log.close()
        shutil.rmtree(workdir, ignore_errors=True)

    print(
        f"\n== {args.database}: two gunicorn workers x 4 threads, debug off, 127.0.0.1:{args.port}"
    )
    print(f"{'kind':30s} statuses")
    for kind, statuses in tally.statuses.items():
        shown = ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items(), key=str))
        print(f"{kind:30s} {shown}")
    print(
        f"sign-in lock-out: first refused attempt #{first_lockout}; right password while locked: {right_status}"
    )
    burst_ok = tally.statuses["burst"][201]
    print(f"burst: {burst_ok} accepted in {elapsed:.1f} s ({burst_ok / max(elapsed, 1e-9):.0f}/s)")
    print("server peak RSS (master + workers), MB: " + ", ".join(
        f"{phase} {peak / archives.MB:.0f}" for phase, peak in sampler.peaks.items() if phase != "start"
    ))  # fmt: skip
    stored = set(counts["receipts"])
    lost = tally.receipts - stored
    print(f"receipts received {len(tally.receipts)}, rows stored {counts['rows']}, "
          f"receipts without a row {len(lost)}, attachments stored {counts['attachments']} (1 expected)")  # fmt: skip
    server_errors = tally.server_errors()
    print(f"5xx responses: {server_errors}")
    for note in tally.notes[:10]:
        print(f"  {note}")
    logged = Counter(
        line.split(":", 1)[0] for line in log_lines if not line.startswith((" ", "Traceback"))
    )
    print(
        f"server log: {len(log_lines)} lines; "
        + ", ".join(f"{k!r} x{n}" for k, n in logged.most_common(6))
    )
    print(f"cwg verify-audit (exit {verify.returncode}): {(verify.stdout + verify.stderr).strip()}")
    phases = ", ".join(
        f"{k} {v:.0f}" for k, v in sampler.durations.items() if k not in ("start", "idle")
    )
    print(
        f"seconds: setup (database, records, server) {setup_seconds:.0f}, {phases}, "
        f"total {time.monotonic() - started:.0f}"
    )
    failed = []
    if server_errors:
        failed.append(f"{server_errors} server errors")
    if lost or counts["rows"] != len(tally.receipts):
        failed.append("receipts and rows differ")
    if counts["attachments"] != 1:
        failed.append("an attachment other than the control was stored")
    if any(
        tally.statuses[k][201] for k in ("bomb-docx", "bomb-odt", "bomb-nested", "long-file-name")
    ):
        failed.append("a bomb or an over-long name was accepted")
    if first_lockout is None or right_status != 429:
        failed.append("no sign-in lock-out")
    if verify.returncode != 0:
        failed.append("verify-audit failed")
    print("RESULT: " + ("ok" if not failed else "FAILED: " + "; ".join(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
