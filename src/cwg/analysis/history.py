"""What readers may see of gap analyses in a group's audit trail."""

from __future__ import annotations

from cwg.analysis.models import Review, SuggestionRun
from cwg.analysis.queries import analyses_for
from cwg.core import history


def _analyses(reader, group_id: int | None):
    analyses = analyses_for(reader)
    return analyses if group_id is None else analyses.filter(group_id=group_id)


def register() -> None:
    history.register("analysis.gapanalysis", _analyses)
    history.register(
        "analysis.suggestionrun",
        lambda reader, group_id: SuggestionRun.objects.filter(
            analysis__in=_analyses(reader, group_id)
        ),
    )
    history.register(
        "analysis.review",
        lambda reader, group_id: Review.objects.filter(
            paragraph__analysis__in=_analyses(reader, group_id)
        ),
    )
