"""The report as a standalone HTML document (also the source of the PDF)."""

from __future__ import annotations

from django.template.loader import render_to_string

from cwg.reports.compose import Composition
from cwg.reports.outputs import fonts


def render_html(composition: Composition) -> str:
    stack = ", ".join(f'"{name}"' for name in fonts(composition.language)) + ", sans-serif"
    return render_to_string("reports/document.html", {"report": composition, "font_stack": stack})
