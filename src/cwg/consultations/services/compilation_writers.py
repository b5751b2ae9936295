"""The compilation's formats (DOCX, HTML, CSV, XLSX), each written to a file as the answers stream."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from itertools import chain
from xml.sax.saxutils import escape as xml_escape

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cwg.consultations.models import AnnexSize
from cwg.consultations.services.compilation_source import Answer, Source
from cwg.core import spreadsheets
from cwg.core.spreadsheets import safe_row

Progress = Callable[[int], None]

ANSWER_COLUMNS = [
    "question",
    "kind",
    "receipt",
    "name",
    "organisation",
    "category",
    "country",
    "region",
    "language",
    "campaign_size",
    "campaign_tier",
    "text",
]
COLUMN_HEADERS = {
    "question": gettext_lazy("Question"),
    "kind": gettext_lazy("Kind"),
    "receipt": gettext_lazy("Receipt number"),
    "name": gettext_lazy("Name"),
    "organisation": gettext_lazy("Organisation"),
    "category": gettext_lazy("Category"),
    "country": gettext_lazy("Country"),
    "region": gettext_lazy("Region"),
    "language": gettext_lazy("Language"),
    "campaign_size": gettext_lazy("Campaign size"),
    "campaign_tier": gettext_lazy("Campaign tier"),
    "text": gettext_lazy("Text"),
}
TOTAL_LABELS = {
    "submissions": gettext_lazy("Responses"),
    "hidden": gettext_lazy("Hidden by the moderators"),
    "not_consented": gettext_lazy("Not consenting to publication"),
    "in_campaigns": gettext_lazy("In campaigns"),
    "campaigns": gettext_lazy("Campaigns"),
}
# Characters XML 1.0 cannot carry: a DOCX holding one does not open.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
BODY_MARK = "CWG-COMPILATION-BODY-MARK"


def answer_headers() -> list[str]:
    """The answer columns' headers in the active language."""
    return [str(COLUMN_HEADERS[column]) for column in ANSWER_COLUMNS]


def _no_progress(_n: int) -> None:
    return None


def _annexed(source: Source, question: dict, annex: str, sample: int, progress: Progress):
    """The answers of the annex for one question: (answer, None) for each answer shown, and
    (None, (category, shown, total)) after each category whose answers were only sampled."""
    if annex != AnnexSize.SAMPLE:
        for batch in source.answers(question):
            progress(len(batch))
            for answer in batch:
                if answer is not None:
                    yield answer, None
        return
    current, current_label, shown, total = None, "", 0, 0
    for batch in source.answers(question, by_category=True):
        progress(len(batch))
        for answer in batch:
            if answer is None:
                continue
            if answer.category_key != current:
                if total > shown:
                    yield None, (current_label, shown, total)
                current, current_label, shown, total = answer.category_key, answer.category, 0, 0
            total += 1
            if shown < sample:
                shown += 1
                yield answer, None
    if total > shown:
        yield None, (current_label, shown, total)


def _sampled_note(label: str, shown: int, total: int) -> str:
    return _(
        "%(shown)s of the %(total)s answers from the category “%(category)s” are reproduced."
    ) % {
        "shown": shown,
        "total": total,
        "category": label,
    }


def _who(answer: Answer) -> str:
    return ", ".join(bit for bit in (answer.name, answer.organisation, answer.country) if bit)


def _tiers_line(campaign: dict) -> str:
    return _(
        "%(copies)s exact copies, %(near)s near copies; "
        "%(partial)s more responses quote it in part."
    ) % {
        "copies": campaign.get("copies", 0),
        "near": campaign.get("near_copies", 0),
        "partial": campaign.get("partial_use", 0),
    }


def _totals_line(totals: dict) -> str:
    return _(
        "%(n)s responses were received; %(c)s of them belong to %(k)s campaigns, each summarised once."
    ) % {"n": totals["submissions"], "c": totals["in_campaigns"], "k": totals["campaigns"]}


def _not_consented_line(n: int) -> str:
    return _(
        "%(n)s responses did not consent to publication: they are counted but not reproduced."
    ) % {"n": n}


# HTML ----------------------------------------------------------------------------------------


