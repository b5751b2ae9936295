"""The report as a Word document: real styles, numbered paragraphs, a page header, bidi for Arabic."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from cwg.reports.compose import Composition
from cwg.reports.outputs import fonts

HANGING = Cm(1.27)
NUMBERED_STYLE_ID = "NumberedParagraph"
TEXT_WIDTH = Cm(17)

# Word's language tags for the w:lang element.
WORD_LANGUAGE = {
    "fr": "fr-FR",
    "en": "en-GB",
    "es": "es-ES",
    "ru": "ru-RU",
    "ar": "ar-SA",
    "zh": "zh-CN",
}


def _set_fonts(rpr_owner, language: str) -> None:
    """Fonts for Latin, East Asian and complex (Arabic) scripts, and the language tag."""
    rpr = rpr_owner.get_or_add_rPr()
    chosen = fonts(language)[0]
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        # A theme font wins over a named one; the template's headings name theme fonts.
        rfonts.attrib.pop(qn(theme), None)
    rfonts.set(qn("w:ascii"), "Noto Sans")
    rfonts.set(qn("w:hAnsi"), "Noto Sans")
    rfonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")
    rfonts.set(qn("w:cs"), "Noto Naskh Arabic" if language == "ar" else chosen)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), WORD_LANGUAGE[language] if language not in ("ar", "zh") else "en-GB")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")
    rpr.append(lang)


def _complex_script(style, *, size: float | None = None, bold: bool = False, italic=False):
    """Size, bold and italic for complex scripts too (Word uses w:szCs, w:bCs, w:iCs for Arabic)."""
    if size is not None:
        style.font.size = Pt(size)
    style.font.bold = bold or style.font.bold
    style.font.italic = italic or style.font.italic
    rpr = style.element.get_or_add_rPr()
    for tag, wanted in (("w:bCs", bold), ("w:iCs", italic)):
        if wanted and rpr.find(qn(tag)) is None:
            rpr.append(OxmlElement(tag))
    if size is not None:
        existing = rpr.find(qn("w:szCs"))
        if existing is None:
            existing = OxmlElement("w:szCs")
            rpr.append(existing)
        existing.set(qn("w:val"), str(int(size * 2)))


def _bidi_paragraph(paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    if ppr.find(qn("w:bidi")) is None:
        ppr.insert(0, OxmlElement("w:bidi"))
    for run in paragraph.runs:
        rpr = run._r.get_or_add_rPr()
        if rpr.find(qn("w:rtl")) is None:
            rpr.append(OxmlElement("w:rtl"))


def _paragraph_style(document, name: str, base: str = "Normal"):
    styles = document.styles
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base]
    style.quick_style = True
    return style


def _styles(document, language: str) -> None:
    styles = document.styles
    normal = styles["Normal"]
    _complex_script(normal, size=11)
    normal.paragraph_format.space_after = Pt(6)
    _set_fonts(normal.element, language)

    for name in ("Heading 1", "Title"):
        style = styles[name]
        style.font.color.rgb = None
        _set_fonts(style.element, language)
    heading = styles["Heading 1"]
    _complex_script(heading, size=12, bold=True)
    heading.paragraph_format.space_before = Pt(12)
    heading.paragraph_format.tab_stops.add_tab_stop(HANGING)

    title = styles["Title"]
    _complex_script(title, size=12, bold=True)
    border = title.element.get_or_add_pPr().find(qn("w:pBdr"))
    if border is not None:  # the default template underlines titles; Council documents do not
        border.getparent().remove(border)
    title.font.all_caps = False
    spacing = title.element.get_or_add_rPr().find(qn("w:spacing"))
    if spacing is not None:  # letter spacing breaks the joining of Arabic letters
        spacing.getparent().remove(spacing)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    numbered = _paragraph_style(document, "Numbered Paragraph")
    numbered.paragraph_format.left_indent = HANGING
    numbered.paragraph_format.first_line_indent = -HANGING
    numbered.paragraph_format.tab_stops.add_tab_stop(HANGING)

    bullet = _paragraph_style(document, "Report Bullet")
    bullet.paragraph_format.left_indent = HANGING * 2
    bullet.paragraph_format.first_line_indent = -HANGING
    bullet.paragraph_format.tab_stops.add_tab_stop(HANGING * 2)

    quote = _paragraph_style(document, "Report Quote")
    quote.paragraph_format.left_indent = HANGING
    _complex_script(quote, italic=True)

    label = _paragraph_style(document, "Cover Label")
    _complex_script(label, bold=True)
    label.paragraph_format.space_after = Pt(0)
    label.paragraph_format.keep_with_next = True

    _paragraph_style(document, "Cover Text")
    top = _paragraph_style(document, "Report Top Line")
    _complex_script(top, bold=True)
    signature = _paragraph_style(document, "Signature Line")
    signature.paragraph_format.left_indent = Cm(9)
    signature.paragraph_format.space_after = Pt(0)


def _outline_numbering(document) -> None:
    """Word numbering "1", "1.1", "1.2" … bound to Heading 1 and Numbered Paragraph styles, so
    paragraphs added or moved in Word renumber themselves."""
    numbering = document.part.numbering_part.element
    used = [int(n) for n in numbering.xpath("./w:abstractNum/@w:abstractNumId | ./w:num/@w:numId")]
    number_id = max(used, default=0) + 1
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(number_id))
    kind = OxmlElement("w:multiLevelType")
    kind.set(qn("w:val"), "multilevel")
    abstract.append(kind)
    for level, (style, text) in enumerate((("Heading1", "%1"), (NUMBERED_STYLE_ID, "%1.%2"))):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        for tag, value in (
            ("w:start", "1"),
            ("w:numFmt", "decimal"),
            ("w:pStyle", style),
            ("w:lvlText", text),
            ("w:lvlJc", "left"),
        ):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            lvl.append(child)
        ppr = OxmlElement("w:pPr")
        indent = OxmlElement("w:ind")
        indent.set(qn("w:left"), str(HANGING.twips))
        indent.set(qn("w:hanging"), str(HANGING.twips))
        ppr.append(indent)
        lvl.append(ppr)
        abstract.append(lvl)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # every abstractNum comes before the first num
    else:
        numbering.append(abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(number_id))
    reference = OxmlElement("w:abstractNumId")
    reference.set(qn("w:val"), str(number_id))
    num.append(reference)
    numbering.append(num)
    for style_name, level in (("Heading 1", 0), ("Numbered Paragraph", 1)):
        num_pr = document.styles[style_name].element.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = number_id


def _header(document, section, composition: Composition) -> None:
    paragraph = section.header.paragraphs[0]
    style = document.styles["Header"]
    # The template's header has centre and right stops for another page width: one right stop.
    style.paragraph_format.tab_stops.clear_all()
    style.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    paragraph.style = style
    paragraph.add_run(
        f"{composition.symbol}\t{composition.labels['date']}{composition.colon}{composition.issued}"
    )
    if composition.rtl:
        _bidi_paragraph(paragraph)


def _field(paragraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice update when they lay pages out."""
    for kind, text in (
        ("begin", None),
        ("instr", instruction),
        ("separate", None),
        ("result", shown),
        ("end", None),
    ):
        run = paragraph.add_run()
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        elif kind == "result":
            element = OxmlElement("w:t")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def _footer(document, section, composition: Composition) -> None:
    """ "Page X of Y" in the document's language, centred, X and Y as Word page fields."""
    paragraph = section.footer.paragraphs[0]
    paragraph.style = document.styles["Footer"]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, _, rest = composition.page_of.partition("{page}")
    between, _, after = rest.partition("{pages}")
    for text, instruction in (
        (before, None),
        ("1", "PAGE"),
        (between, None),
        ("1", "NUMPAGES"),
        (after, None),
    ):
        if instruction:
            _field(paragraph, instruction, text)
        elif text:
            paragraph.add_run(text)
    if composition.rtl:
        _bidi_paragraph(paragraph)


