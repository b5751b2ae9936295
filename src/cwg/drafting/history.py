"""What readers may see of the drafting room's records in a group's audit trail."""

from __future__ import annotations

from cwg.core import history
from cwg.drafting.models import Contribution, Revision
from cwg.drafting.permissions import can_view_revision
from cwg.drafting.queries import visible_texts


def _texts(reader, group_id: int | None):
    """As the text page: the texts the reader may open."""
    texts = visible_texts(reader)
    return texts.filter(group_id=group_id) if group_id is not None else texts


def _contributions(reader, group_id: int | None):
    """As the provision matrix: a text's proposals are seen with the text."""
    return Contribution.objects.filter(text__in=_texts(reader, group_id))


def _revisions(reader, group_id: int | None):
    """As the revision page: agreed revisions with their text, drafts for the secretariat
    and officers only."""
    revisions = Revision.objects.select_related("text", "text__group")
    if group_id is not None:
        revisions = revisions.filter(text__group_id=group_id)
    allowed = [r.pk for r in revisions if can_view_revision(reader, r)]
    return Revision.objects.filter(pk__in=allowed)


def register() -> None:
    history.register("drafting.text", _texts, group_of=lambda t: t.group_id)
    history.register("drafting.contribution", _contributions)
    history.register("drafting.revision", _revisions)
