"""Reading submissions from and writing campaign assignments to JSON-lines files."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


class InputError(ValueError):
    """The input file cannot be used; the message names the line when there is one."""


def read_submissions(path: str | os.PathLike) -> tuple[list[tuple[str, str]], list[str | int]]:
    """(id, text) of every line `{"id": ..., "text": ...}` and the ids as written.

    Ids are strings or integers (the integer 7 and the string "7" are the same id). Blank
    lines are skipped. Raises InputError naming the first bad line.
    """
    path = Path(path)
    try:
        handle = path.open("r", encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot open ({error.strerror or error})") from error
    items: list[tuple[str, str]] = []
    originals: list[str | int] = []
    seen: dict[str, int] = {}
    with handle:
        try:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                original, text = _parse(line, number, seen)
                items.append((str(original), text))
                originals.append(original)
        except UnicodeDecodeError as error:
            raise InputError(f"not UTF-8 text ({error.reason})") from error
    return items, originals


def _parse(line: str, number: int, seen: dict[str, int]) -> tuple[str | int, str]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(f"line {number}: not valid JSON ({error.msg})") from error
    if not isinstance(record, dict):
        raise InputError(f'line {number}: expected an object with "id" and "text"')
    for field in ("id", "text"):
        if field not in record:
            raise InputError(f'line {number}: missing "{field}"')
    identifier, text = record["id"], record["text"]
    if isinstance(identifier, bool) or not isinstance(identifier, str | int):
        raise InputError(f'line {number}: "id" must be a string or an integer')
    if not isinstance(text, str):
        raise InputError(f'line {number}: "text" must be a string')
    key = str(identifier)
    if key in seen:
        raise InputError(f"line {number}: duplicate id {key!r} (first on line {seen[key]})")
    seen[key] = number
    return identifier, text


Row = tuple[str | int, str | None] | tuple[str | int, str | None, str | None, float | None]


def write_assignments(path: str | os.PathLike, rows: Iterable[Row]) -> int:
    """Write `{"id", "campaign", "tier", "share"}` lines atomically (a temporary file renamed
    into place). Rows are (id, campaign) or (id, campaign, tier, share); tier and share are
    null for a text in no campaign. A partial-use line has campaign null and names the
    campaign it quotes in "quotes"."""
    path = Path(path)
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    count = 0
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            for identifier, campaign, *rest in rows:
                tier, share = rest if rest else (None, None)
                line = {"id": identifier, "campaign": campaign, "tier": tier, "share": share}
                if tier == "partial":
                    # Partial use is not membership: readers that count a campaign's lines
                    # by "campaign" must not count it; "quotes" names the campaign quoted.
                    line["campaign"], line["quotes"] = None, campaign
                handle.write(json.dumps(line) + "\n")
                count += 1
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count
