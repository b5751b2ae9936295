"""The read side of the gap analysis: what a reader may see, suggestions, matrix, coverage, gaps."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from cwg.analysis.models import (
    Classification,
    GapAnalysis,
    HolderRole,
    Mandate,
    MandateHolder,
    Paragraph,
    Review,
    RunStatus,
    Suggestion,
    SuggestionRun,
)
from cwg.analysis.permissions import can_create, can_view
from cwg.groups.models import Group
from cwg.registry import access

ITU_ACRONYM = "ITU"
# Below these raw scores a paragraph shares no word and little meaning with any mandate.
GAP_BM25 = 0.5
GAP_EMBEDDING = 0.25


def analyses_for(user):
    """Gap analyses of the groups the person belongs to (all of them for a superuser)."""
    standing = access.standing(user)
    qs = GapAnalysis.objects.select_related("group", "decision__meeting").order_by("-created_at")
    if standing.is_superuser:
        return qs
    groups = [g for g, roles in standing.roles_by_group.items() if roles & access.MEMBER_ROLES]
    if None in groups:
        return qs
    return qs.filter(group_id__in=groups)


def groups_for_new_analyses(user) -> list[Group]:
    """The groups in which this person may start a gap analysis (its secretariat)."""
    return [group for group in Group.objects.all() if can_create(user, group)]


def visible(user, analysis) -> bool:
    return can_view(user, analysis)


def latest_run(analysis, *, finished: bool = False) -> SuggestionRun | None:
    runs = analysis.runs.all()
    if finished:
        runs = runs.filter(status=RunStatus.DONE)
    return runs.order_by("-created_at", "-id").first()


def mandate_catalogue():
    return Mandate.objects.filter(active=True).prefetch_related(
        "passages",
        Prefetch("holders", queryset=MandateHolder.objects.select_related("organisation")),
    )


@dataclass
class ParagraphRow:
    paragraph: Paragraph
    suggestions: list[Suggestion] = field(default_factory=list)
    review: Review | None = None
    suggested_classification: str = ""

    @property
    def suggested_label(self) -> str:
        if self.suggested_classification in Classification.values:
            return str(Classification(self.suggested_classification).label)
        return ""

    @property
    def classification(self) -> str:
        return self.review.classification if self.review else ""


def suggested_classification(suggestion: Suggestion | None, holders: list[MandateHolder]) -> str:
    """What the top suggestion implies, for the secretariat to confirm or change."""
    if suggestion is None:
        return ""
    weak_lexical = suggestion.bm25 < GAP_BM25
    weak_semantic = suggestion.embedding is None or suggestion.embedding < GAP_EMBEDDING
    if weak_lexical and weak_semantic:
        return Classification.GAP
    itu = [h for h in holders if h.organisation.acronym == ITU_ACRONYM]
    others = [h for h in holders if h.organisation.acronym != ITU_ACRONYM]
    if itu and (others or itu[0].role == HolderRole.CO):
        return Classification.SHARED
    if itu:
        return Classification.ITU
    if others:
        return Classification.OTHER
    return Classification.GAP


def paragraph_rows(
    analysis, run: SuggestionRun | None = None, *, only: list[int] | None = None
) -> list[ParagraphRow]:
    """Every paragraph (or those in `only`) with its suggestions and review.

    Suggestions come from the given run, else the latest finished one."""
    run = run or latest_run(analysis, finished=True)
    paragraphs = analysis.paragraphs.select_related("section", "review__reviewed_by")
    suggestion_qs = Suggestion.objects.filter(run=run)
    if only is not None:
        paragraphs = paragraphs.filter(pk__in=only)
        suggestion_qs = suggestion_qs.filter(paragraph_id__in=only)
    paragraphs = list(
        paragraphs.prefetch_related("review__mandates", "review__organisations").order_by("order")
    )
    suggestions: dict[int, list[Suggestion]] = defaultdict(list)
    if run is not None:
        for suggestion in (
            suggestion_qs.select_related("mandate")
            .prefetch_related(
                Prefetch(
                    "mandate__holders",
                    queryset=MandateHolder.objects.select_related("organisation"),
                )
            )
            .order_by("paragraph_id", "rank")
        ):
            suggestions[suggestion.paragraph_id].append(suggestion)
    rows = []
    for paragraph in paragraphs:
        items = suggestions.get(paragraph.pk, [])
        top = items[0] if items else None
        rows.append(
            ParagraphRow(
                paragraph=paragraph,
                suggestions=items,
                review=_review_of(paragraph),
                suggested_classification=suggested_classification(
                    top, list(top.mandate.holders.all()) if top else []
                ),
            )
        )
    return rows


def _review_of(paragraph: Paragraph) -> Review | None:
    try:
        return paragraph.review
    except Review.DoesNotExist:
        return None


def matrix(analysis, rows: list[ParagraphRow] | None = None):
    """Paragraphs × mandates: "R" where a review names the mandate, else the suggestion score."""
    rows = rows if rows is not None else paragraph_rows(analysis)
    columns = list(
        Mandate.objects.filter(active=True).exclude(children__isnull=False).order_by("order")
    )
    table = []
    for row in rows:
        reviewed = {m.code for m in row.review.mandates.all()} if row.review else set()
        scores = {s.mandate.code: s.score for s in row.suggestions}
        cells = []
        for mandate in columns:
            if mandate.code in reviewed:
                cells.append({"reviewed": True, "score": scores.get(mandate.code)})
            elif mandate.code in scores:
                cells.append({"reviewed": False, "score": scores[mandate.code]})
            else:
                cells.append(None)
        table.append((row, cells))
    return columns, table


def coverage(analysis, rows: list[ParagraphRow] | None = None) -> dict:
    """Counts of paragraphs by classification, per section and per action line."""
    rows = rows if rows is not None else paragraph_rows(analysis)
    keys = [*Classification.values, "pending"]
    by_section: dict[str, Counter] = {}
    by_mandate: dict[str, Counter] = {}
    totals: Counter = Counter()
    for row in rows:
        key = row.classification or "pending"
        section = row.paragraph.section.heading if row.paragraph.section else "—"
        by_section.setdefault(section, Counter())[key] += 1
        totals[key] += 1
        if row.review:
            codes = [m.code for m in row.review.mandates.all()]
        else:
            codes = [row.suggestions[0].mandate.code] if row.suggestions else []
        for code in codes:
            by_mandate.setdefault(code, Counter())[key] += 1
    mandates = {
        m.code: m for m in Mandate.objects.filter(active=True).exclude(children__isnull=False)
    }
    return {
        "keys": keys,
        "totals": [totals[k] for k in keys],
        "total": sum(totals.values()),
        "sections": [
            (name, [c[k] for k in keys], sum(c.values())) for name, c in by_section.items()
        ],
        "mandates": [
            (
                mandates[code],
                [by_mandate.get(code, Counter())[k] for k in keys],
                sum(by_mandate.get(code, Counter()).values()),
            )
            for code in sorted(mandates, key=lambda c: (mandates[c].order, c))
        ],
    }


def gaps(rows: list[ParagraphRow]) -> list[ParagraphRow]:
    return [row for row in rows if row.classification == Classification.GAP]
