"""Cells of CSV and XLSX exports made safe to open: text that a spreadsheet would run is quoted."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import BinaryIO

# A spreadsheet reads a cell starting with one of these as a formula (or, for ";", tab and carriage
# return, as the start of another cell in the French, Spanish and Russian list-separator settings).
FORMULA_STARTS = ("=", "+", "-", "@", ";", "\t", "\r")


def safe_cell(value):
    """The value, with a leading apostrophe if it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable) -> list:
    return [safe_cell(value) for value in values]


def write_xlsx(out: BinaryIO, sheets: Iterable[tuple[str, Iterable[Sequence]]]) -> None:
    """An XLSX workbook written to `out`: one sheet per (title, rows), in order, every cell made
    safe. Write-only: each row goes to the sheet's file as it is appended and none is kept, so
    rows may be a generator of any length."""
    from openpyxl import Workbook  # heavy, and needed only for this format

    book = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(safe_row(row))
    book.save(out)
