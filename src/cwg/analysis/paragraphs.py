"""Reading an outcome document (DOCX, PDF or plain text) into numbered paragraphs under headings."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from cwg.core.archives import BoundedArchive
from cwg.core.exceptions import InvalidInput, TooLarge

MAX_PARAGRAPHS = 5000
LETTERS = "abcdefghijklmnopqrstuvwxyz"
ROMANS = [
    "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x",
    "xi", "xii", "xiii", "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx",
]  # fmt: skip

# Numbering styles as printed at the start of a paragraph; each style is one "family".
NUMBER_PATTERNS = [
    ("code", re.compile(r"^(C\d{1,2}(?:\.\d{1,2})?\.[a-z])\)?\s+(?=\S)")),  # C1.a
    ("decimal", re.compile(r"^(\d{1,3})\.\s+(?=\S)")),  # 12.
    ("paren_alpha", re.compile(r"^\(([a-z]{1,2}|[ivxl]{1,5})\)\s+(?=\S)")),  # (a)
    ("alpha_paren", re.compile(r"^([a-z]{1,2}|[ivxl]{1,5})\)\s+(?=\S)")),  # a)
]
# A heading: a WSIS action line, a roman or capital section mark, or a short line with no stop.
HEADING_PATTERN = re.compile(r"^(?:(C\d{1,2})\b[.:]?|(?:[IVX]{1,5}|[A-H])\.\s)")


@dataclass
class ParsedParagraph:
    number: str  # as printed: "12.", "(a)", "a)", "C1.a", or "" when unnumbered
    reference: str  # unique in the document: "12 (a)", "C1 a)", "C2 d) i)"
    text: str
    section: int | None  # index into ParsedDocument.sections
    parent: int | None = None  # index of the paragraph this one is a sub-paragraph of
    lines: list[str] = field(default_factory=list)


@dataclass
class ParsedSection:
    heading: str
    code: str


@dataclass
class ParsedDocument:
    sections: list[ParsedSection]
    paragraphs: list[ParsedParagraph]
    kind: str  # "docx", "pdf", "text"


@dataclass
class Line:
    text: str
    block_start: bool = False  # a new block (DOCX paragraph, text after a blank line)
    heading_hint: bool = False  # the source marks it as a heading (DOCX heading style)


# ---- reading the file -------------------------------------------------------------------------


def sniff(data: bytes, filename: str = "") -> str:
    """The kind of file from its content (never only from its name)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        # Checked within bounds here, as python-docx then reads every part whole.
        try:
            archive = BoundedArchive(data, label=filename or "the file", field="file")
        except TooLarge:
            raise
        except InvalidInput:
            raise InvalidInput(
                f"{filename or 'the file'} looks like a ZIP archive but is damaged", field="file"
            ) from None
        with archive:
            if "word/document.xml" in archive:
                return "docx"
        raise InvalidInput(
            f"{filename or 'the file'} is a ZIP archive but not a Word (DOCX) document",
            field="file",
        )
    if b"\x00" in data[:4096]:
        raise InvalidInput(
            f"{filename or 'the file'} is not a DOCX, PDF or plain-text file", field="file"
        )
    return "text"


def read_lines(data: bytes, filename: str = "") -> tuple[str, list[Line]]:
    if not data:
        raise InvalidInput("the file is empty", field="file")
    kind = sniff(data, filename)
    reader = {"pdf": _pdf_lines, "docx": _docx_lines, "text": _text_lines}[kind]
    lines = reader(data, filename)
    if not any(line.text.strip() for line in lines):
        raise InvalidInput(f"{filename or 'the file'} contains no text", field="file")
    return kind, lines


def _text_lines(data: bytes, filename: str) -> list[Line]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(
            f"{filename or 'the file'} is not UTF-8 text, nor a DOCX or PDF file", field="file"
        ) from None
    lines = []
    blank = True
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = raw.strip()
        if not stripped:
            blank = True
            continue
        lines.append(Line(stripped, block_start=blank))
        blank = False
    return lines


def _docx_lines(data: bytes, filename: str) -> list[Line]:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a broken package
        raise InvalidInput(
            f"{filename or 'the file'} is not a readable Word document: {exc}", field="file"
        ) from None
    numbering = WordNumbering(document)
    lines = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        auto = numbering.number(paragraph)
        if auto:
            text = f"{auto} {text}"
        for index, piece in enumerate(text.split("\n")):
            if piece.strip():
                lines.append(
                    Line(
                        piece.strip(),
                        block_start=index == 0,
                        heading_hint=style.lower().startswith(("heading", "title")),
                    )
                )
    return lines


