"""The Council document block of the Chair's report's cover: session, agenda item, symbol, date."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from cwg.core.i18n import pick
from cwg.reports.compose import Composition
from cwg.reports.language import dates
from cwg.reports.language.council import COVER, LANGUAGE_NAMES, session_days
from cwg.reports.models import CouncilSubmission


@dataclass(frozen=True)
class CouncilCover:
    """The lines ITU puts at the head of a Council document, in the report's language."""

    session: str  # "Council 2026"
    place_and_days: str  # "Geneva, 12-22 May 2026"
    agenda_item: str  # "Agenda item: 5"
    document: str  # "Document C26/35-E"
    date: str  # "28 April 2026"
    original: str  # "Original: English"

    @property
    def lines(self) -> list[str]:
        return [
            self.session,
            self.place_and_days,
            self.agenda_item,
            self.document,
            self.date,
            self.original,
        ]


def council_cover(submission: CouncilSubmission, language: str) -> CouncilCover:
    words = COVER[language]
    session = submission.session
    days = session_days(language, session.start_date, session.end_date)
    venue = pick(session.venue, language, fallback=True) if session.venue else ""
    comma = {"zh": "，", "ar": "، "}.get(language, ", ")
    item = submission.agenda_item
    title = pick(item.title, language, fallback=False)
    item_text = f"{item.number} – {title}" if title else item.number
    return CouncilCover(
        session=words["council"].format(year=session.start_date.year),
        place_and_days=f"{venue}{comma}{days}" if venue else days,
        agenda_item=words["agenda_item"].format(item=item_text),
        document=words["document"].format(symbol=submission.symbol_for(language)),
        date=dates.issued(language, submission.document_date),
        original=words["original"].format(
            language=LANGUAGE_NAMES[language][submission.original_language]
        ),
    )


def with_council_cover(composition: Composition, submission: CouncilSubmission) -> Composition:
    """The report as the Council document it was submitted as: its symbol and cover block."""
    return dataclasses.replace(
        composition,
        symbol=submission.symbol_for(composition.language),
        council=council_cover(submission, composition.language),
    )
