"""safe_cell quotes every text a spreadsheet would run, and nothing else."""

import pytest

from cwg.core.spreadsheets import FORMULA_STARTS, safe_cell, safe_row


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_text_a_spreadsheet_would_run_is_quoted(start):
    assert safe_cell(f"{start}cmd|' /C calc'!A0") == f"'{start}cmd|' /C calc'!A0"


@pytest.mark.parametrize("value", ["plain", "a=b", "", " =x", 42, -3, 1.5, None])
def test_other_values_are_kept_as_they_are(value):
    assert safe_cell(value) == value


def test_a_row_is_made_safe_cell_by_cell():
    assert safe_row(["=1+1", 3, "ok"]) == ["'=1+1", 3, "ok"]
