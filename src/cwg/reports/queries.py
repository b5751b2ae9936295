"""The read side of reports: finding the group and meetings a request names."""

from __future__ import annotations

import re

from cwg.core.exceptions import InvalidInput, NotFound
from cwg.groups.models import Group
from cwg.meetings.models import Meeting
from cwg.reports.models import (
    CouncilAgendaItem,
    CouncilSession,
    CouncilSubmission,
    ReportAnnex,
)

_DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2212]")


def _key(text: str) -> str:
    return _DASHES.sub("-", str(text or "")).strip().casefold()


def find_group(identifier: str) -> Group:
    """The group named by its slug or its acronym in any language, ignoring case."""
    wanted = _key(identifier)
    if not wanted:
        raise InvalidInput("name the group by its acronym or slug", field="group")
    for group in Group.objects.order_by("id"):
        if _key(group.slug) == wanted or any(
            _key(acronym) == wanted for acronym in (group.acronym or {}).values()
        ):
            return group
    raise NotFound(f"no group is called {identifier!r}", field="group")


def parse_meeting_numbers(text) -> list[int]:
    """ "22,23" or "22-25" (or a list of numbers) as sorted meeting numbers."""
    if isinstance(text, list | tuple):
        text = ",".join(str(part) for part in text)
    numbers: set[int] = set()
    for part in str(text or "").split(","):
        part = part.strip()
        if not part:
            continue
        match = re.fullmatch(r"(\d+)\s*-\s*(\d+)", part)
        try:
            if match:
                first, last = int(match[1]), int(match[2])
                if last < first or last - first > 200:
                    raise ValueError
                numbers.update(range(first, last + 1))
            else:
                numbers.add(int(part))
        except ValueError:
            raise InvalidInput(
                f"meetings must be numbers separated by commas, e.g. 22,23 (got {part!r})",
                field="meetings",
            ) from None
    if not numbers:
        raise InvalidInput("name at least one meeting, e.g. 22,23", field="meetings")
    if min(numbers) < 1:
        raise InvalidInput("meeting numbers start at 1", field="meetings")
    return sorted(numbers)


def check_meetings_exist(group: Group, numbers: list[int]) -> None:
    known = set(
        Meeting.objects.filter(group=group, number__in=numbers).values_list("number", flat=True)
    )
    missing = [n for n in numbers if n not in known]
    if missing:
        listed = ", ".join(str(n) for n in missing)
        noun = "meeting" if len(missing) == 1 else "meetings"
        raise InvalidInput(
            f"{group.display_acronym('en')} has no {noun} {listed}", field="meetings"
        )


def parse_year(value, field: str) -> int:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        raise InvalidInput(f"{field} must be a year, e.g. 2022", field=field) from None
    if not 1865 <= year <= 2200:
        raise InvalidInput(f"{field} must be a year, e.g. 2022 (got {year})", field=field)
    return year


def reportable_groups(user) -> list[Group]:
    """The groups whose reports the person may generate."""
    from cwg.reports.permissions import can_generate_report

    return [g for g in Group.objects.order_by("slug") if can_generate_report(user, g)]


# ---------------------------------------------------------------- Council sessions


def council_submission(group: Group, numbers: list[int]):
    """The latest submission to Council of the group's Chair's report on these meetings."""
    return (
        CouncilSubmission.objects.filter(group=group, meetings=sorted(numbers))
        .select_related("session", "agenda_item", "group")
        .order_by("-session__start_date", "-id")
        .first()
    )


def council_sessions():
    return CouncilSession.objects.prefetch_related("agenda_items").order_by("-start_date", "code")


def find_council_session(code: str) -> CouncilSession:
    session = CouncilSession.objects.filter(code=str(code or "").strip().upper()).first()
    if session is None:
        raise NotFound(f"no Council session is called {code!r}", field="session")
    return session


def find_council_agenda_item(session: CouncilSession, number) -> CouncilAgendaItem:
    item = session.agenda_items.filter(number=str(number or "").strip()).first()
    if item is None:
        raise NotFound(f"{session.code} has no agenda item {number!r}", field="agenda_item")
    return item


def group_submissions(group: Group):
    """What the group sent to Council, newest session first, with Council's outcome."""
    return (
        CouncilSubmission.objects.filter(group=group)
        .select_related("session", "agenda_item")
        .order_by("-session__start_date", "-number")
    )


def group_page_council(user, group, so_far) -> dict:
    """The group page's reports to Council and their outcome (a cwg.core.sections part)."""
    return {"council_submissions": list(group_submissions(group))}


def find_council_submission(symbol: str) -> CouncilSubmission:
    """A submission by its Council symbol ("C26/35", a language letter allowed: "C26/35-F")."""
    match = re.fullmatch(r"\s*([A-Za-z]{1,3}\d{2})/(\d{1,6})(?:-[A-Za-z])?\s*", str(symbol or ""))
    submission = None
    if match:
        submission = (
            CouncilSubmission.objects.filter(session__code=match[1].upper(), number=int(match[2]))
            .select_related("session", "agenda_item", "group")
            .first()
        )
    if submission is None:
        raise NotFound(f"no Council document is called {symbol!r}", field="symbol")
    return submission


def cycle_council_submissions(group: Group, first_year: int, last_year: int) -> list:
    """The group's reports to Council sessions held in the cycle, oldest first."""
    return list(
        CouncilSubmission.objects.filter(
            group=group,
            session__start_date__year__gte=first_year,
            session__start_date__year__lte=last_year,
        )
        .select_related("session", "agenda_item")
        .order_by("session__start_date", "number")
    )


def report_annexes(group) -> list:
    """The texts annexed to the group's reports, by kind then in the order they were chosen."""
    return list(ReportAnnex.objects.filter(group=group).select_related("text"))
