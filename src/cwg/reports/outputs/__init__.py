"""The report written out as a file: HTML, PDF (from the same HTML) and DOCX."""

from __future__ import annotations

from cwg.reports.compose import Composition

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

# Fonts from Debian's fonts-noto-core and fonts-noto-cjk, installed by scripts/bootstrap.
FONTS = {
    "ar": ["Noto Naskh Arabic", "Noto Sans Arabic", "Noto Sans"],
    "zh": ["Noto Sans CJK SC", "Noto Serif CJK SC", "Noto Sans"],
}
DEFAULT_FONTS = ["Noto Sans", "Noto Sans CJK SC", "Noto Naskh Arabic"]


def fonts(language: str) -> list[str]:
    return FONTS.get(language, DEFAULT_FONTS)


def render(composition: Composition, file_format: str) -> bytes:
    """The report as the bytes of a file of the given format (html, pdf or docx)."""
    if file_format == "html":
        from cwg.reports.outputs.html import render_html

        return render_html(composition).encode("utf-8")
    if file_format == "pdf":
        from cwg.reports.outputs.pdf import render_pdf

        return render_pdf(composition)
    if file_format == "docx":
        from cwg.reports.outputs.docx import render_docx

        return render_docx(composition)
    raise ValueError(f"unknown report format {file_format!r}")
