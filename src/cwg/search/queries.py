"""Searching what a reader may see: ranked hits, facet counts and highlighted passages."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cwg.consultations.queries import visible_consultations, visible_submissions
from cwg.core.exceptions import InvalidInput
from cwg.decisions.queries import visible_actions, visible_decisions
from cwg.documents.queries import visible_documents
from cwg.groups.models import Group
from cwg.meetings.models import Meeting
from cwg.meetings.queries import visible_meetings
from cwg.search import engines, normalise
from cwg.search.models import Kind, SearchEntry

MIN_LENGTH = 2
MAX_LENGTH = 200
DEFAULT_LIMIT = 20
MAX_PAGE = 500
FACETS = ("kind", "language", "group", "meeting", "year")


def visible_entries(user) -> QuerySet[SearchEntry]:
    """Entries of records the reader may see, decided by each record's own app, in SQL."""
    visible = {
        Kind.DOCUMENT: visible_documents(user),
        Kind.DECISION: visible_decisions(user),
        Kind.ACTION: visible_actions(user),
        Kind.MEETING: visible_meetings(user),
        Kind.CONSULTATION: visible_consultations(user),
        Kind.SUBMISSION: visible_submissions(user).filter(
            consent_to_publication=True, hidden=False
        ),
    }
    condition = Q()
    for kind, records in visible.items():
        condition |= Q(kind=kind, record_id__in=records.order_by().values("pk"))
    return SearchEntry.objects.filter(condition)


@dataclass(frozen=True)
class Hit:
    kind: str
    record_id: int
    language: str
    title: str
    url: str
    symbol: str = ""
    group: str = ""
    date: dt.datetime | None = None
    snippet: str = ""  # safe HTML: escaped text, hits in <mark>
    foreign: bool = False  # written in another language than the page (WCAG 3.1.2)

    @property
    def direction(self) -> str:
        return "rtl" if self.language == "ar" else "ltr"


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Results:
    q: str
    filters: dict = field(default_factory=dict)
    total: int = 0
    page: int = 1
    limit: int = DEFAULT_LIMIT
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.limit))


def clean_query(q: str | None) -> str:
    q = " ".join((q or "").split())
    if len(q) > MAX_LENGTH:
        raise InvalidInput(f"the search is longer than {MAX_LENGTH} characters", field="q")
    return q


def _clean_filters(filters: dict) -> dict:
    clean = {}
    for name, value in (filters or {}).items():
        if value in (None, ""):
            continue
        if name == "kind" and value not in Kind.values:
            raise InvalidInput("unknown kind", field="kind")
        if name == "language" and value not in normalise.LANGUAGES:
            raise InvalidInput("unknown language", field="lang")
        if name in ("group", "meeting", "year"):
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise InvalidInput(f"{name} must be a number", field=name) from None
            if not 0 < value < 2**31:
                raise InvalidInput(f"{name} is out of range", field=name)
        clean[name] = value
    return clean


_FIELD = {"kind": "kind", "language": "language", "group": "group_id", "meeting": "meeting_id"}


def _apply(entries: QuerySet, filters: dict, skip: str = "") -> QuerySet:
    for name, value in filters.items():
        if name != skip:
            entries = entries.filter(**{_FIELD.get(name, name): value})
    return entries


