"""JSON API of the drafting room: texts, the provision matrix, proposals and revisions."""

from __future__ import annotations

from typing import Annotated, Literal

from django.http import HttpResponse
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from cwg.core.api_auth import permitted
from cwg.core.exceptions import TooLarge
from cwg.core.schemas import DbId, InputSchema
from cwg.drafting import exports, queries, services
from cwg.drafting.models import Mark
from cwg.drafting.permissions import (
    can_build_revisions,
    can_propose,
    get_revision_for,
    get_text_for,
)

router = Router()

MAY_PROPOSE = permitted(
    lambda user, text_slug: can_propose(user, get_text_for(user, text_slug)),
    "Only delegates of Member States may propose.",
)
MAY_BUILD = permitted(
    lambda user, text_slug: can_build_revisions(user, get_text_for(user, text_slug)),
    "Only the chair or the secretariat builds the chair's draft.",
)
Short = Annotated[str, Field(max_length=120)]
Long = Annotated[str, Field(max_length=20000)]
RevisionNumber = Annotated[int, Field(ge=0, le=10_000)]


class DraftingTextOut(Schema):
    slug: str
    title: dict
    revision_label: str
    completeness_note: str
    group: str

    @staticmethod
    def resolve_group(obj) -> str:
        return obj.group.slug


class DraftingProposalIn(InputSchema):
    mark: Mark
    ref: Short
    after: Short = ""
    wording: Long = ""
    reasons: Long


class ProposalContributionIn(InputSchema):
    origin: Annotated[str, Field(min_length=2, max_length=12)]
    document_number: Annotated[int, Field(ge=1, le=100_000)]
    supporters: Annotated[
        list[Annotated[str, Field(min_length=3, max_length=3)]], Field(max_length=194)
    ] = []
    proposals: Annotated[list[DraftingProposalIn], Field(min_length=1, max_length=500)]
    language: Annotated[str, Field(max_length=7)] = "en"


class ProposalContributionOut(Schema):
    symbol: str
    proposals: list[str]


class DraftRevisionIn(InputSchema):
    accept: Annotated[list[DbId], Field(max_length=2000)] = []
    rewordings: Annotated[dict[Short, Long], Field(max_length=500)] = {}
    # {ref: "response:RECEIPT" or "decision:ID"}: the record a rewording quotes.
    sources: Annotated[dict[Short, Short], Field(max_length=500)] = {}
    language: Annotated[str, Field(max_length=7)] = "en"
    note: Annotated[str, Field(max_length=2000)] = ""


class DraftRevisionOut(Schema):
    number: int
    status: str
    spans: list[dict]


@router.get("/drafting/texts", response=list[DraftingTextOut])
def list_texts(request):
    return list(queries.visible_texts(request.user))


@router.get("/drafting/texts/{text_slug}/matrix")
def provision_matrix(
    request,
    text_slug: str,
    state: Annotated[str, Field(max_length=3)] = "",
    region: Annotated[str, Field(max_length=12)] = "",
    mark: Annotated[str, Field(max_length=5)] = "",
    language: Annotated[str, Field(max_length=7)] = "en",
):
    text = get_text_for(request.user, text_slug)
    rows = queries.matrix(text, language=language, state=state, region=region, mark=mark)
    return [
        {
            "ref": row.ref,
            "original": row.original,
            "new": row.is_new,
            "conflicting": row.conflicting,
            "positions": [
                {
                    "mark": p.mark,
                    "wording": p.wording,
                    "origins": p.origins,
                    "proposals": [x.symbol for x in p.proposals],
                }
                for p in row.positions
            ],
        }
        for row in rows
    ]


@router.post(
    "/drafting/texts/{text_slug}/proposals",
    response={201: ProposalContributionOut},
    auth=MAY_PROPOSE,
)
def submit_proposals(request, text_slug: str, payload: ProposalContributionIn):
    text = get_text_for(request.user, text_slug)
    contribution = services.submit_proposals(
        request.user,
        text,
        origin=payload.origin,
        document_number=payload.document_number,
        items=[item.dict() for item in payload.proposals],
        supporters=payload.supporters,
        language=payload.language,
    )
    return Status(
        201,
        {
            "symbol": str(contribution),
            "proposals": [p.symbol for p in contribution.proposals.select_related("contribution")],
        },
    )


# As the web form: a delegation's Word file, not an archive of attachments.
MAX_IMPORT_BYTES = 20 * 1024 * 1024


@router.post(
    "/drafting/texts/{text_slug}/proposals/import",
    response={201: ProposalContributionOut},
    auth=MAY_PROPOSE,
)
def import_proposals(
    request,
    text_slug: str,
    file: File[UploadedFile],
    document_number: Form[Annotated[int, Field(ge=1, le=99999)]],
    reasons: Form[Annotated[str, Field(max_length=5000)]] = "",
):
    """A DOCX edited in Word with tracked changes on becomes the delegate's State's proposals:
    each changed paragraph a MOD, ADD or SUP, numbered origin/document/number."""
    text = get_text_for(request.user, text_slug)
    if file.size > MAX_IMPORT_BYTES:
        raise TooLarge("the file is larger than 20 MB", field="file")
    contribution = services.import_tracked(
        request.user, text, file.read(), document_number=document_number, reasons=reasons
    )
    return Status(
        201,
        {
            "symbol": str(contribution),
            "proposals": [p.symbol for p in contribution.proposals.select_related("contribution")],
        },
    )


@router.post(
    "/drafting/texts/{text_slug}/revisions", response={201: DraftRevisionOut}, auth=MAY_BUILD
)
def build_revision(request, text_slug: str, payload: DraftRevisionIn):
    text = get_text_for(request.user, text_slug)
    revision = services.build_revision(
        request.user,
        text,
        accept=payload.accept,
        rewordings=payload.rewordings,
        sources=payload.sources,
        language=payload.language,
        note=payload.note,
    )
    return Status(
        201,
        {
            "number": revision.number,
            "status": revision.status,
            "spans": queries.traced_spans(revision, request.user),
        },
    )


@router.get("/drafting/texts/{text_slug}/revisions/{rev}/diff")
def revision_diff(request, text_slug: str, rev: RevisionNumber, base: RevisionNumber = 0):
    """Word-level differences of Rev.`rev` from Rev.`base` (0: the original), as HTML pieces."""
    text = get_text_for(request.user, text_slug)
    new = get_revision_for(request.user, text, rev)
    old = get_revision_for(request.user, text, base) if base else None
    return [
        {"ref": row.ref, "state": row.state, "changed": row.changed, "html": str(row.html)}
        for row in queries.revision_diff(text, old, new, language=new.language)
    ]


@router.get("/drafting/texts/{text_slug}/revisions/{rev}/export")
def export_revision(
    request, text_slug: str, rev: RevisionNumber, format: Literal["docx", "html", "pdf"] = "docx"
):
    """Rev.`rev` as DOCX with Word tracked changes (by State, dated), HTML or PDF."""
    text = get_text_for(request.user, text_slug)
    revision = get_revision_for(request.user, text, rev)
    data, content_type = exports.render_revision(revision, format)
    response = HttpResponse(data, content_type=content_type)
    name = f"{text.slug}-rev{revision.number}.{format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
