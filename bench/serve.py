"""Shared by the HTTP benches: a throw-away database on either engine and gunicorn servers on it.

Only 127.0.0.1 is contacted; every server started here is stopped (its process group) on exit.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from cwg.testing.servers import gunicorn_command, manage, wait_ready

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
HOST = "127.0.0.1"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/cwg"


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def free_port(start: int = 0) -> int:
    """A free port: the first free one from `start` (a range of one's own), or any with 0."""
    for port in [0] if not start else range(start, start + 50):
        with socket.socket() as s:
            try:
                s.bind((HOST, port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise SystemExit(f"no free port in {start}-{start + 49}")


def server_cpu_seconds(master_pid: int) -> float:
    """CPU time (user + system) used so far by a server's master and its workers."""
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


def _postgres_url(name: str, postgres_url: str | None) -> str:
    """A URL naming database `<base>_<name>` on the server of `postgres_url` or DATABASE_URL."""
    base = postgres_url or os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        base = DEFAULT_POSTGRES
    parts = urlsplit(base)
    database = f"{parts.path.lstrip('/') or 'cwg'}_{name}"
    return urlunsplit(parts._replace(path=f"/{database}"))


def _recreate_postgres(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    database = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{database}"')


def _drop_postgres(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


@contextlib.contextmanager
def platform_env(engine: str, name: str, *, postgres_url: str | None = None, extra=None):
    """The environment of a migrated throw-away platform on `engine` (sqlite or postgres)."""
    workdir = Path(tempfile.mkdtemp(prefix=f"cwg-{name}-"))
    (workdir / "static").mkdir()
    if engine == "sqlite":
        url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    elif engine == "postgres":
        url = _postgres_url(name, postgres_url)
        _recreate_postgres(url)
    else:
        raise SystemExit(f"--database must be sqlite or postgres, not {engine!r}")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "CWG_MEDIA_ROOT": str(workdir / "media"),
        "CWG_STATIC_ROOT": str(workdir / "static"),  # empty: no warning that it is missing
        "DJANGO_SETTINGS_MODULE": "floor_settings",
        "CWG_BENCH_FLOOR": "1",
        "PYTHONPATH": os.pathsep.join([str(BENCH), str(ROOT / "src")]),
        "DJANGO_DEBUG": "0",
        # As deploy.md advises behind gunicorn: one connection per thread, kept between requests.
        "CWG_DB_CONN_MAX_AGE": "60",
        "CWG_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "CWG_LOG_LEVEL": "ERROR",
        **(extra or {}),
    }
    try:
        manage(env, "migrate", "-v0")
        yield env
    finally:
        if engine == "postgres":
            with contextlib.suppress(Exception):
                _drop_postgres(url)
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)


@contextlib.contextmanager
def gunicorn(env: dict, port: int, *, workers: int, threads: int, ready_path: str):
    """A gunicorn server (gthread workers) on 127.0.0.1:port, stopped on exit."""
    command = gunicorn_command(
        f"{HOST}:{port}", workers=workers, threads=threads, log_level="error",
        extra=("--keep-alive", "30"),
    )  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    try:
        wait_ready(HOST, port, ready_path, server, timeout=60)
        yield server
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
