"""CWG-Internet's 22nd and 23rd meetings as the seed states them, in the six languages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cwg.consultations.models import Consultation
from cwg.decisions.models import Decision
from cwg.demo.records import PLACE_BUCHAREST, VENUE
from cwg.documents.models import DocumentType, ReportState
from cwg.groups.models import Resolution
from cwg.meetings.models import Venue
from cwg.testing.factories import (
    DecisionFactory,
    DocumentFactory,
    GroupFactory,
    GroupResolutionFactory,
    MeetingFactory,
    MeetingReportFactory,
    member_state,
)
from cwg.testing.personas import Personas, build_personas

ISSUED_ON = dt.date(2026, 3, 2)

NAME = {
    "en": "Council Working Group on International Internet-related Public Policy Issues",
    "fr": "Groupe de travail du Conseil sur les questions de politiques publiques "
    "internationales relatives à l'Internet",
    "es": "Grupo de Trabajo del Consejo sobre cuestiones de política pública internacional "
    "relacionadas con Internet",
    "ru": "Рабочая группа Совета по вопросам международной государственной политики, "
    "касающимся интернета",
    "ar": "فريق العمل التابع للمجلس المعني بقضايا السياسات العامة الدولية المتعلقة بالإنترنت",
    "zh": "理事会国际互联网公共政策问题工作组",
}
ACRONYM = {
    "en": "CWG-Internet",
    "fr": "GTC-Internet",
    "es": "GTC-Internet",
    "ru": "РГС-Интернет",
    "ar": "فريق العمل المعني بالإنترنت",
    "zh": "理事会互联网工作组",
}
INSTRUCTS_102 = {
    "fr": "–\td'examiner les rapports du GTC-Internet et de prendre les mesures nécessaires;\n"
    "–\tde faire rapport à la Conférence de plénipotentiaires de 2026.",
    "en": "–\tto consider the reports of CWG-Internet and take the necessary action;\n"
    "–\tto report to the 2026 Plenipotentiary Conference.",
    "es": "–\texaminar los informes del GTC-Internet y adoptar las medidas necesarias;\n"
    "–\tinformar a la Conferencia de Plenipotenciarios de 2026.",
    "ru": "–\tрассматривать отчеты РГС-Интернет и принимать необходимые меры;\n"
    "–\tпредставить отчет Полномочной конференции 2026 года.",
    "ar": "–\tأن ينظر في تقارير فريق العمل وأن يتخذ الإجراءات اللازمة؛\n"
    "–\tأن يقدم تقريراً إلى مؤتمر المندوبين المفوضين لعام 2026.",
    "zh": "–\t审议该工作组的报告并采取必要行动；\n–\t向2026年全权代表大会提交报告。",
}
NOTED = {
    "fr": "Les membres ont noté que le document issu du SMSI+20 est un cadre large.",
    "en": "Members noted that the WSIS+20 outcome document is a broad framework.",
    "es": "Los miembros tomaron nota de que el documento final de la CMSI+20 es un marco amplio.",
    "ru": "Члены отметили, что итоговый документ ВВУИО+20 представляет собой широкую основу.",
    "ar": "لاحظ الأعضاء أن الوثيقة الختامية للقمة العالمية +20 إطار واسع.",
    "zh": "成员们注意到，信息社会世界峰会+20成果文件是一个宽泛的框架。",
}
DECISION = {
    "fr": "Le GTC-Internet a demandé au Secrétariat de contribuer à l'analyse des lacunes.",
    "en": "CWG-Internet requested the Secretariat to contribute to the gap analysis.",
    "es": "El GTC-Internet pidió a la Secretaría que contribuyera al análisis de las lagunas.",
    "ru": "РГС-Интернет поручила Секретариату внести вклад в анализ пробелов.",
    "ar": "طلب الفريق من الأمانة أن تسهم في تحليل الثغرات.",
    "zh": "理事会互联网工作组请秘书处为差距分析作出贡献。",
}


@dataclass
class SeedRecords:
    personas: Personas
    group: object
    meetings: dict
    decision: Decision
    venue: Venue


def resolution(instrument, number, kind, year, place=None):
    return Resolution.objects.create(
        instrument=instrument,
        number=number,
        revision_kind=kind,
        year=year,
        place=place or {},
        title={"en": f"Resolution {number}"},
    )


def build_seed(*, contributions: int = 3) -> SeedRecords:
    """The seed's facts as records, with texts in all six languages."""
    group = GroupFactory(
        slug="cwg-internet",
        acronym=ACRONYM,
        name=NAME,
        symbol_prefix="CWG-INTERNET",
        participation="member_states",
        holds_open_consultations=True,
    )
    personas = build_personas(group)
    pp102 = resolution("PP", "102", "rev", 2022, PLACE_BUCHAREST)
    pp140 = resolution("PP", "140", "rev", 2022, PLACE_BUCHAREST)
    c1305 = resolution("C", "1305", "mod", 2019)
    c1336 = resolution("C", "1336", "mod", 2019)
    for order, (res, role, summary) in enumerate(
        [
            (pp102, "accordance", {}),
            (pp140, "accordance", {}),
            (c1305, "issues", {}),
            (c1336, "establishes", {}),
            (c1336, "mandate", {}),
            (pp102, "instructs", INSTRUCTS_102),
        ]
    ):
        GroupResolutionFactory(group=group, resolution=res, role=role, order=order, summary=summary)
    venue = Venue.objects.create(
        name={
            "en": "ITU headquarters",
            "fr": "siège de l'UIT",
            "es": "la sede de la UIT",
            "ru": "штаб-квартира МСЭ",
            "zh": "国际电联总部",
            "ar": "مقر الاتحاد",
        },
        city=VENUE["city"],
        country=member_state("CHE"),
    )
    days = {22: (dt.date(2025, 9, 15), dt.date(2025, 9, 16)), 23: (dt.date(2026, 1, 20),) * 2}
    meetings = {
        number: MeetingFactory(
            group=group,
            number=number,
            start_date=first,
            end_date=last,
            venue=venue,
            status="held",
        )
        for number, (first, last) in days.items()
    }
    for number, meeting in meetings.items():
        report = DocumentFactory(meeting=meeting, document_type=DocumentType.MEETING_REPORT)
        MeetingReportFactory(
            meeting=meeting,
            document=report,
            state=ReportState.APPROVED,
            approved_on=dt.date(2026, 1, 20) if number == 22 else dt.date(2026, 2, 27),
        )
        Consultation.objects.create(
            group=group,
            slug=f"consultation-{number}",
            topic={"en": f"Topic examined at meeting {number}"},
            state="examined",
            examined_at_meeting=meeting,
        )
    for _ in range(contributions):
        DocumentFactory(meeting=meetings[22], document_type=DocumentType.CONTRIBUTION)
    decision = DecisionFactory(
        meeting=meetings[23],
        number=1,
        status="approved",
        noted=NOTED,
        text=DECISION,
        addressee_kind="secretariat",
    )
    return SeedRecords(personas, group, meetings, decision, venue)
