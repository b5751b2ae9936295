"""Dates that reach the services as text or as dates: one reading, one refusal naming the field."""

from __future__ import annotations

import datetime as dt

from cwg.core.exceptions import InvalidInput


def read_date(value, field: str) -> dt.date:
    """A date, a datetime (its day) or an ISO text YYYY-MM-DD; anything else is refused."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidInput(f"{field} must be a date written YYYY-MM-DD; got {value!r}", field=field)
