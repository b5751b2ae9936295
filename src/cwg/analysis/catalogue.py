"""Writes to the mandate catalogue: organisations, WSIS action lines, resolutions' clauses."""

from __future__ import annotations

from django.db import transaction

from cwg.analysis import permissions, wsis
from cwg.analysis.models import HolderRole, Mandate, MandateHolder, MandateKind, MandatePassage
from cwg.core import audit
from cwg.core.exceptions import InvalidInput, NotAllowed
from cwg.core.models import AuditEvent
from cwg.groups.models import Group, Resolution
from cwg.registry.models import Organisation, OrganisationCategory

ORGANISATIONS = {
    "ITU": "International Telecommunication Union",
    "UNESCO": "United Nations Educational, Scientific and Cultural Organization",
    "UNDP": "United Nations Development Programme",
    "UNCTAD": "United Nations Conference on Trade and Development",
    "UN DESA": "United Nations Department of Economic and Social Affairs",
}

ITU_ROLES = {"lead facilitator": HolderRole.LEAD, "co-facilitator": HolderRole.CO}

# Other agencies per line, as the evidence column of wsis_action_lines_facilitators.csv states
# them (only what the evidence supports: unconfirmed leads are left out, not guessed).
OTHER_HOLDERS = {
    "C1": [("UN DESA", HolderRole.REPORTED)],
    "C3": [("UNESCO", HolderRole.FOCAL_POINT)],
    "C4": [("UNDP", HolderRole.FOCAL_POINT)],
    "C7.1": [("UN DESA", HolderRole.REPORTED)],
    "C7.2": [("UNCTAD", HolderRole.REPORTED)],
    "C7.3": [("UNESCO", HolderRole.FOCAL_POINT)],
    "C7.8": [("UNESCO", HolderRole.FOCAL_POINT)],
    "C8": [("UNESCO", HolderRole.FOCAL_POINT)],
    "C9": [("UNESCO", HolderRole.FOCAL_POINT)],
    "C10": [("UNESCO", HolderRole.FOCAL_POINT)],
    "C11": [("UN DESA", HolderRole.REPORTED)],
}

FACILITATORS_SOURCE = (
    "Facilitators: wsis_action_lines_facilitators.csv (ITU Gateway for WSIS 2020; 2006 and 2016 "
    "action line facilitators meetings). "
)
PLAN_SOURCE = (
    "Geneva Plan of Action (WSIS 2003), measures as given by the WSIS-SDG Matrix data "
    "(github.com/uwidcit/WSIS-SDG-Matrix, commit 09aad16b)."
)


def organisation(acronym: str) -> Organisation:
    org, created = Organisation.objects.get_or_create(
        name=ORGANISATIONS[acronym],
        category=OrganisationCategory.INTERGOVERNMENTAL,
        defaults={"acronym": acronym},
    )
    if not created and org.acronym != acronym:
        org.acronym = acronym
        org.save(update_fields=["acronym"])
    return org


def _replace_passages(mandate: Mandate, items: list[tuple[str, str]]) -> int:
    """Make the mandate's passages exactly these (number, text) pairs, in this order, updating
    the ones already stored (their ids stay) and removing the others; how many there are."""
    for order, (number, text) in enumerate(items):
        MandatePassage.objects.update_or_create(
            mandate=mandate, number=number, defaults={"text": text, "order": order}
        )
    mandate.passages.exclude(number__in=[number for number, _text in items]).delete()
    return len(items)


def _require_loader(actor):
    if actor is not None and not permissions.can_load_mandates(actor):
        raise NotAllowed("only the secretariat may load the mandate catalogue")


