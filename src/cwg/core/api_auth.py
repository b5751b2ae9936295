"""API authentication that also decides permission, before django-ninja reads the request body.

django-ninja runs an operation's `auth` before it parses and validates the body, so a check made
here answers 401/403/404 to someone who may not write, without telling them what the body of a
privileged operation looks like (a validation error would list its fields).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404
from ninja.security import SessionAuth

from cwg.core.exceptions import NotAllowed
from cwg.core.schemas import MAX_DB_ID

# A predicate of the signed-in user and the operation's path values (as strings). It answers
# whether the user may try the operation; it may raise Http404 for a record the user may not see.
Check = Callable[..., bool]


class Permitted(SessionAuth):
    """Signed-in (else 401) and allowed by `check` (else 403, or 404 for a hidden record)."""

    def __init__(
        self, check: Check, message: str = "You may not do this.", field: str | None = None
    ) -> None:
        super().__init__()
        self.check = check
        self.message = message
        self.field = field

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is None:
            return None
        match = getattr(request, "resolver_match", None)
        path_values = dict(match.kwargs) if match is not None else {}
        if not self.check(user, **path_values):
            raise NotAllowed(self.message, field=self.field)
        return user


def permitted(
    check: Check, message: str = "You may not do this.", *, field: str | None = None
) -> Permitted:
    """`auth=permitted(lambda user, meeting_id: …)` on a write operation of a router; `field`
    names the part of the request the refusal is about, when there is one."""
    return Permitted(check, message, field)


def record_id(value) -> int:
    """A record id taken from the path before validation: not a valid id is a 404 (no such
    record), so that the permission check never meets a value the database cannot hold."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        raise Http404("Not found.") from None
    if not 1 <= number <= MAX_DB_ID:
        raise Http404("Not found.")
    return number
