"""Word documents with real tracked changes: a revision written out, proposals read back."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree
from xml.sax.saxutils import escape, quoteattr

from django.utils import translation

from cwg.core.archives import BoundedArchive
from cwg.core.exceptions import InvalidInput
from cwg.core.word_diff import opcodes, tokens
from cwg.drafting.models import EntryState, Revision, Text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
CHAIR = "Chair"
DOCUMENT_LIMIT = 20 * 1024 * 1024
_BOOKMARK = re.compile(r"^cwg_p(\d+)$")
_LABEL = re.compile(r"^(\d{1,3}|[a-z]{1,2}\)|[ivx]{1,5}\))[.)]?\s")

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
</Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
_DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>
</Relationships>"""
_SETTINGS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="{W}"><w:trackRevisions/></w:settings>"""


# ---- what a revision changed, per provision ------------------------------------------------------


@dataclass
class Change:
    """One piece of a provision's wording: kept, inserted or deleted, by whom and when."""

    kind: str  # "text", "ins" or "del"
    text: str
    author: str = ""
    date: str = ""


@dataclass
class Line:
    entry_id: int | None
    provision_id: int | None
    ref: str
    state: str
    changes: list[Change] = field(default_factory=list)


def _stamp(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def base_wordings(revision: Revision) -> dict[str, str]:
    """The wording of each provision before this revision: the previous one, or the original."""
    previous = (
        revision.text.revisions.filter(number__lt=revision.number).order_by("-number").first()
    )
    if previous is None:
        return {p.ref: p.wording(revision.language) for p in revision.text.provisions.all()}
    return {e.ref: e.wording for e in previous.entries.all() if e.state != EntryState.DELETED}


def revision_lines(revision: Revision, base: dict[str, str] | None = None) -> list[Line]:
    """Each provision of the revision against its base, every change attributed to its source."""
    base = base_wordings(revision) if base is None else base
    entries = list(revision.entries.order_by("position").select_related("changed_by__contribution"))
    proposal_ids = {pid for e in entries for _t, src, pid in e.spans if src == "proposal" and pid}
    authors: dict[int, tuple[str, str]] = {}
    if proposal_ids:
        from_model = revision.text.contributions.filter(proposals__in=proposal_ids).values_list(
            "proposals__pk", "origin", "submitted_at"
        )
        authors = {pk: (origin, _stamp(when)) for pk, origin, when in from_model}
    chair = (CHAIR, _stamp(revision.created_at))
    lines = []
    for entry in entries:
        line = Line(entry.pk, entry.provision_id, entry.ref, entry.state)
        by = entry.changed_by
        changer = (by.contribution.origin, _stamp(by.contribution.submitted_at)) if by else chair
        if entry.state == EntryState.ADDED:
            for text, src, pid in entry.spans:
                who = authors.get(pid, chair) if src == "proposal" else chair
                line.changes.append(Change("ins", text, *who))
        elif entry.state == EntryState.DELETED:
            line.changes.append(Change("del", base.get(entry.ref, entry.wording), *changer))
        else:
            old = tokens(base.get(entry.ref, ""))
            new, new_src = [], []
            for text, src, pid in entry.spans:
                for token in tokens(text):
                    new.append(token)
                    new_src.append(authors.get(pid, chair) if src == "proposal" else chair)
            for op, a1, a2, b1, b2 in opcodes(old, new):
                if op == "equal":
                    line.changes.append(Change("text", "".join(new[b1:b2])))
                    continue
                if op in ("delete", "replace"):
                    line.changes.append(Change("del", "".join(old[a1:a2]), *changer))
                if op in ("insert", "replace"):
                    for k in range(b1, b2):
                        who = new_src[k]
                        last = line.changes[-1] if line.changes else None
                        if last and last.kind == "ins" and (last.author, last.date) == who:
                            last.text += new[k]
                        else:
                            line.changes.append(Change("ins", new[k], *who))
        lines.append(line)
    return lines


# ---- writing -----------------------------------------------------------------------------------


def _run(text: str, deleted: bool = False) -> str:
    tag = "w:delText" if deleted else "w:t"
    parts = text.split("\n")
    runs = []
    for i, part in enumerate(parts):
        if i:
            runs.append("<w:br/>")
        runs.append(f'<{tag} xml:space="preserve">{escape(part)}</{tag}>')
    return "<w:r>" + "".join(runs) + "</w:r>"


def docx_bytes(revision: Revision) -> bytes:
    """The revision as a DOCX whose changes are Word's own w:ins and w:del, by State and date."""
    counter = iter(range(1, 10**9))
    body = []
    title = escape(f"{revision.text.display_title(revision.language)} – Rev.{revision.number}")
    body.append(f'<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>{title}</w:t></w:r></w:p>')
    for position, line in enumerate(revision_lines(revision)):
        mark = ""
        if line.state in (EntryState.ADDED, EntryState.DELETED) and line.changes:
            first = line.changes[0]
            tag = "w:ins" if line.state == EntryState.ADDED else "w:del"
            mark = (
                f'<w:pPr><w:rPr><{tag} w:id="{next(counter)}" w:author={quoteattr(first.author)}'
                f' w:date="{first.date}"/></w:rPr></w:pPr>'
            )
        name = f"cwg_p{line.provision_id}" if line.provision_id else f"cwg_n{position}"
        mark_id = next(counter)
        parts = [mark, f'<w:bookmarkStart w:id="{mark_id}" w:name="{name}"/>']
        for change in line.changes:
            if change.kind == "text":
                parts.append(_run(change.text))
                continue
            tag = "w:ins" if change.kind == "ins" else "w:del"
            parts.append(
                f'<{tag} w:id="{next(counter)}" w:author={quoteattr(change.author)}'
                f' w:date="{change.date}">{_run(change.text, change.kind == "del")}</{tag}>'
            )
        parts.append(f'<w:bookmarkEnd w:id="{mark_id}"/>')
        body.append("<w:p>" + "".join(parts) + "</w:p>")
    return _package(body)


def _package(body: list[str]) -> bytes:
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W}"><w:body>{"".join(body)}</w:body></w:document>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/_rels/document.xml.rels", _DOCUMENT_RELS)
        archive.writestr("word/settings.xml", _SETTINGS)
        archive.writestr("word/document.xml", document)
    return out.getvalue()


