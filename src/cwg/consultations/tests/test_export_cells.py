"""The compilation's CSV and XLSX exports neutralise every cell a spreadsheet would run."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from cwg.consultations import services
from cwg.consultations.models import Submission
from cwg.consultations.tests.conftest import body, make_consultation, payload
from cwg.core.spreadsheets import FORMULA_STARTS

pytestmark = pytest.mark.django_db

# Answers are stripped when they are stored, so a leading tab or carriage return can only reach
# an export through data stored otherwise (an import, a restored backup).
STRIPPED_ON_INPUT = ("\t", "\r")


def exported_cells(client, consultation) -> tuple[list[str], list]:
    base = f"/api/v1/consultations/{consultation.slug}/compilation"
    csv_response = client.get(f"{base}.csv")
    xlsx_response = client.get(f"{base}.xlsx")
    assert csv_response.status_code == 200 and xlsx_response.status_code == 200
    rows = list(csv.reader(io.StringIO(body(csv_response).decode("utf-8-sig"), newline="")))
    book = openpyxl.load_workbook(io.BytesIO(body(xlsx_response)))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    return [value for row in rows for value in row], cells


@pytest.mark.parametrize("start", FORMULA_STARTS, ids=repr)
def test_each_dangerous_start_is_quoted_in_csv_and_xlsx(
    client, personas, settings, tmp_path, start
):
    settings.MEDIA_ROOT = tmp_path
    consultation = make_consultation(personas)
    attack = f'{start}HYPERLINK("http://evil.example";"x")'
    services.submit(personas.anonymous, consultation, payload(answers={"1": attack}))
    if start in STRIPPED_ON_INPUT:
        Submission.objects.filter(consultation=consultation).update(answers={"1": attack})
    services.transition(personas.secretariat, consultation, "closed")
    services.transition(personas.secretariat, consultation, "compiled")

    csv_values, xlsx_cells = exported_cells(client, consultation)

    assert "'" + attack in csv_values and attack not in csv_values
    quoted = [cell for cell in xlsx_cells if cell.value == "'" + attack]
    assert quoted and all(cell.data_type == "s" for cell in quoted)
    assert not [cell for cell in xlsx_cells if cell.data_type == "f"]