def _properties(document, composition: Composition) -> None:
    """The file's properties: what the report is, by whom, of when (never the template's own)."""
    issued = composition.issued_on or dt.date.today()
    when = dt.datetime.combine(issued, dt.time(12, 0), tzinfo=dt.UTC)
    properties = document.core_properties
    properties.title = composition.title
    properties.subject = composition.top_line
    properties.identifier = composition.symbol
    properties.keywords = composition.symbol
    properties.language = WORD_LANGUAGE[composition.language]
    properties.author = composition.secretariat
    properties.last_modified_by = composition.secretariat
    properties.comments = ""
    properties.category = ""
    properties.created = when
    properties.modified = when
    properties.last_printed = when
    properties.revision = 1


def _council_cover(document, composition: Composition, styled) -> None:
    """The Council block: session and place on the start side, symbol, date and the original
    language on the end side, in a borderless two-column table as ITU's cover sheets have."""
    council = composition.council
    table = document.add_table(rows=1, cols=2)
    if composition.rtl:
        table._tbl.tblPr.append(OxmlElement("w:bidiVisual"))
    start, end = table.rows[0].cells
    for cell, lines in (
        (start, [council.session, council.place_and_days, council.agenda_item]),
        (end, [council.document, council.date, council.original]),
    ):
        for index, line in enumerate(lines):
            paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
            run = paragraph.add_run(line)
            run.bold = index == 0
            styled(paragraph, "Cover Text")


