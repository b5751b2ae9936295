"""Demo records of the gap analysis: the mandate catalogue and the WSIS+20 workspace of CWG-Internet."""

from __future__ import annotations

import json

from django.db import transaction

from cwg.analysis import services, wsis
from cwg.analysis.models import GapAnalysis
from cwg.core import audit
from cwg.decisions.models import Decision
from cwg.groups.models import Group

WORKSPACE_TITLE = "WSIS+20 outcome document (A/RES/80/173) against ITU's mandates"


def load(actor) -> dict:
    """Load the catalogue and the workspace; safe to run again (nothing is duplicated)."""
    counts = services.load_reference_mandates(actor)

    group = Group.objects.filter(slug="cwg-internet").first()
    if group is None:
        return {**counts, "workspace": None}
    decisions = list(
        Decision.objects.filter(meeting__group=group, meeting__number=23).order_by("number")
    )
    # The decision that asks for the gap analysis, else the meeting's first decision.
    decision = next(
        (d for d in decisions if "gap analysis" in (d.text.get("en") or "").lower()),
        decisions[0] if decisions else None,
    )
    metadata = json.loads((wsis.DATA_DIR / "wsis20_outcome_metadata.json").read_text("utf-8"))
    description = (
        f"{metadata['title']}. Adopted {metadata['adopted']}. The text is not shipped with the "
        "platform: the secretariat imports the file (DOCX, PDF or text) when it has it."
    )
    with transaction.atomic():
        analysis, created = GapAnalysis.objects.get_or_create(
            group=group,
            title=WORKSPACE_TITLE,
            defaults={
                "document_symbol": metadata["document"],
                "description": description,
                "decision": decision,
                "created_by": actor if getattr(actor, "pk", None) else None,
            },
        )
        if not created and decision is not None and analysis.decision_id is None:
            analysis.decision = decision
            analysis.save(update_fields=["decision"])
        if created:
            audit.record(actor, "analysis.created", analysis, after=audit.snapshot(analysis))
    return {**counts, "workspace": analysis.pk, "decision": decision.pk if decision else None}