def _plain(text: str, bold: bool = False) -> str:
    weight = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:p><w:r>{weight}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def proposals_docx(contribution) -> bytes:
    """A contribution in ITU's layout: per proposal its mark and number, the provision with the
    State's changes as Word tracked changes (by the origin, dated), then its reasons."""
    author, date = contribution.origin, _stamp(contribution.submitted_at)
    counter = iter(range(1, 10**9))
    body = [
        _plain(f"{contribution.text.display_title(contribution.language)} – {contribution}", True)
    ]

    def tracked(kind: str, text: str) -> str:
        tag = "w:ins" if kind == "ins" else "w:del"
        return (
            f'<{tag} w:id="{next(counter)}" w:author={quoteattr(author)} w:date="{date}">'
            f"{_run(text, kind == 'del')}</{tag}>"
        )

    for proposal in contribution.proposals.select_related("provision").order_by("number"):
        body.append(_plain(f"{proposal.mark}\t{proposal.symbol}", True))
        original = (
            proposal.provision.wording(contribution.language) if proposal.provision_id else ""
        )
        if proposal.mark in ("ADD", "ADD*"):
            parts = [tracked("ins", proposal.wording)]
        elif proposal.mark in ("SUP", "SUP*"):
            parts = [tracked("del", original)]
        elif proposal.mark == "NOC":
            parts = [_run(original)]
        else:
            old, new = tokens(original), tokens(proposal.wording)
            parts = []
            for op, a1, a2, b1, b2 in opcodes(old, new):
                if op == "equal":
                    parts.append(_run("".join(new[b1:b2])))
                    continue
                if op in ("delete", "replace"):
                    parts.append(tracked("del", "".join(old[a1:a2])))
                if op in ("insert", "replace"):
                    parts.append(tracked("ins", "".join(new[b1:b2])))
        body.append("<w:p>" + "".join(parts) + "</w:p>")
        with translation.override(contribution.language):
            body.append(_plain(f"{translation.gettext('Reasons')}: {proposal.reasons}"))
    return _package(body)


# ---- reading -----------------------------------------------------------------------------------


@dataclass
class Paragraph:
    bookmarks: list[str] = field(default_factory=list)
    segments: list[Change] = field(default_factory=list)
    inserted_by: str | None = None
    deleted_by: str | None = None

    @property
    def plain(self) -> str:
        """The paragraph with every change accepted."""
        return "".join(s.text for s in self.segments if s.kind != "del")

    def accepted_for(self, author: str) -> str:
        """The paragraph with this author's changes accepted and everyone else's rejected."""
        out = []
        for s in self.segments:
            if s.kind == "text" or (s.kind == "ins") == (s.author == author):
                out.append(s.text)
        return "".join(out)


def _texts(run, deleted: bool) -> str:
    out = []
    for node in run.iter():
        if node.tag in (_W + "t", _W + "delText"):
            out.append(node.text or "")
        elif node.tag == _W + "tab":
            out.append("\t")
        elif node.tag in (_W + "br", _W + "cr"):
            out.append("\n")
    return "".join(out)