def load_reference_mandates(actor) -> dict:
    """Load (or refresh) the organisations, WSIS action lines, measures and facilitators, and the
    issues of Council Resolution 1305. Idempotent; reviews and suggestions are not touched."""
    _require_loader(actor)
    counts = {"action_lines": 0, "measures": 0, "holders": 0, "resolution_passages": 0}
    with transaction.atomic():
        orgs = {acronym: organisation(acronym) for acronym in ORGANISATIONS}
        rows = {row["code"]: row for row in wsis.load_facilitator_rows()}
        by_code: dict[str, Mandate] = {}
        for line in wsis.load_action_lines():
            mandate, _ = Mandate.objects.update_or_create(
                code=line.code,
                defaults={
                    "kind": MandateKind.ACTION_LINE,
                    "title": line.title,
                    "chapeau": line.chapeau,
                    "parent": by_code.get(line.parent_code) if line.parent_code else None,
                    "order": line.order,
                    "sdg_targets": line.sdg_targets,
                    "source": PLAN_SOURCE + (f" {line.note}" if line.note else ""),
                },
            )
            by_code[line.code] = mandate
            counts["action_lines"] += 1
            counts["measures"] += _replace_passages(
                mandate, [(measure.number, measure.full_text) for measure in line.measures]
            )
            row = rows.get(line.parent_code or line.code)
            if row:
                role = ITU_ROLES.get(row["itu_role"].strip().lower())
                if role:
                    MandateHolder.objects.update_or_create(
                        mandate=mandate,
                        organisation=orgs["ITU"],
                        defaults={
                            "role": role,
                            "evidence": f"ITU: {row['itu_role']} of {row['code']}. "
                            + row["other_facilitators_evidence"],
                            "sources": row["sources"],
                        },
                    )
                    counts["holders"] += 1
                for acronym, other_role in OTHER_HOLDERS.get(line.code, []):
                    MandateHolder.objects.update_or_create(
                        mandate=mandate,
                        organisation=orgs[acronym],
                        defaults={
                            "role": other_role,
                            "evidence": row["other_facilitators_evidence"],
                            "sources": row["sources"],
                        },
                    )
                    counts["holders"] += 1
        counts["resolution_passages"] = _load_resolution_1305(orgs["ITU"])
        counts["summaries"] = _load_summaries(orgs["ITU"])

        last = (
            AuditEvent.objects.filter(action="analysis.mandates_loaded", object_id="catalogue")
            .order_by("-id")
            .values_list("after", flat=True)
            .first()
        )
        # Loading the same catalogue again changes nothing, so it leaves no new event.
        if last == counts:
            return counts
        audit.record(
            actor,
            "analysis.mandates_loaded",
            object_type="analysis.mandate",
            object_id="catalogue",
            label="WSIS action lines, Plan of Action measures, facilitators, Res. 1305",
            after=counts,
        )
    return counts


def _load_resolution_1305(itu: Organisation) -> int:

    index = wsis.load_mandate_index()["council_resolution_1305"]
    resolution = Resolution.objects.filter(instrument="C", number="1305").order_by("-year").first()
    group = Group.objects.filter(slug="cwg-internet").first()
    mandate, _ = Mandate.objects.update_or_create(
        code="RES-C-1305",
        defaults={
            "kind": MandateKind.RESOLUTION,
            "title": "Council Resolution 1305: international Internet-related public policy issues "
            "(Annex 1)",
            "chapeau": "",
            "order": 100,
            "resolution": resolution,
            "group": group,
            "source": f"{index['document']}; {index['annex1_status']}",
            "is_summary": True,
        },
    )
    romans = wsis.ROMANS
    issues = index["annex1_issues_as_listed_by_third_party"]
    count = _replace_passages(
        mandate, [(f"({romans[order]})", issue) for order, issue in enumerate(issues)]
    )
    MandateHolder.objects.update_or_create(
        mandate=mandate,
        organisation=itu,
        defaults={
            "role": HolderRole.HOLDER,
            "evidence": "A resolution of the ITU Council; CWG-Internet works on these issues.",
            "sources": "; ".join(index["sources"]),
        },
    )
    return count


