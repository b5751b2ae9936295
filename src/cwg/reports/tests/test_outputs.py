"""HTML, PDF and DOCX carry the same text; Arabic runs right to left; no glyph is missing."""

import io
import re
import shutil
import subprocess
import unicodedata

import pytest
from docx import Document as WordDocument
from docx.oxml.ns import qn
from pypdf import PdfReader

from cwg.reports.compose import compose
from cwg.reports.facts import chair_report_facts
from cwg.reports.language.typography import plain
from cwg.reports.outputs import render
from cwg.reports.tests.records import ISSUED_ON

pytestmark = pytest.mark.django_db


def squeeze(text: str) -> str:
    """Compare text without layout: compatibility forms folded (Arabic presentation forms,
    full-width brackets), whitespace removed (line breaks fall anywhere in a PDF)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def report(seed, language):
    return compose(chair_report_facts(seed.group, [22, 23], ISSUED_ON), language)


def pdf_text_and_fonts(data: bytes) -> tuple[str, set[str]]:
    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages)
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    return text, fonts


@pytest.mark.parametrize("language", ["ar", "zh", "en", "fr", "ru", "es"])
def test_pdf_renders_every_character_of_every_language(seed, language):
    composition = report(seed, language)
    data = render(composition, "pdf")
    assert data.startswith(b"%PDF")
    text, fonts = pdf_text_and_fonts(data)
    extracted = squeeze(text)
    # Every paragraph, label and line comes out of the PDF as text: a glyph missing from the
    # fonts would be drawn as a box and be absent here.
    for line in composition.plain_text().splitlines():
        # Paragraph numbers float beside their paragraph and come out of the PDF apart from it.
        number = re.match(r"^(\d+(?:\.\d+)?) ", line)
        if number:
            assert number[1] in extracted
            line = line[number.end() :]
        if composition.rtl:
            # Numbers and Latin inside right-to-left text come out in visual order, so an
            # Arabic line is checked run by run (Arabic letters, digits, Latin letters).
            for run in re.findall(r"[\u0600-\u06ff]+|[0-9]+|[A-Za-z]+", line):
                assert squeeze(run) in extracted, run
        else:
            assert squeeze(line) in extracted, line
    assert "\ufffd" not in text
    expected_font = {"ar": "Noto-Naskh-Arabic", "zh": "Noto-Sans-CJK-SC"}.get(language, "Noto-Sans")
    assert any(expected_font in font for font in fonts), fonts


def test_html_is_one_document_with_direction_and_language(seed):
    arabic = render(report(seed, "ar"), "html").decode()
    assert '<html lang="ar" dir="rtl">' in arabic
    assert "Noto Naskh Arabic" in arabic
    french = render(report(seed, "fr"), "html").decode()
    assert '<html lang="fr" dir="ltr">' in french
    assert "vingt-deuxième et vingt-troisième réunions" in french
    assert "Wojciech Berezowski (Pologne)" in french
    # Texts from the records are escaped, never taken as markup.
    seed.decision.text = {**seed.decision.text, "fr": "<script>x</script> décision"}
    seed.decision.save()
    escaped = render(report(seed, "fr"), "html").decode()
    assert "<script>x</script>" not in escaped and "&lt;script&gt;" in escaped


def test_docx_has_real_styles_numbered_paragraphs_and_a_page_header(seed):
    composition = report(seed, "fr")
    document = WordDocument(io.BytesIO(render(composition, "docx")))
    by_style = {}
    for paragraph in document.paragraphs:
        by_style.setdefault(paragraph.style.name, []).append(plain(paragraph.text))
    assert by_style["Heading 1"] == ["Introduction", "Activités du GTC-Internet", "Conclusion"]
    numbered = by_style["Numbered Paragraph"]
    assert len(numbered) == 9 and numbered[0].startswith("Le Groupe de travail du Conseil")
    # The numbers are Word's own outline numbering on the two styles: 1, then 1.1, 1.2 …
    levels = {}
    for name in ("Heading 1", "Numbered Paragraph"):
        num_pr = document.styles[name].element.pPr.numPr
        levels[name] = (num_pr.ilvl.val, num_pr.numId.val)
    assert levels["Heading 1"][0] == 0 and levels["Numbered Paragraph"][0] == 1
    assert levels["Heading 1"][1] == levels["Numbered Paragraph"][1]
    numbering = document.part.numbering_part.element
    abstract_id = numbering.num_having_numId(levels["Heading 1"][1]).abstractNumId.val
    texts = numbering.xpath(
        f'./w:abstractNum[@w:abstractNumId="{abstract_id}"]/w:lvl/w:lvlText/@w:val'
    )
    assert texts == ["%1", "%1.%2"]
    assert by_style["Title"] == [composition.title]
    assert by_style["Signature Line"] == [
        "Wojciech Berezowski (Pologne)",
        "Président du GTC-Internet",
    ]
    assert any("SMSI+20" in text for text in by_style["Report Quote"])
    header = document.sections[0].header.paragraphs[0].text
    assert header == "CWG-INTERNET/CHAIR/22-23-F\tDate\u202f: 2 mars 2026"
    cover = document.tables[0].cell(0, 0).text
    for label in ("Objet", "Suite à donner par le Conseil", "Incidences financières", "Références"):
        assert label in cover
    assert document.core_properties.identifier == "CWG-INTERNET/CHAIR/22-23-F"
    assert not document.paragraphs[0]._p.pPr.findall(qn("w:bidi"))


def test_arabic_docx_is_right_to_left(seed):
    document = WordDocument(io.BytesIO(render(report(seed, "ar"), "docx")))
    body = [p for p in document.paragraphs if p.text]
    assert body and all(p._p.pPr.find(qn("w:bidi")) is not None for p in body)
    assert all(run._r.rPr.find(qn("w:rtl")) is not None for p in body for run in p.runs)
    assert document.sections[0]._sectPr.find(qn("w:bidi")) is not None
    assert document.tables[0]._tbl.tblPr.find(qn("w:bidiVisual")) is not None
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:cs")) == "Noto Naskh Arabic"


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_libreoffice_opens_the_docx(seed, tmp_path):
    source = tmp_path / "report.docx"
    source.write_bytes(render(report(seed, "fr"), "docx"))
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=120,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    text, _ = pdf_text_and_fonts((tmp_path / "report.pdf").read_bytes())
    flat = re.sub(r"\s+", " ", text)
    assert "vingt-deuxième et vingt-troisième réunions" in flat
    # LibreOffice draws Word's outline numbers.
    assert "1.1 Le Groupe de travail" in flat and "3.2 Au nom du GTC-Internet" in flat
