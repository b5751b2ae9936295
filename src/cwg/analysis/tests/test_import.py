"""Importing an outcome document: the Plan of Action as DOCX, PDF and text, and refused files."""

import io
import zipfile

import pytest

from cwg.analysis import services
from cwg.analysis.models import GapAnalysis, Paragraph, Section
from cwg.analysis.paragraphs import parse_document
from cwg.analysis.tests import plan_of_action as plan
from cwg.core.exceptions import Conflict, InvalidInput, NotAllowed
from cwg.core.models import AuditEvent

EXPECTED = plan.expected()


@pytest.fixture(scope="module")
def pdf_bytes():
    return plan.as_pdf()


def _check(parsed):
    got = [(p.reference, p.number, p.text[:40]) for p in parsed.paragraphs]
    assert len(got) == len(EXPECTED) == 150  # 9 chapeaux, 130 measures, 11 sub-items
    assert got == EXPECTED
    headings = [s.heading for s in parsed.sections]
    assert "C5: Building confidence and security in the use of ICTs" in headings
    assert any(h.startswith("C2: Information and communication infrastructure") for h in headings)


def test_text_file_gives_every_measure_with_its_number():
    _check(parse_document(plan.as_text(), "plan.txt"))


def test_docx_file_gives_every_measure_with_its_number():
    _check(parse_document(plan.as_docx(), "plan.docx"))


def test_pdf_file_gives_every_measure_with_its_number(pdf_bytes):
    parsed = parse_document(pdf_bytes, "plan.pdf")
    assert parsed.kind == "pdf"
    _check(parsed)


def test_sub_items_keep_their_parent_measure():
    parsed = parse_document(plan.as_text(), "plan.txt")
    sub = next(p for p in parsed.paragraphs if p.reference == "C2 d) ii)")
    assert parsed.paragraphs[sub.parent].reference == "C2 d)"
    assert sub.text == "encourage public/private partnership;"


def test_un_style_numbering_runs_across_sections():
    text = (
        b"Outcome of the review\n\nI. Vision\n\n1. We reaffirm the vision.\n\n"
        b"2. We recognize that:\n\n(a) connectivity matters;\n\n(b) skills matter;\n\n"
        b"II. Follow-up\n\n3. We request the facilitators to develop road maps.\n\n"
        b"C1.a Develop national e-strategies.\n"
    )
    parsed = parse_document(text, "un.txt")
    assert [p.reference for p in parsed.paragraphs] == ["1", "2", "2 (a)", "2 (b)", "3", "C1.a"]
    assert [s.code for s in parsed.sections] == ["§1", "I", "II"]


def test_a_year_at_the_start_of_a_wrapped_pdf_line_is_not_a_paragraph_number():
    from cwg.analysis.paragraphs import Line, structure

    lines = [Line("1. The Summit met in"), Line("2005. It agreed on the agenda."), Line("2. Next.")]
    parsed = structure(lines, "pdf")
    assert [p.number for p in parsed.paragraphs] == ["1.", "2."]
    assert parsed.paragraphs[0].text == "The Summit met in 2005. It agreed on the agenda."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a DOCX, PDF or plain-text file"),
        (b"%PDF-1.7\n garbage that is not a pdf", "not a readable PDF"),
        (b"PK\x03\x04 not really a zip", "damaged"),
        (b"\n\n   \n", "no text"),
        ("caf\xe9".encode("latin-1"), "not UTF-8 text"),
    ],
)
def test_malformed_files_are_refused_with_a_clear_message(data, message):
    with pytest.raises(InvalidInput) as caught:
        parse_document(data, "upload.bin")
    assert message in caught.value.message
    assert caught.value.field == "file"


def test_a_zip_that_is_not_a_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(InvalidInput, match="not a Word"):
        parse_document(buffer.getvalue(), "book.xlsx")


