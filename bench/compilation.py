"""The compilation's formats at n and 2n responses, side by side with a floor, on each engine.

For each engine asked (a throw-away SQLite file, or PostgreSQL on loopback, dropped and
re-created) and each size, stores that many published responses (two questions, answers of about
60 words, a few campaigns) in one consultation, then times each format written to a file through
the same door as the worker and the command line (`compilation.write`), with its peak Python
memory (tracemalloc), next to the floor: a plain keyset `SELECT` of the same rows written straight
to CSV with the csv module. Prints one line per engine, size and format, then for each format
the ratio of its time at 2n to its time at n (linear growth is 2; the issue allows 2.5).

    uv run python bench/compilation.py --database sqlite,postgres --sizes 5000,10000
        [--formats docx,html,csv,xlsx] [--postgres-url postgres://…/cwg_bench_compilation]

Each engine runs in its own process (Django is set up once per process).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/cwg_bench_compilation"
FORMATS = ("docx", "html", "csv", "xlsx")
WORDS = [
    "multilingual",
    "internet",
    "domain",
    "names",
    "scripts",
    "languages",
    "access",
    "content",
    "local",
    "communities",
    "standards",
    "universal",
    "acceptance",
    "email",
    "addresses",
    "keyboards",
    "fonts",
    "support",
    "government",
    "investment",
    "capacity",
    "building",
    "libraries",
    "schools",
]


def answer(i: int, words: int = 60) -> str:
    return " ".join(WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(words))


def populate(size: int, personas, slug: str = ""):
    import datetime as dt

    from django.utils import timezone

    from cwg.consultations import services
    from cwg.consultations.models import Campaign, Submission
    from cwg.registry.models import MemberState

    group = personas.group
    now = timezone.now()
    consultation = services.create_consultation(
        personas.secretariat,
        group=group,
        slug=slug or f"bench-{size}",
        topic={"en": "Bench", "fr": "Banc"},
        languages=["en", "fr"],
        questions=[{"text": {"en": "Question one"}}, {"text": {"en": "Question two"}}],
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=1),
    )
    countries = list(MemberState.objects.values_list("pk", flat=True)[:50])
    categories = ["civil_society", "private_sector", "government", "academia"]
    campaigns = [
        Campaign.objects.create(consultation=consultation, key=f"c{k}", size=0) for k in range(5)
    ]
    batch = []
    for i in range(size):
        in_campaign = i % 10 == 0
        batch.append(
            Submission(
                consultation=consultation,
                receipt=f"{slug or size}-{i:08d}",
                submitted_at=now,
                name=f"Respondent {i}",
                organisation=f"Organisation {i % 300}",
                category=categories[i % 4],
                country_id=countries[i % len(countries)] if i % 7 else None,
                country_other="" if i % 7 else "Elsewhere",
                language="en",
                answers={"1": answer(i), "2": answer(i + 1, 30)},
                consent_to_publication=i % 9 != 0,
                campaign=campaigns[i % 5] if in_campaign else None,
                campaign_tier="exact" if in_campaign else "",
            )
        )
        if len(batch) == 2000:
            Submission.objects.bulk_create(batch)
            batch = []
    Submission.objects.bulk_create(batch)
    for campaign in campaigns:
        members = campaign.submissions.order_by("id")
        campaign.size = members.count()
        campaign.representative = members.first()
        campaign.save()
    return consultation


def floor(consultation, out) -> None:
    """The least any CSV of these rows costs: keyset batches of the bare columns, to CSV."""
    from cwg.consultations.models import Submission

    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    writer = csv.writer(text)
    rows = Submission.objects.filter(
        consultation=consultation, hidden=False, consent_to_publication=True, campaign__isnull=True
    ).order_by("id")
    last = 0
    while True:
        batch = list(
            rows.filter(id__gt=last).values_list("id", "receipt", "name", "category", "answers")[
                :2000
            ]
        )
        if not batch:
            break
        for _pk, receipt, name, category, answers in batch:
            for key, value in answers.items():
                writer.writerow([key, receipt, name, category, value])
        last = batch[-1][0]
    text.flush()
    text.detach()


def measure(run, repeat: int) -> tuple[float, float, int]:
    """(best seconds of `repeat` runs without tracing, peak traced MB in one more, bytes
    written). The best run is the one least disturbed by other work on a shared machine."""
    seconds = float("inf")
    for _ in range(repeat):
        with tempfile.TemporaryFile() as out:
            started = time.perf_counter()
            run(out)
            seconds = min(seconds, time.perf_counter() - started)
            size = os.fstat(out.fileno()).st_size
    with tempfile.TemporaryFile() as out:
        tracemalloc.start()
        run(out)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return seconds, peak / 2**20, size


def engine_run(
    engine: str, sizes: list[int], formats: list[str], url: str, repeat: int
) -> list[dict]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from benchdb import setup_platform

    workdir = Path(tempfile.mkdtemp(prefix="cwg-bench-compilation-"))
    setup_platform(workdir, url if engine == "postgres" else None)
    from django.core.management import call_command

    call_command("load_registry", verbosity=0)
    from cwg.consultations.services import compilation
    from cwg.testing.factories import GroupFactory
    from cwg.testing.personas import build_personas

    personas = build_personas(GroupFactory(slug="cwg-bench", symbol_prefix="CWG-BENCH"))
    warm = populate(50, personas, slug="bench-warm-up")
    for fmt in formats:  # imports, templates and caches loaded before anything is timed
        with tempfile.TemporaryFile() as out:
            compilation.write(warm, fmt, "en", out)
    rows = []
    for size in sizes:
        consultation = populate(size, personas)
        for fmt in ["floor", *formats]:
            if fmt == "floor":
                seconds, peak, written = measure(lambda out, c=consultation: floor(c, out), repeat)
            else:
                seconds, peak, written = measure(
                    lambda out, c=consultation, f=fmt: compilation.write(c, f, "en", out), repeat
                )
            rows.append(
                {
                    "engine": engine,
                    "size": size,
                    "format": fmt,
                    "seconds": seconds,
                    "peak_mb": peak,
                    "bytes": written,
                }
            )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="sqlite", help="sqlite, postgres or both")
    parser.add_argument("--sizes", default="5000,10000", help="n,2n (responses)")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per cell (best kept)")
    parser.add_argument("--engine-run", help=argparse.SUPPRESS)
    args = parser.parse_args()
    try:
        sizes = [int(s) for s in args.sizes.split(",")]
        formats = [f for f in args.formats.split(",") if f]
        engines = [e for e in args.database.split(",") if e]
    except ValueError:
        print("--sizes takes whole numbers, such as 5000,10000", file=sys.stderr)
        return 2
    if not sizes or min(sizes) < 1 or set(formats) - set(FORMATS):
        print(f"--sizes must be positive; --formats among {','.join(FORMATS)}", file=sys.stderr)
        return 2
    if set(engines) - {"sqlite", "postgres"} or not engines:
        print("--database takes sqlite, postgres or sqlite,postgres", file=sys.stderr)
        return 2
    if args.engine_run:
        rows = engine_run(args.engine_run, sizes, formats, args.postgres_url, max(1, args.repeat))
        print("ROWS " + json.dumps(rows))
        return 0

    rows = []
    for engine in engines:
        result = subprocess.run(
            [
                sys.executable,
                __file__,
                "--engine-run",
                engine,
                "--sizes",
                args.sizes,
                "--formats",
                ",".join(formats),
                "--postgres-url",
                args.postgres_url,
                "--repeat",
                str(args.repeat),
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "CWG_TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend"},
            check=False,
        )
        found = [line for line in result.stdout.splitlines() if line.startswith("ROWS ")]
        if result.returncode or not found:
            print(f"{engine}: the run failed\n{result.stderr[-3000:]}", file=sys.stderr)
            return 1
        rows += json.loads(found[-1][5:])

    print(
        f"{'engine':<9}{'n':>9} {'format':<7}{'seconds':>9}{'peak MB':>9}{'MB out':>9}{'× floor':>9}"
    )
    floors = {(r["engine"], r["size"]): r["seconds"] for r in rows if r["format"] == "floor"}
    for r in rows:
        ratio = (
            r["seconds"] / floors[(r["engine"], r["size"])]
            if floors.get((r["engine"], r["size"]))
            else 0
        )
        print(
            f"{r['engine']:<9}{r['size']:>9} {r['format']:<7}{r['seconds']:>9.2f}"
            f"{r['peak_mb']:>9.1f}{r['bytes'] / 2**20:>9.1f}{ratio:>9.1f}"
        )
    print()
    print(
        "growth from the smallest to the largest size (time ratio; size ratio "
        f"{max(sizes) / min(sizes):g})"
    )
    for engine in engines:
        for fmt in ["floor", *formats]:
            times = {
                r["size"]: r["seconds"] for r in rows if (r["engine"], r["format"]) == (engine, fmt)
            }
            peaks = {
                r["size"]: r["peak_mb"] for r in rows if (r["engine"], r["format"]) == (engine, fmt)
            }
            growth = times[max(sizes)] / times[min(sizes)] if times[min(sizes)] else 0
            memory = peaks[max(sizes)] / peaks[min(sizes)] if peaks[min(sizes)] else 0
            print(f"growth {engine:<9}{fmt:<7} time ×{growth:.2f}  peak memory ×{memory:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
