"""Decisions and their actions as open-data exports: only what the reader may see."""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings

from cwg.core.exports import Dataset, keyset_batches
from cwg.decisions.queries import visible_actions, visible_decisions

LANGUAGES = tuple(settings.UN_LANGUAGES)
DECISION_COLUMNS = (
    "id",
    "group",
    "meeting",
    "number",
    "status",
    "addressee_kind",
    "due_date",
    "approved_at",
    *(f"text_{code}" for code in LANGUAGES),
)
ACTION_COLUMNS = (
    "id",
    "decision",
    "group",
    "meeting",
    "decision_number",
    "status",
    "assignee_kind",
    "due_date",
    *(f"description_{code}" for code in LANGUAGES),
)


def decision_rows(user) -> Iterator[tuple]:
    for decision in keyset_batches(visible_decisions(user)):
        yield (
            decision.pk,
            decision.meeting.group.slug,
            decision.meeting.number,
            decision.number,
            decision.status,
            decision.addressee_kind,
            decision.due_date,
            decision.approved_at,
            *(decision.text.get(code, "") for code in LANGUAGES),
        )


def action_rows(user) -> Iterator[tuple]:
    for action in keyset_batches(visible_actions(user)):
        yield (
            action.pk,
            action.decision_id,
            action.decision.meeting.group.slug,
            action.decision.meeting.number,
            action.decision.number,
            action.status,
            action.assignee_kind,
            action.due_date,
            *(action.description.get(code, "") for code in LANGUAGES),
        )


DECISIONS = Dataset("decisions", DECISION_COLUMNS, decision_rows)
ACTIONS = Dataset("actions", ACTION_COLUMNS, action_rows)