def _format_number(value: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return LETTERS[(value - 1) % 26] * ((value - 1) // 26 + 1)
    if fmt == "upperLetter":
        return LETTERS[(value - 1) % 26].upper()
    if fmt == "lowerRoman":
        return ROMANS[(value - 1) % len(ROMANS)]
    if fmt == "upperRoman":
        return ROMANS[(value - 1) % len(ROMANS)].upper()
    return str(value)


class WordNumbering:
    """The numbers Word prints for automatically numbered paragraphs (numbering.xml levels)."""

    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId → lvl → fmt
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.findall(f"{self.W}abstractNum"):
            levels = {}
            for lvl in node.findall(f"{self.W}lvl"):
                fmt = lvl.find(f"{self.W}numFmt")
                text = lvl.find(f"{self.W}lvlText")
                start = lvl.find(f"{self.W}start")
                levels[int(lvl.get(f"{self.W}ilvl"))] = (
                    fmt.get(f"{self.W}val") if fmt is not None else "decimal",
                    text.get(f"{self.W}val") if text is not None else "%1.",
                    int(start.get(f"{self.W}val")) if start is not None else 1,
                )
            abstract[node.get(f"{self.W}abstractNumId")] = levels
        for num in root.findall(f"{self.W}num"):
            ref = num.find(f"{self.W}abstractNumId")
            if ref is not None:
                self.levels[num.get(f"{self.W}numId")] = abstract.get(ref.get(f"{self.W}val"), {})

    def _num_pr(self, paragraph):
        props = paragraph._p.pPr
        if props is not None and props.numPr is not None and props.numPr.numId is not None:
            return props.numPr
        style = paragraph.style
        while style is not None:  # numbering may come from the style or the style it is based on
            props = style.element.pPr
            if props is not None and props.numPr is not None and props.numPr.numId is not None:
                return props.numPr
            style = style.base_style
        return None

    def number(self, paragraph) -> str:
        num_pr = self._num_pr(paragraph)
        if num_pr is None:
            return ""
        num_id = str(num_pr.numId.val)
        level = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
        levels = self.levels.get(num_id, {})
        fmt, template, start = levels.get(level, ("decimal", f"%{level + 1}.", 1))
        if fmt in ("bullet", "none"):
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [k for k in counters if k > level]:  # a new item restarts deeper levels
            del counters[deeper]
        text = template
        for index in range(level + 1):
            lvl_fmt, _template, lvl_start = levels.get(index, ("decimal", "", 1))
            value = counters.get(index, lvl_start)
            text = text.replace(f"%{index + 1}", _format_number(value, lvl_fmt))
        return text.strip()


def _pdf_lines(data: bytes, filename: str) -> list[Line]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InvalidInput(f"{filename or 'the PDF'} is encrypted", field="file")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InvalidInput:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InvalidInput(
            f"{filename or 'the file'} is not a readable PDF: {exc}", field="file"
        ) from None
    return [Line(text) for text in drop_page_furniture([page.split("\n") for page in pages])]


PAGE_NUMBER = re.compile(r"\d{1,4}|-\s*\d{1,4}\s*-|\d{1,4}\s*/\s*\d{1,4}|Page \d+( of \d+)?")


def drop_page_furniture(pages: list[list[str]]) -> list[str]:
    """The text lines of a PDF without page numbers and running headers or footers.

    A line that comes back on most pages (a document symbol, a job number, a title in the
    margin) is furniture, not text of the document.
    """
    stripped = [[line.strip() for line in page if line.strip()] for page in pages]
    repeated: set[str] = set()
    if len(stripped) >= 3:
        counts: dict[str, int] = {}
        for page in stripped:
            for line in set(page[:3] + page[-3:]):  # headers and footers sit at the edges
                counts[line] = counts.get(line, 0) + 1
        repeated = {line for line, count in counts.items() if count >= len(stripped) / 2}
    lines = []
    for page in stripped:
        for line in page:
            if line in repeated or PAGE_NUMBER.fullmatch(line):
                continue
            lines.append(line)
    return lines


# ---- numbering ---------------------------------------------------------------------------------


def _value(family: str, token: str, roman: bool) -> int | None:
    """The ordinal of a numbering token (1-based) in its family."""
    if family == "decimal":
        return int(token)
    if family == "code":
        return LETTERS.index(token[-1]) + 1
    if roman:
        return ROMANS.index(token) + 1 if token in ROMANS else None
    if len(token) == 1:
        return LETTERS.index(token) + 1
    if len(set(token)) == 1:  # aa, bb: the second round of letters
        return 26 + LETTERS.index(token[0]) + 1
    return None


@dataclass
class _Level:
    family: str  # decimal, code, paren_alpha, alpha_paren, paren_roman, roman_paren
    value: int
    paragraph: int  # index of the paragraph that opened this number


class Numbering:
    """Tracks the open numbering levels so a number is accepted only where it can follow."""

    def __init__(self):
        self.stack: list[_Level] = []

    def reset_within_section(self):
        # A new heading restarts lettered and roman lists; decimal numbers run on in UN texts.
        self.stack = [level for level in self.stack if level.family == "decimal"]

    def accept(self, family: str, token: str, section_started: bool) -> tuple[str, int] | None:
        """(family, position in the stack) if the token continues or opens a list, else None."""
        if family == "code":  # "C1.a" names itself fully: it starts a list of its own
            return family, 0
        candidates = [(family, False)]
        if family in ("paren_alpha", "alpha_paren") and all(c in "ivxl" for c in token):
            roman_family = "paren_roman" if family == "paren_alpha" else "roman_paren"
            candidates.append((roman_family, True))
        # First choice: continue an open list (the next value at that level).
        for fam, roman in candidates:
            value = _value(family, token, roman)
            if value is None:
                continue
            for depth in range(len(self.stack) - 1, -1, -1):
                level = self.stack[depth]
                if level.family == fam and value == level.value + 1:
                    return fam, depth
                if fam == "decimal" and level.family == fam and section_started and value == 1:
                    return fam, depth
        # Second choice: open a new list below the current one, starting at its first value.
        for fam, roman in reversed(candidates):  # "i" with nothing to continue is a roman i
            value = _value(family, token, roman)
            if value is None or any(level.family == fam for level in self.stack):
                continue
            if value == 1 or (fam in ("decimal", "code") and not self.stack):
                return fam, len(self.stack)
        return None

    def push(self, family: str, depth: int, token: str, paragraph: int):
        roman = family in ("paren_roman", "roman_paren")
        base = "decimal" if family == "decimal" else "code" if family == "code" else "alpha"
        value = _value(base if base != "alpha" else "paren_alpha", token, roman)
        del self.stack[depth:]
        self.stack.append(_Level(family, value or 1, paragraph))

    def parent(self) -> int | None:
        return self.stack[-2].paragraph if len(self.stack) >= 2 else None


def _match_number(text: str) -> tuple[str, str, str] | None:
    """(family, token, printed number) of a paragraph number at the start of a line."""
    for family, pattern in NUMBER_PATTERNS:
        match = pattern.match(text)
        if match:
            token = match.group(1)
            printed = text[: match.end()].strip()
            return family, token, printed
    return None


_SENTENCE_END = (".", ";", ":", "!", "?", "”", '"', ")")


def _looks_like_heading(line: Line, previous: Line | None, full_width: int) -> bool:
    text = line.text
    if line.heading_hint:
        return True
    if HEADING_PATTERN.match(text) and len(text) <= 200:
        return True
    if len(text) > 120 or text.endswith((*_SENTENCE_END, ",")):
        return False
    if full_width and len(text) > 0.6 * full_width:
        return False  # a full line of a wrapped paragraph (PDF), not a heading
    if text[0].islower():
        return False
    # A short unpunctuated line after a finished sentence (or a new block) is a heading.
    return previous is None or line.block_start or previous.text.endswith(_SENTENCE_END)


def _section_code(heading: str, index: int) -> str:
    match = re.match(r"^(C\d{1,2})\b", heading)
    if match:
        sub = re.search(r"\b(e-[a-z]+)\b", heading.lower())
        return f"{match.group(1)} {sub.group(1)}" if sub else match.group(1)
    match = re.match(r"^([IVX]{1,5}|[A-H])\.\s", heading)
    if match:
        return match.group(1)
    return f"§{index + 1}"


def parse_document(data: bytes, filename: str = "") -> ParsedDocument:
    """Numbered paragraphs and headings of a DOCX, PDF or text file; InvalidInput if unusable."""
    kind, lines = read_lines(data, filename)
    document = structure(lines, kind)
    if not document.paragraphs:
        raise InvalidInput(
            f"{filename or 'the file'} has headings but no paragraphs of text", field="file"
        )
    if len(document.paragraphs) > MAX_PARAGRAPHS:
        raise InvalidInput(
            f"{filename or 'the file'} has {len(document.paragraphs)} paragraphs; "
            f"at most {MAX_PARAGRAPHS} are accepted",
            field="file",
        )
    return document


def structure(lines: list[Line], kind: str = "text") -> ParsedDocument:
    sections: list[ParsedSection] = []
    paragraphs: list[ParsedParagraph] = []
    numbering = Numbering()
    current: ParsedParagraph | None = None
    previous: Line | None = None
    section_started = False
    unnumbered_in_section = 0
    last_was_heading = False
    # In a PDF every paragraph is wrapped: the longest lines show the width of the text.
    lengths = sorted(len(line.text) for line in lines)
    full_width = lengths[int(len(lengths) * 0.9)] if kind == "pdf" and lengths else 0

    def close():
        nonlocal current
        if current is not None:
            current.text = re.sub(r"\s+", " ", " ".join(current.lines)).strip()
            current.text = re.sub(r"(\w)- (\w)", r"\1-\2", current.text)
        current = None

    for line in lines:
        match = _match_number(line.text)
        accepted = None
        if match:
            family, token, _printed = match
            accepted = numbering.accept(family, token, section_started)
        if accepted:
            close()
            family, depth = accepted
            numbering.push(family, depth, match[1], len(paragraphs))
            section_code = sections[-1].code if sections else ""
            chain = [
                paragraphs[level.paragraph].number.rstrip(".") for level in numbering.stack[:-1]
            ]
            reference_bits = [*chain, match[2].rstrip(".")]
            if section_code and numbering.stack[0].family not in ("decimal", "code"):
                reference_bits.insert(0, section_code)
            current = ParsedParagraph(
                number=match[2],
                reference=" ".join(reference_bits),
                text="",
                section=len(sections) - 1 if sections else None,
                parent=numbering.parent(),
                lines=[line.text[len(match[2]) :].strip()],
            )
            paragraphs.append(current)
            section_started = False
        elif (
            last_was_heading
            and not line.block_start
            and previous is not None
            and not previous.text.endswith(_SENTENCE_END)
            and not line.text.endswith(_SENTENCE_END)
            and len(line.text) < 0.7 * len(previous.text)
        ):
            # The rest of a heading that wrapped onto a second line.
            sections[-1].heading = f"{sections[-1].heading} {line.text}"
            previous = line
            continue
        elif _looks_like_heading(line, previous, full_width):
            close()
            code = _section_code(line.text, len(sections))
            if (
                sections
                and not line.block_start
                and not HEADING_PATTERN.match(line.text)
                and not any(p.section == len(sections) - 1 for p in paragraphs)
            ):
                # Two heading lines in a row: one heading that wrapped, or a heading and its title.
                sections[-1].heading = f"{sections[-1].heading} {line.text}"
            else:
                sections.append(ParsedSection(heading=line.text, code=code))
            numbering.reset_within_section()
            section_started = True
            unnumbered_in_section = 0
            previous = line
            last_was_heading = True
            continue
        elif current is None or (line.block_start and kind != "pdf"):
            close()
            unnumbered_in_section += 1
            section_code = sections[-1].code if sections else "§0"
            current = ParsedParagraph(
                number="",
                reference=f"{section_code} ¶{unnumbered_in_section}",
                text="",
                section=len(sections) - 1 if sections else None,
                lines=[line.text],
            )
            paragraphs.append(current)
        else:
            current.lines.append(line.text)
        previous = line
        last_was_heading = False
    close()
    # References must be unique within a document; a repeated one gets a suffix.
    seen: dict[str, int] = {}
    for paragraph in paragraphs:
        count = seen.get(paragraph.reference, 0)
        seen[paragraph.reference] = count + 1
        if count:
            paragraph.reference = f"{paragraph.reference} #{count + 1}"
    return ParsedDocument(
        sections=sections, paragraphs=[p for p in paragraphs if p.text or p.number], kind=kind
    )
