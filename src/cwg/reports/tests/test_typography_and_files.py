"""Each language's typography reaches every output; Word and PDF files are real documents."""

import io
import itertools
import os
import shutil
import stat
import subprocess
import zipfile

import pytest
from django.core.management import call_command
from docx import Document as WordDocument
from pypdf import PdfReader
from weasyprint import HTML

from cwg.reports.compose import compose
from cwg.reports.facts import chair_report_facts
from cwg.reports.language.typography import NBHYPHEN, NBSP, NNBSP, colon, plain, typeset
from cwg.reports.outputs import render
from cwg.reports.outputs.html import render_html
from cwg.reports.tests.records import ISSUED_ON

LANGUAGES = ["ar", "zh", "en", "fr", "ru", "es"]
PAGE_WORDS = {
    "fr": "Page 1 sur",
    "en": "Page 1 of",
    "es": "Página 1 de",
    "ru": "Страница 1 из",
    "ar": "الصفحة",
    "zh": "第1页",
}


def report(seed, language):
    return compose(chair_report_facts(seed.group, [22, 23], ISSUED_ON), language)


def test_french_typography_rules():
    text = typeset(
        "Par sa Résolution 102 (Rév. Bucarest, 2022), le Conseil: « oui » ! 5 % du GTC-Internet",
        "fr",
    )
    assert text == (
        f"Par sa Résolution{NBSP}102 (Rév.{NBSP}Bucarest, 2022), le Conseil{NNBSP}: "
        f"«{NNBSP}oui{NNBSP}»{NNBSP}! 5{NBSP}% du GTC{NBHYPHEN}Internet"
    )
    # Times, addresses and plain hyphenated words keep their characters.
    assert typeset("à 10:30, https://itu.int, vingt-deuxième", "fr") == (
        "à 10:30, https://itu.int, vingt-deuxième"
    )
    assert plain(text) == (
        "Par sa Résolution 102 (Rév. Bucarest, 2022), le Conseil: «oui»! 5 % du GTC-Internet"
    )
    assert typeset("Resolution 1336 of CWG-Internet", "en") == (
        f"Resolution{NBSP}1336 of CWG{NBHYPHEN}Internet"
    )
    assert colon("zh") == "："


@pytest.mark.django_db
def test_typography_is_applied_once_to_the_whole_french_report(seed):
    composition = report(seed, "fr")
    text = composition.plain_text()
    assert f"Résolution{NBSP}1336" in text and f"Rév.{NBSP}Bucarest" in text
    assert f"GTC{NBHYPHEN}Internet" in text and "GTC-Internet" not in text
    assert f"le Conseil{NNBSP}:" in text
    assert " :" not in text.replace(f"{NNBSP}:", "")  # no plain space before a colon
    # Symbols are identifiers: never typeset.
    assert composition.symbol == "CWG-INTERNET/CHAIR/22-23-F"

    html = render_html(composition)
    assert f"Résolution{NBSP}1336" in html and f"GTC{NBHYPHEN}Internet" in html
    document = WordDocument(io.BytesIO(render(composition, "docx")))
    word = "\n".join(p.text for p in document.paragraphs)
    assert f"Résolution{NBSP}1336" in word and f"GTC{NBHYPHEN}Internet" in word


