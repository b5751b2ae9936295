"""The report as a standalone HTML document (also the source of the PDF)."""

from __future__ import annotations

from django.template.loader import render_to_string

from cwg.reports.compose import Composition
from cwg.reports.outputs import fonts


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_of_css(pattern: str) -> str:
    """The footer "Page X of Y" as a CSS content value with the page counters."""
    before, _, rest = pattern.partition("{page}")
    between, _, after = rest.partition("{pages}")
    return " ".join(
        (
            _css_string(before),
            "counter(page)",
            _css_string(between),
            "counter(pages)",
            _css_string(after),
        )
    )


def render_html(composition: Composition) -> str:
    stack = ", ".join(f'"{name}"' for name in fonts(composition.language)) + ", sans-serif"
    context = {
        "report": composition,
        "font_stack": stack,
        "page_of": page_of_css(composition.page_of),
    }
    return render_to_string("reports/document.html", context)