def write_html(
    source: Source, out, *, annex: str = AnnexSize.ALL, sample: int = 20, progress=_no_progress
):
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=False)
    context = {**source.figures, "campaigns": source.campaigns}
    text.write(render_to_string("consultations/compilation_document.html", {"c": context}))
    text.write(f"<h2>{escape(_('Annex: individual answers'))}</h2>\n")
    for question in source.questions:
        text.write(
            f"<h3>{escape(_('Question %(n)s') % {'n': question['number']})}</h3>\n"
            f"<p{_lang(question['text_language'], source.language)}>"
            f"{escape(question['text'])}</p>\n"
        )
        for answer, note in _annexed(source, question, annex, sample, progress):
            if note:
                text.write(f"<p><em>{escape(_sampled_note(*note))}</em></p>\n")
                continue
            partial = (
                f" — {_('quotes a campaign in part')}" if answer.campaign_tier == "partial" else ""
            )
            lang = f' lang="{escape(answer.language)}" dir="auto"' if answer.language else ""
            text.write(
                f"<h4>{escape(_who(answer))} ({escape(answer.category)}) — "
                f"{escape(answer.receipt)}{escape(partial)}</h4>"
                f"<blockquote{lang}>{escape(answer.text)}</blockquote>\n"
            )
    if source.figures["totals"]["not_consented"]:
        text.write(
            f"<p>{escape(_not_consented_line(source.figures['totals']['not_consented']))}</p>\n"
        )
    text.write("</body></html>\n")
    text.flush()
    text.detach()


def _lang(language: str, document: str) -> str:
    return f' lang="{escape(language)}"' if language and language != document else ""


# CSV -----------------------------------------------------------------------------------------


def _answer_rows(source: Source, progress: Progress):
    for question in source.questions:
        number = question["number"]
        for batch in source.answers(question):
            progress(len(batch))
            for a in batch:
                if a is None:
                    continue
                yield [
                    number, "answer", a.receipt, a.name, a.organisation, a.category, a.country,
                    a.region, a.language, "", a.campaign_tier, a.text,
                ]  # fmt: skip
        for c in source.question_campaigns(question):
            yield [number, "campaign", c["key"], "", "", "", "", "", "", c["size"], "", c["text"]]


def write_csv(
    source: Source, out, *, annex: str = AnnexSize.ALL, sample: int = 20, progress=_no_progress
):
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow(answer_headers())
    for row in _answer_rows(source, progress):
        writer.writerow(safe_row(row))
    text.flush()
    text.detach()


# XLSX ----------------------------------------------------------------------------------------


def write_xlsx(
    source: Source, out, *, annex: str = AnnexSize.ALL, sample: int = 20, progress=_no_progress
):
    figures = source.figures
    spreadsheets.write_xlsx(
        out,
        [
            (_("Summary"), _summary_rows(figures)),
            (_("Answers"), chain([answer_headers()], _answer_rows(source, progress))),
            (_("Campaigns"), _campaign_rows(source)),
        ],
    )


def _summary_rows(figures: dict):
    yield [_("Topic"), figures["topic"]]
    for key in ("submissions", "hidden", "not_consented", "in_campaigns", "campaigns"):
        yield [str(TOTAL_LABELS[key]), figures["totals"][key]]
    for title, rows in (
        (_("Category"), figures["by_category"]),
        (_("Region"), figures["by_region"]),
        (_("Country"), figures["by_country"]),
    ):
        yield []
        yield [title, _("Responses")]
        for row in rows:
            yield [row["label"], row["count"]]


def _campaign_rows(source: Source):
    yield [
        _("Campaign"),
        _("Size"),
        _("Exact copies"),
        _("Near copies"),
        _("Partial use"),
        _("Variants"),
        _("Representative response"),
        _("Text"),
    ]
    for c in source.campaigns:
        yield [
            c["key"],
            c["size"],
            c["copies"],
            c["near_copies"],
            c["partial_use"],
            c["variant_count"],
            c["representative"],
            c["text"],
        ]


# DOCX ----------------------------------------------------------------------------------------


