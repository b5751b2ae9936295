"""The gap analysis's CSV and XLSX exports neutralise every cell a spreadsheet would run."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from cwg.analysis import services
from cwg.analysis.models import Paragraph

pytestmark = pytest.mark.django_db

# Comments are stripped when stored: a leading tab or carriage return never reaches this export
# (core/tests/test_spreadsheets.py and the compilation export test cover those two).
STARTS = ("=", "+", "-", "@", ";")
OUTCOME = "Outcome\n\nI. Actions\n\n" + "\n\n".join(
    f"{n}. We commit to action number {n} on connectivity." for n in range(1, len(STARTS) + 1)
)


def test_each_dangerous_start_is_quoted_in_csv_and_xlsx(client, personas, no_embeddings):
    analysis = services.create_analysis(
        personas.secretariat, personas.group, title="Review", document_symbol="A/RES/1"
    )
    services.import_document(
        personas.secretariat, analysis, data=OUTCOME.encode(), filename="outcome.txt"
    )
    paragraphs = list(Paragraph.objects.filter(analysis=analysis).order_by("pk"))
    attacks = [f'{start}HYPERLINK("http://evil.example";"x")' for start in STARTS]
    assert len(paragraphs) >= len(attacks)
    for paragraph, attack in zip(paragraphs, attacks, strict=False):
        services.review_paragraph(
            personas.secretariat,
            paragraph,
            classification="gap",
            comment=attack,
            expected_version=0,
        )
    client.force_login(personas.secretariat)

    response = client.get(reverse("analysis:export", args=[analysis.pk, "csv"]))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    values = [value for row in csv.reader(io.StringIO(text)) for value in row]
    response = client.get(reverse("analysis:export", args=[analysis.pk, "xlsx"]))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]

    for attack in attacks:
        assert "'" + attack in values and attack not in values
        assert any(cell.value == "'" + attack for cell in cells)
    assert not [cell for cell in cells if cell.data_type == "f"]
