"""Every write of the gap analysis: workspaces, document import, suggestion runs, reviews, annex."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from cwg.analysis import permissions

# The catalogue's writes live in their own module and are services all the same.
from cwg.analysis.catalogue import (  # noqa: F401 - re-exported
    load_reference_mandates,
    load_resolution_clauses,
    organisation,
)
from cwg.analysis.models import (
    Classification,
    GapAnalysis,
    Mandate,
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
from cwg.documents import services as document_services
from cwg.documents.models import DocumentType, SourceKind
from cwg.registry.models import Organisation

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_COMMENT = 5000
STALE_RUN_AFTER = dt.timedelta(hours=2)

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
            embeddings_used=ranker.uses_embeddings, note=ranker.run_note, total=len(paragraphs)
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

    from cwg.analysis import exports

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