def _annex(document, annex, styled) -> None:
    """An annexed text on a new page: its marks in bold, additions underlined, deletions struck."""
    heading = styled(document.add_paragraph(), "Report Top Line")
    heading.paragraph_format.page_break_before = True
    heading.add_run(annex.heading)
    styled(document.add_paragraph(annex.title), "Title")
    styled(document.add_paragraph(annex.agreed), "Cover Text")
    for line in (annex.legend, annex.note):
        if line:
            styled(document.add_paragraph(), "Cover Text").add_run(line).italic = True
    for provision in annex.provisions:
        paragraph = styled(document.add_paragraph(), "Normal")
        if provision.mark:
            paragraph.add_run(provision.mark + "\t").bold = True
        if provision.lead:
            paragraph.add_run(provision.lead + " ")
        for kind, piece in provision.pieces:
            run = paragraph.add_run(piece)
            if kind == "ins":
                run.underline = True
            elif kind == "del":
                run.font.strike = True


def render_docx(composition: Composition) -> bytes:
    document = Document()
    language = composition.language
    _styles(document, language)
    _outline_numbering(document)
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.left_margin = section.right_margin = Cm(2)
    if composition.rtl:
        section._sectPr.append(OxmlElement("w:bidi"))
    _header(document, section, composition)
    _footer(document, section, composition)
    _properties(document, composition)

    written = []
    # python-docx looks a style up by scanning every style each time; resolve each id once.
    style_ids: dict[str, str] = {}

    def styled(paragraph, style: str):
        if style not in style_ids:
            style_ids[style] = document.styles[style].style_id
        paragraph._p.get_or_add_pPr().style = style_ids[style]
        written.append(paragraph)
        return paragraph

    def add(text: str, style: str, container=document):
        return styled(container.add_paragraph(text), style)

    if composition.council is not None:
        _council_cover(document, composition, styled)
    add(composition.top_line, "Report Top Line")
    add(composition.title, "Title")

    table = document.add_table(rows=1, cols=1)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if composition.rtl:
        table._tbl.tblPr.append(OxmlElement("w:bidiVisual"))
    cell = table.rows[0].cells[0]
    first = True
    for item in composition.cover:
        label = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        label.add_run(item.label)
        styled(label, "Cover Label")
        add(item.text, "Cover Text", container=cell)

    for part in composition.sections:
        # The numbers ("2", "2.1") come from the styles' Word numbering, not from the text.
        add(part.heading, "Heading 1")
        for paragraph in part.paragraphs:
            add(paragraph.text, "Numbered Paragraph")
            for bullet in paragraph.bullets:
                add(f"–\t{bullet}", "Report Bullet")
            for quote in paragraph.quotes:
                add(quote, "Report Quote")

    document.add_paragraph()
    for line in composition.signature:
        add(line, "Signature Line")

    for annex in composition.annexes:
        _annex(document, annex, styled)

    if composition.rtl:
        for paragraph in written:
            _bidi_paragraph(paragraph)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