@pytest.mark.django_db
class TestImportService:
    @pytest.fixture
    def analysis(self, personas):
        return services.create_analysis(
            personas.secretariat, personas.group, title="WSIS+20", document_symbol="A/RES/80/173"
        )

    def test_import_stores_sections_and_paragraphs(self, personas, analysis):
        result = services.import_document(
            personas.secretariat, analysis, data=plan.as_docx(), filename="plan.docx"
        )
        assert result["paragraphs"] == 150
        assert Paragraph.objects.filter(analysis=analysis).count() == 150
        assert Section.objects.filter(analysis=analysis).count() == 19
        measure = Paragraph.objects.get(analysis=analysis, reference="C5 d)")
        assert measure.number == "d)"
        assert (
            measure.texts["en"]
            == "Take appropriate action on spam at national and international levels."
        )
        assert measure.section.code == "C5"
        assert AuditEvent.objects.filter(action="analysis.document_imported").count() == 1

    def test_malformed_file_stores_nothing(self, personas, analysis):
        with pytest.raises(InvalidInput):
            services.import_document(
                personas.secretariat, analysis, data=b"%PDF-1.4 broken", filename="x.pdf"
            )
        assert not Paragraph.objects.filter(analysis=analysis).exists()
        assert not AuditEvent.objects.filter(action="analysis.document_imported").exists()
        analysis.refresh_from_db()
        assert analysis.imported_at is None

    def test_reimporting_the_same_language_is_refused(self, personas, analysis):
        services.import_document(
            personas.secretariat, analysis, data=plan.as_text(), filename="plan.txt"
        )
        with pytest.raises(Conflict, match="already imported"):
            services.import_document(
                personas.secretariat, analysis, data=plan.as_text(), filename="plan.txt"
            )

    def test_another_language_version_is_added_to_the_same_paragraphs(self, personas, analysis):
        text = "I. Vision\n\n1. We reaffirm the vision.\n\n2. We act.\n"
        french = "I. Vision\n\n1. Nous réaffirmons la vision.\n\n2. Nous agissons.\n"
        services.import_document(
            personas.secretariat, analysis, data=text.encode(), filename="en.txt"
        )
        services.import_document(
            personas.secretariat, analysis, data=french.encode(), filename="fr.txt", language="fr"
        )
        paragraph = Paragraph.objects.get(analysis=analysis, reference="1")
        assert paragraph.texts == {
            "en": "We reaffirm the vision.",
            "fr": "Nous réaffirmons la vision.",
        }
        with pytest.raises(InvalidInput, match="same numbered paragraphs"):
            services.import_document(
                personas.secretariat,
                analysis,
                data=b"1. Uno.\n\n2. Dos.\n\n3. Tres.\n",
                filename="es.txt",
                language="es",
            )

    def test_only_the_secretariat_imports(self, personas, analysis):
        for person in (personas.chair, personas.delegate, personas.stakeholder):
            with pytest.raises(NotAllowed):
                services.import_document(person, analysis, data=plan.as_text(), filename="plan.txt")
        assert not Paragraph.objects.exists()

    def test_only_the_secretariat_creates_a_workspace(self, personas):
        with pytest.raises(NotAllowed):
            services.create_analysis(personas.delegate, personas.group, title="x")
        with pytest.raises(InvalidInput, match="title"):
            services.create_analysis(personas.secretariat, personas.group, title="  ")
        assert not GapAnalysis.objects.exists()


def test_docx_automatic_numbering_is_read_as_printed():
    import docx

    document = docx.Document()
    document.add_heading("I. Vision", 2)
    document.add_paragraph("We reaffirm the vision.", style="List Number")
    document.add_paragraph("We act together.", style="List Number")
    document.add_heading("II. Follow-up", 2)
    document.add_paragraph("We request road maps.", style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    parsed = parse_document(buffer.getvalue(), "auto.docx")
    assert [(p.number, p.text) for p in parsed.paragraphs] == [
        ("1.", "We reaffirm the vision."),
        ("2.", "We act together."),
        ("3.", "We request road maps."),
    ]
    assert [s.heading for s in parsed.sections] == ["I. Vision", "II. Follow-up"]


def test_running_headers_and_page_numbers_of_a_pdf_are_dropped():
    from cwg.analysis.paragraphs import drop_page_furniture

    pages = [
        ["A/RES/80/173", "1. We reaffirm the vision of", "the Summit.", "1/3"],
        ["A/RES/80/173", "2. We act.", "2/3"],
        ["A/RES/80/173", "3. We follow up on 2025", "commitments.", "3/3"],
    ]
    assert drop_page_furniture(pages) == [
        "1. We reaffirm the vision of",
        "the Summit.",
        "2. We act.",
        "3. We follow up on 2025",
        "commitments.",
    ]
