"""A throw-away SQLite database with the platform migrated, shared by the page benches."""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path


def setup_platform(workdir: Path) -> None:
    """Point Django at a fresh SQLite file in `workdir`, set it up and migrate it."""
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
