"""The secret keys that sign the audit chain and its anchors, each known by a recorded key id."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Used when CWG_AUDIT_KEYS is not set: derived from SECRET_KEY, good enough for development,
# warned about in production (a separate key can be rotated without logging everybody out).
DEVELOPMENT_KEY_ID = "dev"
MIN_KEY_BYTES = 32
_KEY_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")


class UnknownAuditKey(KeyError):
    """An event or anchor names a key id that is not configured."""


def parse_keys(raw: str) -> list[tuple[str, bytes]]:
    """Read `CWG_AUDIT_KEYS` ("id:base64secret,id:base64secret", newest first).

    Error messages name the key id and the position, never any part of a secret.
    """
    keys: list[tuple[str, bytes]] = []
    for position, item in enumerate((part.strip() for part in raw.split(",")), start=1):
        if not item:
            continue
        key_id, sep, encoded = item.partition(":")
        key_id = key_id.strip()
        if not sep or not _KEY_ID.match(key_id):
            raise ImproperlyConfigured(
                f"CWG_AUDIT_KEYS entry {position} must be 'id:base64secret' with an id of "
                "letters, digits, '.', '_' or '-' (at most 40)"
            )
        if key_id == DEVELOPMENT_KEY_ID or any(key_id == known for known, _ in keys):
            raise ImproperlyConfigured(
                f"CWG_AUDIT_KEYS key id '{key_id}' is reserved or given twice"
            )
        try:
            secret = base64.b64decode(encoded.strip(), validate=True)
        except (binascii.Error, ValueError):
            raise ImproperlyConfigured(
                f"CWG_AUDIT_KEYS key '{key_id}' is not valid base64"
            ) from None
        if len(secret) < MIN_KEY_BYTES:
            raise ImproperlyConfigured(
                f"CWG_AUDIT_KEYS key '{key_id}' must decode to at least {MIN_KEY_BYTES} bytes"
            )
        keys.append((key_id, secret))
    return keys


@dataclass(frozen=True)
class Keyring:
    current_id: str
    secrets: dict[str, bytes] = field(repr=False)

    def sign(self, message: str, key_id: str) -> str:
        try:
            secret = self.secrets[key_id]
        except KeyError:
            raise UnknownAuditKey(key_id) from None
        return hmac.new(secret, message.encode("utf-8"), hashlib.sha256).hexdigest()


_cache: dict[tuple, Keyring] = {}


def keyring() -> Keyring:
    """The configured keys; the first is the one new events and anchors are signed with.

    The development key stays known for verification, so that a trail begun without
    CWG_AUDIT_KEYS still verifies after keys are configured.
    """

    configured = tuple(getattr(settings, "AUDIT_KEYS", ()) or ())
    cache_key = (configured, settings.SECRET_KEY)
    found = _cache.get(cache_key)
    if found is None:
        development = hmac.new(
            settings.SECRET_KEY.encode("utf-8"), b"cwg.audit.development-key", hashlib.sha256
        ).digest()
        secrets = {DEVELOPMENT_KEY_ID: development, **dict(configured)}
        current = configured[0][0] if configured else DEVELOPMENT_KEY_ID
        _cache.clear()
        found = _cache[cache_key] = Keyring(current, secrets)
    return found


def generate_key() -> str:
    """A new random secret in the form CWG_AUDIT_KEYS expects (without its id)."""

    return base64.b64encode(secrets.token_bytes(MIN_KEY_BYTES)).decode("ascii")