@pytest.mark.django_db
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_no_french_line_breaks_inside_a_bound_phrase_on_a_narrow_page(seed, tmp_path):
    composition = report(seed, "fr")
    html = render_html(composition).replace("size: A4;", "size: 7cm 60cm;")
    assert "7cm 60cm" in html
    pdf = tmp_path / "narrow.pdf"
    HTML(string=html).write_pdf(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert len(lines) > 150  # the page is narrow enough for many breaks
    for line, following in itertools.pairwise(lines):
        broken = (
            (line.endswith(("Résolution", "Résolutions")) and following[:1].isdigit())
            or line.endswith(("Rév.", "Mod.", "GTC", "GTC-", "GTC\u2011"))
            or following.startswith((":", ";", "?", "!", "»"))
        )
        assert not broken, f"{line!r} / {following!r}"


@pytest.mark.django_db
def test_chinese_header_colon_and_russian_full_name(seed):
    chinese = report(seed, "zh")
    assert "日期：" in render_html(chinese)
    header = WordDocument(io.BytesIO(render(chinese, "docx"))).sections[0].header
    assert "日期：" in header.paragraphs[0].text
    russian = report(seed, "ru")
    name = plain(seed.group.name["ru"])
    assert plain(russian.sections[1].paragraphs[0].text).startswith(name)
    assert "Рабочей группы" in russian.cover[0].text


@pytest.mark.django_db
def test_people_are_named_as_each_language_writes_them(seed):
    chair = seed.personas.chair
    chair.names = {"ru": "Войцех Березовский"}
    chair.save()
    assert report(seed, "ru").signature[0].startswith("Войцех Березовский (")
    # Where no name is recorded for the language, the recorded name stays as it is.
    assert plain(report(seed, "fr").signature[0]) == "Wojciech Berezowski (Pologne)"
    assert chair.name_in("zh") == "Wojciech Berezowski"


@pytest.mark.django_db
def test_word_file_properties_and_page_footer(seed):
    composition = report(seed, "fr")
    data = render(composition, "docx")
    document = WordDocument(io.BytesIO(data))
    properties = document.core_properties
    assert properties.title == composition.title
    assert properties.subject == composition.top_line
    assert properties.author == properties.last_modified_by == "Secrétariat général de l'UIT"
    assert properties.language == "fr-FR"
    assert properties.created.date() == ISSUED_ON and properties.revision == 1
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        meta = (
            package.read("docProps/core.xml").decode() + package.read("docProps/app.xml").decode()
        )
        footer = package.read("word/footer1.xml").decode()
    assert "python-docx" not in meta and "2013" not in meta
    assert " PAGE " in footer and " NUMPAGES " in footer
    assert document.sections[0].footer.paragraphs[0].text == "Page 1 sur 1"  # until laid out


@pytest.mark.django_db
def test_arabic_header_has_the_symbol_on_the_right_in_word_and_pdf(seed):
    composition = report(seed, "ar")
    header = WordDocument(io.BytesIO(render(composition, "docx"))).sections[0].header
    paragraph = header.paragraphs[0]
    assert paragraph.text.startswith(composition.symbol)  # the first text of a bidi paragraph
    assert (
        paragraph._p.pPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bidi")
        is not None
    )
    html = render_html(composition)
    assert "@top-right { content: element(header-start)" in html


@pytest.mark.django_db
def test_pdf_is_tagged_with_language_metadata_and_bookmarks(seed, tmp_path):
    composition = report(seed, "fr")
    data = render(composition, "pdf")
    reader = PdfReader(io.BytesIO(data))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "fr"
    assert catalog["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in catalog
    assert reader.metadata.title == composition.title
    assert reader.metadata.author == "Secrétariat général de l'UIT"
    assert reader.metadata.subject == composition.top_line
    bookmarks = [item.title for item in reader.outline if not isinstance(item, list)]
    nested = [child.title for item in reader.outline if isinstance(item, list) for child in item]
    assert "1 Introduction" in bookmarks + nested
    assert "3 Conclusion" in bookmarks + nested
    if shutil.which("pdfinfo"):
        pdf = tmp_path / "r.pdf"
        pdf.write_bytes(data)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        assert "Tagged:          yes" in info


@pytest.mark.django_db
def test_files_written_by_the_command_are_readable_by_all(seed, tmp_path):
    out = tmp_path / "report.docx"
    call_command(
        "report", "chair", "--group", "cwg-internet", "--meetings", "22,23", "--lang", "fr",
        "--date", ISSUED_ON.isoformat(), "--out", str(out), stdout=io.StringIO(),
    )  # fmt: skip
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o644


@pytest.mark.django_db
# CI installs LibreOffice (scripts/bootstrap): there the test runs, and fails if it is missing.
@pytest.mark.skipif(
    shutil.which("soffice") is None and not os.environ.get("CI"),
    reason="LibreOffice is not installed (scripts/bootstrap installs it as root)",
)
def test_libreoffice_converts_every_language_and_lays_out_the_page_footer(seed, tmp_path):
    files = []
    for language in LANGUAGES:
        path = tmp_path / f"report-{language}.docx"
        path.write_bytes(render(report(seed, language), "docx"))
        files.append(path)
    profile = tmp_path / "lo-profile"  # a private profile: tests never share LibreOffice's
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "pdf", "--outdir", str(tmp_path / "pdf"), *map(str, files)],
        capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    for language in LANGUAGES:
        pdf = tmp_path / "pdf" / f"report-{language}.pdf"
        pages = len(PdfReader(pdf).pages)
        assert pages >= 1
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        squeezed = "".join(text.split())
        assert "".join(PAGE_WORDS[language].split()) in squeezed, language
        if language == "fr":
            # The footer's fields were laid out: the last page says how many pages there are.
            assert f"Page {pages} sur {pages}" in text
