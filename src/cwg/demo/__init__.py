"""The CWG-Internet demo: the records of the seed Chair's report, loaded idempotently.

`load_demo()` runs in steps, each in its own transaction: first the foundation records
(people and roles, resolutions, groups and their legal basis, venue, the 22nd and 23rd
meetings, their documents and approved reports, the decision of the 23rd meeting and its
action), then, where those modules exist, `cwg.demo.consultations.load(actor)` and
`cwg.demo.analysis.load(actor)` and `cwg.demo.drafting.load(actor)`. Every step only writes what is missing or differs, so running
it twice changes nothing. See `cwg.demo.records` for what is taken from the seed and what
is demo material.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

OPTIONAL_STEPS = (
    "cwg.demo.consultations",
    "cwg.demo.analysis",
    "cwg.demo.drafting",
    "cwg.demo.council",
)


@dataclass
class DemoResult:
    steps: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    changes: int = 0


def load_demo(*, log: Callable[[str], None] | None = None) -> DemoResult:
    """Load (or complete) the demo records; returns what ran and how many records changed."""
    from cwg.demo.foundation import load_foundation

    log = log or (lambda message: None)
    result = DemoResult()
    with transaction.atomic():
        actor, changes = load_foundation()
    result.steps.append("foundation")
    result.changes += changes
    log(f"foundation: {changes} record(s) written")
    for module_name in OPTIONAL_STEPS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            # Only a missing demo module is skipped; a broken import inside it is an error.
            if exc.name not in (module_name, module_name.rsplit(".", 1)[0]):
                raise
            result.skipped.append(module_name)
            log(f"{module_name}: not installed, skipped")
            continue
        with transaction.atomic():
            module.load(actor)
        result.steps.append(module_name)
        log(f"{module_name}: loaded")
    return result
