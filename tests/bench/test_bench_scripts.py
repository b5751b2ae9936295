"""The HTTP benches run end to end in a tiny configuration and report no loss and no error."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def _engine() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return "postgres" if url.startswith(("postgres://", "postgresql://")) else "sqlite"


def _run(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / args[0]), *args[1:]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def test_the_ingest_bench_prints_the_floor_the_platform_and_their_ratio():
    engine = _engine()
    out = _run(
        "consultation_ingest.py", "--database", engine,
        "--requests", "40", "--rounds", "1", "--concurrency", "4",
    )  # fmt: skip
    assert re.search(r"^floor .* ok$", out, re.M) and re.search(r"^platform .* ok$", out, re.M)
    # engine, floor/s, platform/s, ratio, CPU ratio, events per row, errors, lost
    row = re.search(
        rf"^{engine}\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+[\d.]+\s+([\d.]+)\s+(\d+)\s+(\d+)$",
        out,
        re.M,
    )
    assert row, out
    floor, platform, ratio, events_per_row, errors, lost = row.groups()
    assert float(floor) > 0 and float(platform) > 0
    assert abs(float(ratio) - float(platform) / float(floor)) < 0.02
    assert float(events_per_row) == 1.0 and errors == "0" and lost == "0"


def test_the_search_bench_prints_the_floor_and_each_engine():
    engine = _engine()
    out = _run("search.py", "--database", engine, "--size", "300", "--queries", "50")
    assert re.search(r"^floor\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+1\.00", out, re.M), out
    assert re.search(rf"^{engine}\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+\d+$", out, re.M), out


def test_the_scale_bench_imports_and_prints_every_page_beside_its_floor():
    engine = _engine()
    out = _run(
        "consultation_scale.py", "--database", engine, "--sizes", "300", "--runs", "2",
        "--postgres-url", "postgres://postgres@127.0.0.1:5432/cwg_bench_scale_test",
    )  # fmt: skip
    assert re.search(rf"^{engine}, 300 responses: import [\d,]+ responses/s", out, re.M), out
    # page, queries, cold, p50, p99, floor name, floor p50, floor p99
    rows = re.findall(
        r"^(.+?)\s+(\d+)\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[a-z ]+?\s+[\d.]+\s+[\d.]+$", out, re.M
    )
    names = {name.strip() for name, _ in rows}
    assert {"consultation page", "published deep (cursor)", "moderation API deep"} <= names, out
    assert all(int(queries) > 0 for _, queries in rows)
    assert re.search(r"^full campaign scan: [\d.]+ s, done", out, re.M), out


def test_the_compilation_bench_prints_each_format_next_to_the_floor():
    engine = _engine()
    out = _run(
        "compilation.py", "--database", engine, "--sizes", "20,40", "--repeat", "1",
    )  # fmt: skip
    for size in ("20", "40"):
        for fmt in ("floor", "docx", "html", "csv", "xlsx"):
            assert re.search(rf"^{engine}\s+{size} {fmt}\s+[\d.]+\s+[\d.]+", out, re.M), out
    assert re.search(rf"^growth {engine}\s+docx\s+time ×[\d.]+\s+peak memory ×[\d.]+$", out, re.M)
