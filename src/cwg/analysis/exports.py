"""Exports of a gap analysis: the CSV table, the XLSX workbook and the DOCX annex."""

from __future__ import annotations

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from cwg.analysis import queries
from cwg.analysis.models import Classification
from cwg.core.spreadsheets import safe_row

TEXT_IN_ANNEX = 400  # characters of a paragraph quoted in the DOCX annex


def _headers() -> list[str]:
    return [
        _("Paragraph"),
        _("Section"),
        _("Text"),
        _("Suggested mandates"),
        _("Suggested classification"),
        _("Classification"),
        _("Mandates"),
        _("Organisations"),
        _("Comment"),
        _("Reviewed by"),
        _("Version"),
        _("Ranking method"),
    ]


def _label(value: str) -> str:
    return str(Classification(value).label) if value in Classification.values else ""


def rows(analysis, paragraph_rows=None) -> list[list]:
    paragraph_rows = (
        paragraph_rows if paragraph_rows is not None else queries.paragraph_rows(analysis)
    )
    out = []
    for row in paragraph_rows:
        paragraph = row.paragraph
        review = row.review
        out.append(
            [
                paragraph.reference,
                paragraph.section.heading if paragraph.section else "",
                paragraph.text("en"),
                "; ".join(f"{s.mandate.code} ({s.score:.2f})" for s in row.suggestions),
                _label(row.suggested_classification),
                _label(review.classification) if review else _("pending"),
                ", ".join(sorted(m.code for m in review.mandates.all())) if review else "",
                ", ".join(sorted(o.acronym or o.name for o in review.organisations.all()))
                if review
                else "",
                review.comment if review else "",
                str(review.reviewed_by or "") if review else "",
                review.version if review else 0,
                (
                    row.suggestions[0].method
                    + (f" – {row.suggestions[0].note}" if row.suggestions[0].note else "")
                )
                if row.suggestions
                else "",
            ]
        )
    return out


def to_csv(analysis) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_headers())
    writer.writerows(safe_row(values) for values in rows(analysis))
    # A BOM lets spreadsheet programs read the file as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _coverage_table(coverage: dict) -> tuple[list[str], list[str]]:
    labels = [_label(k) if k != "pending" else _("pending") for k in coverage["keys"]]
    return labels, coverage["keys"]


def to_xlsx(analysis) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    paragraph_rows = queries.paragraph_rows(analysis)
    coverage = queries.coverage(analysis, paragraph_rows)
    columns, matrix = queries.matrix(analysis, paragraph_rows)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Paragraphs")[:31]
    sheet.append(_headers())
    for values in rows(analysis, paragraph_rows):
        sheet.append(safe_row(values))
    labels, _keys = _coverage_table(coverage)

    by_section = workbook.create_sheet(_("By section")[:31])
    by_section.append([_("Section"), *labels, _("Total")])
    for name, counts, total in coverage["sections"]:
        by_section.append(safe_row([name, *counts, total]))

    by_line = workbook.create_sheet(_("By mandate")[:31])
    by_line.append([_("Mandate"), _("Title"), *labels, _("Total")])
    for mandate, counts, total in coverage["mandates"]:
        by_line.append(safe_row([mandate.code, mandate.title, *counts, total]))

    grid = workbook.create_sheet(_("Matrix")[:31])
    grid.append([_("Paragraph"), *[m.code for m in columns]])
    for row, cells in matrix:
        grid.append(
            safe_row(
                [
                    row.paragraph.reference,
                    *[
                        ("R" if cell["reviewed"] else round(cell["score"], 2)) if cell else None
                        for cell in cells
                    ],
                ]
            )
        )

    gap_sheet = workbook.create_sheet(_("Gaps")[:31])
    gap_sheet.append([_("Paragraph"), _("Text"), _("Comment")])
    for row in queries.gaps(paragraph_rows):
        gap_sheet.append(
            safe_row([row.paragraph.reference, row.paragraph.text("en"), row.review.comment])
        )

    for ws in workbook.worksheets:
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "B2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_docx(analysis) -> bytes:
    import docx

    paragraph_rows = queries.paragraph_rows(analysis)
    coverage = queries.coverage(analysis, paragraph_rows)
    document = docx.Document()
    document.add_heading(_("Annex: gap analysis of %(title)s") % {"title": analysis.title}, 1)
    intro = _(
        "Each paragraph of %(symbol)s is classified by the secretariat as within ITU's mandate, "
        "shared with other organisations, within another organisation's mandate, or not covered "
        "(gap). Produced on %(date)s."
    ) % {
        "symbol": analysis.document_symbol or _("the outcome document"),
        "date": timezone.localdate().isoformat(),
    }
    document.add_paragraph(intro)

    labels, _keys = _coverage_table(coverage)
    document.add_heading(_("Coverage by section"), 2)
    table = document.add_table(rows=1, cols=len(labels) + 2)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, [_("Section"), *labels, _("Total")], strict=True):
        cell.text = text
    for name, counts, total in coverage["sections"]:
        cells = table.add_row().cells
        for cell, value in zip(cells, [name, *counts, total], strict=True):
            cell.text = str(value)

    document.add_heading(_("Paragraphs"), 2)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells,
        [_("Paragraph"), _("Text"), _("Classification"), _("Mandates and comment")],
        strict=True,
    ):
        cell.text = text
    for row in paragraph_rows:
        text = row.paragraph.text("en")
        if len(text) > TEXT_IN_ANNEX:
            text = text[:TEXT_IN_ANNEX].rsplit(" ", 1)[0] + " …"
        review = row.review
        mandates = ", ".join(sorted(m.code for m in review.mandates.all())) if review else ""
        cells = table.add_row().cells
        cells[0].text = row.paragraph.reference
        cells[1].text = text
        cells[2].text = _label(review.classification) if review else _("pending")
        cells[3].text = "\n".join(
            bit for bit in (mandates, review.comment if review else "") if bit
        )

    gaps = queries.gaps(paragraph_rows)
    document.add_heading(_("Gaps"), 2)
    if not gaps:
        document.add_paragraph(_("No paragraph is classified as a gap."))
    for row in gaps:
        document.add_paragraph(
            f"{row.paragraph.reference}: {row.review.comment}", style="List Bullet"
        )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
