"""`scripts/demo --check` says what the demo would install and start, and changes nothing."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from cwg.analysis.ranking import Encoder, embeddings_available

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "demo"


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SCRIPT), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_lists_every_step_and_writes_nothing(tmp_path):
    database = tmp_path / "demo.sqlite3"
    result = run("--check", CWG_DEMO_PORT="8231", DATABASE_URL=f"sqlite:///{database}")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert [line.split("]")[0] for line in lines] == [f"demo: [{n}/6" for n in range(1, 7)]
    assert "cwg db_worker, django_tasks_db.DatabaseBackend" in lines[5]
    assert "http://127.0.0.1:8231/" in lines[5]
    assert str(database) in lines[2]
    available, _ = embeddings_available()
    if available:
        assert f"sentence model: {Encoder.active().name} is installed" in lines[1]
    else:
        assert "sentence model: would install minilm with scripts/install-embeddings" in lines[1]
    assert not database.exists()


def test_check_names_the_chosen_model_and_backend():
    result = run("--check", CWG_DEMO_MODEL="mpnet", CWG_TASKS_BACKEND="custom.Backend")
    assert result.returncode == 0, result.stderr
    assert "(cwg db_worker, custom.Backend)" in result.stderr
    if not embeddings_available()[0]:
        assert "would install mpnet" in result.stderr


def test_bad_settings_and_arguments_are_refused_on_one_line():
    for args, env, message in (
        (("--check",), {"CWG_DEMO_PORT": "80x"}, "CWG_DEMO_PORT must be a port number"),
        (("--check",), {"CWG_DEMO_PORT": "70000"}, "CWG_DEMO_PORT must be a port number"),
        (("--check",), {"CWG_DEMO_MODEL": "bert"}, "CWG_DEMO_MODEL must be minilm or mpnet"),
        (("--fast",), {}, "unknown argument: --fast"),
    ):
        result = run(*args, **env)
        assert result.returncode == 2
        assert result.stderr.startswith("demo: ") and message in result.stderr
        assert result.stderr.count("\n") == 1
