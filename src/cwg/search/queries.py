"""Searching what a reader may see: documents by symbol and title, published consultation answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Case, IntegerField, Value, When
from django.urls import NoReverseMatch, reverse

from cwg.consultations.queries import published_submissions_for_search
from cwg.core.exceptions import InvalidInput
from cwg.core.i18n import Picked, pick, pick_with_language
from cwg.documents import queries as document_queries

MIN_LENGTH = 2
MAX_LENGTH = 200
DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class Hit:
    kind: str  # "document" or "submission"
    title: str
    url: str
    symbol: str = ""
    group: str = ""
    date: dt.datetime | None = None
    snippet: str = ""
    picked: Picked | None = None  # the title with its language, to mark a fallback (WCAG 3.1.2)


@dataclass
class Results:
    q: str
    documents: list[Hit] = field(default_factory=list)
    submissions: list[Hit] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.documents) + len(self.submissions)


def clean_query(q: str | None) -> str:
    q = " ".join((q or "").split())
    if len(q) > MAX_LENGTH:
        raise InvalidInput(f"the search is longer than {MAX_LENGTH} characters", field="q")
    return q


def search(
    user, q: str | None, *, limit: int = DEFAULT_LIMIT, language: str | None = None
) -> Results:
    """Everything matching q that the person may see; a query under two characters finds nothing."""
    q = clean_query(q)
    if not 1 <= limit <= 200:
        raise InvalidInput("limit must be between 1 and 200", field="limit")
    results = Results(q=q)
    if len(q) < MIN_LENGTH:
        return results
    results.documents = _documents(user, q, limit, language)
    results.submissions = _submissions(user, q, limit)
    return results


def _documents(user, q: str, limit: int, language: str | None) -> list[Hit]:
    documents = (
        document_queries.visible_documents(user)
        .filter(document_queries.search_condition(q))
        .select_related("group", "meeting", "meeting__group")
        # An exact symbol first, then the newest.
        .annotate(
            exact=Case(
                When(symbol__iexact=q, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("exact", "-submitted_at", "-id")[:limit]
    )
    titles = [(document, pick_with_language(document.title, language)) for document in documents]
    return [
        Hit(
            kind="document",
            title=picked.text,
            picked=picked,
            url=reverse("documents:detail", args=[document.symbol]),
            symbol=document.display_symbol,
            group=document.group.display_acronym(language),
            date=document.submitted_at,
        )
        for document, picked in titles
    ]


def _submissions(user, q: str, limit: int) -> list[Hit]:
    """Published consultation answers."""
    finder = published_submissions_for_search
    hits = []
    for submission in finder(user, q)[:limit]:
        consultation = submission.consultation
        try:
            url = reverse("consultations:published", args=[consultation.slug])
            url += "?" + urlencode({"q": q})
        except NoReverseMatch:
            url = ""
        who = submission.name
        if submission.organisation:
            who = f"{who} ({submission.organisation})"
        hits.append(
            Hit(
                kind="submission",
                title=who,
                url=url,
                symbol=submission.receipt,
                group=pick(consultation.topic),
                date=submission.submitted_at,
                snippet=_snippet(submission.answers, q),
            )
        )
    return hits


def _snippet(answers, q: str, width: int = 160) -> str:
    """A short passage of the answers around the first word of the query."""
    text = " ".join(str(v) for v in (answers or {}).values()) if isinstance(answers, dict) else ""
    if not text:
        return ""
    word = q.split()[0].casefold()
    at = text.casefold().find(word)
    start = max(0, at - width // 2) if at >= 0 else 0
    passage = text[start : start + width]
    return ("…" if start else "") + passage + ("…" if start + width < len(text) else "")
