"""Every mistake in the settings is reported at start-up, one line each and all at once."""

from __future__ import annotations

import subprocess
import sys

from cwg.core.tests.test_settings import PRODUCTION, clean_env


def _check(tmp_path, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cwg", "check"],
        cwd=tmp_path,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_several_bad_values_are_each_reported_on_a_line_of_their_own(tmp_path):
    mistakes = {
        "DATABASE_URL": "notaurl",
        "CWG_MAX_UPLOAD_BYTES": "twenty",
        "CWG_RATE_LIMIT_PER_MINUTE": "1.5",
        "CWG_DB_CONN_MAX_AGE": "-5",
        "CWG_REDIS_URL": "http://127.0.0.1:6379/0",
        "CWG_LOG_LEVEL": "LOUD",
        "DJANGO_DEBUG": "maybe",
        "CWG_AUDIT_KEYS": "no-secret-here",
        "CWG_STORAGE_URL": "ftp://bucket/files",
    }
    result = _check(tmp_path, **mistakes)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == len(mistakes), result.stderr
    assert all(line.startswith("cwg: configuration refused: ") for line in lines)
    for variable in mistakes:
        assert sum(variable in line for line in lines) == 1, (variable, lines)


def test_an_insecure_production_setting_names_each_problem_on_its_own_line(tmp_path):
    result = _check(tmp_path, CWG_PRODUCTION="1", DJANGO_DEBUG="1", CWG_HSTS_SECONDS="soon")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 4, result.stderr
    for variable in ("DJANGO_SECRET_KEY", "DJANGO_DEBUG", "DJANGO_ALLOWED_HOSTS"):
        assert any(
            variable in line and "CWG_PRODUCTION=1 refuses an insecure setting" in line
            for line in lines
        )
    assert any("CWG_HSTS_SECONDS" in line for line in lines)


def test_good_settings_pass_the_start_up_checks(tmp_path):
    result = _check(tmp_path, **PRODUCTION, DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert result.returncode == 0, result.stderr
    assert "ERRORS" not in result.stderr and "(cwg.E" not in result.stderr


def test_backends_and_names_that_only_fail_later_are_checked_at_start_up(tmp_path):
    result = _check(
        tmp_path,
        CWG_EMAIL_BACKEND="cwg.no_such_mail.Backend",
        CWG_EMBEDDING_MODEL="mpnett",
    )
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if "(cwg.E" in line]
    assert len(lines) == 2, result.stderr
    assert any("CWG_EMAIL_BACKEND" in line and "cwg.no_such_mail.Backend" in line for line in lines)
    assert any("CWG_EMBEDDING_MODEL" in line and "'mpnett'" in line for line in lines)


def test_a_task_backend_that_cannot_be_found_is_one_line(tmp_path):
    result = _check(tmp_path, CWG_TASKS_BACKEND="no.such.Backend")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "no.such.Backend" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_deploy_checks_name_what_a_several_process_layout_lacks(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "cwg", "check", "--deploy"],
        cwd=tmp_path,
        env=clean_env(**PRODUCTION),
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert "cwg.W010" in output and "cwg.W011" in output
