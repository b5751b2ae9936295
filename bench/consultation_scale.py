"""One consultation at FCC scale: bulk import, every list page, a full campaign scan, beside a floor.

For each engine and size asked, in a throw-away database (a SQLite file, or PostgreSQL on
loopback, dropped and re-created): generates N responses (campaign letters copied as they are,
spun letters, the template with words swapped, and individual answers in the six UN
languages) into a JSON-lines file, imports them through the import service
(`cwg.consultations.imports`, the path of `cwg consultations import`), then renders every public
and secretariat list page and API list through Django's test client: p50/p99 wall time (warm:
the kept count; cold: the first view after a write) and SQL query count. The floor, in the same
run, is the bare list query of each page (the same rows, one plain SELECT); the import's floor is
the same lines written as bare rows of the same table (COPY on PostgreSQL, executemany on SQLite;
no checks, receipts or audit trail; rolled back). Last, a full campaign scan in a process of its
own: its wall time and peak memory (max RSS).

CWG_BENCH_PROFILE=PATH.html (with `uv run --with pyinstrument`) profiles the import with
pyinstrument and writes the page there; any other PATH gets a cProfile dump.

    uv run python bench/consultation_scale.py --database sqlite,postgres --sizes 100000[,1000000]
        [--runs 30] [--postgres-url postgres://postgres@127.0.0.1:5432/cwg_bench_scale]
        [--no-scan]

Targets on this machine at 1M (issue 19): every page p99 under 300 ms; import at least 5,000
responses/s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/cwg_bench_scale"
SLUG = "fcc-scale"

CAMPAIGNS = [
    "I strongly support keeping the Internet open, neutral and multilingual. The Council should "
    "ask every Member State to protect the rights of users to reach any lawful content, service "
    "and application without discrimination by their access provider, and to publish the rules "
    "that apply to traffic management so that citizens can judge them.",
    "As a small business owner I depend on fair access to customers online. Please do not allow "
    "paid prioritisation or zero rating that favours the largest platforms over new entrants; "
    "competition and innovation need a level playing field for everyone, in every country.",
    "Internationalized domain names and universal acceptance must be a priority of the working "
    "group. People should be able to use addresses in their own script and language, and every "
    "application should accept them without error, so that the next billion users are included.",
]
SWAPS = {
    "strongly": ["firmly", "really", "fully"],
    "support": ["back", "endorse", "favour"],
    "protect": ["defend", "guard", "uphold"],
    "fair": ["equal", "open", "even"],
    "priority": ["goal", "focus", "concern"],
    "people": ["users", "citizens", "everyone"],
    "Please": ["Kindly", "I urge you to", "We ask you to"],
}
WORDS = {
    "en": "network access policy users content languages rural connectivity cost infrastructure "
    "security privacy trust standards capacity training schools libraries spectrum",
    "fr": "réseau accès politique usagers contenu langues rural connectivité coût infrastructure "
    "sécurité vie privée confiance normes capacités formation écoles bibliothèques",
    "es": "red acceso política usuarios contenido idiomas rural conectividad costo infraestructura "
    "seguridad privacidad confianza normas capacidad formación escuelas bibliotecas",
    "ru": "сеть доступ политика пользователи контент языки сельский связь стоимость "
    "инфраструктура безопасность конфиденциальность доверие стандарты обучение школы",
    "ar": "شبكة نفاذ سياسة مستخدمون محتوى لغات ريفي توصيل تكلفة بنية أمن خصوصية ثقة معايير "
    "قدرات تدريب مدارس مكتبات",
    "zh": "网络 接入 政策 用户 内容 语言 农村 连接 成本 基础设施 安全 隐私 信任 标准 能力 培训 学校 图书馆",
}
CATEGORIES = ["civil_society", "private_sector", "academia", "individual", "technical_community"]
COUNTRIES = ["FRA", "BRA", "KEN", "CHN", "IND", "USA", "EGY", "RUS", "MEX", "ARE"]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def generate(path: Path, n: int, seed: int = 19) -> None:
    """N responses: 40% campaign copies, 20% spun letters, 40% individual answers."""
    rng = random.Random(seed)
    vocab = {lang: words.split() for lang, words in WORDS.items()}
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            kind = rng.random()
            language = "en"
            if kind < 0.4:
                text = CAMPAIGNS[i % len(CAMPAIGNS)]
            elif kind < 0.6:
                words = CAMPAIGNS[i % len(CAMPAIGNS)].split()
                text = " ".join(
                    rng.choice(SWAPS[w]) if w in SWAPS and rng.random() < 0.6 else w for w in words
                )
            else:
                language = rng.choice(list(vocab))
                sep = "" if language == "zh" else " "
                text = sep.join(rng.choices(vocab[language], k=rng.randint(12, 60)))
            row = {
                "name": f"Respondent {i}",
                "organisation": f"Organisation {rng.randint(1, 5000):04d}"
                if rng.random() < 0.5
                else "",
                "category": rng.choice(CATEGORIES),
                "country": rng.choice(COUNTRIES),
                "language": language,
                "consent_to_publication": rng.random() < 0.8,
                "answers": {"1": text},
                "submitted_at": f"2025-0{1 + i % 9}-{1 + i % 28:02d}T{i % 24:02d}:00:00Z",
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


# In the process of one (engine, size) -----------------------------------------------------------


def _setup_django(workdir: Path, database_url: str | None, fresh: bool) -> None:
    sys.path.insert(0, str(HERE))
    if fresh:
        from benchdb import setup_platform

        setup_platform(workdir, database_url)
        return
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cwg.settings")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    sys.path.insert(0, str(HERE.parent / "src"))
    import django

    django.setup()


def _time_pages(client, pages, runs, floors):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    results = {}
    for name, (who, url, floor) in pages.items():
        client.logout()
        if who:
            client.force_login(who)
        cache.clear()
        connection.queries_log.clear()  # full after the import: a full log counts nothing new
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        cold = time.perf_counter() - started
        # Now: the next request's start empties the query log.
        queries = len(captured)
        if response.status_code != 200:
            raise SystemExit(f"{name}: HTTP {response.status_code} for {url}")
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get(url)
            times.append(time.perf_counter() - started)
        results[name] = (queries, cold, percentile(times, 50), percentile(times, 99), floor)
    floor_times = {}
    for floor, run_floor in floors.items():
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            run_floor()
            times.append(time.perf_counter() - started)
        floor_times[floor] = (percentile(times, 50), percentile(times, 99))
    return results, floor_times


# Rows of the import floor: enough for a steady rate, few enough to leave the run's time alone.
FLOOR_ROWS = 100_000


def _import_floor(consultation, data: Path, count: int) -> tuple[int, float]:
    """The same lines written as bare rows of the same table, the cheapest way the engine
    takes them (COPY on PostgreSQL, one prepared INSERT run for many rows on SQLite), in a
    transaction rolled back: no checks, no receipts drawn, no audit trail."""
    from django.db import connection, transaction

    from cwg.consultations.models import Submission

    table = connection.ops.quote_name(Submission._meta.db_table)
    columns = (
        "consultation_id, submitted_at, name, organisation, category, country_other, language, "
        "answers, consent_to_publication, search_text, origin, receipt, hidden"
    )
    fields = [f for f in Submission._meta.concrete_fields if not f.primary_key]
    missing = {f.column for f in fields} - {c.strip() for c in columns.split(",")}
    defaults = {f.column: f.get_default() for f in fields if f.column in missing}
    defaults = {k: v for k, v in defaults.items() if v is not None}
    if defaults:
        columns += ", " + ", ".join(defaults)
    started = time.perf_counter()
    done = 0
    with transaction.atomic(), data.open("rb") as lines, connection.cursor() as cursor:

        def rows():
            nonlocal done
            for number, line in enumerate(lines):
                if number >= count:
                    return
                d = json.loads(line)
                done += 1
                yield [
                    consultation.pk, d["submitted_at"], d["name"], d["organisation"],
                    d["category"], "", d["language"], json.dumps(d["answers"]),
                    d["consent_to_publication"], d["answers"]["1"], "imported",
                    f"FLOOR-{number}", False, *defaults.values(),
                ]  # fmt: skip

        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows():
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * (13 + len(defaults)))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows())
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return done, elapsed


def one_run(
    engine: str, size: int, runs: int, workdir: Path, postgres_url: str, scan: bool
) -> None:
    url = postgres_url if engine == "postgres" else None
    started = time.perf_counter()
    _setup_django(workdir, url, fresh=True)
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from cwg.consultations import imports, services
    from cwg.consultations.models import Campaign, Submission
    from cwg.testing.factories import GroupFactory
    from cwg.testing.personas import build_personas

    group = GroupFactory(slug="cwg-scale", symbol_prefix="CWG-SCALE")
    personas = build_personas(group)
    now = timezone.now()
    import datetime as dt

    from cwg.testing.factories import member_state

    for code in COUNTRIES:
        member_state(code)
    c = services.create_consultation(
        personas.secretariat, group=group, slug=SLUG, topic={"en": "At scale"},
        languages=list(WORDS), questions=[{"text": {"en": "Your view?"}}],
        opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=30),
    )  # fmt: skip
    c = services.transition(personas.secretariat, c, "open")
    data = workdir / "responses.jsonl"
    generate(data, size)
    print(
        f"[{engine} {size:,}] setup and generation {time.perf_counter() - started:.1f} s",
        flush=True,
    )

    started = time.perf_counter()
    with data.open("rb") as lines:
        if os.environ.get("CWG_BENCH_PROFILE", "").endswith(".html"):
            # uv run --with pyinstrument …: a sampling profile, as a page to open in a browser.
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.002)
            profiler.start()
            result = imports.import_responses(personas.secretariat, c, lines, scan=False)
            profiler.stop()
            Path(os.environ["CWG_BENCH_PROFILE"]).write_text(profiler.output_html())
            print(profiler.output_text(unicode=False, color=False, show_all=False), flush=True)
        elif os.environ.get("CWG_BENCH_PROFILE"):
            import cProfile

            profile = cProfile.Profile()
            result = profile.runcall(
                imports.import_responses, personas.secretariat, c, lines, scan=False
            )
            profile.dump_stats(os.environ["CWG_BENCH_PROFILE"])
        else:
            result = imports.import_responses(personas.secretariat, c, lines, scan=False)
    import_s = time.perf_counter() - started
    rate = result.imported / import_s
    print(
        f"[{engine} {size:,}] imported {result.imported:,} in {import_s:.1f} s: {rate:,.0f}/s",
        flush=True,
    )

    floor_rows, floor_s = _import_floor(c, data, min(size, FLOOR_ROWS))
    floor_rate = floor_rows / floor_s
    print(
        f"[{engine} {size:,}] import floor (bare rows, no checks, no receipts, no audit; "
        f"rolled back) {floor_rows:,} in {floor_s:.1f} s: {floor_rate:,.0f}/s",
        flush=True,
    )

    # Campaigns as a scan leaves them, for the campaign pages (the scan itself is timed apart).
    ids = list(
        Submission.objects.filter(consultation=c, consent_to_publication=True)
        .order_by("id")
        .values_list("id", flat=True)[:2000]
    )
    Campaign.objects.bulk_create(
        [
            Campaign(consultation=c, key=f"k{i}", representative_id=pk, size=2 + i)
            for i, pk in enumerate(ids[:900])
        ]
    )
    if engine == "postgres":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    # Warm the site shell (templates, URL resolvers) before anything is timed.
    Client().get(f"/en/consultations/{SLUG}/")
    published = Submission.objects.filter(consultation=c, consent_to_publication=True, hidden=False)
    deep_published = published.order_by("id").values_list("id", flat=True)[int(size * 0.7)]
    deep_all = (
        Submission.objects.filter(consultation=c)
        .order_by("-id")
        .values_list("id", flat=True)[int(size * 0.9)]
    )
    receipt = published.order_by("id").values_list("receipt", flat=True)[size // 2]
    base = f"/en/consultations/{SLUG}"
    api = f"/api/v1/consultations/{SLUG}"
    sec, anon = personas.secretariat, None
    pages = {
        "consultation page": (anon, f"{base}/", "published"),
        "published p1": (anon, f"{base}/submissions/", "published"),
        "published p10": (anon, f"{base}/submissions/?page=10", "published"),
        "published deep (cursor)": (
            anon,
            f"{base}/submissions/?after={deep_published}",
            "published deep",
        ),
        "published lang=fr": (anon, f"{base}/submissions/?language=fr", "published"),
        "published q=receipt": (anon, f"{base}/submissions/?q={receipt}", "published"),
        "published q=org:": (anon, f"{base}/submissions/?q=org:Organisation 12", "published"),
        "campaigns page": (anon, f"{base}/campaigns/", "campaigns"),
        "campaigns page 2": (anon, f"{base}/campaigns/?page=2", "campaigns"),
        "published API": (anon, f"{api}/submissions", "published"),
        "published API deep": (anon, f"{api}/submissions?after={deep_published}", "published deep"),
        "campaigns API": (anon, f"{api}/campaigns", "campaigns"),
        "moderation p1": (sec, f"{base}/moderation/", "moderation"),
        "moderation deep (cursor)": (
            sec,
            f"{base}/moderation/?after={deep_all}",
            "moderation deep",
        ),
        "moderation hidden": (sec, f"{base}/moderation/?show=hidden", "moderation"),
        "moderation API": (sec, f"{api}/moderation", "moderation"),
        "moderation API deep": (sec, f"{api}/moderation?after={deep_all}", "moderation deep"),
        "campaigns (secretariat)": (sec, f"{base}/campaigns/", "campaigns"),
    }
    table = connection.ops.quote_name(Submission._meta.db_table)
    campaign_table = connection.ops.quote_name(Campaign._meta.db_table)

    def bare(sql, params):
        def run():
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                cursor.fetchall()

        return run

    floors = {
        "published": bare(
            f"SELECT * FROM {table} WHERE consultation_id = %s AND consent_to_publication "
            "AND NOT hidden ORDER BY id LIMIT 26",
            [c.pk],
        ),
        "published deep": bare(
            f"SELECT * FROM {table} WHERE consultation_id = %s AND consent_to_publication "
            "AND NOT hidden AND id > %s ORDER BY id LIMIT 26",
            [c.pk, deep_published],
        ),
        "moderation": bare(
            f"SELECT * FROM {table} WHERE consultation_id = %s ORDER BY id DESC LIMIT 51", [c.pk]
        ),
        "moderation deep": bare(
            f"SELECT * FROM {table} WHERE consultation_id = %s AND id < %s ORDER BY id DESC LIMIT 51",
            [c.pk, deep_all],
        ),
        "campaigns": bare(
            f"SELECT * FROM {campaign_table} WHERE consultation_id = %s AND size > 1 "
            "ORDER BY size DESC, id LIMIT 50",
            [c.pk],
        ),
    }
    results, floor_times = _time_pages(Client(), pages, runs, floors)
    print(
        f"\n{engine}, {size:,} responses: import {rate:,.0f} responses/s ({import_s:.1f} s); "
        f"floor {floor_rate:,.0f}/s, {rate / floor_rate:.2f} of it"
    )
    print(
        f"{'page':<28}{'queries':>8}{'cold ms':>9}{'p50 ms':>8}{'p99 ms':>8}   floor{'p50 ms':>8}{'p99 ms':>8}"
    )
    for name, (queries, cold, p50, p99, floor) in results.items():
        f50, f99 = floor_times[floor]
        print(
            f"{name:<28}{queries:>8}{cold * 1000:>9.1f}{p50 * 1000:>8.1f}{p99 * 1000:>8.1f}   "
            f"{floor:<15}{f50 * 1000:>6.2f}{f99 * 1000:>8.2f}"
        )
    worst = max(p99 for _, _, _, p99, _ in results.values())
    print(
        f"worst page p99 {worst * 1000:.1f} ms (target < 300 ms); import {rate:,.0f}/s (target >= 5,000/s)"
    )
    connection.close()
    if scan:
        command = [
            sys.executable,
            __file__,
            "--scan-only",
            engine,
            "--workdir",
            str(workdir),
            "--postgres-url",
            postgres_url,
        ]
        subprocess.run(command, check=True)


def scan_only(engine: str, workdir: Path, postgres_url: str) -> None:
    _setup_django(workdir, postgres_url if engine == "postgres" else None, fresh=False)
    from cwg.consultations.models import CampaignJob, Consultation
    from cwg.consultations.services import campaigns as campaign_runs
    from cwg.registry.models import Person

    consultation = Consultation.objects.select_related("group").get(slug=SLUG)
    actor = Person.objects.get(username="secretariat")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    job = campaign_runs.request_full_run(actor, consultation)
    while True:
        job = CampaignJob.objects.get(pk=job.pk)
        if not job.is_active:
            break
        time.sleep(0.5)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    campaigns = consultation.campaigns.filter(size__gt=1).count()
    print(
        f"full campaign scan: {elapsed:.1f} s, {job.status}, {campaigns} campaigns; "
        f"peak RSS {peak / 1024:.0f} MB (Django loaded: {before / 1024:.0f} MB)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="sqlite", help="sqlite, postgres or both")
    parser.add_argument("--sizes", default="100000", help="comma-separated response counts")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    parser.add_argument("--no-scan", action="store_true", help="skip the full campaign scan")
    parser.add_argument("--scan-only", metavar="ENGINE", help=argparse.SUPPRESS)
    parser.add_argument("--one", metavar="ENGINE:SIZE", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scan_only:
        scan_only(args.scan_only, Path(args.workdir), args.postgres_url)
        return 0
    if args.one:
        engine, size = args.one.split(":")
        one_run(
            engine, int(size), args.runs, Path(args.workdir), args.postgres_url, not args.no_scan
        )
        return 0
    engines = [e.strip() for e in args.database.split(",") if e.strip()]
    try:
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error("--sizes takes comma-separated whole numbers")
    if not engines or set(engines) - {"sqlite", "postgres"}:
        parser.error("--database takes sqlite, postgres or sqlite,postgres")
    if not sizes or min(sizes) < 20 or args.runs < 2:
        parser.error("every size must be at least 20, and --runs at least 2")
    for engine in engines:
        for size in sizes:
            workdir = Path(tempfile.mkdtemp(prefix="cwg-bench-scale-"))
            try:
                command = [
                    sys.executable, __file__, "--one", f"{engine}:{size}", "--workdir", str(workdir),
                    "--runs", str(args.runs), "--postgres-url", args.postgres_url,
                ]  # fmt: skip
                if args.no_scan:
                    command.append("--no-scan")
                result = subprocess.run(command, check=False)
                if result.returncode:
                    return result.returncode
            finally:
                shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