def _docx_frame(source: Source) -> tuple[bytes, str]:
    """A small document made with python-docx (styles, the title, the figures' tables) holding a
    mark where the body goes: (the package, the name of its main part)."""
    import docx

    figures = source.figures
    document = docx.Document()
    document.add_heading(_("Compilation of responses"), level=0)
    document.add_paragraph(_clean(f"{figures['group']} — {figures['topic']}"))
    document.add_paragraph(_totals_line(figures["totals"]))
    for title, header, rows in (
        (_("Responses by stakeholder category"), _("Category"), figures["by_category"]),
        (_("Responses by ITU region"), _("Region"), figures["by_region"]),
        (_("Responses by country"), _("Country"), figures["by_country"]),
    ):
        document.add_heading(title, level=1)
        table = document.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        table.rows[0].cells[0].text = header
        table.rows[0].cells[1].text = _("Responses")
        for row in rows:
            cells = table.add_row().cells
            cells[0].text = _clean(str(row["label"]))
            cells[1].text = str(row["count"])
    document.add_paragraph(BODY_MARK)
    frame = io.BytesIO()
    document.save(frame)
    return frame.getvalue(), document.part.partname.lstrip("/")


def _clean(text: str) -> str:
    return NOT_XML.sub("", text)


def _run(text: str, *, bold: bool = False) -> str:
    bold_xml = "<w:rPr><w:b/></w:rPr>" if bold else ""
    lines = _clean(text).split("\n")
    parts = []
    for i, line in enumerate(lines):
        if i:
            parts.append("<w:br/>")
        parts.append(f'<w:t xml:space="preserve">{xml_escape(line)}</w:t>')
    return f"<w:r>{bold_xml}{''.join(parts)}</w:r>"


def _p(*runs: str, style: str | None = None) -> str:
    properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{properties}{''.join(runs)}</w:p>"


def write_docx(
    source: Source, out, *, annex: str = AnnexSize.ALL, sample: int = 20, progress=_no_progress
):
    """The document part is streamed into the package: each paragraph is written once after the
    one before it, so time grows with the answers and memory does not."""
    frame, main = _docx_frame(source)
    with zipfile.ZipFile(io.BytesIO(frame)) as template:
        xml = template.read(main).decode("utf-8")
        mark = xml.index(BODY_MARK)
        start = max(m.start() for m in re.finditer(r"<w:p[ >]", xml[:mark]))
        end = xml.index("</w:p>", mark) + len("</w:p>")
        head, tail = xml[:start], xml[end:]
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
            for item in template.infolist():
                if item.filename != main:
                    package.writestr(item, template.read(item.filename))
            with package.open(main, "w", force_zip64=True) as part:
                part.write(head.encode("utf-8"))
                pending: list[str] = []
                size = 0
                for paragraph in _docx_body(source, annex, sample, progress):
                    pending.append(paragraph)
                    size += len(paragraph)
                    if size > 1 << 16:
                        part.write("".join(pending).encode("utf-8"))
                        pending, size = [], 0
                part.write(("".join(pending) + tail).encode("utf-8"))


def _docx_body(source: Source, annex: str, sample: int, progress: Progress):
    totals = source.figures["totals"]
    if source.campaigns:
        yield _p(_run(_("Campaigns")), style="Heading1")
        for campaign in source.campaigns:
            yield _p(
                _run(
                    _("Campaign of %(size)s near-identical responses (%(dup)s exact copies)")
                    % {"size": campaign["size"], "dup": campaign["exact_duplicates"]}
                ),
                style="ListBullet",
            )
            yield _p(_run(_tiers_line(campaign)))
            if campaign["text"]:
                yield _p(_run(campaign["text"]))
    yield _p(_run(_("Annex: individual answers")), style="Heading1")
    for question in source.questions:
        yield _p(_run(_("Question %(n)s") % {"n": question["number"]}), style="Heading2")
        yield _p(_run(question["text"]))
        for answer, note in _annexed(source, question, annex, sample, progress):
            if note:
                yield _p(_run(_sampled_note(*note)))
                continue
            runs = [_run(f"{_who(answer)} ({answer.category}) — {answer.receipt}", bold=True)]
            if answer.campaign_tier == "partial":
                runs.append(_run(f" — {_('quotes a campaign in part')}"))
            yield _p(*runs)
            yield _p(_run(answer.text))
    if totals["not_consented"]:
        yield _p(_run(_not_consented_line(totals["not_consented"])))


WRITERS = {"html": write_html, "docx": write_docx, "csv": write_csv, "xlsx": write_xlsx}
