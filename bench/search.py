"""Full-text search: indexing time and query latency of the platform's engines, beside a bare FTS5.

For each engine asked (a throw-away database each) builds `--size` document-language entries of
generated text in six languages (one document per six entries, one in four of them members-only,
in four groups) through the platform's normaliser and index, then times `--queries` mixed one- and
two-word queries (one in five also filtered by language) through `cwg.search.queries.search` as an
anonymous reader: the path the page and the API take, with the visibility filter, the count, the
facets, the page of 20 hits and their snippets. The floor, in the same run, is a bare FTS5 table
(unicode61) on the same raw text, queried with the same words (count of every match, top 20).

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
        import datetime as dt

        from django.contrib.auth.models import AnonymousUser

        from cwg.core.access_levels import AccessLevel
        from cwg.documents.models import Document, DocumentType, SourceKind
        from cwg.search import queries as search_queries
        from cwg.search.models import SearchEntry
        from cwg.search.normalise import index_text
        from cwg.testing.factories import GroupFactory

        rows, queries = corpus(size)
        queries = queries[:nqueries]
        groups = [GroupFactory() for _ in range(4)]
        documents = []
        for n in range(-(-len(rows) // len(LANGS))):
            documents.append(
                Document(
                    group=groups[n % len(groups)],
                    symbol=f"BENCH/{n + 1}",
                    document_type=DocumentType.CONTRIBUTION,
                    source_kind=SourceKind.SECRETARIAT,
                    title={"en": f"Document {n + 1}"},
                    access_level=AccessLevel.MEMBERS if n % 4 == 3 else AccessLevel.PUBLIC,
                    submitted_at=dt.datetime(2015 + n % 10, 1 + n % 12, 1, tzinfo=dt.UTC),
                )
            )
        documents = Document.objects.bulk_create(documents, batch_size=2000)
        start = time.perf_counter()
        batch = []
        for i, (lang, title, body) in enumerate(rows):
            document = documents[i // len(LANGS)]
            batch.append(
                SearchEntry(
                    kind="document",
                    record_id=document.pk,
                    language=lang,
                    group_id=document.group_id,
                    year=document.submitted_at.year,
                    date=document.submitted_at,
                    symbol=document.symbol,
                    title=title,
                    body=body,
                    terms=index_text(f"{document.symbol} {title} {body}", lang),
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
                cursor.execute("VACUUM ANALYZE")
        reader = AnonymousUser()
        times, found = [], 0
        for n, (lang, words) in enumerate(queries):
            filters = {"language": lang} if n % 5 == 4 else {}
            start = time.perf_counter()
            results = search_queries.search(reader, " ".join(words), filters=filters, language="en")
            times.append(time.perf_counter() - start)
            found += results.total
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