def _walk(node, paragraph: Paragraph, kind: str = "text", author: str = "") -> None:
    for child in node:
        tag = child.tag
        if tag == _W + "r":
            text = _texts(child, kind == "del")
            if text:
                paragraph.segments.append(Change(kind, text, author))
        elif tag in (_W + "ins", _W + "del"):
            _walk(child, paragraph, tag[len(_W) :], child.get(_W + "author", ""))
        elif tag == _W + "bookmarkStart":
            paragraph.bookmarks.append(child.get(_W + "name", ""))
        elif tag == _W + "pPr":
            marks = child.find(_W + "rPr")
            if marks is not None:
                for which in ("ins", "del"):
                    found = marks.find(_W + which)
                    if found is not None:
                        setattr(
                            paragraph,
                            "inserted_by" if which == "ins" else "deleted_by",
                            found.get(_W + "author", ""),
                        )
        elif tag in (
            _W + "hyperlink",
            _W + "smartTag",
            _W + "sdt",
            _W + "sdtContent",
            _W + "fldSimple",
            _W + "customXml",
        ):
            _walk(child, paragraph, kind, author)


def read_paragraphs(data: bytes, *, accept: bool = False) -> list[Paragraph]:
    """The body's paragraphs with their tracked changes (read through the bounded archive)."""
    try:
        with BoundedArchive(data, label="the DOCX file", field="file") as archive:
            if "word/document.xml" not in archive:
                raise InvalidInput(
                    "the file is not a Word document (no word/document.xml)", field="file"
                )
            xml = archive.read("word/document.xml", limit=DOCUMENT_LIMIT)
    except InvalidInput:
        raise
    if b"<!DOCTYPE" in xml[:2000].upper():
        raise InvalidInput("the Word document declares a DOCTYPE; refused", field="file")
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        raise InvalidInput("the Word document's XML cannot be read", field="file") from None
    body = root.find(_W + "body")
    paragraphs = []
    for node in body.iter(_W + "p") if body is not None else ():
        paragraph = Paragraph()
        _walk(node, paragraph)
        paragraphs.append(paragraph)
    return paragraphs


ODT_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def odt_lines(data: bytes) -> list[str]:
    """The paragraphs and headings of an OpenDocument text, in order (tracked changes ignored)."""
    with BoundedArchive(data, label="the ODT file", field="file") as archive:
        if "content.xml" not in archive:
            raise InvalidInput(
                "the file is not an OpenDocument text (no content.xml)", field="file"
            )
        xml = archive.read("content.xml", limit=DOCUMENT_LIMIT)
    if b"<!DOCTYPE" in xml[:2000].upper():
        raise InvalidInput("the document declares a DOCTYPE; refused", field="file")
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        raise InvalidInput("the document's XML cannot be read", field="file") from None
    wanted = {f"{{{ODT_TEXT}}}p", f"{{{ODT_TEXT}}}h"}
    removed = f"{{{ODT_TEXT}}}tracked-changes"
    lines = []
    for node in root.iter():
        if node.tag == removed:
            node.clear()
        elif node.tag in wanted:
            lines.append("".join(node.itertext()))
    return lines


def _new_ref(wording: str, after, taken: set[str]) -> str:
    label = _LABEL.match(wording.strip() + " ")
    block = after.block if after is not None else ""
    if label and block:
        ref = f"{block} {label.group(1)}"
    else:
        ref = f"{after.ref if after is not None else 'start'} +"
    candidate, n = ref, 2
    while candidate in taken:
        candidate, n = f"{ref} ({n})", n + 1
    taken.add(candidate)
    return candidate


def proposals_from_docx(text: Text, data: bytes) -> list[dict]:
    """Tracked changes read back as proposals: a changed provision is a MOD per author, a
    struck-out one SUP, a paragraph wholly inserted ADD after the provision before it."""
    provisions = {p.pk: p for p in text.provisions.all()}
    taken = {p.ref for p in provisions.values()}
    drafts: list[dict] = []
    after = None
    for paragraph in read_paragraphs(data):
        provision = None
        for name in paragraph.bookmarks:
            found = _BOOKMARK.match(name)
            if found and int(found.group(1)) in provisions:
                provision = provisions[int(found.group(1))]
        kinds = {s.kind for s in paragraph.segments}
        if provision is not None:
            after = provision
            if kinds <= {"text"}:
                continue
            if kinds == {"del"}:
                author = paragraph.segments[0].author
                drafts.append({"author": author, "mark": "SUP", "ref": provision.ref})
                continue
            authors = sorted({s.author for s in paragraph.segments if s.kind != "text"})
            for author in authors:
                wording = paragraph.accepted_for(author).strip()
                if wording != provision.wording().strip():
                    drafts.append(
                        {"author": author, "mark": "MOD", "ref": provision.ref, "wording": wording}
                    )
        elif kinds == {"ins"} and len({s.author for s in paragraph.segments}) == 1:
            wording = paragraph.plain.strip()
            drafts.append(
                {
                    "author": paragraph.segments[0].author,
                    "mark": "ADD",
                    "ref": _new_ref(wording, after, taken),
                    "wording": wording,
                    "after": after.ref if after is not None else "",
                }
            )
    return drafts