def search(
    user,
    q: str | None,
    *,
    filters: dict | None = None,
    page: int = 1,
    limit: int = DEFAULT_LIMIT,
    language: str | None = None,
) -> Results:
    """What matches q among what the person may see; a query under two characters finds nothing."""
    q = clean_query(q)
    if not 1 <= limit <= 200:
        raise InvalidInput("limit must be between 1 and 200", field="limit")
    if not 1 <= page <= MAX_PAGE:
        raise InvalidInput(f"page must be between 1 and {MAX_PAGE}", field="page")
    filters = _clean_filters(filters or {})
    results = Results(q=q, filters=filters, page=page, limit=limit)
    if len(q) < MIN_LENGTH:
        return results
    variants = normalise.query_terms(q)
    matched = engines.matching(visible_entries(user), variants)
    ranked = _apply(matched, filters).annotate(
        exact=Case(
            When(symbol__iexact=q, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    )
    results.total = ranked.count()
    rows = ranked.select_related("group").order_by("exact", "score", "-date", "id")[
        (page - 1) * limit : page * limit
    ]
    marks = {term for terms in variants.values() for term in terms}
    results.hits = [_hit(entry, marks, language, q) for entry in rows]
    results.facets = _facets(matched, filters, language)
    return results


def _facets(matched: QuerySet, filters: dict, language: str | None) -> dict:
    facets = {}
    for name in FACETS:
        column = _FIELD.get(name, name)
        counts = (
            _apply(matched, filters, skip=name)
            .exclude(**{f"{column}__isnull": True})
            .order_by()
            .values(column)
            .annotate(n=Count("id"))
            .order_by("-n", column)[:30]
        )
        counts = {row[column]: row["n"] for row in counts}
        labels = _labels(name, counts, language)
        facets[name] = [
            FacetValue(str(value), labels.get(value, str(value)), n, filters.get(name) == value)
            for value, n in counts.items()
        ]
    return facets


def _labels(name: str, values, language: str | None) -> dict:
    if name == "kind":
        return {value: str(Kind(value).label) for value in values}
    if name == "group":
        return {g.pk: g.display_acronym(language) for g in Group.objects.filter(pk__in=values)}
    if name == "meeting":
        return {m.pk: str(m) for m in Meeting.objects.select_related("group").filter(pk__in=values)}
    return {}


def _url(entry: SearchEntry, q: str) -> str:
    targets = {
        Kind.DOCUMENT: ("documents:detail", entry.symbol),
        Kind.DECISION: ("decisions:detail", entry.record_id),
        Kind.MEETING: ("meetings:detail", entry.record_id),
        Kind.CONSULTATION: ("consultations:detail", entry.symbol),
    }
    try:
        if entry.kind in targets:
            name, arg = targets[entry.kind]
            return reverse(name, args=[arg])
        if entry.kind == Kind.ACTION:
            return reverse("decisions:detail", args=[entry.parent])
        if entry.kind == Kind.SUBMISSION:
            return (
                reverse("consultations:published", args=[entry.parent]) + "?" + urlencode({"q": q})
            )
    except NoReverseMatch:
        return ""
    return ""


def _hit(entry: SearchEntry, marks: set[str], language: str | None, q: str) -> Hit:
    return Hit(
        kind=entry.kind,
        record_id=entry.record_id,
        language=entry.language,
        title=entry.title,
        url=_url(entry, q),
        symbol=entry.symbol if entry.kind in (Kind.DOCUMENT, Kind.SUBMISSION) else "",
        group=entry.group.display_acronym(language) if entry.group_id and entry.group else "",
        date=entry.date,
        snippet=highlight(entry.body or entry.title, entry.language, marks),
        foreign=entry.language != (language or "")[:2],
    )


_WORD = re.compile(r"[^\W_]+")


def highlight(text: str, language: str, marks: set[str], words: int = 30) -> SafeString:
    """A passage of `text` around its first hit, HTML-escaped, the matching words in <mark>."""
    spans = [m.span() for m in _WORD.finditer(text or "")]
    hits = []
    for start, end in spans:
        word = text[start:end]
        found = set(normalise.terms(word, language))
        if found & marks:
            hits.append((start, end))
    if not spans:
        return mark_safe("")
    first = next((i for i, span in enumerate(spans) if hits and span == hits[0]), 0)
    lo = max(0, first - words // 3)
    hi = min(len(spans), lo + words)
    begin = spans[lo][0] if lo else 0
    finish = spans[hi - 1][1] if hi < len(spans) else len(text)
    out, at = [], begin
    for start, end in hits:
        if start < begin or end > finish:
            continue
        out += [escape(text[at:start]), "<mark>", escape(text[start:end]), "</mark>"]
        at = end
    out.append(escape(text[at:finish]))
    prefix = "… " if begin > 0 else ""
    suffix = " …" if finish < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)
