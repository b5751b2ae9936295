"""JSON API of consultations: lifecycle, submissions with receipts, publication, campaigns, compilation."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Literal

from django.core.exceptions import RequestDataTooBig
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.security import django_auth

from cwg.consultations import (
    ingest,
    intake,
    permissions,
    queries,
    services,
)
from cwg.consultations.models import CampaignJob, Submission
from cwg.consultations.services import campaign_review, compilation
from cwg.consultations.services import campaigns as campaign_runs
from cwg.consultations.views import downloads
from cwg.core.api_auth import permitted
from cwg.core.cursor import Cursor, PageSize, page_of
from cwg.core.exceptions import DomainError, InvalidInput
from cwg.core.schemas import DbId, InputSchema, Ordinal, PageNumber
from cwg.groups.models import Group
from cwg.meetings.models import Meeting, Venue
from cwg.registry.access import is_secretariat_anywhere

router = Router()

# Who may try each write, checked before the body is read (an outsider learns nothing of it).


def _may_manage(user, slug) -> bool:
    return permissions.can_manage_consultation(user, permissions.get_consultation_for(user, slug))


def _may_moderate(user, slug, receipt) -> bool:
    consultation = permissions.get_consultation_for(user, slug)
    if permissions.can_moderate(user, consultation):
        return True
    # A response the reader may not see is a 404, as on its own page; a visible one is a 403.
    _moderated_submission_of(user, consultation, receipt)
    return False


def _may_moderate_consultation(user, slug, campaign_id=None, dismissal_id=None) -> bool:
    consultation = permissions.get_consultation_for(user, slug)
    return permissions.can_moderate(user, consultation)


SECRETARIAT_ONLY = "Only the group's secretariat may do this."
MAY_CREATE = permitted(lambda user: is_secretariat_anywhere(user), SECRETARIAT_ONLY)
MAY_MANAGE = permitted(_may_manage, SECRETARIAT_ONLY)
MAY_MODERATE = permitted(_may_moderate, SECRETARIAT_ONLY)
MAY_MODERATE_ALL = permitted(_may_moderate_consultation, SECRETARIAT_ONLY)

PAGE_SIZE = 50
TRUE_VALUES = {"1", "true", "on", "yes"}


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def consultation_json(c) -> dict:
    return {
        "slug": c.slug,
        "group": c.group.slug,
        "topic": c.topic,
        "languages": c.languages,
        "state": c.state,
        "opens_at": _iso(c.opens_at),
        "closes_at": _iso(c.closes_at),
        "examined_at_meeting": c.examined_at_meeting.number if c.examined_at_meeting_id else None,
        "physical_meeting": {
            "date": _iso(c.physical_meeting_date),
            "venue": str(c.physical_meeting_venue) if c.physical_meeting_venue_id else None,
            "speakers": c.physical_meeting_speakers,
        },
        "is_demo": c.is_demo,
        "notes": c.notes,
    }


def receipt_json(s: Submission, *, replayed: bool = False, attachments=None) -> dict:
    return {
        "receipt": s.receipt,
        "consultation": s.consultation.slug,
        "submitted_at": _iso(s.submitted_at),
        "consent_to_publication": s.consent_to_publication,
        "attachments": [
            {
                "name": a.original_name,
                "content_type": a.content_type,
                "size": a.size,
                "sha256": a.sha256,
                # The receipt's holder is the reader: the receipt's own download address
                # works before publication too, where the public one is a 404.
                "url": reverse(
                    "consultations:receipt_attachment", args=[s.consultation.slug, s.receipt, a.pk]
                )
                if a.pk
                else None,
            }
            for a in (s.attachments.all() if attachments is None else attachments)
        ],
        "replayed": replayed,
    }


def published_json(s: Submission) -> dict:
    return {
        "receipt": s.receipt,
        "submitted_at": _iso(s.submitted_at),
        "name": s.name,
        "organisation": s.organisation,
        "category": s.category,
        "country": s.country.iso3 if s.country_id else None,
        "country_other": s.country_other,
        "region": s.country.region.code if s.country_id else None,
        "language": s.language,
        "answers": s.answers,
        "campaign": s.campaign.key if s.campaign_id else None,
        # exact or near copy of that campaign (partial use is not membership)
        "campaign_tier": (s.campaign_tier or None) if s.campaign_id else None,
    }


def _error(exc: DomainError, **headers) -> JsonResponse:
    body = {"detail": exc.message, "code": exc.code}
    if exc.field:
        body["field"] = exc.field
    response = JsonResponse(body, status=exc.status_code)
    for name, value in headers.items():
        response[name.replace("_", "-")] = str(value)
    return response


# Consultations ---------------------------------------------------------------------------


class QuestionIn(Schema):
    text: dict[str, str]


class ConsultationIn(Schema):
    group: str
    slug: str
    topic: dict[str, str]
    languages: list[str]
    questions: list[QuestionIn] = []
    opens_at: dt.datetime | None = None
    closes_at: dt.datetime | None = None
    physical_meeting_date: dt.date | None = None
    physical_meeting_venue: DbId | None = None
    physical_meeting_speakers: list[dict] = []
    notes: str = ""


class ConsultationPatch(Schema):
    topic: dict[str, str] | None = None
    languages: list[str] | None = None
    questions: list[QuestionIn] | None = None
    opens_at: dt.datetime | None = None
    closes_at: dt.datetime | None = None
    physical_meeting_date: dt.date | None = None
    physical_meeting_venue: DbId | None = None
    physical_meeting_speakers: list[dict] | None = None
    notes: str | None = None


class StateIn(Schema):
    state: str
    meeting: Ordinal | None = None


class ReasonIn(Schema):
    reason: str


class BulkModerationIn(InputSchema):
    action: Literal["hide", "restore"]
    reason: Annotated[str, Field(max_length=2000)]
    receipts: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=80)]],
        Field(min_length=1, max_length=campaign_review.MAX_BATCH),
    ]


class SplitIn(InputSchema):
    reason: Annotated[str, Field(max_length=2000)]
    receipts: (
        Annotated[
            list[Annotated[str, Field(min_length=1, max_length=80)]],
            Field(min_length=1, max_length=campaign_review.MAX_BATCH),
        ]
        | None
    ) = None
    near_copies: bool = False


CONSULTATION_PAGE_SIZE = 50


@router.get("/consultations")
def list_consultations(
    request,
    state: str = "",
    page: PageNumber = 1,
    page_size: PageSize | None = None,
    cursor: Cursor | None = None,
):
    """Consultations the reader may see, newest first, as `items` with their `count`; follow
    `next` (an opaque signed cursor on the order) until it is null to walk them all."""
    qs = queries.visible_consultations(request.user)
    if state:
        qs = qs.filter(state=state)
    size = page_size or CONSULTATION_PAGE_SIZE
    rows, following = page_of(
        qs.select_related("physical_meeting_venue"), request, page, size, cursor
    )
    return {
        "items": [consultation_json(c) for c in rows],
        "count": qs.count(),
        "next": following,
    }


def _venue(venue_id: int | None):
    if venue_id is None:
        return None
    venue = Venue.objects.filter(pk=venue_id).first()
    if venue is None:
        raise InvalidInput(f"no venue {venue_id}", field="physical_meeting_venue")
    return venue


@router.post("/consultations", auth=MAY_CREATE)
def create_consultation(request, payload: ConsultationIn):
    group = Group.objects.filter(slug=payload.group).first()
    if group is None:
        raise InvalidInput(f"no group {payload.group!r}", field="group")
    consultation = services.create_consultation(
        request.user,
        group=group,
        slug=payload.slug,
        topic=payload.topic,
        languages=payload.languages,
        questions=[q.dict() for q in payload.questions],
        opens_at=payload.opens_at,
        closes_at=payload.closes_at,
        physical_meeting_date=payload.physical_meeting_date,
        physical_meeting_venue=_venue(payload.physical_meeting_venue),
        physical_meeting_speakers=payload.physical_meeting_speakers,
        notes=payload.notes,
    )
    return JsonResponse(consultation_json(consultation), status=201)


@router.get("/consultations/{slug}")
def get_consultation(request, slug: str):
    c = permissions.get_consultation_for(request.user, slug)
    data = consultation_json(c)
    data["questions"] = [{"number": q.number, "text": q.text} for q in c.questions.all()]
    data["accepting_submissions"] = c.accepts_submissions_at(timezone.now())
    return data


@router.patch("/consultations/{slug}", auth=MAY_MANAGE)
def update_consultation(request, slug: str, payload: ConsultationPatch):
    c = permissions.get_consultation_for(request.user, slug)
    changes = payload.dict(exclude_unset=True)
    if "physical_meeting_venue" in changes:
        changes["physical_meeting_venue"] = _venue(changes["physical_meeting_venue"])
    if "questions" in changes and changes["questions"] is not None:
        changes["questions"] = [dict(q) for q in changes["questions"]]
    c = services.update_consultation(request.user, c, **changes)
    return consultation_json(c)


@router.post("/consultations/{slug}/state", auth=MAY_MANAGE)
def change_state(request, slug: str, payload: StateIn):
    c = permissions.get_consultation_for(request.user, slug)
    meeting = None
    if payload.meeting is not None:
        meeting = Meeting.objects.filter(group=c.group, number=payload.meeting).first()
        if meeting is None:
            raise InvalidInput(f"{c.group} has no meeting {payload.meeting}", field="meeting")
    c = services.transition(request.user, c, payload.state, meeting=meeting)
    return consultation_json(c)


# Submissions --------------------------------------------------------------------------------


def _submission_from_request(request) -> tuple[dict, list[tuple[str, bytes]]]:
    content_type = (request.content_type or "").lower()
    if content_type == "application/json":
        try:
            data = json.loads(request.body or b"")
        except (ValueError, UnicodeDecodeError):
            raise InvalidInput("the body is not valid JSON") from None
        if not isinstance(data, dict):
            raise InvalidInput("the body must be a JSON object")
        return data, []
    if content_type == "multipart/form-data":
        try:
            post, files = request.POST, request.FILES
        except MultiPartParserError:
            # Django reads at most 1 KB of a part's headers: a file name of ~1,000 characters,
            # sent as is by most clients, ends there, before read_upload can name the fault.
            raise InvalidInput(
                "the multipart body could not be read; a file name may be at most "
                f"{intake.MAX_FILE_NAME_BYTES} bytes",
                field="attachments",
            ) from None
        data = {
            key: post.get(key, "")
            for key in ("name", "organisation", "category", "country", "country_other", "language")
        }
        data["consent_to_publication"] = (
            post.get("consent_to_publication", "").lower() in TRUE_VALUES
        )
        answers: dict = {}
        if post.get("answers"):
            try:
                answers = json.loads(post["answers"])
            except ValueError:
                raise InvalidInput("answers is not valid JSON", field="answers") from None
        for key in post:
            if key.startswith("answer_"):
                answers[key.removeprefix("answer_")] = post[key]
        data["answers"] = answers
        uploads = files.getlist("attachments")
        if len(uploads) > intake.MAX_ATTACHMENTS:
            raise InvalidInput(
                f"at most {intake.MAX_ATTACHMENTS} attachments may be sent", field="attachments"
            )
        return data, [intake.read_upload(upload) for upload in uploads]
    raise InvalidInput(
        "send the submission as application/json, or as multipart/form-data with attachments",
        code="UnsupportedMediaType",
    )


@router.post("/consultations/{slug}/submissions")
def submit(request, slug: str):
    """Anyone may respond while the consultation is open; the JSON receipt is the proof."""
    with ingest.preparing():
        return _submit(request, slug)


def _submit(request, slug: str):
    try:
        intake.check_rate_limit(intake.client_address(request))
    except intake.LimitExceeded as exc:
        return _error(exc, Retry_After=exc.retry_after)
    consultation = queries.get_consultation_for_submission(request.user, slug)
    try:
        data, files = _submission_from_request(request)
    except RequestDataTooBig:
        return _error(intake.PayloadTooLarge("the request is larger than the accepted size"))
    key = request.headers.get("Idempotency-Key")
    result = services.submit(request.user, consultation, data, files=files, idempotency_key=key)
    body = receipt_json(
        result.submission,
        replayed=not result.created,
        attachments=result.attachments if result.created else None,
    )
    return JsonResponse(body, status=201 if result.created else 200)


@router.get("/consultations/{slug}/receipts/{receipt}")
def get_receipt(request, slug: str, receipt: str):
    """The receipt, for whoever holds its (unguessable) number."""
    c = permissions.get_consultation_for(request.user, slug)
    submission = get_object_or_404(Submission, consultation=c, receipt=receipt.upper())
    submission.consultation = c
    return receipt_json(submission)


@router.get("/consultations/{slug}/submissions")
def list_published(
    request,
    slug: str,
    category: str = "",
    country: str = "",
    region: str = "",
    language: str = "",
    q: str = "",
    page: PageNumber = 1,
    cursor: Cursor | None = None,
):
    """Published responses, oldest first; follow `next` (an opaque keyset cursor on the id) to
    walk them all, at any depth."""
    c = permissions.get_consultation_for(request.user, slug)
    filters = {
        "category": category, "country": country, "region": region, "language": language, "q": q
    }  # fmt: skip
    qs = queries.published_submissions(c, **filters).order_by("id")
    rows, following = page_of(qs, request, page, PAGE_SIZE, cursor)
    return {
        "count": queries.published_count(c, filters),
        "page": page,
        "next": following,
        "items": [published_json(s) for s in rows],
    }


MODERATION_PAGE_SIZE = 200


@router.get("/consultations/{slug}/moderation", auth=django_auth)
def moderation_list(
    request, slug: str, show: str = "all", page: PageNumber = 1, cursor: Cursor | None = None
):
    """Every response, newest first, with its moderation history; follow `next` (an opaque
    keyset cursor on the id) to walk them all, at any depth."""
    c = permissions.get_consultation_for(request.user, slug)
    if not permissions.can_moderate(request.user, c):
        raise Http404("No such consultation.")
    qs = queries.moderation_queue(c, show=show).prefetch_related(
        Prefetch("moderation_events", to_attr="history")
    )
    rows, following = page_of(qs, request, page, MODERATION_PAGE_SIZE, cursor)
    return {
        "count": queries.moderation_count(c, show),
        "page": page,
        "next": following,
        "items": [
            {
                **published_json(s),
                "consent_to_publication": s.consent_to_publication,
                "hidden": s.hidden,
                "hidden_reason": s.hidden_reason,
                "origin": s.origin,
                "history": [
                    {"action": e.action, "reason": e.reason, "at": _iso(e.created_at)}
                    for e in s.history
                ],
            }
            for s in rows
        ],
    }


def _moderated_submission(request, slug: str, receipt: str) -> Submission:
    c = permissions.get_consultation_for(request.user, slug)
    return _moderated_submission_of(request.user, c, receipt)


def _moderated_submission_of(user, c, receipt: str) -> Submission:
    submission = Submission.objects.filter(consultation=c, receipt=receipt.upper()).first()
    if submission is None or not permissions.can_view_submission(user, submission):
        raise Http404("No such submission.")
    submission.consultation = c
    return submission


@router.post("/consultations/{slug}/submissions/{receipt}/hide", auth=MAY_MODERATE)
def hide(request, slug: str, receipt: str, payload: ReasonIn):
    s = services.hide_submission(
        request.user, _moderated_submission(request, slug, receipt), payload.reason
    )
    return {"receipt": s.receipt, "hidden": s.hidden, "reason": s.hidden_reason}


@router.post("/consultations/{slug}/submissions/{receipt}/restore", auth=MAY_MODERATE)
def restore(request, slug: str, receipt: str, payload: ReasonIn):
    s = services.restore_submission(
        request.user, _moderated_submission(request, slug, receipt), payload.reason
    )
    return {"receipt": s.receipt, "hidden": s.hidden}


@router.post("/consultations/{slug}/moderation/bulk", auth=MAY_MODERATE_ALL)
def moderate_many(request, slug: str, payload: BulkModerationIn):
    """Hide or restore many responses with one reason: one transaction, an event per response."""
    c = permissions.get_consultation_for(request.user, slug)
    ids = queries.submission_ids_by_receipt(c, payload.receipts)
    result = campaign_review.moderate_many(request.user, c, ids, payload.action, payload.reason)
    return {
        "action": result.action,
        "changed": [s.receipt for s in result.changed],
        "unchanged": result.unchanged,
    }


# Campaigns ----------------------------------------------------------------------------------


def _member_json(member) -> dict:
    s = member.submission
    return {
        "receipt": s.receipt,
        "submitted_at": _iso(s.submitted_at),
        "hidden": s.hidden,
        "consent_to_publication": s.consent_to_publication,
        "similarity": round(member.similarity, 3),
        "text": s.full_text(),
    }


def job_json(job: CampaignJob) -> dict:
    return {
        "id": job.pk,
        "kind": job.kind,
        "status": job.status,
        "processed": job.processed,
        "total": job.total,
        "percent": job.percent,
        "error": job.error,
    }


@router.get("/consultations/{slug}/campaigns")
def list_campaigns(request, slug: str, page: PageNumber = 1):
    """The campaigns, largest first, 50 a page; each representative's text cut to 600 characters
    (`text_truncated`; the whole text is in the campaign's members)."""
    c = permissions.get_consultation_for(request.user, slug)
    page_obj, rows = queries.campaigns_with_representatives(request.user, c, page)
    result = [
        {
            "id": row.campaign.pk,
            "key": row.campaign.key,
            "size": row.campaign.size,
            "exact_duplicates": row.campaign.exact_duplicates,
            "variant_count": row.campaign.variant_count,
            "copies": row.campaign.copies,
            "near_copies": row.campaign.near_copies,
            "partial_use": row.campaign.partial_use,
            "representative": row.representative.receipt if row.representative else None,
            "text": row.text if row.representative else None,
            "text_truncated": row.truncated,
        }
        for row in rows
    ]
    job = queries.latest_job(c)
    return {
        "count": page_obj.paginator.count,
        "page": page_obj.number,
        "pages": page_obj.paginator.num_pages,
        "campaigns": result,
        "latest_job": job_json(job) if job else None,
    }


@router.get("/consultations/{slug}/campaigns/{campaign_id}/members", auth=django_auth)
def campaign_members(request, slug: str, campaign_id: DbId, page: PageNumber = 1):
    """A campaign's responses with their similarity to the representative (moderators only)."""
    campaign = permissions.get_campaign_for(request.user, slug, campaign_id)
    page_obj, rows = queries.campaign_members(campaign, page)
    return {
        "key": campaign.key,
        "size": campaign.size,
        "representative": campaign.representative.receipt if campaign.representative else None,
        "count": page_obj.paginator.count,
        "page": page_obj.number,
        "items": [_member_json(row) for row in rows],
    }


@router.post("/consultations/{slug}/campaigns/{campaign_id}/not-a-campaign", auth=MAY_MODERATE_ALL)
def not_a_campaign(request, slug: str, campaign_id: DbId, payload: ReasonIn):
    """Record that the cluster is not a campaign; later scans leave its responses ungrouped."""
    campaign = permissions.get_campaign_for(request.user, slug, campaign_id)
    dismissal = campaign_review.mark_not_campaign(request.user, campaign, payload.reason)
    return {
        "id": dismissal.pk,
        "key": dismissal.key,
        "members": len(dismissal.member_ids),
        "reason": dismissal.reason,
    }


@router.post(
    "/consultations/{slug}/campaigns/not-campaigns/{dismissal_id}/undo", auth=MAY_MODERATE_ALL
)
def undo_not_a_campaign(request, slug: str, dismissal_id: DbId):
    """Withdraw a "not a campaign" judgement; the next scan may group its responses again."""
    dismissal = permissions.get_dismissal_for(request.user, slug, dismissal_id)
    campaign_review.undo_not_campaign(request.user, dismissal)
    return {"undone": dismissal_id}


@router.post("/consultations/{slug}/campaigns/{campaign_id}/split", auth=MAY_MODERATE_ALL)
def split_campaign(request, slug: str, campaign_id: DbId, payload: SplitIn):
    """Split responses (by receipt), or all the near copies, off a campaign into their own."""
    campaign = permissions.get_campaign_for(request.user, slug, campaign_id)
    ids = (
        queries.submission_ids_by_receipt(campaign.consultation, payload.receipts)
        if payload.receipts
        else None
    )
    result = campaign_review.split_campaign(
        request.user, campaign, payload.reason, ids, near_copies=payload.near_copies
    )
    return {
        "split": result.split.pk,
        "split_off": len(result.split.member_ids),
        "campaign": result.campaign.key if result.campaign else None,
        "campaign_id": result.campaign.pk if result.campaign else None,
        "remaining": result.remaining.key if result.remaining else None,
    }


@router.post("/consultations/{slug}/campaigns/runs", auth=MAY_MANAGE)
def run_campaigns(request, slug: str):
    c = permissions.get_consultation_for(request.user, slug)
    job = campaign_runs.request_full_run(request.user, c)
    job.refresh_from_db()
    return JsonResponse(job_json(job), status=202)


@router.get("/consultations/{slug}/campaigns/runs/{job_id}")
def get_run(request, slug: str, job_id: DbId):
    c = permissions.get_consultation_for(request.user, slug)
    return job_json(get_object_or_404(CampaignJob, consultation=c, pk=job_id))


# Compilation --------------------------------------------------------------------------------


@router.get("/consultations/{slug}/compilation.{fmt}")
def get_compilation(request, slug: str, fmt: str, lang: str = ""):
    """The compilation in `lang` (ar, zh, en, fr, ru, es; the language it was compiled in if
    left out)."""
    c = permissions.get_consultation_for(request.user, slug)
    language = compilation.asked_language(lang)
    found = compilation.compiled_file(c, fmt, language)
    if found is None:
        record = compilation.compilation_of(c)
        return JsonResponse(
            {"detail": "this file of the compilation is being prepared", "status": record.status},
            status=202,
            headers={"Retry-After": "30"},
        )
    return downloads.compilation_response(found, c, fmt)
