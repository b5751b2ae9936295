"""What readers may see of consultations and their responses in a group's audit trail."""

from __future__ import annotations

from cwg.consultations.models import Compilation
from cwg.consultations.queries import visible_consultations, visible_submissions
from cwg.core import history


def _consultations(reader, group_id: int | None):
    consultations = visible_consultations(reader)
    return consultations if group_id is None else consultations.filter(group_id=group_id)


def _compilations(reader, group_id: int | None):
    # The compilation is published with its consultation (see `compilation_file`).
    return Compilation.objects.filter(consultation__in=_consultations(reader, group_id))


def register() -> None:
    history.register("consultations.consultation", _consultations)
    history.register("consultations.submission", visible_submissions)
    history.register("consultations.compilation", _compilations)
