"""The compilation of responses: its figures, its formats (HTML, DOCX, CSV, XLSX), its document."""

from __future__ import annotations

import copy
import csv
import io
from collections import Counter

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Count
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from cwg.consultations import permissions
from cwg.consultations.models import Campaign, Compilation, Consultation, Submission
from cwg.core.audit import record
from cwg.core.exceptions import Conflict, InvalidInput, NotAllowed
from cwg.core.i18n import UI_LANGUAGE, document_language, pick
from cwg.core.spreadsheets import safe_row
from cwg.documents import services as document_services
from cwg.documents.models import DocumentType, SourceKind
from cwg.registry.models import OrganisationCategory, Region

FORMATS = {
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
NO_REGION = "-"
# The six languages a compilation is produced in, each named in itself.
LANGUAGE_NAMES = [
    ("ar", "العربية"),
    ("zh", "中文"),
    ("en", "English"),
    ("fr", "Français"),
    ("ru", "Русский"),
    ("es", "Español"),
]


def _answers_text(answers: dict) -> str:
    return "\n\n".join(str(answers[k]) for k in sorted(answers, key=lambda k: int(k)))


def gather(consultation: Consultation) -> dict:
    """Every figure and text of the compilation, from the records, as plain JSON data."""
    language = consultation.languages[0] if consultation.languages else "en"
    base = Submission.objects.filter(consultation=consultation)
    counted = base.filter(hidden=False)
    total = counted.count()
    hidden = base.filter(hidden=True).count()
    category_labels = dict(OrganisationCategory.choices)
    by_category = [
        {
            "key": row["category"],
            "label": category_labels.get(row["category"], row["category"]),
            "count": row["n"],
        }
        for row in counted.values("category").annotate(n=Count("id")).order_by("-n", "category")
    ]
    regions = {r.code: r.name for r in Region.objects.all()}
    region_names = {code: pick(names, language) for code, names in regions.items()}
    by_region = [
        {
            "key": row["country__region__code"] or NO_REGION,
            "label": region_names.get(row["country__region__code"], "") or _("Not a Member State"),
            "count": row["n"],
        }
        for row in counted.values("country__region__code")
        .annotate(n=Count("id"))
        .order_by("country__region__code")
    ]
    countries: Counter = Counter()
    country_names: dict[str, dict] = {}
    for iso3, names, other in counted.values_list(
        "country__iso3", "country__names", "country_other"
    ):
        if iso3:
            country_names[iso3] = names
        countries[(iso3 or "", pick(names, language) if iso3 else (other or "—"))] += 1
    by_country = [
        {"iso3": iso3, "label": label, "count": n}
        for (iso3, label), n in sorted(countries.items(), key=lambda i: (-i[1], i[0][1]))
    ]

    campaigns = []
    campaign_rows = Campaign.objects.filter(consultation=consultation, size__gt=1).order_by(
        "-size", "id"
    )
    for campaign in campaign_rows:
        members = counted.filter(campaign=campaign)
        sample = (
            members.filter(consent_to_publication=True, pk=campaign.representative_id).first()
            or members.filter(consent_to_publication=True).order_by("id").first()
        )
        size = members.count()
        copies = members.filter(campaign_tier="exact").count()
        campaigns.append(
            {
                "key": campaign.key,
                "size": size,
                "exact_duplicates": campaign.exact_duplicates,
                "variant_count": campaign.variant_count,
                # Tiers: exact and near copies make the size; partial use is counted apart.
                "copies": copies,
                "near_copies": size - copies,
                "partial_use": counted.filter(quoted_campaign=campaign).count(),
                "representative": sample.receipt if sample else "",
                "answers": sample.answers if sample else {},
                "text": _answers_text(sample.answers) if sample else "",
            }
        )
    in_campaigns = sum(c["size"] for c in campaigns)

    published = counted.filter(consent_to_publication=True, campaign__isnull=True).select_related(
        "country", "country__region"
    )
    questions = []
    rows = list(published.order_by("id"))
    for question in consultation.questions.all():
        key = str(question.number)
        questions.append(
            {
                "number": question.number,
                "text": pick(question.text, language),
                "texts": question.text,
                "answers": [
                    {
                        "receipt": s.receipt,
                        "name": s.name,
                        "organisation": s.organisation,
                        "category": category_labels.get(s.category, s.category),
                        "category_key": s.category,
                        "country": s.country_label(language),
                        "iso3": s.country.iso3 if s.country_id else "",
                        "region": s.country.region.code if s.country_id else NO_REGION,
                        "language": s.language,
                        "text": s.answers[key],
                        "campaign_tier": s.campaign_tier if s.quoted_campaign_id else "",
                    }
                    for s in rows
                    if s.answers.get(key)
                ],
                "campaigns": [
                    {"key": c["key"], "size": c["size"], "text": c["answers"].get(key, "")}
                    for c in campaigns
                    if c["answers"].get(key)
                ],
            }
        )
    not_consented = counted.filter(consent_to_publication=False).count()
    return {
        "language": language,
        "group": str(consultation.group),
        "slug": consultation.slug,
        "topic": consultation.display_topic(language),
        "topics": consultation.topic,
        "region_names": regions,
        "country_names": country_names,
        "opens_at": consultation.opens_at.isoformat() if consultation.opens_at else None,
        "closes_at": consultation.closes_at.isoformat() if consultation.closes_at else None,
        "totals": {
            "submissions": total,
            "hidden": hidden,
            "not_consented": not_consented,
            "in_campaigns": in_campaigns,
            "campaigns": len(campaigns),
        },
        "by_category": by_category,
        "by_region": by_region,
        "by_country": by_country,
        "campaigns": campaigns,
        "questions": questions,
    }


def build_compilation(actor, consultation: Consultation, *, now) -> Compilation:
    """Freeze the figures at compilation time (runs inside the state change's transaction)."""
    if not permissions.can_manage_consultation(actor, consultation):
        raise NotAllowed("Only the group's secretariat may compile a consultation.")
    data = gather(consultation)
    compilation, _created = Compilation.objects.update_or_create(
        consultation=consultation,
        defaults={
            "generated_at": now,
            "generated_by": actor if getattr(actor, "pk", None) else None,
            "data": data,
        },
    )
    record(
        actor,
        "consultation.compilation.generate",
        compilation,
        group_id=consultation.group_id,
        after={"totals": data["totals"]},
    )
    return compilation


def attach_to_meeting(actor, consultation: Consultation, meeting, *, now):
    """Post the compilation as a document of the meeting at which it is examined."""

    compilation = Compilation.objects.filter(consultation=consultation).first()
    if compilation is None:
        raise Conflict("the consultation has no compilation to examine yet", field="state")
    if compilation.document_id:
        return compilation.document
    topic_en = pick(consultation.topic, "en")
    topic_fr = pick(consultation.topic, "fr")
    title = {
        "en": f"Compilation of responses to the open consultation: {topic_en}",
        "fr": f"Compilation des réponses à la consultation ouverte : {topic_fr}",
    }
    docx = ContentFile(
        render(compilation.data, "docx", "en"), name=f"{consultation.slug}-compilation.docx"
    )
    document = document_services.submit_document(
        actor,
        group=consultation.group,
        meeting=meeting,
        document_type=DocumentType.CONSULTATION_COMPILATION,
        source_kind=SourceKind.SECRETARIAT,
        title=title,
        original_language="en",
        file=docx,
    )
    compilation.document = document
    compilation.save(update_fields=["document"])
    record(
        actor,
        "consultation.compilation.attach",
        compilation,
        group_id=consultation.group_id,
        after={"document": document.symbol, "meeting": meeting.pk},
    )
    return document


# Renderers -----------------------------------------------------------------------------------


def compiled_file(
    consultation: Consultation, fmt: str, language: str | None = None
) -> tuple[bytes, str, str | None]:
    """The stored compilation in a format and language: (content, content type, attachment file
    name or None for HTML shown in the page). The one rule of the page and the API download."""
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown format {fmt!r}; use html, docx, csv or xlsx", field="fmt")
    record = Compilation.objects.filter(consultation=consultation).first()
    if record is None:
        raise Http404(_("This consultation has not been compiled yet."))
    filename = None if fmt == "html" else f"{consultation.slug}-compilation.{fmt}"
    return render(record.data, fmt, language), FORMATS[fmt], filename


def render(data: dict, fmt: str, language: str | None = None) -> bytes:
    """The compilation in one format, every label and text in `language` where it exists
    (the language it was compiled in when none is asked for)."""
    renderer = {"html": render_html, "docx": render_docx, "csv": render_csv, "xlsx": render_xlsx}
    language = document_language(language or data.get("language") or "en")
    with translation.override(UI_LANGUAGE.get(language, language)):
        return renderer[fmt](localise(data, language))


def asked_language(value: str | None) -> str | None:
    """The document language (ar, zh, en, fr, ru, es) asked for; None when nothing was asked.

    Refused with a message naming `lang` when it is none of the six (zh-Hans, FR … accepted)."""

    if not value:
        return None
    code = value.strip().lower().replace("_", "-")
    code = "zh" if code.startswith("zh") else code.split("-")[0]
    if code not in settings.UN_LANGUAGES:
        raise InvalidInput(
            f"unknown language {value!r}; use one of {', '.join(settings.UN_LANGUAGES)}",
            field="lang",
        )
    return code


def _in_language(texts: dict | None, language: str) -> tuple[str, str]:
    """(the text in the language or its fallback, the language that text is in)."""
    text = pick(texts, language)
    if not text:
        return "", language
    if (texts or {}).get(language) == text:
        return text, language
    return text, next((code for code, value in texts.items() if value == text), language)


def localise(data: dict, language: str) -> dict:
    """The frozen figures with their labels in `language`: categories and regions, countries,
    the topic and the questions (the answers stay in the language each respondent wrote)."""
    out = copy.deepcopy(data)
    out["language"] = language
    categories = {key: gettext(label) for key, label in OrganisationCategory.choices}
    countries = data.get("country_names") or {}
    regions = data.get("region_names") or {}
    if data.get("topics"):
        out["topic"], out["topic_language"] = _in_language(data["topics"], language)
    for row in out["by_category"]:
        row["label"] = categories.get(row["key"], row["label"])
    for row in out["by_region"]:
        if row["key"] in regions:
            row["label"] = pick(regions[row["key"]], language)
        elif row["key"] == NO_REGION:
            row["label"] = gettext("Not a Member State")
    for row in out["by_country"]:
        if row.get("iso3") in countries:
            row["label"] = pick(countries[row["iso3"]], language)
    for question in out["questions"]:
        if question.get("texts"):
            question["text"], question["text_language"] = _in_language(question["texts"], language)
        for answer in question["answers"]:
            if answer.get("category_key") in categories:
                answer["category"] = categories[answer["category_key"]]
            if answer.get("iso3") in countries:
                answer["country"] = pick(countries[answer["iso3"]], language)
    return out


def render_html(data: dict) -> bytes:
    return render_to_string("consultations/compilation_document.html", {"c": data}).encode("utf-8")


def render_docx(data: dict) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(_("Compilation of responses"), level=0)
    document.add_paragraph(f"{data['group']} — {data['topic']}")
    totals = data["totals"]
    document.add_paragraph(
        _(
            "%(n)s responses were received; %(c)s of them belong to %(k)s campaigns, each summarised once."
        )
        % {"n": totals["submissions"], "c": totals["in_campaigns"], "k": totals["campaigns"]}
    )
    for title, header, rows in (
        (_("Responses by stakeholder category"), _("Category"), data["by_category"]),
        (_("Responses by ITU region"), _("Region"), data["by_region"]),
        (_("Responses by country"), _("Country"), data["by_country"]),
    ):
        document.add_heading(title, level=1)
        table = document.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        table.rows[0].cells[0].text = header
        table.rows[0].cells[1].text = _("Responses")
        for row in rows:
            cells = table.add_row().cells
            cells[0].text = str(row["label"])
            cells[1].text = str(row["count"])
    if data["campaigns"]:
        document.add_heading(_("Campaigns"), level=1)
        for campaign in data["campaigns"]:
            document.add_paragraph(
                _("Campaign of %(size)s near-identical responses (%(dup)s exact copies)")
                % {"size": campaign["size"], "dup": campaign["exact_duplicates"]},
                style="List Bullet",
            )
            document.add_paragraph(_tiers_line(campaign))
            if campaign["text"]:
                document.add_paragraph(campaign["text"])
    for question in data["questions"]:
        document.add_heading(_("Question %(n)s") % {"n": question["number"]}, level=1)
        document.add_paragraph(question["text"])
        for answer in question["answers"]:
            who = ", ".join(
                bit for bit in (answer["name"], answer["organisation"], answer["country"]) if bit
            )
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{who} ({answer['category']}) — {answer['receipt']}").bold = True
            if answer.get("campaign_tier") == "partial":
                paragraph.add_run(f" — {_('quotes a campaign in part')}")
            document.add_paragraph(answer["text"])
        for campaign in question["campaigns"]:
            paragraph = document.add_paragraph()
            paragraph.add_run(
                _("Campaign of %(size)s responses:") % {"size": campaign["size"]}
            ).bold = True
            document.add_paragraph(campaign["text"])
    if totals["not_consented"]:
        document.add_paragraph(
            _(
                "%(n)s responses did not consent to publication: they are counted but not reproduced."
            )
            % {"n": totals["not_consented"]}
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _tiers_line(campaign: dict) -> str:
    return _(
        "%(copies)s exact copies, %(near)s near copies; "
        "%(partial)s more responses quote it in part."
    ) % {
        "copies": campaign.get("copies", 0),
        "near": campaign.get("near_copies", 0),
        "partial": campaign.get("partial_use", 0),
    }


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


def _answer_rows(data: dict):
    for question in data["questions"]:
        for a in question["answers"]:
            yield [
                question["number"], "answer", a["receipt"], a["name"], a["organisation"],
                a["category"], a["country"], a["region"], a["language"], "",
                a.get("campaign_tier", ""), a["text"],
            ]  # fmt: skip
        for c in question["campaigns"]:
            yield [
                question["number"],
                "campaign",
                c["key"],
                "",
                "",
                "",
                "",
                "",
                "",
                c["size"],
                "",
                c["text"],
            ]


def answer_headers() -> list[str]:
    """The answer columns' headers in the active language."""
    return [str(COLUMN_HEADERS[column]) for column in ANSWER_COLUMNS]


def render_csv(data: dict) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(answer_headers())
    for row in _answer_rows(data):
        writer.writerow(safe_row(row))
    return out.getvalue().encode("utf-8-sig")


def render_xlsx(data: dict) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    summary = book.active
    summary.title = _("Summary")
    summary.append(safe_row([_("Topic"), data["topic"]]))
    for key, value in data["totals"].items():
        summary.append([str(TOTAL_LABELS.get(key, key)), value])
    for title, rows in (
        (_("Category"), data["by_category"]),
        (_("Region"), data["by_region"]),
        (_("Country"), data["by_country"]),
    ):
        summary.append([])
        summary.append([title, _("Responses")])
        for row in rows:
            summary.append(safe_row([row["label"], row["count"]]))
    answers = book.create_sheet(_("Answers"))
    answers.append(answer_headers())
    for row in _answer_rows(data):
        answers.append(safe_row(row))
    campaigns = book.create_sheet(_("Campaigns"))
    campaigns.append(
        [
            _("Campaign"),
            _("Size"),
            _("Exact copies"),
            _("Near copies"),
            _("Partial use"),
            _("Variants"),
            _("Representative response"),
            _("Text"),
        ]
    )
    for c in data["campaigns"]:
        campaigns.append(
            safe_row(
                [
                    c["key"],
                    c["size"],
                    c.get("copies", c["exact_duplicates"]),
                    c.get("near_copies", ""),
                    c.get("partial_use", ""),
                    c["variant_count"],
                    c["representative"],
                    c["text"],
                ]
            )
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
