"""Turn a report's facts into its text in one language: title, cover sheet, sections, signature."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, is_dataclass

from cwg.core.i18n import pick
from cwg.groups.citations import cite, cite_many
from cwg.groups.models import ResolutionRole
from cwg.reports.errors import ReportIncomplete
from cwg.reports.facts import MeetingFacts, ReportFacts
from cwg.reports.language import typography
from cwg.reports.language import writer as writer_for
from cwg.reports.language.base import Citations, MeetingWork, Writer
from cwg.reports.models import ReportKind

# Higher instruments are cited first, then by number, as ITU documents do.
INSTRUMENT_RANK = {"PP": 0, "C": 1, "WTSA": 2, "WTDC": 3, "RA": 4, "UNGA": 5}


@dataclass
class Paragraph:
    number: str
    text: str
    bullets: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)


@dataclass
class Section:
    number: str
    heading: str
    paragraphs: list[Paragraph] = field(default_factory=list)

    def add(self, text: str, *, bullets=(), quotes=()) -> Paragraph:
        paragraph = Paragraph(
            f"{self.number}.{len(self.paragraphs) + 1}", text, list(bullets), list(quotes)
        )
        self.paragraphs.append(paragraph)
        return paragraph


@dataclass(frozen=True)
class ReportStyle:
    """How the secretariat wants the work of each meeting worded."""

    count_contributions: bool = False  # "the 3 contributions" rather than "the contributions"
    consultation_topics: bool = False  # name the topics of the consultations examined


@dataclass
class CoverField:
    key: str
    label: str
    text: str


@dataclass
class Composition:
    """A report written out in one language, ready for HTML, PDF or DOCX."""

    language: str
    rtl: bool
    symbol: str
    issued: str
    top_line: str
    title: str
    cover: list[CoverField]
    sections: list[Section]
    signature: list[str]
    labels: dict
    colon: str = ": "  # after a label such as "Date" (full-width in Chinese)
    secretariat: str = ""  # the author in the files' properties
    page_of: str = "{page} / {pages}"  # the page footer
    issued_on: dt.date | None = None  # the document's date, for the files' properties
    council: object = None  # council_cover.CouncilCover once submitted to a Council session
    annexes: list = field(default_factory=list)  # annexes.Annex: texts agreed by the group

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"

    @property
    def filename_stem(self) -> str:
        return "".join(c if c.isalnum() or c in "-_" else "-" for c in self.symbol).strip("-")

    def plain_text(self) -> str:
        """Everything the reader sees, in reading order (used to check outputs)."""
        lines = [self.top_line, self.title]
        if self.council is not None:
            lines += self.council.lines
        for item in self.cover:
            lines += [item.label, item.text]
        for section in self.sections:
            lines.append(f"{section.number} {section.heading}")
            for paragraph in section.paragraphs:
                lines.append(f"{paragraph.number} {paragraph.text}")
                lines += paragraph.bullets + paragraph.quotes
        lines += self.signature
        for annex in self.annexes:
            lines += annex.lines()
        return "\n".join(lines)


def _sorted(resolutions) -> list:
    def key(resolution):
        number = resolution.number
        numeric = int(number) if number.isdigit() else 10**9
        return (INSTRUMENT_RANK.get(resolution.instrument, 9), numeric, number, resolution.year)

    return sorted(resolutions, key=key)


def _by_instrument(resolutions, language: str) -> list[Citations]:
    groups: dict[str, list] = {}
    for resolution in _sorted(resolutions):
        groups.setdefault(resolution.instrument, []).append(resolution)
    return [
        Citations(instrument, len(items), cite_many(items, language))
        for instrument, items in groups.items()
    ]


class _Composer:
    def __init__(self, facts: ReportFacts, language: str, style: ReportStyle | None = None):
        self.facts = facts
        self.language = language
        self.style = style or ReportStyle()
        self.w: Writer = writer_for(language)
        self.gaps: list[str] = []
        group = facts.group
        self.name = self._text(group.name, f"the {language} name of the group")
        self.w.full_name = self.name
        self.acronym = self._text(group.acronym, f"the {language} acronym of the group")

    def _text(self, texts: dict | None, what: str) -> str:
        value = pick(texts, self.language, fallback=False)
        if not value:
            self.gaps.append(f"{what} is missing")
        return value

    # -- pieces
    def venue(self, meeting: MeetingFacts) -> str:
        v = meeting.venue
        if v is None:
            return ""
        if v.is_virtual:
            return self.w.venue("", "", "", True)
        where = f"the venue of meeting {meeting.number}"
        name = self._text(v.name, f"the {self.language} name of {where}")
        city = pick(v.city, self.language, fallback=False)
        if v.city and not city:
            self.gaps.append(f"the {self.language} city of {where} is missing")
        country = ""
        if v.country_names is not None:
            country = self._text(
                v.country_names, f"the {self.language} name of the country of {where}"
            )
        return self.w.venue(name, city, country, False)

    def cover_text(self, field_name: str, default: str) -> str:
        return pick(getattr(self.facts.cover, field_name), self.language, fallback=False) or default

    # -- the document
    def compose(self) -> Composition:
        f, w = self.facts, self.w
        numbers = f.numbers
        spans = [w.span(m.start, m.end) for m in f.meetings]
        venues = [self.venue(m) for m in f.meetings]
        all_resolutions = f.resolutions()
        every = _by_instrument(all_resolutions, self.language)
        first_year, last_year = f.years

        if f.kind == ReportKind.CYCLE:
            top_line = w.cycle_top_line(self.acronym)
            title = w.cycle_title(self.name, *f.period)
            purpose = w.cycle_purpose(self.name, self.acronym, *f.period, every)
        else:
            top_line = w.top_line(self.acronym)
            title = w.title(numbers, self.name)
            purpose = w.purpose(numbers, self.name, self.acronym, spans, every)
        action = self.cover_text("action_required", w.default_action(f.kind))
        financial = self.cover_text("financial_implications", w.default_financial())
        financial = financial.replace("{years}", w.years(first_year, last_year))
        references = cite_many(_sorted(all_resolutions), self.language)
        labels = w.labels
        cover = [
            CoverField("purpose", labels["purpose"], purpose),
            CoverField("action", labels[f"action_{f.kind}"], action),
            CoverField(
                "strategic",
                labels["strategic"],
                self.cover_text("strategic_plan_links", w.default_strategic()),
            ),
            CoverField("financial", labels["financial"], financial),
            CoverField("references", labels["references"], w.sentence(references)),
        ]

        sections = [
            self.introduction(),
            self.activities(numbers, spans, venues),
            self.conclusion(numbers, action),
        ]
        chair = f.chair
        country = self._text(
            chair.country_names, f"the {self.language} name of the chair's country"
        )
        signature = [
            w.signature(pick(chair.names, self.language, fallback=False) or chair.name, country),
            self.cover_text("chair_title", w.chair_title(self.acronym)),
        ]
        if self.gaps:
            raise ReportIncomplete(self.gaps)
        symbol = f.symbol or f.cover.document_symbol or self.default_symbol()
        return Composition(
            language=self.language,
            rtl=w.rtl,
            symbol=f"{symbol}-{w.letter}",
            issued=w.issued(f.issued_on),
            top_line=top_line,
            title=title,
            cover=cover,
            sections=sections,
            signature=signature,
            labels=labels,
        )

    def default_symbol(self) -> str:
        f = self.facts
        prefix = f.group.symbol_prefix
        if f.kind == ReportKind.CYCLE:
            return f"{prefix}/PP/{f.period[0]}-{f.period[1]}"
        numbers = f.numbers
        span = str(numbers[0]) if len(numbers) == 1 else f"{numbers[0]}-{numbers[-1]}"
        return f"{prefix}/CHAIR/{span}"

    def introduction(self) -> Section:
        f, w, lang = self.facts, self.w, self.language
        section = Section("1", w.labels["introduction"])
        establishing = f.resolutions(ResolutionRole.ESTABLISHES)
        instruments = {r.instrument for r in establishing}
        accordance = [
            r
            for r in f.resolutions(ResolutionRole.ACCORDANCE, ResolutionRole.INSTRUCTS)
            if r.instrument not in instruments
        ]
        established = _by_instrument(establishing, lang)
        text = w.established(
            self.name, self.acronym, established[0], _by_instrument(accordance, lang)
        )
        participation = w.participation(
            self.acronym, f.group.participation, f.group.holds_open_consultations
        )
        section.add(f"{text}{w.space}{participation}")
        mandate = _by_instrument(f.resolutions(ResolutionRole.MANDATE), lang)
        section.add(w.mandate(self.acronym, mandate[0]))
        for entry in f.basis:
            if entry.role != ResolutionRole.INSTRUCTS or not any(entry.summary.values()):
                continue
            citation = cite(entry.resolution, lang, with_instrument=False)
            summary = self._text(
                entry.summary,
                f"the {lang} summary of what {cite(entry.resolution, 'en')} instructs",
            )
            bullets = [line.strip(" \t–-•") for line in summary.splitlines() if line.strip()]
            section.add(
                w.instructs(citation, entry.resolution.instrument, self.acronym),
                bullets=bullets,
            )
        return section

    def activities(self, numbers, spans, venues) -> Section:
        f, w = self.facts, self.w
        section = Section("2", w.activities_heading(self.acronym))
        if f.kind == ReportKind.CYCLE:
            items = [
                w.cycle_meeting(m.number, span, venue)
                for m, span, venue in zip(f.meetings, spans, venues, strict=True)
            ]
            section.add(w.cycle_held(self.acronym, *f.period, len(numbers)), bullets=items)
            section.add(w.cycle_reports_approved(len(numbers)))
        else:
            section.add(w.held(self.acronym, numbers, spans, venues))
            section.add(w.reports_approved(numbers))
        for meeting in f.meetings:
            topics = ()
            if self.style.consultation_topics:
                topics = tuple(pick(topic, self.language) for topic in meeting.consultations)
            work = MeetingWork(
                meeting.number,
                len(meeting.consultations),
                meeting.contributions,
                len(meeting.decisions),
                topics=tuple(topic for topic in topics if topic),
                counted=self.style.count_contributions,
            )
            text = w.meeting_work(work)
            if not text:
                continue
            quotes = []
            for decision in meeting.decisions:
                where = f"decision {decision.number} of meeting {meeting.number}"
                body = self._text(decision.text, f"the {self.language} text of {where}")
                noted = pick(decision.noted, self.language, fallback=False)
                if decision.noted and not noted:
                    self.gaps.append(f"the {self.language} 'noted' text of {where} is missing")
                quotes.append(self.w.space.join(bit for bit in (noted, body) if bit))
            section.add(text, quotes=quotes)
        return section

    def conclusion(self, numbers, action) -> Section:
        f, w = self.facts, self.w
        section = Section("3", w.labels["conclusion"])
        section.add(action)
        override = pick(f.cover.acknowledgements, self.language, fallback=False)
        if override:
            thanks = override.replace("{meetings}", w.meetings_placeholder(numbers, f.period))
        else:
            thanks = w.default_acknowledgements(self.acronym, numbers, f.period, f.has_vice_chairs)
        section.add(thanks)
        return section


# Fields that are codes or identifiers, never typeset (symbols keep their plain hyphens).
_UNTYPESET = {"language", "key", "number", "colon", "page_of", "issued_on"}


def _typeset(value, language: str, name: str = ""):
    """Every text of the composition with the language's typography, identifiers untouched."""
    if name in _UNTYPESET or "symbol" in name:
        return value
    if isinstance(value, str):
        return typography.typeset(value, language)
    if isinstance(value, list):
        return [_typeset(item, language) for item in value]
    if isinstance(value, dict):
        return {key: _typeset(item, language) for key, item in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        for item in fields(value):
            setattr(value, item.name, _typeset(getattr(value, item.name), language, item.name))
    return value


def compose(facts: ReportFacts, language: str, style: ReportStyle | None = None) -> Composition:
    """The report in one language; ReportIncomplete names every text missing in it."""
    composer = _Composer(facts, language, style)
    composition = composer.compose()
    composition.colon = typography.colon(language)
    composition.secretariat = composer.w.secretariat_name
    composition.page_of = composer.w.page_of
    composition.issued_on = facts.issued_on
    return _typeset(composition, language)
