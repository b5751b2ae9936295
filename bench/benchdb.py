"""A throw-away database (SQLite, or PostgreSQL on loopback) with the platform migrated, shared by the page benches."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path
from urllib.parse import urlparse


def fresh_postgres(url: str) -> None:
    """Drop and re-create the PostgreSQL database of `url` (loopback only)."""
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if parsed.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("the bench runs on loopback only: give a database on 127.0.0.1")
    common = ["-h", parsed.hostname, "-p", str(parsed.port or 5432)]
    common += ["-U", parsed.username or "postgres"]
    subprocess.run(["dropdb", *common, "--if-exists", name], check=True)
    subprocess.run(["createdb", *common, name], check=True)


def setup_platform(workdir: Path, database_url: str | None = None) -> None:
    """Point Django at a fresh database (a SQLite file in `workdir` unless `database_url` names
    a PostgreSQL one, which is dropped and re-created), set it up and migrate it."""
    if database_url:
        fresh_postgres(database_url)
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cwg.settings")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

    import django

    # whitenoise warns that collected static files are missing; the benches serve none.
    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    # Sign-ins happen per request in the benches; argon2 would dominate what they measure.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    setup_test_environment()
    call_command("migrate", verbosity=0)
