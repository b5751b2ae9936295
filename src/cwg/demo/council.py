"""The demo's Council session C26 and the Chair's report submitted to it (idempotent).

The seed carries no cover sheet, so everything here is demo material: the session's dates and
venue, agenda item 7 and its title, the document's date and original language (English), its
number (the session's first, taken by the symbol counter) and Council's outcome ("took note").
"""

from __future__ import annotations

import datetime as dt

from cwg.groups.models import Group
from cwg.reports import queries, services
from cwg.reports.models import CouncilOutcome, CouncilSession

SESSION = {
    "code": "C26",
    "start_date": dt.date(2026, 4, 28),
    "end_date": dt.date(2026, 5, 8),
    "venue": {
        "en": "Geneva",
        "fr": "Genève",
        "es": "Ginebra",
        "ru": "Женева",
        "ar": "جنيف",
        "zh": "日内瓦",
    },
}
AGENDA_ITEM = (
    "7",
    {
        "en": "Reports of the Council working groups (demo)",
        "fr": "Rapports des groupes de travail du Conseil (démo)",
        "es": "Informes de los grupos de trabajo del Consejo (demo)",
        "ru": "Отчеты рабочих групп Совета (демо)",
        "ar": "تقارير أفرقة العمل التابعة للمجلس (عرض)",
        "zh": "理事会工作组的报告（演示）",
    },
)
MEETINGS = [22, 23]
DOCUMENT_DATE = dt.date(2026, 3, 16)
ORIGINAL_LANGUAGE = "en"
OUTCOME_DATE = dt.date(2026, 5, 6)


def load(actor) -> dict:
    """Record C26, its agenda item and the submitted report, each only when missing."""
    group = Group.objects.filter(slug="cwg-internet").first()
    if group is None:
        return {"submission": None}
    session = CouncilSession.objects.filter(code=SESSION["code"]).first()
    if session is None:
        session = services.create_council_session(actor, **SESSION)
    number, title = AGENDA_ITEM
    item = session.agenda_items.filter(number=number).first()
    if item is None:
        item = services.add_council_agenda_item(actor, session, number=number, title=title)
    submission = queries.council_submission(group, MEETINGS)
    if submission is None:
        submission = services.submit_to_council(
            actor,
            group,
            session=session,
            agenda_item=item,
            meetings=MEETINGS,
            document_date=DOCUMENT_DATE,
            original_language=ORIGINAL_LANGUAGE,
        )
    if not submission.outcome:
        submission = services.record_council_outcome(
            actor, submission, outcome=CouncilOutcome.TOOK_NOTE, date=OUTCOME_DATE
        )
    return {"submission": submission.symbol}
