"""Settings read from the environment: bad values and insecure production set-ups are refused.

Each case imports `cwg.settings` afresh with exactly the given cwg/Django variables. The
parametrised cases share one interpreter (a fresh import per case) to keep the suite fast; the
defaults and the command line are checked in their own processes.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[3]
GOOD_KEY = "k7Q2vX9pL4mZ8rT1wY6nB3cF5hJ0sD2gA9eU4iO7yR1tP3qW8xV"  # 51 characters
PRODUCTION = {
    "CWG_PRODUCTION": "1",
    "DJANGO_SECRET_KEY": GOOD_KEY,
    "DJANGO_ALLOWED_HOSTS": "cwg.example.org",
}
# The documented several-process layout: PostgreSQL and a shared Redis (cwg.W010, W011 otherwise).
SHARED_SERVICES = {
    "DATABASE_URL": "postgres://cwg@db.example.org:5432/cwg",
    "CWG_REDIS_URL": "redis://cache.example.org:6379/0",
}

# Imports cwg.settings once per case, each time with only that case's variables set.
RUNNER = r"""
import importlib, json, os, sys
cases = json.loads(sys.stdin.read())
base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CWG_", "DATABASE_URL"))}
results = {}
for name, env in cases.items():
    os.environ.clear()
    os.environ.update(base)
    os.environ.update(env)
    sys.modules.pop("cwg.settings", None)
    try:
        s = importlib.import_module("cwg.settings")
    except Exception as exc:
        results[name] = {"ok": False, "error": type(exc).__name__, "message": str(exc)}
    else:
        results[name] = {
            "ok": True,
            "debug": s.DEBUG,
            "engine": s.DATABASES["default"]["ENGINE"],
            "name": str(s.DATABASES["default"]["NAME"]),
            "hsts": getattr(s, "SECURE_HSTS_SECONDS", 0),
            "hsts_subdomains": getattr(s, "SECURE_HSTS_INCLUDE_SUBDOMAINS", False),
            "hsts_preload": getattr(s, "SECURE_HSTS_PRELOAD", False),
            "silenced": getattr(s, "SILENCED_SYSTEM_CHECKS", []),
            "session_age": s.SESSION_COOKIE_AGE,
            "session_idle": "cwg.core.middleware.SessionIdleMiddleware" in s.MIDDLEWARE,
            "failure_limit": s.AXES_FAILURE_LIMIT,
            "lockout_seconds": s.AXES_COOLOFF_TIME.total_seconds(),
            "reset_seconds": s.PASSWORD_RESET_TIMEOUT,
            "require_2fa": s.CWG_REQUIRE_2FA,
            "proxies": list(s.CWG_TRUSTED_PROXIES),
            "csp_script": s.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"],
        }
