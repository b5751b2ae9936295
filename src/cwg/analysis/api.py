"""JSON API endpoints of the gap analysis: analyses, paragraphs, runs, reviews, results, mandates."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.security import django_auth

from cwg.analysis import queries, services
from cwg.analysis.models import Paragraph, SuggestionRun
from cwg.analysis.permissions import get_analysis_for
from cwg.core.api_auth import permitted, record_id
from cwg.core.schemas import MAX_DB_ID, DbId

router = Router()

# Who may try each write, checked before the body is read (an outsider learns nothing of it).

MAY_EDIT_ANALYSIS = permitted(
    lambda user, analysis_id, **path: bool(
        get_analysis_for(user, record_id(analysis_id), edit=True)
    )
)


class AnalysisOut(Schema):
    id: int
    group: str
    title: str
    document_symbol: str
    decision: int | None
    paragraphs: int
    imported_at: dt.datetime | None

    @staticmethod
    def resolve_group(obj) -> str:
        return obj.group.slug

    @staticmethod
    def resolve_decision(obj) -> int | None:
        return obj.decision_id

    @staticmethod
    def resolve_paragraphs(obj) -> int:
        return obj.paragraphs.count()


class RunOut(Schema):
    id: int
    analysis: int
    ranker: str
    top: int
    status: str
    done: int
    total: int
    percent: int
    embeddings_used: bool
    note: str
    error: str

    @staticmethod
    def resolve_analysis(obj) -> int:
        return obj.analysis_id


class SuggestionOut(Schema):
    mandate: str
    score: float
    bm25: float
    embedding: float | None
    method: str
    note: str
    passages: list[dict]


class ReviewOut(Schema):
    classification: str
    mandates: list[str]
    organisations: list[str]
    comment: str
    version: int


class ParagraphOut(Schema):
    id: int
    reference: str
    number: str
    section: str | None
    texts: dict
    suggestions: list[SuggestionOut]
    suggested_classification: str
    review: ReviewOut | None


def _paragraph_out(row) -> dict:
    review = row.review
    return {
        "id": row.paragraph.pk,
        "reference": row.paragraph.reference,
        "number": row.paragraph.number,
        "section": row.paragraph.section.heading if row.paragraph.section else None,
        "texts": row.paragraph.texts,
        "suggestions": [
            {
                "mandate": s.mandate.code,
                "score": s.score,
                "bm25": s.bm25,
                "embedding": s.embedding,
                "method": s.method,
                "note": s.note,
                "passages": s.passages,
            }
            for s in row.suggestions
        ],
        "suggested_classification": row.suggested_classification,
        "review": {
            "classification": review.classification,
            "mandates": sorted(m.code for m in review.mandates.all()),
            "organisations": sorted(o.acronym or o.name for o in review.organisations.all()),
            "comment": review.comment,
            "version": review.version,
        }
        if review
        else None,
    }


class RunIn(Schema):
    ranker: str = "combined"
    top: Annotated[int, Field(ge=1, le=10)] = 3


class ReviewIn(Schema):
    classification: str
    mandates: list[str] = []
    organisations: list[DbId] = []
    comment: str = ""
    expected_version: Annotated[int, Field(ge=0, le=MAX_DB_ID)]


@router.get("/analyses", response=list[AnalysisOut], auth=django_auth)
def list_analyses(request):
    return list(queries.analyses_for(request.user))


@router.get("/analyses/{analysis_id}", response=AnalysisOut, auth=django_auth)
def get_analysis(request, analysis_id: DbId):
    return get_analysis_for(request.user, analysis_id)


@router.get("/analyses/{analysis_id}/paragraphs", response=list[ParagraphOut], auth=django_auth)
def list_paragraphs(request, analysis_id: DbId):
    analysis = get_analysis_for(request.user, analysis_id)
    return [_paragraph_out(row) for row in queries.paragraph_rows(analysis)]


@router.post("/analyses/{analysis_id}/runs", response={202: RunOut}, auth=MAY_EDIT_ANALYSIS)
def start_run(request, analysis_id: DbId, payload: RunIn):
    analysis = get_analysis_for(request.user, analysis_id)
    run = services.start_suggestions(request.user, analysis, ranker=payload.ranker, top=payload.top)
    run.refresh_from_db()
    return 202, run


@router.post("/analyses/{analysis_id}/document", auth=MAY_EDIT_ANALYSIS)
def import_document(
    request, analysis_id: DbId, file: File[UploadedFile], language: Form[str] = "en"
):
    """Upload the outcome document (DOCX, PDF or text); another language adds to the same
    paragraphs."""
    analysis = get_analysis_for(request.user, analysis_id)
    return services.import_document(
        request.user, analysis, data=file.read(), filename=file.name or "", language=language
    )


@router.post("/analyses/{analysis_id}/annex", auth=MAY_EDIT_ANALYSIS)
def attach_annex(request, analysis_id: DbId):
    """Post the DOCX annex as an information document of the group."""
    analysis = get_analysis_for(request.user, analysis_id)
    document = services.attach_annex(request.user, analysis)
    return {"document": document.pk, "symbol": document.symbol}


@router.get("/analysis-runs/{run_id}", response=RunOut, auth=django_auth)
def get_run(request, run_id: DbId):
    run = get_object_or_404(SuggestionRun, pk=run_id)
    get_analysis_for(request.user, run.analysis_id)
    return run


@router.post(
    "/analyses/{analysis_id}/paragraphs/{paragraph_id}/review",
    response=ParagraphOut,
    auth=MAY_EDIT_ANALYSIS,
)
def review_paragraph(request, analysis_id: DbId, paragraph_id: DbId, payload: ReviewIn):
    analysis = get_analysis_for(request.user, analysis_id)
    paragraph = get_object_or_404(Paragraph, analysis=analysis, pk=paragraph_id)
    services.review_paragraph(
        request.user,
        paragraph,
        classification=payload.classification,
        mandate_codes=payload.mandates,
        organisation_ids=payload.organisations,
        comment=payload.comment,
        expected_version=payload.expected_version,
    )
    [row] = queries.paragraph_rows(analysis, only=[paragraph.pk])
    return _paragraph_out(row)


@router.get("/analyses/{analysis_id}/coverage", auth=django_auth)
def coverage(request, analysis_id: DbId):
    analysis = get_analysis_for(request.user, analysis_id)
    rows = queries.paragraph_rows(analysis)
    data = queries.coverage(analysis, rows)
    return {
        "keys": data["keys"],
        "totals": data["totals"],
        "sections": [{"section": n, "counts": c, "total": t} for n, c, t in data["sections"]],
        "mandates": [{"mandate": m.code, "counts": c, "total": t} for m, c, t in data["mandates"]],
        "gaps": [row.paragraph.reference for row in queries.gaps(rows)],
    }


@router.get("/mandates")
def list_mandates(request):
    return [
        {
            "code": m.code,
            "kind": m.kind,
            "title": m.title,
            "parent": m.parent.code if m.parent_id else None,
            "holders": [
                {"organisation": h.organisation.acronym or h.organisation.name, "role": h.role}
                for h in m.holders.all()
            ],
            "passages": [{"number": p.number, "text": p.text} for p in m.passages.all()],
            "sdg_targets": m.sdg_targets,
            "is_summary": m.is_summary,
        }
        for m in queries.mandate_catalogue().select_related("parent")
    ]
