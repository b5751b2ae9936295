"""A revision written out for people to work in: DOCX with tracked changes, HTML, PDF."""

from __future__ import annotations

from django.template.loader import render_to_string

from cwg.drafting import tracking
from cwg.drafting.models import Revision

FORMATS = ("docx", "html", "pdf")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def revision_html(revision: Revision) -> str:
    lines = tracking.revision_lines(revision)
    return render_to_string(
        "drafting/export.html", {"text": revision.text, "revision": revision, "lines": lines}
    )


def render_revision(revision: Revision, fmt: str) -> tuple[bytes, str]:
    if fmt == "docx":
        return tracking.docx_bytes(revision), DOCX_TYPE
    html = revision_html(revision)
    if fmt == "pdf":
        import weasyprint  # optional heavy dependency, loaded only for a PDF

        return weasyprint.HTML(string=html).write_pdf(), "application/pdf"
    return html.encode(), "text/html; charset=utf-8"
