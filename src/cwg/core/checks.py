"""System checks of core: in production the audit chain needs its own keys."""

from __future__ import annotations

from django.conf import settings
from django.core import checks


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
