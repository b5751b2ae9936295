"""System checks of core: settings that would only fail later, a several-process layout, audit keys."""

from __future__ import annotations

import os

from django.conf import settings
from django.core import checks
from django.core.checks import Error, Tags, Warning, register
from django.utils.module_loading import import_string

# The sentence models the gap analysis knows (cwg.analysis.ranking); core cannot import it.
EMBEDDING_MODELS = ("mpnet", "minilm")


def _importable(path: str) -> bool:
    try:
        import_string(path)
    except ImportError:
        return False
    return True


@register()
def check_backends(app_configs=None, **kwargs):
    """Dotted paths and names read from the environment that Django would only trip on later."""
    errors = []
    for variable, path in (
        ("CWG_TASKS_BACKEND", settings.TASKS["default"]["BACKEND"]),
        ("CWG_EMAIL_BACKEND", settings.EMAIL_BACKEND),
    ):
        if not _importable(path):
            errors.append(
                Error(f"{variable} names {path!r}, which cannot be imported", id="cwg.E001")
            )
    storage = settings.STORAGES["default"]["BACKEND"]
    if not _importable(storage):
        errors.append(
            Error(f"the file storage backend {storage!r} cannot be imported", id="cwg.E002")
        )
    model = os.environ.get("CWG_EMBEDDING_MODEL", "").strip().lower()
    if model and model not in EMBEDDING_MODELS:
        errors.append(
            Error(
                f"CWG_EMBEDDING_MODEL must be one of {', '.join(EMBEDDING_MODELS)}; got {model!r}",
                id="cwg.E003",
            )
        )
    return errors


@register(Tags.database, deploy=True)
def check_production_layout(app_configs=None, **kwargs):
    """`cwg check --deploy`: what a layout of several processes needs (docs/deploy.md)."""
    warnings = []
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        warnings.append(
            Warning(
                "DATABASE_URL is a SQLite file: one host only; use PostgreSQL for several",
                id="cwg.W010",
            )
        )
    if not settings.CWG_REDIS_URL:
        warnings.append(
            Warning(
                "CWG_REDIS_URL is unset: each process counts rate limits on its own",
                id="cwg.W011",
            )
        )
    return warnings


@checks.register(checks.Tags.security)
def audit_keys_configured(app_configs=None, **kwargs):
    if getattr(settings, "PRODUCTION", False) and not getattr(settings, "AUDIT_KEYS", None):
        return [
            checks.Warning(
                "CWG_AUDIT_KEYS is not set: the audit chain is signed with a key derived from "
                "DJANGO_SECRET_KEY, which cannot be rotated on its own.",
                hint="Set CWG_AUDIT_KEYS=<id>:<base64 secret> (`cwg audit new-key <id>` makes "
                "one) before migrating; see docs/audit.md.",
                id="cwg.W001",
            )
        ]
    return []
