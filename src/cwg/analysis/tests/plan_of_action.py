"""Writes the Geneva Plan of Action measures as a text, DOCX or PDF file, and what they should give."""

from __future__ import annotations

import html
import io

from cwg.analysis.wsis import load_action_lines

SOURCE_NAMES = {
    "C7.1": "C7 ICT Applications: I. e-government",
    "C7.2": "C7 ICT Applications: II. e-business",
    "C7.3": "C7 ICT Applications: III. e-learning",
    "C7.4": "C7 ICT Applications: IV. e-health",
    "C7.5": "C7 ICT Applications: V. e-employment",
    "C7.6": "C7 ICT Applications: VI. e-environment",
    "C7.7": "C7 ICT Applications: VII. e-agriculture",
    "C7.8": "C7 ICT Applications: VIII. e-science",
}


def _lines():
    return [line for line in load_action_lines() if line.code != "C7"]


def heading(line) -> str:
    return SOURCE_NAMES.get(line.code) or f"{line.code}: {line.title}"


def section_code(line) -> str:
    name = SOURCE_NAMES.get(line.code)
    return f"C7 {name.rsplit(' ', 1)[-1]}" if name else line.code


def expected() -> list[tuple[str, str, str]]:
    """(reference, number, start of text) of every paragraph the file must give, in order."""
    rows = []
    for line in _lines():
        code = section_code(line)
        if line.chapeau:
            rows.append((f"{code} ¶1", "", line.chapeau[:40]))
        for measure in line.measures:
            rows.append((f"{code} {measure.number}", measure.number, measure.text[:40]))
            for number, text in measure.subitems:
                rows.append((f"{code} {measure.number} {number}", number, text[:40]))
    return rows


def blocks() -> list[tuple[str, str]]:
    """("heading" | "text", text) blocks in reading order."""
    out = []
    for line in _lines():
        out.append(("heading", heading(line)))
        if line.chapeau:
            out.append(("text", line.chapeau))
        for measure in line.measures:
            out.append(("text", f"{measure.number} {measure.text}"))
            for number, text in measure.subitems:
                out.append(("text", f"{number} {text}"))
    return out


def as_text() -> bytes:
    return ("\n\n".join(text for _, text in blocks()) + "\n").encode("utf-8")


def as_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Geneva Plan of Action: action lines", level=0)
    for kind, text in blocks():
        if kind == "heading":
            document.add_heading(text, level=2)
        else:
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def as_pdf() -> bytes:
    from weasyprint import HTML

    body = []
    for kind, text in blocks():
        tag = "h2" if kind == "heading" else "p"
        body.append(f"<{tag}>{html.escape(text)}</{tag}>")
    page = (
        "<html><head><style>@page { size: A4; margin: 2cm } body { font: 11pt serif } "
        "h2 { font-size: 12pt }</style></head><body>"
        "<h1>Geneva Plan of Action: action lines</h1>" + "".join(body) + "</body></html>"
    )
    return HTML(string=page).write_pdf()
