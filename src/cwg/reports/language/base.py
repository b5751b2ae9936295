"""What every language's report writer provides, and the parts they share."""

from __future__ import annotations

from dataclasses import dataclass

from cwg.groups.citations import join_words
from cwg.reports.language import dates


@dataclass(frozen=True)
class Citations:
    """Resolutions of one instrument cited together: how many, and the citation text."""

    instrument: str
    count: int
    text: str


@dataclass(frozen=True)
class MeetingWork:
    """What the group did at one meeting, as the records show it."""

    number: int
    consultations: int
    contributions: int
    decisions: int
    topics: tuple[str, ...] = ()  # the consultations' topics, when the report names them
    counted: bool = False  # the report style states how many contributions were examined


class Writer:
    """The sentences of a report in one language. Subclasses hold the wording."""

    code = ""
    letter = ""  # the language letter of ITU document symbols (F, E, S, R, C, A)
    rtl = False
    space = " "  # between two sentences; Chinese puts none
    labels: dict[str, str] = {}
    page_of = "Page {page} of {pages}"  # the page footer: {page} and {pages} become page numbers
    secretariat_name = "ITU General Secretariat"  # the author of the document files
    full_name = ""  # the group's full name in this language, set by the composer

    # Quotation marks around a consultation's topic.
    quotes = ("“", "”")

    # -- shared helpers
    def with_topics(self, phrase: str, work: MeetingWork) -> str:
        """The consultations' results, followed by their topics in brackets when named."""
        if not work.topics:
            return phrase
        opening, closing = self.quotes
        listed = "; ".join(f"{opening}{topic}{closing}" for topic in work.topics)
        return f"{phrase} ({listed})"

    def join(self, items: list[str]) -> str:
        return join_words(items, self.code)

    def span(self, start, end) -> str:
        return dates.span(self.code, start, end)

    def issued(self, date) -> str:
        return dates.issued(self.code, date)

    def when_and_where(self, spans, venues, *, respectively="", comma=", ", gap=" ") -> str:
        """The days of the meetings and where they were held; the place once if all met there.

        `respectively` follows the days, `comma` stands before the one shared place and `gap`
        between each day and its own place.
        """
        if len(set(venues)) <= 1:
            return f"{self.join(spans)}{respectively}{comma}{venues[0]}"
        where = [f"{span}{gap}{venue}" for span, venue in zip(spans, venues, strict=True)]
        return f"{self.join(where)}{respectively}"

    def years(self, first: int, last: int) -> str:
        return str(first) if first == last else f"{first}-{last}"

    def sentence(self, text: str) -> str:
        """End a text with a full stop unless it already ends with punctuation."""
        text = text.strip()
        stop = {"zh": "。"}.get(self.code, ".")
        return text if not text or text[-1] in ".!?:;。！？：؛" else text + stop
