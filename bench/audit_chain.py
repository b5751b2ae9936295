"""Audit events per second: `record()` (locked chain head, HMAC) beside a bare INSERT floor.

N threads each append events, one transaction per event as a request would, on the chosen
engine. The floor inserts the same row with the same plain SQL but without the chain (no head
lock, no hash); its rows are deleted afterwards. Rounds alternate floor/record so that both see
the same machine state. At the end the whole chain is verified and the entries that do not chain
onto the one just before them (forks) are counted: 0 expected.

    uv run python bench/audit_chain.py --database sqlite [--threads 8] [--events 200] [--rounds 3]
    uv run python bench/audit_chain.py --database postgres \
        [--pg-url postgres://postgres@127.0.0.1:5432/cwg_audit]

SQLite uses a temporary file database (WAL); PostgreSQL uses the given database, migrated first.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup(database: str, pg_url: str, workdir: Path) -> None:
    if database == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        os.environ["DATABASE_URL"] = pg_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cwg.settings")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _run_threads(threads: int, events: int, work) -> float:
    """Run work(thread_index, n) for every n in each thread, all starting together; events/s."""
    from django.db import connections

    barrier = threading.Barrier(threads + 1)
    errors: list[BaseException] = []

    def runner(i):
        try:
            barrier.wait()
            for n in range(events):
                work(i, n)
        except BaseException as exc:  # reported below; a bench must not hide a failure
            errors.append(exc)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=runner, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise errors[0]
    return threads * events / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/cwg_audit")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--events", type=int, default=200, help="events per thread per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--compare-old",
        action="store_true",
        help="also run the previous head logic (SELECT the newest entry FOR UPDATE) and count "
        "its forks; its rows are deleted afterwards",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="cwg-bench-audit-") as workdir:
        _setup(args.database, args.pg_url, Path(workdir))
        from django.db import transaction
        from django.utils import timezone

        from cwg.core import rows
        from cwg.core.audit import GENESIS_HASH, record, verify_chain
        from cwg.core.models import AuditEvent

        start_id = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0

        def bare_insert(i, n):
            with transaction.atomic():
                rows.insert(
                    [
                        AuditEvent(
                            created_at=timezone.now(),
                            actor_label="system",
                            action="bench.floor",
                            object_type="bench",
                            object_id=str(n),
                            object_label="",
                            previous_hash=GENESIS_HASH,
                            entry_hash=uuid.uuid4().hex + uuid.uuid4().hex,
                            key_id="",
                        )
                    ]
                )

        def chained(i, n):
            with transaction.atomic():
                record(None, "bench.record", object_type="bench", object_id=n, after={"n": n})

        floor, chain, old, old_forks = [], [], [], 0
        try:
            for _ in range(args.rounds):
                floor.append(_run_threads(args.threads, args.events, bare_insert))
                chain.append(_run_threads(args.threads, args.events, chained))
        finally:
            AuditEvent.objects.filter(action="bench.floor").delete()
        if args.compare_old:
            old, old_forks = _compare_old(args)

        previous = None
        forks = 0
        for previous_hash, entry_hash in (
            AuditEvent.objects.filter(id__gt=start_id)
            .order_by("id")
            .values_list("previous_hash", "entry_hash")
        ):
            if previous is not None and previous_hash != previous:
                forks += 1
            previous = entry_hash
        checked, broken = verify_chain()

    written = args.threads * args.events * args.rounds
    print(
        f"{args.database}, {args.threads} threads x {args.events} events x {args.rounds} rounds "
        "(one transaction per event)"
    )
    print(
        f"  bare INSERT floor : {statistics.median(floor):8.0f} events/s (median; {_rounds(floor)})"
    )
    print(
        f"  record()          : {statistics.median(chain):8.0f} events/s (median; {_rounds(chain)})"
    )
    print(f"  record()/floor    : {statistics.median(chain) / statistics.median(floor):8.2f}")
    if old:
        print(
            f"  previous head logic: {statistics.median(old):8.0f} events/s (median; "
            f"{_rounds(old)}), forks: {old_forks} of {written}"
        )
    print(f"  forks among the {written} chained events: {forks}")
    print(f"  verify_chain: {checked} entries, {'intact' if broken is None else broken}")
    if forks or broken is not None:
        sys.exit(1)


def _forks(events) -> int:
    """Entries that do not chain onto the entry just before them (the first one is not judged)."""
    previous, forks = None, 0
    for previous_hash, entry_hash in events.order_by("id").values_list(
        "previous_hash", "entry_hash"
    ):
        forks += previous is not None and previous_hash != previous
        previous = entry_hash
    return forks


def _compare_old(args) -> tuple[list[float], int]:
    """The head logic before the head row: every waiter re-read the old newest entry."""
    from django.db import transaction

    from cwg.core import audit
    from cwg.core.models import AuditEvent

    def old_take_head() -> str:
        connection = transaction.get_connection()
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT entry_hash FROM {AuditEvent._meta.db_table} ORDER BY id DESC LIMIT 1{lock}"
            )
            row = cursor.fetchone()
        return row[0] if row else audit.GENESIS_HASH

    def chained_old(i, n):
        with transaction.atomic():
            audit.record(None, "bench.old", object_type="bench", object_id=n)

    saved = audit._take_head, audit._move_head
    audit._take_head, audit._move_head = old_take_head, lambda event: None
    rates = []
    try:
        for _ in range(args.rounds):
            rates.append(_run_threads(args.threads, args.events, chained_old))
        forks = _forks(AuditEvent.objects.filter(action="bench.old"))
    finally:
        audit._take_head, audit._move_head = saved
        # The head row never moved: without these rows the chain is whole again.
        AuditEvent.objects.filter(action="bench.old").delete()
    return rates, forks


def _rounds(values: list[float]) -> str:
    return ", ".join(f"{v:.0f}" for v in values)


if __name__ == "__main__":
    main()
