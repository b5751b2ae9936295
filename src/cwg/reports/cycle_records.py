"""What the cycle report adds from the records: which meetings they cover, the consultations,
decisions and reports to Council over the cycle, and Council's outcomes."""

from __future__ import annotations

import dataclasses

from cwg.core.i18n import pick
from cwg.reports.compose import Composition, Paragraph, Section
from cwg.reports.facts import ReportFacts
from cwg.reports.language import dates
from cwg.reports.language.council import CYCLE, OUTCOMES


def _renumbered(section: Section, number: str) -> Section:
    moved = Section(number, section.heading)
    for paragraph in section.paragraphs:
        moved.add(paragraph.text, bullets=paragraph.bullets, quotes=paragraph.quotes)
    return moved


def _submission_line(submission, language: str) -> str:
    words = CYCLE[language]
    line = words["submission"].format(
        symbol=submission.symbol_for(language),
        item=submission.agenda_item.number,
        date=dates.issued(language, submission.document_date),
    )
    colon = "：" if language == "zh" else ": "
    if not submission.outcome:
        return f"{line}{colon}{words['pending']}"
    details = [submission.outcome_reference] if submission.outcome_reference else []
    if submission.outcome_date:
        details.append(dates.issued(language, submission.outcome_date))
    outcome = OUTCOMES[language][submission.outcome]
    comma = "，" if language == "zh" else ", "
    return f"{line}{colon}{outcome}" + (f" ({comma.join(details)})" if details else "")


def with_cycle_records(composition: Composition, facts: ReportFacts, submissions) -> Composition:
    """The cycle report saying plainly which meetings its records cover (not implying the group
    met only those times), with a section on consultations, decisions and Council's outcomes."""
    language = composition.language
    words = CYCLE[language]
    acronym = pick(facts.group.acronym, language, fallback=True)
    start, end = facts.period
    first = facts.meetings[0].number
    sections = list(composition.sections)
    activities = sections[1]
    held = words["held_partial"] if first > 1 else words["held"]
    opening = activities.paragraphs[0]
    activities.paragraphs[0] = Paragraph(
        opening.number,
        held.format(acronym=acronym, start=start, end=end, first=first),
        opening.bullets,
        opening.quotes,
    )

    records = Section("3", words["heading"])
    consultations = [
        words["consultation"].format(topic=pick(topic, language, fallback=True), meeting=m.number)
        for m in facts.meetings
        for topic in m.consultations
    ]
    if consultations:
        records.add(words["consultations"], bullets=consultations)
    else:
        records.add(words["no_consultations"])
    decisions = [
        words["decision"].format(
            meeting=m.number,
            number=d.number,
            text=" ".join(
                bit
                for bit in (
                    pick(d.noted, language, fallback=True),
                    pick(d.text, language, fallback=True),
                )
                if bit
            ),
        )
        for m in facts.meetings
        for d in m.decisions
    ]
    if decisions:
        records.add(words["decisions"], bullets=decisions)
    else:
        records.add(words["no_decisions"])
    sent = [_submission_line(s, language) for s in submissions]
    if sent:
        records.add(words["submissions"], bullets=sent)
    else:
        records.add(words["no_submissions"])
    sections = [
        *sections[:2],
        records,
        *(_renumbered(s, str(i + 4)) for i, s in enumerate(sections[2:])),
    ]
    return dataclasses.replace(composition, sections=sections)
