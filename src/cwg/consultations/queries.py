"""The read side of consultations: what each reader may see, filtered and searched."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Case, Prefetch, Q, QuerySet, When
from django.http import Http404

from cwg.consultations import permissions
from cwg.consultations.models import (
    Campaign,
    CampaignDismissal,
    CampaignJob,
    Consultation,
    ConsultationState,
    Submission,
)
from cwg.core import cursor
from cwg.core.exceptions import InvalidInput
from cwg.core.memo import ProcessMemo
from cwg.core.word_diff import word_diff
from cwg.groups.models import Group, Visibility
from cwg.meetings.queries import drafting_group_filter
from cwg.registry.access import MEMBER_ROLES, standing
from cwg.registry.models import Role

CAMPAIGN_PAGE_SIZE = 50


def _visibility_filter(user, prefix: str = "") -> Q | None:
    """None means every consultation; otherwise the condition a visible one meets.

    The query form of `cwg.consultations.permissions.can_view_consultation`.
    """
    drafters = drafting_group_filter(user, prefix=f"{prefix}group")
    if drafters is None:
        return None
    s = standing(user)
    member_of = [
        g for g, roles in s.roles_by_group.items() if g is not None and roles & MEMBER_ROLES
    ]
    if MEMBER_ROLES & s.roles_by_group.get(None, set()):
        seen = Q()  # a platform-wide member sees every group's non-draft consultations
    else:
        seen = Q(**{f"{prefix}group__visibility": Visibility.PUBLIC}) | Q(
            **{f"{prefix}group_id__in": member_of}
        )
    return (~Q(**{f"{prefix}state": ConsultationState.DRAFT}) & seen) | drafters


def visible_submissions(user, group_id: int | None = None) -> QuerySet[Submission]:
    """The submissions the reader may see: all for the moderators (the group's secretariat),
    published ones of the consultations the reader may see for anyone else.

    The query form of `cwg.consultations.permissions.can_view_submission`.
    """
    s = standing(user)
    qs = Submission.objects.all()
    if group_id is not None:
        qs = qs.filter(consultation__group_id=group_id)
    if s.is_superuser or Role.SECRETARIAT in s.roles_by_group.get(None, set()):
        return qs
    moderated = [
        g for g, roles in s.roles_by_group.items() if g is not None and Role.SECRETARIAT in roles
    ]
    published = Q(consent_to_publication=True, hidden=False)
    condition = _visibility_filter(user, prefix="consultation__")
    if condition is not None:
        published &= condition
    return qs.filter(published | Q(consultation__group_id__in=moderated))


def visible_consultations(user) -> QuerySet[Consultation]:
    qs = Consultation.objects.select_related("group", "examined_at_meeting")
    condition = _visibility_filter(user)
    return qs if condition is None else qs.filter(condition)


def open_consultations(user, now) -> QuerySet[Consultation]:
    return visible_consultations(user).filter(
        state=ConsultationState.OPEN, opens_at__lte=now, closes_at__gt=now
    )


# A full-text search registered by a higher app (cwg.search) in its AppConfig.ready:
# (queryset of submissions, words) -> the matching queryset. Without it the words are looked
# for in the submissions' text, a scan that is fine for small consultations only.
_text_search = None


def register_text_search(search) -> None:
    global _text_search
    _text_search = search


RECEIPT_RE = re.compile(r"^[A-Z0-9]+(-[A-Z0-9]+)*-\d{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$")


def _apply_search(qs: QuerySet[Submission], q: str) -> QuerySet[Submission]:
    q = (q or "").strip()
    if not q:
        return qs
    if RECEIPT_RE.match(q.upper()):
        # A receipt number: the unique index finds it at once.
        return qs.filter(receipt=q.upper())
    if q.startswith("org:"):
        # An organisation's name as it begins: a range on the (consultation, organisation) index.
        prefix = q.removeprefix("org:").strip()
        return qs.filter(organisation__gte=prefix, organisation__lt=prefix + "\U0010ffff")
    if _text_search is not None:
        return _text_search(qs, q)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        return qs.annotate(_search=SearchVector("search_text", config="simple")).filter(
            _search=SearchQuery(q, config="simple", search_type="websearch")
        )
    # SQLite: every word must occur somewhere in the submission's text.
    for word in q.lower().split()[:10]:
        qs = qs.filter(search_text__contains=word.strip('"'))
    return qs


def published_submissions(
    consultation: Consultation,
    *,
    category: str = "",
    country: str = "",
    region: str = "",
    language: str = "",
    q: str = "",
) -> QuerySet[Submission]:
    """Consented, not hidden submissions, filtered as the public listing asks."""
    qs = Submission.objects.filter(
        consultation=consultation, consent_to_publication=True, hidden=False
    ).select_related("country__region", "campaign")
    if category:
        qs = qs.filter(category=category)
    if country:
        qs = qs.filter(Q(country__iso3=country.upper()) | Q(country_other__iexact=country))
    if region:
        qs = qs.filter(country__region__code=region.upper())
    if language:
        qs = qs.filter(language=language)
    return _apply_search(qs, q).order_by("id")


def _count_scope(consultation_id: int) -> str:
    return f"consultation:{consultation_id}"


def forget_counts(consultation_id: int) -> None:
    """Every kept count of this consultation is stale: a response was added, hidden or restored."""
    cursor.forget_counts(_count_scope(consultation_id))


def with_files(qs: QuerySet[Submission], *, history: bool = False) -> QuerySet[Submission]:
    """A list's rows with their attachments (`files`) and, for the secretariat, their moderation
    `history`, as plain lists: one query each for the page, and no queryset made per row (a
    prefetched manager builds one per row, which cost more than the page's queries)."""
    lookups = [Prefetch("attachments", to_attr="files")]
    if history:
        lookups.append(Prefetch("moderation_events", to_attr="history"))
    return qs.prefetch_related(*lookups)


def published_count(consultation: Consultation, filters: dict | None = None) -> int:
    """How many published responses match the filters; kept between writes (`forget_counts`)."""
    filters = {k: v for k, v in (filters or {}).items() if v}
    qs = published_submissions(consultation, **filters)
    if filters.get("q") and not filters["q"].strip().startswith("org:"):
        # A search's hits change with every word typed: counted afresh, not kept. An
        # organisation's name is a link followed, not typed: its count is kept as a filter's.
        return qs.order_by().count()
    name = "published:" + "&".join(f"{k}={v}" for k, v in sorted(filters.items()))
    return cursor.kept_count(_count_scope(consultation.pk), name, qs)


def moderation_count(consultation: Consultation, show: str = "all") -> int:
    qs = moderation_queue(consultation, show=show)
    return cursor.kept_count(_count_scope(consultation.pk), f"moderation:{show}", qs)


def published_submissions_for_search(user, q: str) -> QuerySet[Submission]:
    """Published submissions in every consultation the reader may see, matching `q`."""
    qs = Submission.objects.filter(consent_to_publication=True, hidden=False).select_related(
        "consultation", "consultation__group", "country"
    )
    condition = _visibility_filter(user, prefix="consultation__")
    if condition is not None:
        qs = qs.filter(condition)
    return _apply_search(qs, q).order_by("-id")


def moderation_queue(consultation: Consultation, *, show: str = "all") -> QuerySet[Submission]:
    qs = Submission.objects.filter(consultation=consultation).select_related(
        "country__region", "campaign"
    )
    if show == "hidden":
        # `IN (true)`, not `= true`: Django writes the latter as the bare column, with which
        # SQLite does not use the (consultation, hidden, id) index and reads every response.
        qs = qs.filter(hidden__in=[True])
    elif show == "visible":
        qs = qs.filter(hidden=False)
    return qs.order_by("-id")


def campaigns_of(consultation: Consultation) -> QuerySet[Campaign]:
    return Campaign.objects.filter(consultation=consultation, size__gt=1).select_related(
        "representative"
    )


def latest_job(consultation: Consultation) -> CampaignJob | None:
    return CampaignJob.objects.filter(consultation=consultation).order_by("-id").first()


def groups_for_new_consultations(user) -> QuerySet[Group]:
    """The groups in which this person may open a consultation (secretariat, consultations held)."""
    s = standing(user)
    qs = Group.objects.filter(holds_open_consultations=True).order_by("slug")
    if s.is_superuser or Role.SECRETARIAT in s.roles_by_group.get(None, set()):
        return qs
    served = [
        g for g, roles in s.roles_by_group.items() if g is not None and Role.SECRETARIAT in roles
    ]
    return qs.filter(id__in=served)


def submission_sent_with_form(consultation: Consultation, token: str) -> Submission | None:
    """The response already sent from the rendered form holding this token, if any."""
    token = (token or "").strip()
    if not token or len(token) > 100:
        return None
    return (
        Submission.objects.filter(consultation=consultation, idempotency_key=f"form:{token}")
        .only("pk", "receipt")
        .first()
    )


# The submission endpoints' lean fetch, kept in the process (a read, so here and not among the
# pure predicates of permissions.py).
SUBMISSION_LOOKUP_SECONDS = 2
_submission_targets = ProcessMemo(SUBMISSION_LOOKUP_SECONDS)


def forget_submission_target(slug: str) -> None:
    """Drop this process's copy of a consultation after a change."""
    _submission_targets.forget(slug)


def get_consultation_for_submission(user, slug: str) -> Consultation:
    """The lean fetch of the submission endpoints, kept for two seconds in the process.

    Under a burst every request would otherwise read the same row. A copy up to two seconds old
    is safe because the write itself checks the state and the open period again inside its
    transaction (see `cwg.consultations.ingest`). The copy is shared, read-only, by the threads
    of the process (no pickling per request, as a cache backend would do).
    """
    consultation = _submission_targets.get(slug)
    if consultation is None:
        # Only the columns a submission reads: the group's JSON texts are not decoded here.
        consultation = (
            Consultation.objects.select_related("group")
            .only(
                "id", "slug", "state", "opens_at", "closes_at", "languages", "group_id",
                "group__id", "group__symbol_prefix", "group__visibility",
            )
            .filter(slug=slug)
            .first()
        )  # fmt: skip
        if consultation is None:
            raise Http404("No such consultation.")
        _submission_targets.set(slug, consultation)
    if not permissions.can_view_consultation(user, consultation):
        raise Http404("No such consultation.")
    return consultation


# The representative's text shown in a list of campaigns; its whole text is on the review page.
CAMPAIGN_TEXT_CHARS = 600
CAMPAIGN_LIST_SIZE = 50


@dataclass
class CampaignRow:
    campaign: Campaign
    representative: Submission | None  # None when the reader may not see it
    text: str = ""
    truncated: bool = False


def campaigns_with_representatives(user, consultation: Consultation, page_number=None):
    """One page of the campaigns (largest first) and their rows: the campaign and, when the
    reader may see it, its representative with its text cut to CAMPAIGN_TEXT_CHARS."""
    manager = permissions.can_manage_consultation(user, consultation)
    page = Paginator(campaigns_of(consultation), CAMPAIGN_LIST_SIZE).get_page(page_number)
    rows = []
    for campaign in page.object_list:
        shown = campaign.representative
        if not permissions.can_see_representative(user, shown, manager=manager):
            rows.append(CampaignRow(campaign, None))
            continue
        text = shown.full_text()
        cut = len(text) > CAMPAIGN_TEXT_CHARS
        rows.append(
            CampaignRow(
                campaign, shown, text[:CAMPAIGN_TEXT_CHARS].rstrip() + "…" if cut else text, cut
            )
        )
    return page, rows


@dataclass
class CampaignMember:
    submission: Submission
    diff: object  # safe HTML: the response against the representative
    similarity: float

    @property
    def similarity_percent(self) -> int:
        return round(self.similarity * 100)


def campaign_members(campaign: Campaign, page_number) -> tuple:
    """One page of a campaign's responses (representative first, then by arrival), each with its
    word difference from the representative; for moderators (see `get_campaign_for`)."""
    representative = campaign.representative
    base = representative.full_text() if representative else ""
    members = (
        Submission.objects.filter(campaign=campaign)
        .select_related("country")
        .order_by(
            Case(When(pk=campaign.representative_id or 0, then=0), default=1), "submitted_at", "pk"
        )
    )
    page = Paginator(members, CAMPAIGN_PAGE_SIZE).get_page(page_number)
    rows = []
    for submission in page.object_list:
        diff, similarity = word_diff(base, submission.full_text())
        rows.append(CampaignMember(submission, diff, similarity))
    return page, rows


def campaign_dismissals(consultation: Consultation) -> QuerySet[CampaignDismissal]:
    """Clusters judged not to be campaigns, latest first (shown to moderators)."""
    return CampaignDismissal.objects.filter(consultation=consultation).select_related(
        "actor", "representative"
    )


def submission_ids_by_receipt(consultation: Consultation, receipts: list[str]) -> list[int]:
    """The ids of the consultation's responses with these receipts; an unknown one is refused."""
    wanted = {receipt.upper() for receipt in receipts}
    found = dict(
        Submission.objects.filter(consultation=consultation, receipt__in=wanted).values_list(
            "receipt", "pk"
        )
    )
    missing = sorted(wanted - set(found))
    if missing:
        raise InvalidInput(
            f"no response of this consultation has receipt {missing[0]}", field="receipts"
        )
    return list(found.values())