def _load_summaries(itu: Organisation) -> int:
    """CWG-Internet's terms of reference and PP-22's Res. 102 as summarised in the index.

    They are paraphrases (the official texts are not available offline), flagged as such; the
    secretariat replaces them by importing the operative clauses (`load_resolution_clauses`).
    """

    index = wsis.load_mandate_index()
    group = Group.objects.filter(slug="cwg-internet").first()
    tor = index["cwg_internet_terms_of_reference_summary"]
    res102 = index["pp_resolution_102"]
    entries = [
        (
            "CWG-INTERNET-TOR",
            MandateKind.GROUP_MANDATE,
            "Terms of reference of CWG-Internet (summary)",
            None,
            [item.split(". ", 1) for item in tor["items_summary"]],
            f"{tor['source']}; {tor['status']}",
        ),
        (
            "RES-PP-102-SUMMARY",
            MandateKind.RESOLUTION,
            f"PP Resolution 102 ({res102['version']}): {res102['title']} (summary)",
            Resolution.objects.filter(instrument="PP", number="102").order_by("-year").first(),
            [
                (str(i + 1), text)
                for i, text in enumerate(res102["pp22_revision_summary_from_press_reporting"])
                if "truncated" not in text  # an excerpt cut short says nothing reliable
            ],
            "; ".join(res102["sources"]) + f"; {res102['operative_text_status']}",
        ),
    ]
    total = 0
    for order, (code, kind, title, resolution, items, source) in enumerate(entries):
        mandate, _ = Mandate.objects.update_or_create(
            code=code,
            defaults={
                "kind": kind,
                "title": title[:300],
                "order": 101 + order,
                "resolution": resolution,
                "group": group,
                "source": source,
                "is_summary": True,
            },
        )
        count = _replace_passages(mandate, items)
        MandateHolder.objects.update_or_create(
            mandate=mandate,
            organisation=itu,
            defaults={"role": HolderRole.HOLDER, "evidence": "ITU's own instrument or group."},
        )
        total += count
    return total


ITU_INSTRUMENTS = {"PP", "C", "WTSA", "WTDC", "RA"}


def load_resolution_clauses(
    actor, resolution, *, data: bytes | None = None, filename: str = "", language: str = "en"
) -> Mandate:
    """Make a resolution's operative clauses a mandate, from an uploaded file or its stored text.

    Each numbered paragraph of the text becomes a passage. Loading again replaces the clauses of
    that resolution version (the catalogue is reference text, not a review).
    """
    from cwg.analysis.paragraphs import Line, parse_document, structure

    _require_loader(actor)
    if data is not None:
        parsed = parse_document(data, filename)
    else:
        text = (resolution.text or {}).get(language) or ""
        if not text.strip():
            raise InvalidInput(
                f"{resolution} has no {language} text on record; upload its text instead",
                field="file",
            )
        lines = []
        blank = True
        for raw in text.splitlines():
            if raw.strip():
                lines.append(Line(raw.strip(), block_start=blank))
            blank = not raw.strip()
        parsed = structure(lines, "text")
    numbered = [p for p in parsed.paragraphs if p.number]
    if not numbered:
        raise InvalidInput("no numbered clause was found in the resolution's text", field="file")
    code = f"RES-{resolution.instrument}-{resolution.number}-{resolution.year}"
    with transaction.atomic():
        existing = Mandate.objects.filter(code=code).first()
        before = (
            {"passages": list(existing.passages.values_list("number", flat=True))}
            if existing
            else None
        )
        title = (resolution.title or {}).get("en") or ""
        mandate, _ = Mandate.objects.update_or_create(
            code=code,
            defaults={
                "kind": MandateKind.RESOLUTION,
                "title": f"{resolution}{': ' + title if title else ''}"[:300],
                "order": 200,
                "resolution": resolution,
                "source": filename or f"{resolution} ({language} text on record)",
                "is_summary": False,
            },
        )
        mandate.passages.all().delete()
        MandatePassage.objects.bulk_create(
            [
                MandatePassage(mandate=mandate, number=p.reference[:20], text=p.text, order=i)
                for i, p in enumerate(numbered)
            ]
        )
        if resolution.instrument in ITU_INSTRUMENTS:
            MandateHolder.objects.update_or_create(
                mandate=mandate,
                organisation=organisation("ITU"),
                defaults={"role": HolderRole.HOLDER, "evidence": f"{resolution} is ITU's."},
            )
        audit.record(
            actor,
            "analysis.resolution_clauses_loaded",
            mandate,
            before=before,
            after={"passages": [p.reference for p in numbered], "source": mandate.source},
        )
    return mandate
