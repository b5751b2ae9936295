"""Results: matrix, coverage, gaps, exports, and the annex attached as a group document."""

import csv
import io

import pytest

from cwg.analysis import exports, queries, services
from cwg.analysis.models import Paragraph
from cwg.core.exceptions import NotAllowed
from cwg.documents.models import Document

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(personas, workspace, run_now):
    run_now(personas.secretariat, workspace, ranker="bm25")
    paragraphs = {p.reference: p for p in Paragraph.objects.filter(analysis=workspace)}
    review = services.review_paragraph
    review(
        personas.secretariat,
        paragraphs["1"],
        classification="itu",
        mandate_codes=["C2"],
        comment="ITU leads C2",
        expected_version=0,
    )
    review(
        personas.secretariat,
        paragraphs["2"],
        classification="shared",
        mandate_codes=["C5", "C10"],
        comment="",
        expected_version=0,
    )
    review(
        personas.secretariat,
        paragraphs["4"],
        classification="gap",
        comment="No organisation covers this.",
        expected_version=0,
    )
    return workspace


def test_coverage_counts_by_section_and_mandate(reviewed, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        rows = queries.paragraph_rows(reviewed)
        coverage = queries.coverage(reviewed, rows)
    keys = coverage["keys"]
    assert keys == ["itu", "shared", "other", "gap", "pending"]
    assert coverage["totals"] == [1, 1, 0, 1, 1]
    sections = {
        name: dict(zip(keys, counts, strict=True)) for name, counts, _ in coverage["sections"]
    }
    assert sections["I. Infrastructure and security"] == {
        "itu": 1,
        "shared": 1,
        "other": 0,
        "gap": 0,
        "pending": 0,
    }
    assert sections["II. Culture and follow-up"]["gap"] == 1
    assert sections["II. Culture and follow-up"]["pending"] == 1
    mandates = {m.code: dict(zip(keys, c, strict=True)) for m, c, _ in coverage["mandates"]}
    assert mandates["C2"]["itu"] == 1
    assert mandates["C10"]["shared"] == 1
    assert mandates["C8"]["pending"] == 1  # the unreviewed paragraph 3, by its suggestion
    assert [row.paragraph.reference for row in queries.gaps(rows)] == ["4"]


def test_matrix_marks_reviewed_cells(reviewed):
    columns, table = queries.matrix(reviewed)
    codes = [m.code for m in columns]
    assert "C7" not in codes and "C7.4" in codes and "RES-C-1305" in codes
    first_row, cells = table[0]
    assert first_row.paragraph.reference == "1"
    assert cells[codes.index("C2")]["reviewed"] is True


def test_csv_and_xlsx_exports_hold_every_paragraph(reviewed):
    data = exports.to_csv(reviewed).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(data)))
    assert table[0][0] == "Paragraph"
    assert [row[0] for row in table[1:]] == ["1", "2", "3", "4"]
    assert table[2][5] == "Shared with other organisations"
    assert table[2][6] == "C10, C5"

    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(exports.to_xlsx(reviewed)))
    assert workbook.sheetnames == ["Paragraphs", "By section", "By mandate", "Matrix", "Gaps"]
    assert workbook["Paragraphs"].max_row == 5
    assert workbook["Gaps"]["C2"].value == "No organisation covers this."


def test_docx_annex_lists_paragraphs_and_gaps(reviewed):
    import docx

    annex = docx.Document(io.BytesIO(exports.to_docx(reviewed)))
    text = "\n".join(p.text for p in annex.paragraphs)
    assert "Annex: gap analysis of WSIS+20 review" in text
    assert "4: No organisation covers this." in text
    cells = [cell.text for table in annex.tables for row in table.rows for cell in row.cells]
    assert "Within ITU's mandate" in cells


def test_annex_is_attached_as_a_group_document(personas, reviewed):
    document = services.attach_annex(personas.secretariat, reviewed)
    assert document.group_id == reviewed.group_id
    assert document.document_type == "information"
    assert document.files.get().content_type.startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    with pytest.raises(NotAllowed):
        services.attach_annex(personas.delegate, reviewed)
    assert Document.objects.count() == 1
