"""The error a report raises when the records lack something it must state."""

from __future__ import annotations

from cwg.core.exceptions import DomainError


class ReportIncomplete(DomainError):
    """The records miss facts the report needs; `gaps` names every one of them."""

    status_code = 409

    def __init__(self, gaps: list[str]):
        self.gaps = list(dict.fromkeys(gaps))  # keep order, drop repeats
        count = len(self.gaps)
        noun = "fact is" if count == 1 else "facts are"
        super().__init__(
            f"The report cannot be written: {count} {noun} missing from the records: "
            + "; ".join(self.gaps),
            code="ReportIncomplete",
        )
