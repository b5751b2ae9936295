"""The report as PDF, printed by WeasyPrint from the report's own HTML."""

from __future__ import annotations

from cwg.reports.compose import Composition
from cwg.reports.outputs.html import render_html


def render_pdf(composition: Composition) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango takes a moment

    # PDF/UA: tagged structure for screen readers, the document language and title in the file.
    return HTML(string=render_html(composition)).write_pdf(pdf_variant="pdf/ua-1")
