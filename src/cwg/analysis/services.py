"""Every write of the gap analysis: mandates, workspaces, document import, suggestion runs, reviews."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from django.db import transaction
from django.utils import timezone

from cwg.analysis import permissions, wsis
from cwg.analysis.models import (
    Classification,
    GapAnalysis,
    HolderRole,
    Mandate,
    MandateHolder,
    MandateKind,
    MandatePassage,
    Paragraph,
    Ranker,
    Review,
    ReviewEntry,
    RunStatus,
    Section,
    Suggestion,
    SuggestionRun,
)
from cwg.analysis.paragraphs import parse_document
from cwg.core import audit
from cwg.core.exceptions import Conflict, InvalidInput, NotAllowed
from cwg.core.i18n import FALLBACK_ORDER
from cwg.registry.models import Organisation, OrganisationCategory

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_COMMENT = 5000
STALE_RUN_AFTER = dt.timedelta(hours=2)

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
            keep = []
            for order, measure in enumerate(line.measures):
                MandatePassage.objects.update_or_create(
                    mandate=mandate,
                    number=measure.number,
                    defaults={"text": measure.full_text, "order": order},
                )
                keep.append(measure.number)
                counts["measures"] += 1
            mandate.passages.exclude(number__in=keep).delete()
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
    from cwg.groups.models import Group, Resolution

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
    keep = []
    for order, issue in enumerate(index["annex1_issues_as_listed_by_third_party"]):
        number = f"({romans[order]})"
        MandatePassage.objects.update_or_create(
            mandate=mandate, number=number, defaults={"text": issue, "order": order}
        )
        keep.append(number)
    mandate.passages.exclude(number__in=keep).delete()
    MandateHolder.objects.update_or_create(
        mandate=mandate,
        organisation=itu,
        defaults={
            "role": HolderRole.HOLDER,
            "evidence": "A resolution of the ITU Council; CWG-Internet works on these issues.",
            "sources": "; ".join(index["sources"]),
        },
    )
    return len(keep)


def _load_summaries(itu: Organisation) -> int:
    """CWG-Internet's terms of reference and PP-22's Res. 102 as summarised in the index.

    They are paraphrases (the official texts are not available offline), flagged as such; the
    secretariat replaces them by importing the operative clauses (`load_resolution_clauses`).
    """
    from cwg.groups.models import Group, Resolution

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
        keep = []
        for position, (number, text) in enumerate(items):
            MandatePassage.objects.update_or_create(
                mandate=mandate, number=number, defaults={"text": text, "order": position}
            )
            keep.append(number)
        mandate.passages.exclude(number__in=keep).delete()
        MandateHolder.objects.update_or_create(
            mandate=mandate,
            organisation=itu,
            defaults={"role": HolderRole.HOLDER, "evidence": "ITU's own instrument or group."},
        )
        total += len(keep)
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


# ---- workspaces -------------------------------------------------------------------------------


def create_analysis(
    actor, group, *, title: str, document_symbol: str = "", description: str = "", decision=None
) -> GapAnalysis:
    if not permissions.can_create(actor, group):
        raise NotAllowed("only the group's secretariat may start a gap analysis")
    title = (title or "").strip()
    if not title:
        raise InvalidInput("a title is required", field="title")
    if len(title) > 300:
        raise InvalidInput("the title is longer than 300 characters", field="title")
    if decision is not None and decision.meeting.group_id != group.pk:
        raise InvalidInput("the decision belongs to another group", field="decision")
    with transaction.atomic():
        analysis = GapAnalysis.objects.create(
            group=group,
            decision=decision,
            title=title,
            document_symbol=(document_symbol or "").strip()[:80],
            description=(description or "").strip(),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        audit.record(actor, "analysis.created", analysis, after=audit.snapshot(analysis))
    return analysis


def import_document(
    actor, analysis: GapAnalysis, *, data: bytes, filename: str, language: str = "en"
) -> dict:
    """Read the outcome document and store its sections and paragraphs.

    The first import creates the paragraphs. Importing the same document in another language adds
    that language's text to the same paragraphs (matched by reference). A language already present
    is never overwritten: the caller gets a Conflict.
    """
    from django.conf import settings

    if not permissions.can_edit(actor, analysis):
        raise NotAllowed("only the group's secretariat may import the outcome document")
    if language not in settings.UN_LANGUAGES:
        raise InvalidInput(
            f"unknown language {language!r}; use one of {', '.join(settings.UN_LANGUAGES)}",
            field="language",
        )
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput("the file is larger than 20 MiB", field="file")
    parsed = parse_document(data, filename)  # raises InvalidInput before anything is stored
    sha = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        analysis = GapAnalysis.objects.select_for_update().get(pk=analysis.pk)
        existing = {p.reference: p for p in analysis.paragraphs.all()}
        if existing:
            present = [p for p in existing.values() if p.texts.get(language)]
            if present:
                raise Conflict(
                    f"the {language} text of this document is already imported; "
                    "start a new gap analysis to analyse another document",
                    field="file",
                )
            references = [p.reference for p in parsed.paragraphs]
            missing = sorted(set(references) ^ set(existing))
            if missing:
                raise InvalidInput(
                    f"this {language} version does not have the same numbered paragraphs as the "
                    f"one already imported (first difference: {missing[0]})",
                    field="file",
                )
            for item in parsed.paragraphs:
                paragraph = existing[item.reference]
                paragraph.texts = {**paragraph.texts, language: item.text}
            Paragraph.objects.bulk_update(existing.values(), ["texts"])
            result = {"paragraphs": len(existing), "language": language, "added_language": True}
        else:
            sections = Section.objects.bulk_create(
                [
                    Section(analysis=analysis, order=i, heading=s.heading, code=s.code)
                    for i, s in enumerate(parsed.sections)
                ]
            )
            created: list[Paragraph] = []
            for order, item in enumerate(parsed.paragraphs):
                created.append(
                    Paragraph(
                        analysis=analysis,
                        section=sections[item.section] if item.section is not None else None,
                        order=order,
                        number=item.number,
                        reference=item.reference[:80],
                        texts={language: item.text},
                    )
                )
            created = Paragraph.objects.bulk_create(created)
            parents = []
            for paragraph, item in zip(created, parsed.paragraphs, strict=True):
                if item.parent is not None:
                    paragraph.parent = created[item.parent]
                    parents.append(paragraph)
            Paragraph.objects.bulk_update(parents, ["parent"])
            result = {
                "paragraphs": len(created),
                "sections": len(sections),
                "language": language,
                "added_language": False,
            }
        before = {"source_filename": analysis.source_filename, "sha256": analysis.source_sha256}
        analysis.source_filename = filename[:255]
        analysis.source_kind = parsed.kind
        analysis.source_sha256 = sha
        analysis.imported_at = timezone.now()
        analysis.save(
            update_fields=["source_filename", "source_kind", "source_sha256", "imported_at"]
        )
        audit.record(
            actor,
            "analysis.document_imported",
            analysis,
            before=before,
            after={**result, "source_filename": filename, "sha256": sha, "kind": parsed.kind},
        )
    return result


# ---- suggestions ------------------------------------------------------------------------------


def start_suggestions(actor, analysis: GapAnalysis, *, ranker: str = "combined", top: int = 3):
    """Queue a ranking of every paragraph; the background task fills in the run."""
    if not permissions.can_edit(actor, analysis):
        raise NotAllowed("only the group's secretariat may run the suggestions")
    if ranker not in Ranker.values:
        raise InvalidInput(
            f"unknown ranker {ranker!r}; use one of {', '.join(Ranker.values)}", field="ranker"
        )
    if not isinstance(top, int) or not 1 <= top <= 10:
        raise InvalidInput("top must be a whole number from 1 to 10", field="top")
    if not analysis.paragraphs.exists():
        raise InvalidInput("import the outcome document before running suggestions", field="file")
    if not Mandate.objects.filter(active=True).exists():
        raise InvalidInput("there are no mandates to compare with; load them first")
    with transaction.atomic():
        # A run that has not finished within STALE_RUN_AFTER died with its worker: it no longer
        # blocks a new one.
        pending = analysis.runs.filter(
            status__in=[RunStatus.QUEUED, RunStatus.RUNNING],
            created_at__gte=timezone.now() - STALE_RUN_AFTER,
        )
        if pending.exists():
            raise Conflict("a suggestion run is already under way for this analysis")
        run = SuggestionRun.objects.create(
            analysis=analysis,
            ranker=ranker,
            top=top,
            total=analysis.paragraphs.count(),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        audit.record(
            actor,
            "analysis.suggestions_requested",
            run,
            group_id=analysis.group_id,
            after={"ranker": ranker, "top": top},
        )
        from cwg.analysis.tasks import run_suggestions_task

        transaction.on_commit(lambda: run_suggestions_task.enqueue(run.pk))
    return run


def mandate_texts(mandates) -> list:
    from cwg.analysis.ranking import MandateText

    out = []
    for mandate in mandates:
        passages = list(mandate.passages.all())
        texts = [p.text for p in passages]
        labels = [p.number for p in passages]
        if mandate.chapeau:
            texts.insert(0, mandate.chapeau)
            labels.insert(0, "chapeau")
        out.append(MandateText(mandate.code, mandate.title, texts, labels))
    return out


def candidate_mandates():
    """Mandates a paragraph can be matched to: every active one that has no sub-lines."""
    return (
        Mandate.objects.filter(active=True)
        .exclude(children__isnull=False)
        .prefetch_related("passages")
        .order_by("order", "code")
    )


def execute_run(run_id: int, batch_size: int = 50) -> SuggestionRun:
    """Rank every paragraph, storing progress as it goes. Never touches reviews."""
    from cwg.analysis.ranking import Query
    from cwg.analysis.ranking import Ranker as TextRanker

    with transaction.atomic():
        run = SuggestionRun.objects.select_for_update().get(pk=run_id)
        if run.status != RunStatus.QUEUED:
            return run
        run.status = RunStatus.RUNNING
        run.started_at = timezone.now()
        run.save(update_fields=["status", "started_at"])
    try:
        mandates = list(candidate_mandates())
        ranker = TextRanker(mandate_texts(mandates), method=run.ranker)
        by_code = {m.code: m for m in mandates}
        paragraphs = list(run.analysis.paragraphs.order_by("order"))
        SuggestionRun.objects.filter(pk=run.pk).update(
            embeddings_used=ranker.uses_embeddings, note=ranker.note, total=len(paragraphs)
        )
        for start in range(0, len(paragraphs), batch_size):
            batch = paragraphs[start : start + batch_size]
            queries = []
            for paragraph in batch:
                # The English text when there is one (the sentence model is English-only).
                language = next((c for c in FALLBACK_ORDER if paragraph.texts.get(c)), "en")
                queries.append(
                    Query(paragraph.reference, paragraph.texts.get(language, ""), language)
                )
            rankings = ranker.rank(queries, top=run.top)
            rows = []
            for paragraph, ranking in zip(batch, rankings, strict=True):
                for rank, suggestion in enumerate(ranking.suggestions, start=1):
                    rows.append(
                        Suggestion(
                            run=run,
                            paragraph=paragraph,
                            mandate=by_code[suggestion.mandate],
                            rank=rank,
                            score=suggestion.score,
                            bm25=suggestion.bm25,
                            embedding=suggestion.embedding,
                            method=ranking.method,
                            note=ranking.note[:300],
                            passages=suggestion.passages,
                        )
                    )
            with transaction.atomic():
                Suggestion.objects.bulk_create(rows)
                SuggestionRun.objects.filter(pk=run.pk).update(done=start + len(batch))
        with transaction.atomic():
            SuggestionRun.objects.filter(pk=run.pk).update(
                status=RunStatus.DONE, finished_at=timezone.now()
            )
            run.refresh_from_db()
            audit.record(
                None,
                "analysis.suggestions_done",
                run,
                group_id=run.analysis.group_id,
                after={"paragraphs": run.done, "embeddings_used": run.embeddings_used},
            )
    except Exception as exc:
        log.exception("suggestion run %s failed", run_id)
        SuggestionRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        run.refresh_from_db()
    return run


# ---- reviews ----------------------------------------------------------------------------------


def review_paragraph(
    actor,
    paragraph: Paragraph,
    *,
    classification: str,
    mandate_codes: list[str] | None = None,
    organisation_ids: list[int] | None = None,
    comment: str = "",
    expected_version: int | None,
) -> Review:
    """Record the secretariat's classification of a paragraph.

    `expected_version` is the version the reviewer saw (0 for none): if someone changed the review
    since, the change is refused rather than overwriting theirs.
    """
    analysis = paragraph.analysis
    if not permissions.can_edit(actor, analysis):
        raise NotAllowed("only the group's secretariat may review paragraphs")
    if classification not in Classification.values:
        raise InvalidInput(
            f"unknown classification {classification!r}; use one of "
            f"{', '.join(Classification.values)}",
            field="classification",
        )
    if expected_version is None or not isinstance(expected_version, int) or expected_version < 0:
        raise InvalidInput(
            "expected_version is required (0 for a first review)", field="expected_version"
        )
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise InvalidInput(f"the comment is longer than {MAX_COMMENT} characters", field="comment")
    codes = list(dict.fromkeys(c.strip() for c in (mandate_codes or []) if c and c.strip()))
    mandates = list(Mandate.objects.filter(code__in=codes))
    unknown = sorted(set(codes) - {m.code for m in mandates})
    if unknown:
        raise InvalidInput(f"unknown mandate {unknown[0]!r}", field="mandates")
    org_ids = list(dict.fromkeys(organisation_ids or []))
    organisations = list(Organisation.objects.filter(pk__in=org_ids))
    if len(organisations) != len(org_ids):
        raise InvalidInput("unknown organisation", field="organisations")
    if classification != Classification.GAP and not mandates and not organisations:
        raise InvalidInput(
            "name the mandate(s) or organisation(s) the paragraph falls under, "
            "or classify it as a gap",
            field="mandates",
        )
    if classification == Classification.GAP and not comment:
        raise InvalidInput("say in a comment why the paragraph is a gap", field="comment")
    now = timezone.now()
    with transaction.atomic():
        paragraph = Paragraph.objects.select_for_update().get(pk=paragraph.pk)
        review = Review.objects.filter(paragraph=paragraph).first()
        current_version = review.version if review else 0
        if expected_version != current_version:
            who = review.reviewed_by if review else None
            raise Conflict(
                f"this paragraph's review was changed by {who or 'someone else'} since you "
                f"opened it (now version {current_version}); reload it before saving",
                field="expected_version",
            )
        before = _review_snapshot(review) if review else None
        if review is None:
            review = Review(paragraph=paragraph, version=0)
        review.classification = classification
        review.comment = comment
        review.version = current_version + 1
        review.reviewed_by = actor if getattr(actor, "pk", None) else None
        review.reviewed_at = now
        review.save()
        review.mandates.set(mandates)
        review.organisations.set(organisations)
        ReviewEntry.objects.create(
            paragraph=paragraph,
            version=review.version,
            classification=classification,
            mandate_codes=sorted(m.code for m in mandates),
            organisation_names=sorted(o.acronym or o.name for o in organisations),
            comment=comment,
            reviewed_by=review.reviewed_by,
            reviewed_at=now,
        )
        audit.record(
            actor,
            "analysis.paragraph_reviewed",
            review,
            label=f"{analysis} {paragraph.reference}",
            group_id=analysis.group_id,
            before=before,
            after=_review_snapshot(review),
        )
    return review


def _review_snapshot(review: Review) -> dict:
    return {
        "classification": review.classification,
        "mandates": sorted(review.mandates.values_list("code", flat=True)),
        "organisations": sorted(review.organisations.values_list("name", flat=True)),
        "comment": review.comment,
        "version": review.version,
    }


# ---- results ----------------------------------------------------------------------------------


def attach_annex(actor, analysis: GapAnalysis, *, meeting=None):
    """Post the DOCX annex as an information document of the group, through the documents app."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cwg.analysis import exports
    from cwg.documents import services as document_services
    from cwg.documents.models import DocumentType, SourceKind

    if not permissions.can_edit(actor, analysis):
        raise NotAllowed("only the group's secretariat may attach the annex to a document")
    if meeting is not None and meeting.group_id != analysis.group_id:
        raise InvalidInput("the meeting belongs to another group", field="meeting")
    if not analysis.paragraphs.exists():
        raise InvalidInput("import the outcome document first: the annex would be empty")
    upload = SimpleUploadedFile(
        "gap-analysis-annex.docx",
        exports.to_docx(analysis),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    with transaction.atomic():
        document = document_services.submit_document(
            actor,
            group=analysis.group,
            meeting=meeting,
            document_type=DocumentType.INFORMATION,
            source_kind=SourceKind.SECRETARIAT,
            title={"en": f"Gap analysis: {analysis.title}"[:300]},
            original_language="en",
            file=upload,
        )
        audit.record(
            actor,
            "analysis.annex_attached",
            analysis,
            after={"document": document.pk, "symbol": document.symbol},
        )
    return document
