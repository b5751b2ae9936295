"""The open-data exports the platform offers: each app's dataset, under one name."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from cwg.consultations import exports as consultation_exports
from cwg.core.exports import FORMATS, Dataset, export_response
from cwg.decisions import exports as decision_exports
from cwg.documents import exports as document_exports
from cwg.meetings import exports as meeting_exports

DATASETS: dict[str, Dataset] = {
    "documents": document_exports.DATASET,
    "decisions": decision_exports.DECISIONS,
    "actions": decision_exports.ACTIONS,
    "meetings": meeting_exports.DATASET,
    "submissions": consultation_exports.DATASET,
}
DESCRIPTIONS = {
    "documents": _("Document metadata: symbol, type, titles in six languages, language versions"),
    "decisions": _("Decisions: meeting, number, status, text in six languages"),
    "actions": _("Actions following the decisions: assignee, status, due date"),
    "meetings": _("Meetings: dates, venue, status, titles"),
    "submissions": _("Published submissions to the consultations"),
}


def download(user, dataset: str, fmt: str):
    """The named export as `user` may see it; an unknown name or format is not found."""
    if dataset not in DATASETS or fmt not in FORMATS:
        raise Http404("No such export.")
    return export_response(DATASETS[dataset], fmt, user)
