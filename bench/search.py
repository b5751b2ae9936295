"""Full-text search: indexing time and query latency of the platform's engines, beside a bare FTS5.

For each engine asked (a throw-away database each) builds `--size` document-language entries of
generated text in six languages through the platform's normaliser and index, then times
`--queries` mixed one- and two-word queries through `cwg.search.engines` (match, count, top 20 by
rank). The floor, in the same run, is a bare FTS5 table (unicode61) on the same raw text, queried
with the same words. Access control is not in these timings (the entries belong to no record).

    uv run python bench/search.py --database sqlite,postgres [--size 200000] [--queries 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ALPHABETS = {
    "en": "abcdefghilmnoprstuvw",
    "fr": "abcdeéèfgilmnoprstuàç",
    "es": "abcdefgilmnoñprstuáó",
    "ru": "абвгдежзиклмнопрстуыя",
    "ar": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
}
CJK = [chr(c) for c in range(0x4E00, 0x4E00 + 600)]
LANGS = ("ar", "en", "es", "fr", "ru", "zh")


def vocabulary(rng: random.Random, per_language: int = 3000) -> dict[str, list[str]]:
    vocab = {}
    for lang, letters in ALPHABETS.items():
        vocab[lang] = [
            "".join(rng.choice(letters) for _ in range(rng.randint(3, 9)))
            for _ in range(per_language)
        ]
    vocab["zh"] = ["".join(rng.choice(CJK) for _ in range(2)) for _ in range(per_language)]
    return vocab


def text(rng, vocab, lang, words) -> str:
    sep = "" if lang == "zh" else " "
    chosen = [
        vocab[lang][min(int(rng.paretovariate(1.2)), len(vocab[lang])) - 1] for _ in range(words)
    ]
    return sep.join(chosen)


def corpus(size: int, seed: int = 7):
    rng = random.Random(seed)
    vocab = vocabulary(rng)
    rows = []
    for i in range(size):
        lang = LANGS[i % len(LANGS)]
        rows.append((lang, text(rng, vocab, lang, 8), text(rng, vocab, lang, 60)))
    queries = []
    for _ in range(1000):
        lang = rng.choice(LANGS)
        n = rng.choice((1, 1, 2))
        words = [rng.choice(vocab[lang][:400]) for _ in range(n)]
        queries.append((lang, words))
    return rows, queries


def pct(values, p) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] * 1000


def floor(rows, queries) -> dict:
    """Bare FTS5 on the raw text, in a file database: the best SQLite can do without the platform."""
    with tempfile.TemporaryDirectory() as tmp:
        db = sqlite3.connect(Path(tmp) / "floor.sqlite3")
        db.execute("CREATE VIRTUAL TABLE f USING fts5(title, body)")
        start = time.perf_counter()
        with db:
            db.executemany("INSERT INTO f(title, body) VALUES (?, ?)", [r[1:] for r in rows])
        indexing = time.perf_counter() - start
        times = []
        for _lang, words in queries:
            expression = " AND ".join(f'"{w}"' for w in words)
            start = time.perf_counter()
            db.execute("SELECT count(*) FROM f WHERE f MATCH ?", (expression,)).fetchone()
            db.execute(
                "SELECT rowid FROM f WHERE f MATCH ? ORDER BY rank LIMIT 20", (expression,)
            ).fetchall()
            times.append(time.perf_counter() - start)
        db.close()
    return {"index_s": indexing, "p50": pct(times, 0.5), "p99": pct(times, 0.99)}


def one_engine(engine: str, size: int, nqueries: int, postgres_url: str) -> dict:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from benchdb import setup_platform

    with tempfile.TemporaryDirectory() as tmp:
        setup_platform(Path(tmp), postgres_url if engine == "postgres" else None)
        from cwg.search import engines
        from cwg.search.models import SearchEntry
        from cwg.search.normalise import index_text, query_terms

        rows, queries = corpus(size)
        queries = queries[:nqueries]
        start = time.perf_counter()
        batch = []
        for i, (lang, title, body) in enumerate(rows):
            batch.append(
                SearchEntry(
                    kind="document",
                    record_id=i + 1,
                    language=lang,
                    title=title,
                    body=body,
                    terms=index_text(f"{title} {body}", lang),
                )
            )
            if len(batch) == 2000:
                SearchEntry.objects.bulk_create(batch)
                batch = []
        SearchEntry.objects.bulk_create(batch)
        indexing = time.perf_counter() - start
        if engine == "postgres":
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE search_searchentry")
        times, found = [], 0
        for _lang, words in queries:
            start = time.perf_counter()
            matched = engines.matching(SearchEntry.objects.all(), query_terms(" ".join(words)))
            found += matched.count()
            list(matched.order_by("score", "id").values_list("id", flat=True)[:20])
            times.append(time.perf_counter() - start)
        result = {"index_s": indexing, "p50": pct(times, 0.5), "p99": pct(times, 0.99)}
        result["found"] = found
        if engine == "sqlite":
            result["floor"] = floor(rows, queries)
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="sqlite,postgres")
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument(
        "--postgres-url", default="postgres://postgres@127.0.0.1:5432/cwg_search_bench"
    )
    parser.add_argument("--one", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not 1 <= args.size <= 2_000_000 or not 1 <= args.queries <= 1000:
        parser.error("--size must be 1…2,000,000 and --queries 1…1000")
    if args.one:
        print(json.dumps(one_engine(args.one, args.size, args.queries, args.postgres_url)))
        return
    engines = [e.strip() for e in args.database.split(",") if e.strip()]
    if not engines or any(e not in ("sqlite", "postgres") for e in engines):
        parser.error("--database takes sqlite, postgres or sqlite,postgres")
    if "sqlite" not in engines:
        engines.append("sqlite")  # the floor is measured in the SQLite run
    results = {}
    for engine in engines:
        out = subprocess.run(
            [sys.executable, __file__, "--one", engine, "--size", str(args.size),
             "--queries", str(args.queries), "--postgres-url", args.postgres_url],
            capture_output=True, text=True, check=False, env=os.environ.copy(),
        )  # fmt: skip
        if out.returncode:
            sys.exit(f"{engine}: {out.stderr.strip().splitlines()[-1] if out.stderr else 'failed'}")
        results[engine] = json.loads(out.stdout.strip().splitlines()[-1])
    base = results["sqlite"]["floor"]
    print(f"size {args.size} entries, {args.queries} queries")
    print(
        f"{'engine':10s}{'index s':>9s}{'p50 ms':>9s}{'p99 ms':>9s}{'p99/floor':>11s}{'hits':>9s}"
    )
    print(
        f"{'floor':10s}{base['index_s']:9.2f}{base['p50']:9.2f}{base['p99']:9.2f}{1:11.2f}{'':>9s}"
    )
    for engine in engines:
        r = results[engine]
        ratio = r["p99"] / base["p99"] if base["p99"] else 0
        print(
            f"{engine:10s}{r['index_s']:9.2f}{r['p50']:9.2f}{r['p99']:9.2f}{ratio:11.2f}{r['found']:9d}"
        )


if __name__ == "__main__":
    main()