print(json.dumps(results))
"""

ACCEPTED = {
    "debug 0": ({"DJANGO_DEBUG": "0"}, {"debug": False}),
    "debug off": ({"DJANGO_DEBUG": "off"}, {"debug": False}),
    "debug FALSE": ({"DJANGO_DEBUG": "FALSE"}, {"debug": False}),
    "debug 1": ({"DJANGO_DEBUG": "1"}, {"debug": True}),
    "debug yes": ({"DJANGO_DEBUG": " yes "}, {"debug": True}),
    "postgres url": (
        {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/cwg"},
        {"engine": "django.db.backends.postgresql", "name": "cwg"},
    ),
    "sqlite file": (
        {"DATABASE_URL": "sqlite:////srv/cwg/db.sqlite3"},
        {"engine": "django.db.backends.sqlite3", "name": "/srv/cwg/db.sqlite3"},
    ),
    "secure production": (
        PRODUCTION,
        {
            "debug": False,
            "hsts": 365 * 24 * 3600,
            "hsts_subdomains": True,
            "hsts_preload": True,
            "silenced": [],
        },
    ),
    "production with plain-HTTP subdomains": (
        PRODUCTION | {"CWG_HSTS_INCLUDE_SUBDOMAINS": "0", "CWG_HSTS_PRELOAD": "0"},
        {"hsts_subdomains": False, "hsts_preload": False},
    ),
    "defaults": (
        {},
        {
            "debug": False,
            "hsts": 0,
            "session_age": 30 * 60,
            "session_idle": True,
            "failure_limit": 5,
            "lockout_seconds": 900,
            "reset_seconds": 3600,
            "require_2fa": False,
            "proxies": [],
            "csp_script": ["'self'"],
        },
    ),
    "sign-in settings": (
        {
            "CWG_SESSION_IDLE_SECONDS": "600",
            "CWG_SIGNIN_FAILURE_LIMIT": "10",
            "CWG_SIGNIN_LOCKOUT_SECONDS": "120",
            "CWG_PASSWORD_RESET_SECONDS": "7200",
            "CWG_REQUIRE_2FA": "1",
            "CWG_TRUSTED_PROXIES": "10.0.0.1, 172.16.0.0/12,::1",
        },
        {
            "session_age": 600,
            "failure_limit": 10,
            "lockout_seconds": 120,
            "reset_seconds": 7200,
            "require_2fa": True,
            "proxies": ["10.0.0.1", "172.16.0.0/12", "::1"],
        },
    ),
}


def _production(**change) -> dict:
    return {key: value for key, value in (PRODUCTION | change).items() if value is not None}


# name: (environment, fragments the one-line message must contain)
REFUSED = {
    "debug maybe": ({"DJANGO_DEBUG": "maybe"}, ["DJANGO_DEBUG", "'maybe'"]),
    "debug 2": ({"DJANGO_DEBUG": "2"}, ["DJANGO_DEBUG", "'2'"]),
    "production enabled": ({"CWG_PRODUCTION": "enabled"}, ["CWG_PRODUCTION", "'enabled'"]),
    "url without scheme": ({"DATABASE_URL": "notaurl"}, ["DATABASE_URL", "postgres://"]),
    "url unknown scheme": ({"DATABASE_URL": "foo://bar/baz"}, ["DATABASE_URL"]),
    "url bad port": ({"DATABASE_URL": "postgres://u@host:notaport/cwg"}, ["DATABASE_URL"]),
    "url without database": (
        {"DATABASE_URL": "postgres://u:s3cret@127.0.0.1:5432/"},
        ["DATABASE_URL names no database"],
    ),
    "url in-memory by accident": ({"DATABASE_URL": "sqlite://"}, ["DATABASE_URL"]),
    "upload size words": ({"CWG_MAX_UPLOAD_BYTES": "twenty"}, ["CWG_MAX_UPLOAD_BYTES"]),
    "upload size tiny": ({"CWG_MAX_UPLOAD_BYTES": "10"}, ["CWG_MAX_UPLOAD_BYTES", "1024"]),
    "negative connection age": ({"CWG_DB_CONN_MAX_AGE": "-5"}, ["CWG_DB_CONN_MAX_AGE"]),
    "redis url of another kind": (
        {"CWG_REDIS_URL": "http://127.0.0.1:6379/0"},
        ["CWG_REDIS_URL", "redis://", "'http://127.0.0.1:6379/0'"],
    ),
    "production without key": (
        _production(DJANGO_SECRET_KEY=None),
        ["CWG_PRODUCTION=1", "DJANGO_SECRET_KEY"],
    ),
    "production short key": (
        _production(DJANGO_SECRET_KEY="short-key"),
        ["CWG_PRODUCTION=1", "DJANGO_SECRET_KEY"],
    ),
    "production repetitive key": (
        _production(DJANGO_SECRET_KEY="a" * 60),
        ["CWG_PRODUCTION=1", "DJANGO_SECRET_KEY"],
    ),
    "production with debug": (_production(DJANGO_DEBUG="1"), ["CWG_PRODUCTION=1", "DJANGO_DEBUG"]),
    "production without hosts": (
        _production(DJANGO_ALLOWED_HOSTS=None),
        ["CWG_PRODUCTION=1", "DJANGO_ALLOWED_HOSTS"],
    ),
    "production any host": (
        _production(DJANGO_ALLOWED_HOSTS="*"),
        ["CWG_PRODUCTION=1", "DJANGO_ALLOWED_HOSTS"],
    ),
    "production blank hosts": (
        _production(DJANGO_ALLOWED_HOSTS=" , "),
        ["CWG_PRODUCTION=1", "DJANGO_ALLOWED_HOSTS"],
    ),
    "proxy not an address": (
        {"CWG_TRUSTED_PROXIES": "10.0.0.1,proxy.example.org"},
        ["CWG_TRUSTED_PROXIES", "'proxy.example.org'"],
    ),
    "proxy bad block": ({"CWG_TRUSTED_PROXIES": "10.0.0.0/33"}, ["CWG_TRUSTED_PROXIES"]),
    "failure limit zero": ({"CWG_SIGNIN_FAILURE_LIMIT": "0"}, ["CWG_SIGNIN_FAILURE_LIMIT"]),
    "lockout in words": ({"CWG_SIGNIN_LOCKOUT_SECONDS": "ten"}, ["CWG_SIGNIN_LOCKOUT_SECONDS"]),
    "idle too short": ({"CWG_SESSION_IDLE_SECONDS": "5"}, ["CWG_SESSION_IDLE_SECONDS", "60"]),
    "reset link in words": ({"CWG_PASSWORD_RESET_SECONDS": "1h"}, ["CWG_PASSWORD_RESET_SECONDS"]),
    "2fa maybe": ({"CWG_REQUIRE_2FA": "maybe"}, ["CWG_REQUIRE_2FA", "'maybe'"]),
    # Several problems at once: test_settings_all_at_once.py (one line each).
}


def clean_env(**extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CWG_", "DATABASE_URL"))
    }
    env["PYTHONPATH"] = str(SRC)
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict:
    cases = {name: env for name, (env, _) in (ACCEPTED | REFUSED).items()}
    result = subprocess.run(
        [sys.executable, "-c", RUNNER],
        input=json.dumps(cases),
        cwd=tmp_path_factory.mktemp("settings"),
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("case", ACCEPTED)
def test_good_settings_are_read(outcomes, case):
    outcome = outcomes[case]
    assert outcome["ok"], outcome
    for key, value in ACCEPTED[case][1].items():
        assert outcome[key] == value


@pytest.mark.parametrize("case", REFUSED)
def test_bad_settings_are_refused_with_a_message_naming_the_variable(outcomes, case):
    outcome = outcomes[case]
    assert not outcome["ok"], f"{case} was accepted: {outcome}"
    assert outcome["error"] == "ImproperlyConfigured"
    assert "\n" not in outcome["message"]
    for fragment in REFUSED[case][1]:
        assert fragment in outcome["message"]
    assert "s3cret" not in outcome["message"]  # a database password is never echoed


def test_defaults_are_debug_off_on_a_sqlite_file_in_the_working_directory(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import cwg.settings as s; print(s.DEBUG, s.DATABASES['default']['NAME'])",
        ],
        cwd=tmp_path,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    # A deployment that forgets DJANGO_DEBUG shows no tracebacks.
    assert result.stdout.split() == ["False", str(tmp_path / "cwg.sqlite3")]


def _deploy_check(tmp_path, env):
    return subprocess.run(
        [sys.executable, "-m", "cwg", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=tmp_path,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "extra",
    [{}, {"CWG_HSTS_INCLUDE_SUBDOMAINS": "0", "CWG_HSTS_PRELOAD": "0"}],
    ids=["documented defaults", "subdomains left out by the operator"],
)
def test_the_deployment_check_passes_with_the_documented_production_settings(tmp_path, extra):
    # The audit chain's own key is part of the documented production settings (docs/audit.md).
    audit_key = "k1:" + base64.b64encode(bytes(range(32))).decode()
    result = _deploy_check(
        tmp_path, PRODUCTION | SHARED_SERVICES | {"CWG_AUDIT_KEYS": audit_key} | extra
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deployment_check_still_warns_without_production_settings(tmp_path):
    result = _deploy_check(tmp_path, {"DJANGO_SECRET_KEY": GOOD_KEY})
    assert result.returncode != 0
    assert "security.W004" in result.stderr  # no HSTS outside production


@pytest.mark.parametrize(
    ("env", "fragment"),
    [
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG must be one of"),
        (
            {"CWG_PRODUCTION": "1", "DJANGO_SECRET_KEY": GOOD_KEY},
            "CWG_PRODUCTION=1 refuses an insecure setting",
        ),
    ],
)
def test_the_command_line_refuses_a_bad_setting_on_one_line(tmp_path, env, fragment):
    result = subprocess.run(
        [sys.executable, "-m", "cwg", "check"],
        cwd=tmp_path,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr
