"""Searching what a reader may see: ranked hits, facet counts and highlighted passages."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import connection
from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, Upper
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
from cwg.registry.access import standing
from cwg.search import engines, normalise
from cwg.search.models import Kind, SearchEntry

MIN_LENGTH = 2
MAX_LENGTH = 200
DEFAULT_LIMIT = 20
MAX_PAGE = 500
FACETS = ("kind", "language", "group", "meeting", "year")
# Matches counted, ranked and given facets; beyond it the count reads "more than COUNT_CAP".
COUNT_CAP = 1000
FACET_VALUES = 30


def _visibility(user) -> Q:
    """Which entries the reader may see, decided by each record's own app, as one SQL condition.

    A correlated EXISTS per kind: a search checks a bounded number of candidates, each by its
    record's primary key, instead of listing every record the reader may see.
    """
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
    # On PostgreSQL an equality would let the planner turn each EXISTS into a hash of every
    # record the reader may see (40 ms for 25,000 documents), built for every search; a range
    # on the same key keeps it a probe of the primary key per candidate.
    if connection.vendor == "postgresql":
        key = {"pk__gte": OuterRef("record_id"), "pk__lte": OuterRef("record_id")}
    else:
        key = {"pk": OuterRef("record_id")}
    condition = Q()
    for kind, records in visible.items():
        records = records.order_by().filter(**key).values("pk")
        condition |= Q(kind=kind) & Exists(records)
    return condition


# Compiled visibility conditions by reader and standing. Building the six apps' filters costs
# more than a whole search; what they select depends only on the reader's standing (roles by
# group, as `cwg.registry.access.standing` loads them), so the SQL is kept per standing.
_COMPILED: OrderedDict[tuple, tuple[str, tuple]] = OrderedDict()
_COMPILED_MAX = 512


def _compiled_visibility(user) -> RawSQL:
    s = standing(user)
    key = (
        connection.vendor,
        getattr(user, "pk", None),
        s.is_superuser,
        tuple(sorted((str(g), tuple(sorted(r))) for g, r in s.roles_by_group.items())),
        tuple(sorted((str(g), tuple(sorted(r))) for g, r in s.states_by_group.items())),
    )
    compiled = _COMPILED.get(key)
    if compiled is None:
        query = SearchEntry.objects.filter(_visibility(user)).query
        compiled = query.get_compiler(connection=connection).compile(query.where)
        _COMPILED[key] = compiled
        if len(_COMPILED) > _COMPILED_MAX:
            _COMPILED.popitem(last=False)
    else:
        _COMPILED.move_to_end(key)
    sql, params = compiled
    return RawSQL(sql, tuple(params), output_field=BooleanField())


def visible_entries(user) -> QuerySet[SearchEntry]:
    """Entries of records the reader may see, decided by each record's own app, in SQL."""
    return SearchEntry.objects.filter(_compiled_visibility(user))


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
    total_capped: bool = False  # more than `total` match; facets count the best `total`
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
        if name == skip:
            continue
        if name == "language":
            # Checked on each match the full-text index finds: as a plain column, PostgreSQL
            # would intersect those matches with an index scan of the language's every entry.
            entries = entries.alias(_language=Concat("language", Value(""))).filter(_language=value)
        else:
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
    visible = visible_entries(user)
    best, complete, beside = _best_of_filters(visible, variants, q, filters)
    results.total, results.total_capped = len(best), not complete
    shown = [row[0] for row in best[(page - 1) * limit : page * limit]]
    entries = SearchEntry.objects.defer("terms").in_bulk(shown)
    groups = {row[3] for rows in (best, *beside.values()) for row in rows}
    groups |= {entry.group_id for entry in entries.values()}
    acronyms = _group_acronyms(groups - {None}, language)
    marks = {term for terms in variants.values() for term in terms}
    results.hits = [
        _hit(entries[pk], marks, language, q, acronyms) for pk in shown if pk in entries
    ]
    results.facets = _facets(visible, variants, q, filters, best, beside, language, acronyms)
    return results


def _best_of_filters(visible, variants, q, filters) -> tuple[list[tuple], bool, dict]:
    """The best matches of every filter, their completeness, and the best matches with one
    chosen filter left out (by facet name, for that facet's counts).

    A chosen filter's facet needs the matches without it; those are read first, one more than
    the cap, and the filtered matches taken from them when they settle it: every match if they
    are complete, or more than the cap of that filter's value (the same order either way, as
    the filter takes no part in the ranking). Only otherwise is the index searched again.
    """
    if not filters:
        best, complete = _best(visible, variants, q)
        return best, complete, {}
    beside, derived = {}, None
    for name, value in filters.items():
        language = None if name == "language" else filters.get("language")
        rows, complete = _best(_apply(visible, filters, name), variants, q, language, COUNT_CAP + 1)
        beside[name] = rows[:COUNT_CAP]
        if derived is None:
            at = engines.FIELDS.index(_FIELD.get(name, name))
            kept = [row for row in rows if row[at] == value]
            if complete or len(kept) > COUNT_CAP:
                derived = (kept[:COUNT_CAP], complete and len(kept) <= COUNT_CAP)
    if derived is None:
        derived = _best(_apply(visible, filters), variants, q, filters.get("language"))
    return derived[0], derived[1], beside


_SYMBOL_SQL = f"SELECT 1 FROM {SearchEntry._meta.db_table} WHERE UPPER(symbol) = UPPER(%s) LIMIT 1"


def _best(
    entries: QuerySet, variants, q: str, language=None, cap: int | None = None
) -> tuple[list[tuple], bool]:
    """The best `cap` (COUNT_CAP) matches, an exact symbol first, and whether they are all of
    them (`language`: the language filter `entries` already has, which narrows the index search)."""
    cap = cap or COUNT_CAP
    ranked, complete = engines.best(entries, variants, cap, language)
    symbol = Upper(Value(q))
    exact = []
    # Most searches name no symbol: the index answers that alone, before any visibility check.
    with connection.cursor() as cursor:
        cursor.execute(_SYMBOL_SQL, [q])
        named = cursor.fetchone() is not None
    if named:
        exact = list(
            entries.alias(s=Upper("symbol"))
            .filter(s=symbol)
            .order_by("-date", "id")
            .values_list(*engines.FIELDS)[:cap]
        )
    if not exact:
        return ranked, complete
    first = {row[0] for row in exact}
    merged = exact + [row for row in ranked if row[0] not in first]
    return merged[:cap], complete and len(merged) <= cap


def _facets(visible, variants, q, filters, best, beside, language, acronyms) -> dict:
    """Counts of each facet's values among the best matches; a chosen facet counts the matches
    of the other filters, so that its other values stay on offer."""
    facets = {}
    for name in FACETS:
        if name not in filters:
            rows = best
        elif name in beside:
            rows = beside[name]
        else:
            rows = _best(_apply(visible, filters, name), variants, q)[0]
        at = engines.FIELDS.index(_FIELD.get(name, name))
        counts = Counter(row[at] for row in rows if row[at] is not None)
        top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:FACET_VALUES]
        labels = _labels(name, [value for value, _n in top], language, acronyms)
        facets[name] = [
            FacetValue(str(value), labels.get(value, str(value)), n, filters.get(name) == value)
            for value, n in top
        ]
    return facets


def _group_acronyms(ids, language: str | None) -> dict:
    """Each group's acronym as the page shows it, read once for the hits and the facets."""
    if not ids:
        return {}
    groups = Group.objects.filter(pk__in=ids).only("id", "slug", "acronym")
    return {g.pk: g.display_acronym(language) for g in groups}


def _labels(name: str, values, language: str | None, acronyms: dict) -> dict:
    if not values:
        return {}
    if name == "kind":
        return {value: str(Kind(value).label) for value in values}
    if name == "group":
        return {value: acronyms[value] for value in values if value in acronyms}
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


def _hit(entry: SearchEntry, marks: set[str], language: str | None, q: str, acronyms) -> Hit:
    return Hit(
        kind=entry.kind,
        record_id=entry.record_id,
        language=entry.language,
        title=entry.title,
        url=_url(entry, q),
        symbol=entry.symbol if entry.kind in (Kind.DOCUMENT, Kind.SUBMISSION) else "",
        group=acronyms.get(entry.group_id, ""),
        date=entry.date,
        snippet=highlight(entry.body or entry.title, entry.language, marks),
        foreign=entry.language != (language or "")[:2],
    )


_WORD = re.compile(r"[^\W_]+")


@functools.lru_cache(maxsize=65_536)
def _word_terms(word: str, language: str) -> frozenset[str]:
    return frozenset(normalise.terms(word, language))


def highlight(text: str, language: str, marks: set[str], words: int = 30) -> SafeString:
    """A passage of `text` around its first hit, HTML-escaped, the matching words in <mark>.

    Words are read up to the first hit only, then the passage's own: a long file's text costs
    no more than a short one's once a hit is found early.
    """
    text = text or ""
    spans, first, cut = [], None, False
    for match in _WORD.finditer(text):
        spans.append(match.span())
        if first is None and _word_terms(match.group(), language) & marks:
            first = len(spans) - 1
        if first is not None and len(spans) >= first + words:
            cut = True
            break
    if not spans:
        return mark_safe("")
    lo = max(0, (first or 0) - words // 3)
    hi = min(len(spans), lo + words)
    begin = spans[lo][0] if lo else 0
    finish = len(text) if hi == len(spans) and not cut else spans[hi - 1][1]
    out, at = [], begin
    for start, end in spans[lo:hi]:
        if first is not None and _word_terms(text[start:end], language) & marks:
            out += [escape(text[at:start]), "<mark>", escape(text[start:end]), "</mark>"]
            at = end
    out.append(escape(text[at:finish]))
    prefix = "… " if begin > 0 else ""
    suffix = " …" if finish < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)
