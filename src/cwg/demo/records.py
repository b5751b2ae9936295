"""The demo records of CWG-Internet's 22nd and 23rd meetings, as the Chair's report states them.

Source: the Chair's report to Council on the results of the 22nd and 23rd meetings (French),
kept as the project's seed. Texts quoted from it keep its characters (non-breaking hyphens in
"GTC‑Internet", a no-break space). Resolution titles come only from the project's mandate index;
where no title was found, none is stored. Everything the seed does not say is demo material and
is named as such here:

- the vice-chairs, the secretariat officer, the delegates, the Council member and the stakeholder
  are made-up people (their last names end in "(demo)"); the Chair is the one the seed names;
- the Member States' contributions to the 22nd meeting and their titles are made up (the seed says
  only that the group examined "les contributions soumises par les membres");
- the approval of the reports: the seed says both reports were approved by the group. The demo
  records the report of the 22nd meeting as approved at the 23rd meeting (20 January 2026), and
  the report of the 23rd meeting as circulated on 30 January 2026 and approved by correspondence
  on 27 February 2026 (no later meeting is recorded, so it carries no approving meeting).
"""

from __future__ import annotations

import datetime as dt

DEMO_PASSWORD = "demo-password-2026"

PLACE_BUCHAREST = {
    "en": "Bucharest",
    "fr": "Bucarest",
    "es": "Bucarest",
    "ru": "Бухарест",
    "zh": "布加勒斯特",
    "ar": "بوخارست",
}

# (key, instrument, number, revision kind, year, place, title)
RESOLUTIONS = [
    (
        "pp102",
        "PP",
        "102",
        "rev",
        2022,
        PLACE_BUCHAREST,
        {
            # As given for Res. 102 in earlier revisions (mandate index); kept by PP-22.
            "en": "ITU's role with regard to international public policy issues pertaining to "
            "the Internet and the management of Internet resources, including domain names "
            "and addresses",
        },
    ),
    ("pp140", "PP", "140", "rev", 2022, PLACE_BUCHAREST, {}),
    ("c1305", "C", "1305", "mod", 2019, {}, {}),
    ("c1336", "C", "1336", "mod", 2019, {}, {}),
]

CWG_INTERNET = {
    "slug": "cwg-internet",
    "acronym": {
        "en": "CWG-Internet",
        "fr": "GTC-Internet",
        "es": "GTC-Internet",
        "ru": "РГС-Интернет",
        "ar": "CWG-Internet",
        "zh": "CWG-Internet",
    },
    "name": {
        "en": "Council Working Group on International Internet-related Public Policy Issues",
        "fr": "Groupe de travail du Conseil sur les questions de politiques publiques "
        "internationales relatives à l'Internet",
        "es": "Grupo de Trabajo del Consejo sobre cuestiones de política pública "
        "internacional relacionadas con Internet",
        "ru": "Рабочая группа Совета по вопросам международной государственной политики, "
        "касающимся интернета",
        "ar": "فريق العمل التابع للمجلس المعني بالقضايا الدولية للسياسات العامة المتعلقة بالإنترنت",
        "zh": "理事会国际互联网相关公共政策问题工作组",
    },
    "mandate": {
        "fr": "Le mandat du GTC-Internet est défini dans la Résolution 1336 (Mod. 2019) du "
        "Conseil.",
        "en": "The mandate of CWG-Internet is defined in Council Resolution 1336 (Mod. 2019).",
        # Working translations of the sentence above (not official texts).
        "es": "El mandato del GTC-Internet se define en la Resolución 1336 (Mod. 2019) del "
        "Consejo.",
        "ru": "Мандат РГС-Интернет определен в Резолюции 1336 Совета (изм. 2019 г.).",
        "ar": "ترد ولاية فريق العمل CWG-Internet في القرار 1336 (المعدل في 2019) للمجلس.",
        "zh": "CWG-Internet的职责范围由理事会第1336号决议（2019年修订版）规定。",
    },
    "symbol_prefix": "CWG-INTERNET",
    "participation": "member_states",
    "holds_open_consultations": True,
    "visibility": "public",
    "reports_to": "Council",
}

# The acronyms as the seed and the group's own texts write them; in Arabic and Chinese ITU keeps
# the Latin acronym, as for CWG-Internet. The names are the ITU terms for WSIS and the SDGs.
CWG_WSIS_SDG = {
    "slug": "cwg-wsis-sdg",
    "acronym": {
        "en": "CWG-WSIS&SDG",
        "fr": "GTC-SMSI/ODD",
        "es": "GTC-CMSI/ODS",
        "ru": "РГС-ВВУИО и ЦУР",
        "ar": "CWG-WSIS&SDG",
        "zh": "CWG-WSIS&SDG",
    },
    "name": {
        "en": "Council Working Group on the World Summit on the Information Society and the "
        "Sustainable Development Goals",
        "fr": "Groupe de travail du Conseil sur le Sommet mondial sur la société de "
        "l'information et les Objectifs de développement durable",
        "es": "Grupo de Trabajo del Consejo sobre la Cumbre Mundial sobre la Sociedad de la "
        "Información y los Objetivos de Desarrollo Sostenible",
        "ru": "Рабочая группа Совета по Всемирной встрече на высшем уровне по вопросам "
        "информационного общества и Целям в области устойчивого развития",
        "ar": "فريق العمل التابع للمجلس المعني بالقمة العالمية لمجتمع المعلومات وأهداف التنمية "
        "المستدامة",
        "zh": "理事会信息社会世界峰会和可持续发展目标工作组",
    },
    "mandate": {},
    "symbol_prefix": "CWG-WSIS&SDG",
    "participation": "members",
    "holds_open_consultations": False,
    "visibility": "public",
    "reports_to": "Council",
}

INSTRUCTS_102_FR = (
    "–\tde prier le GTC-Internet, limité à la participation des États Membres, de mener des "
    "consultations ouvertes avec toutes les parties prenantes, selon les lignes directrices "
    "établies dans la Résolution;\n"
    "–\tcompte tenu des rapports annuels présentés par le Secrétaire général et les Directeurs "
    "des Bureaux, de prendre des mesures appropriées pour contribuer activement à la mise en "
    "œuvre de la Résolution et aux initiatives internationales se rapportant à la Résolution, "
    "dans le cadre du mandat de l'UIT;\n"
    "–\td'examiner les rapports du GTC-Internet et de prendre les mesures nécessaires;\n"
    "–\tde faire rapport à la Conférence de plénipotentiaires de 2026 sur les activités menées "
    "et les résultats obtenus concernant la mise en œuvre de la Résolution, en soumettant des "
    "propositions devant éventuellement être étudiées plus avant."
)
INSTRUCTS_102_EN = (
    "–\tto request CWG-Internet, limited to the participation of Member States, to hold open "
    "consultations with all stakeholders, in accordance with the guidelines set out in the "
    "Resolution;\n"
    "–\ttaking into account the annual reports submitted by the Secretary-General and the "
    "Directors of the Bureaux, to take appropriate measures to contribute actively to the "
    "implementation of the Resolution and to international initiatives related to the "
    "Resolution, within ITU's mandate;\n"
    "–\tto consider the reports of CWG-Internet and take the necessary action;\n"
    "–\tto report to the 2026 Plenipotentiary Conference on the activities undertaken and the "
    "results achieved in implementing the Resolution, submitting proposals for possible further "
    "study."
)
# Working translations of the seed's French for the other languages (not official texts).
INSTRUCTS_102_ES = (
    "–\tpedir al GTC-Internet, limitado a la participación de los Estados Miembros, que celebre "
    "consultas abiertas con todas las partes interesadas, con arreglo a las directrices "
    "establecidas en la Resolución;\n"
    "–\tteniendo en cuenta los informes anuales presentados por el Secretario General y los "
    "Directores de las Oficinas, adoptar las medidas adecuadas para contribuir activamente a la "
    "aplicación de la Resolución y a las iniciativas internacionales relacionadas con la "
    "Resolución, en el marco del mandato de la UIT;\n"
    "–\texaminar los informes del GTC-Internet y adoptar las medidas necesarias;\n"
    "–\tinformar a la Conferencia de Plenipotenciarios de 2026 sobre las actividades realizadas y "
    "los resultados obtenidos en la aplicación de la Resolución, presentando propuestas para su "
    "eventual estudio ulterior."
)
INSTRUCTS_102_RU = (
    "–\tпоручить РГС-Интернет, участие в которой ограничено Государствами-Членами, проводить "
    "открытые консультации со всеми заинтересованными сторонами в соответствии с руководящими "
    "указаниями, установленными в Резолюции;\n"
    "–\tс учетом годовых отчетов, представляемых Генеральным секретарем и Директорами Бюро, "
    "принимать надлежащие меры для активного содействия выполнению Резолюции и международным "
    "инициативам, связанным с Резолюцией, в рамках мандата МСЭ;\n"
    "–\tрассматривать отчеты РГС-Интернет и принимать необходимые меры;\n"
    "–\tпредставить Полномочной конференции 2026 года отчет о проделанной работе и результатах, "
    "достигнутых в выполнении Резолюции, с предложениями для возможного дальнейшего изучения."
)
INSTRUCTS_102_AR = (
    "–\tأن يطلب إلى فريق العمل التابع للمجلس المعني بالإنترنت، المقتصرة المشاركة فيه على الدول "
    "الأعضاء، إجراء مشاورات مفتوحة مع جميع أصحاب المصلحة وفقاً للمبادئ التوجيهية المحددة في "
    "القرار؛\n"
    "–\tأن يتخذ، مع مراعاة التقارير السنوية المقدمة من الأمين العام ومديري المكاتب، التدابير "
    "المناسبة للمساهمة بفعالية في تنفيذ القرار وفي المبادرات الدولية المتصلة به، في إطار ولاية "
    "الاتحاد؛\n"
    "–\tأن ينظر في تقارير فريق العمل وأن يتخذ الإجراءات اللازمة؛\n"
    "–\tأن يقدم تقريراً إلى مؤتمر المندوبين المفوضين لعام 2026 عن الأنشطة المضطلع بها والنتائج "
    "المحققة في تنفيذ القرار، مع مقترحات لمواصلة دراستها عند الاقتضاء."
)
INSTRUCTS_102_ZH = (
    "–\t请仅限成员国参加的CWG-Internet根据该决议确定的指导原则，与所有利益攸关方开展公开磋商；\n"
    "–\t考虑到秘书长和各局主任提交的年度报告，在国际电联职责范围内采取适当措施，"
    "积极推动该决议的落实以及与该决议相关的国际举措；\n"
    "–\t审议CWG-Internet的报告并采取必要行动；\n"
    "–\t向2026年全权代表大会报告落实该决议所开展的活动和取得的成果，并提出可供进一步研究的建议。"
)

# The summaries are the seed's French and working translations of it (not official texts).
ESTABLISHED_IN_ACCORDANCE = {
    "fr": "Le GTC-Internet a été créé conformément à cette Résolution.",
    "en": "CWG-Internet was established in accordance with this Resolution.",
    "es": "El GTC-Internet se creó de conformidad con esta Resolución.",
    "ru": "РГС-Интернет была создана в соответствии с настоящей Резолюцией.",
    "ar": "أُنشئ فريق العمل CWG-Internet وفقاً لهذا القرار.",
    "zh": "CWG-Internet是根据本决议设立的。",
}

# (resolution key, role, summary); the order is the order of citation in the seed.
CWG_INTERNET_LEGAL_BASIS = [
    (
        "pp102",
        "accordance",
        ESTABLISHED_IN_ACCORDANCE,
    ),
    (
        "pp140",
        "accordance",
        ESTABLISHED_IN_ACCORDANCE,
    ),
    (
        "c1305",
        "issues",
        {
            "en": "Annex 1 lists the international Internet-related public policy issues "
            "(twelve in the 2009 text) that the group considers.",
            "fr": "L'Annexe 1 énumère les questions de politiques publiques internationales "
            "relatives à l'Internet (douze dans le texte de 2009) dont le groupe est saisi.",
            "es": "El Anexo 1 enumera las cuestiones de política pública internacional "
            "relacionadas con Internet (doce en el texto de 2009) que examina el grupo.",
            "ru": "В Приложении 1 перечислены вопросы международной государственной политики, "
            "касающиеся интернета (двенадцать в тексте 2009 года), которые рассматривает группа.",
            "ar": "يسرد الملحق 1 قضايا السياسات العامة الدولية المتعلقة بالإنترنت (اثنتا عشرة "
            "قضية في نص 2009) التي ينظر فيها الفريق.",
            "zh": "附件1列出了该小组审议的国际互联网相关公共政策问题（2009年文本中共十二项）。",
        },
    ),
    (
        "c1336",
        "establishes",
        {
            "fr": "Crée le GTC-Internet, ouvert à la seule participation des États Membres, qui "
            "mène des consultations ouvertes avec toutes les parties prenantes.",
            "en": "Establishes CWG-Internet, open to the participation of Member States only, "
            "which holds open consultations with all stakeholders.",
            "es": "Crea el GTC-Internet, abierto únicamente a la participación de los Estados "
            "Miembros, que celebra consultas abiertas con todas las partes interesadas.",
            "ru": "Создает РГС-Интернет, открытую для участия только Государств-Членов, которая "
            "проводит открытые консультации со всеми заинтересованными сторонами.",
            "ar": "ينشئ فريق العمل CWG-Internet، المقتصرة المشاركة فيه على الدول الأعضاء، والذي "
            "يجري مشاورات مفتوحة مع جميع أصحاب المصلحة.",
            "zh": "设立仅限成员国参加的CWG-Internet，该工作组与所有利益攸关方开展公开磋商。",
        },
    ),
    (
        "c1336",
        "mandate",
        {
            "fr": "Définit le mandat du GTC-Internet.",
            "en": "Defines the mandate of CWG-Internet.",
            "es": "Define el mandato del GTC-Internet.",
            "ru": "Определяет мандат РГС-Интернет.",
            "ar": "يحدد ولاية فريق العمل CWG-Internet.",
            "zh": "规定CWG-Internet的职责范围。",
        },
    ),
    (
        "pp102",
        "instructs",
        {
            "fr": INSTRUCTS_102_FR,
            "en": INSTRUCTS_102_EN,
            "es": INSTRUCTS_102_ES,
            "ru": INSTRUCTS_102_RU,
            "ar": INSTRUCTS_102_AR,
            "zh": INSTRUCTS_102_ZH,
        },
    ),
]

CWG_WSIS_SDG_LEGAL_BASIS = [
    (
        "pp140",
        "accordance",
        {
            "en": "The group works on ITU's role in implementing the outcomes of the World "
            "Summit on the Information Society.",
            "fr": "Le groupe traite du rôle de l'UIT dans la mise en œuvre des résultats du "
            "Sommet mondial sur la société de l'information.",
            "es": "El grupo trata de la función de la UIT en la aplicación de los resultados de "
            "la Cumbre Mundial sobre la Sociedad de la Información.",
            "ru": "Группа рассматривает роль МСЭ в выполнении решений Всемирной встречи на высшем "
            "уровне по вопросам информационного общества.",
            "ar": "يتناول الفريق دور الاتحاد في تنفيذ نتائج القمة العالمية لمجتمع المعلومات.",
            "zh": "该小组研究国际电联在落实信息社会世界峰会成果方面的作用。",
        },
    ),
]

VENUE = {
    "name": {
        "en": "ITU headquarters",
        "fr": "siège de l'UIT",
        "es": "sede de la UIT",
        "ru": "штаб-квартира МСЭ",
        "zh": "国际电联总部",
        "ar": "مقر الاتحاد",
    },
    "city": {
        "en": "Geneva",
        "fr": "Genève",
        "es": "Ginebra",
        "ru": "Женева",
        "zh": "日内瓦",
        "ar": "جنيف",
    },
    "country": "CHE",
}

MEETINGS = {
    22: (dt.date(2025, 9, 15), dt.date(2025, 9, 16)),
    23: (dt.date(2026, 1, 20), dt.date(2026, 1, 20)),
}

# username, first name, last name, country (ISO3), language, staff
PEOPLE = [
    ("secretariat", "Sofia", "Secretariat (demo)", None, "en", True),
    ("chair", "Wojciech", "Berezowski", "POL", "fr", False),
    ("vicechair", "Amina", "Diallo (demo)", "SEN", "fr", False),
    ("vicechair2", "Carlos", "Mendes (demo)", "BRA", "es", False),
    ("delegate", "Claire", "Martin (demo)", "FRA", "fr", False),
    ("delegate2", "Bruno", "Costa (demo)", "BRA", "es", False),
    ("delegate3", "Wanjiru", "Kamau (demo)", "KEN", "en", False),
    ("delegate4", "Arjun", "Rao (demo)", "IND", "en", False),
    ("councillor", "Chen", "Li (demo)", "CHN", "zh", False),
    ("stakeholder", "Sam", "Stakeholder (demo)", None, "en", False),
]

# username, role, group slug (None: across the platform), Member State (ISO3)
ROLES = [
    ("secretariat", "secretariat", None, None),
    ("secretariat", "secretariat", "cwg-internet", None),
    ("secretariat", "secretariat", "cwg-wsis-sdg", None),
    ("chair", "chair", "cwg-internet", "POL"),
    ("vicechair", "vice_chair", "cwg-internet", "SEN"),
    ("vicechair2", "vice_chair", "cwg-internet", "BRA"),
    ("delegate", "delegate", "cwg-internet", "FRA"),
    ("delegate2", "delegate", "cwg-internet", "BRA"),
    ("delegate3", "delegate", "cwg-internet", "KEN"),
    ("delegate4", "delegate", "cwg-internet", "IND"),
    ("delegate", "delegate", "cwg-wsis-sdg", "FRA"),
    ("councillor", "council_member", None, None),
    ("stakeholder", "stakeholder", None, None),
]

STAKEHOLDER_ORGANISATION = ("Demo Internet Civil Society Network (demo)", "civil_society")

# Documents of each meeting: number, type, source, submitting States, submitter, title, date.
DOCUMENTS = {
    22: [
        (
            1,
            "agenda",
            "secretariat",
            [],
            "secretariat",
            {
                "en": "Draft agenda of the twenty-second meeting",
                "fr": "Projet d'ordre du jour de la vingt-deuxième réunion",
                "es": "Proyecto de orden del día de la vigésima segunda reunión",
                "ru": "Проект повестки дня двадцать второго собрания",
                "ar": "مشروع جدول أعمال الاجتماع الثاني والعشرين",
                "zh": "第二十二次会议议程草案",
            },
            dt.datetime(2025, 8, 15, 9, 0, tzinfo=dt.UTC),
        ),
        (
            2,
            "contribution",
            "member_state",
            ["FRA"],
            "delegate",
            {
                "fr": "Multilinguisme de l'Internet: points de vue de la France (démo)",
                "en": "Multilingualism of the Internet: views of France (demo)",
            },
            dt.datetime(2025, 9, 1, 10, 0, tzinfo=dt.UTC),
        ),
        (
            3,
            "contribution",
            "member_state",
            ["BRA", "KEN"],
            "delegate2",
            {
                "en": "International Internet connectivity and affordability in developing "
                "countries (demo)",
                "fr": "Connectivité Internet internationale et accessibilité économique dans les "
                "pays en développement (démo)",
            },
            dt.datetime(2025, 9, 2, 14, 30, tzinfo=dt.UTC),
        ),
        (
            4,
            "contribution",
            "member_state",
            ["IND"],
            "delegate4",
            {
                "en": "Internet-related public policy issues in the WSIS+20 review (demo)",
                "fr": "Questions de politiques publiques relatives à l'Internet dans l'examen "
                "SMSI+20 (démo)",
            },
            dt.datetime(2025, 9, 3, 8, 15, tzinfo=dt.UTC),
        ),
        (
            5,
            "meeting_report",
            "secretariat",
            [],
            "secretariat",
            {
                "en": "Report of the twenty-second meeting",
                "fr": "Rapport de la vingt-deuxième réunion",
                "es": "Informe de la vigésima segunda reunión",
                "ru": "Отчет о двадцать втором собрании",
                "ar": "تقرير الاجتماع الثاني والعشرين",
                "zh": "第二十二次会议报告",
            },
            dt.datetime(2025, 10, 10, 9, 0, tzinfo=dt.UTC),
        ),
    ],
    23: [
        (
            1,
            "agenda",
            "secretariat",
            [],
            "secretariat",
            {
                "en": "Draft agenda of the twenty-third meeting",
                "fr": "Projet d'ordre du jour de la vingt-troisième réunion",
                "es": "Proyecto de orden del día de la vigésima tercera reunión",
                "ru": "Проект повестки дня двадцать третьего собрания",
                "ar": "مشروع جدول أعمال الاجتماع الثالث والعشرين",
                "zh": "第二十三次会议议程草案",
            },
            dt.datetime(2025, 12, 19, 9, 0, tzinfo=dt.UTC),
        ),
        (
            2,
            "meeting_report",
            "secretariat",
            [],
            "secretariat",
            {
                "en": "Report of the twenty-third meeting",
                "fr": "Rapport de la vingt-troisième réunion",
                "es": "Informe de la vigésima tercera reunión",
                "ru": "Отчет о двадцать третьем собрании",
                "ar": "تقرير الاجتماع الثالث والعشرين",
                "zh": "第二十三次会议报告",
            },
            dt.datetime(2026, 1, 30, 9, 0, tzinfo=dt.UTC),
        ),
    ],
}

REPORT_APPROVALS = {
    # meeting: (approved at meeting, approved on, circulated at)
    22: (23, dt.date(2026, 1, 20), dt.datetime(2025, 10, 10, 9, 0, tzinfo=dt.UTC)),
    23: (None, dt.date(2026, 2, 27), dt.datetime(2026, 1, 30, 9, 0, tzinfo=dt.UTC)),
}

# The measure approved at the 23rd meeting (seed §2.4), in the seed's own characters.
DECISION_23_NOTED = {
    "fr": "Les membres ont noté que le document issu du SMSI+20 est un cadre large qui porte à "
    "la fois sur des questions qui relèvent du mandat de l'UIT et sur d'autres questions "
    "relevant du mandat d'autres organisations.",
    "en": "Members noted that the WSIS+20 outcome document is a broad framework covering both "
    "issues that fall within ITU's mandate and other issues that fall within the mandates of "
    "other organizations.",
    "es": "Los miembros señalaron que el documento final de la CMSI+20 es un marco amplio que "
    "abarca tanto cuestiones que corresponden al mandato de la UIT como otras cuestiones que "
    "corresponden al mandato de otras organizaciones.",
    "ru": "Члены отметили, что итоговый документ ВВУИО+20 представляет собой широкую основу, "
    "охватывающую как вопросы, относящиеся к мандату МСЭ, так и другие вопросы, относящиеся к "
    "мандатам других организаций.",
    "ar": "لاحظ الأعضاء أن الوثيقة الختامية للقمة العالمية لمجتمع المعلومات+20 إطار واسع يتناول "
    "مسائل تندرج في ولاية الاتحاد ومسائل أخرى تندرج في ولايات منظمات أخرى.",
    "zh": "成员们注意到，WSIS+20成果文件是一个宽泛的框架，既涉及属于国际电联职责范围的问题，"
    "也涉及属于其他组织职责范围的其他问题。",
}
DECISION_23_TEXT = {
    "fr": "Rappelant la décision prise par le GTC\u2011SMSI/ODD de préparer une analyse des "
    "lacunes concernant les incidences du\xa0SMSI+20 sur les travaux et les mandats actuels de "
    "l'UIT, qui sera soumise au Conseil pour étude et examen, le GTC\u2011Internet a demandé "
    "au Secrétariat de contribuer à cette analyse pour tout ce qui concerne le mandat du "
    "GTC-Internet.",
    "en": "Recalling the decision taken by CWG-WSIS&SDG to prepare a gap analysis of the "
    "implications of WSIS+20 for ITU's current work and mandates, to be submitted to Council "
    "for its consideration and review, CWG-Internet requested the Secretariat to contribute to "
    "that analysis with regard to all matters relating to the mandate of CWG-Internet.",
    "es": "Recordando la decisión del GTC-CMSI/ODS de preparar un análisis de las lagunas "
    "relativo a las repercusiones de la CMSI+20 en los trabajos y mandatos actuales de la UIT, "
    "que se someterá al Consejo para su estudio y examen, el GTC-Internet pidió a la Secretaría "
    "que contribuyera a dicho análisis en todo lo relativo al mandato del GTC-Internet.",
    "ru": "Ссылаясь на решение РГС-ВВУИО и ЦУР подготовить анализ пробелов, касающийся "
    "последствий ВВУИО+20 для текущей работы и мандатов МСЭ, который будет представлен Совету "
    "для изучения и рассмотрения, РГС-Интернет просила Секретариат внести вклад в этот анализ "
    "по всем вопросам, относящимся к мандату РГС-Интернет.",
    "ar": "وإذ يشير فريق العمل التابع للمجلس المعني بالإنترنت إلى القرار الذي اتخذه فريق العمل "
    "التابع للمجلس المعني بالقمة العالمية لمجتمع المعلومات وأهداف التنمية المستدامة بإعداد تحليل "
    "للثغرات بشأن آثار القمة العالمية لمجتمع المعلومات+20 على أعمال الاتحاد وولاياته الحالية، "
    "يُقدَّم إلى المجلس للدراسة والنظر، فقد طلب إلى الأمانة المساهمة في هذا التحليل في كل ما "
    "يتعلق بولاية الفريق.",
    "zh": "忆及CWG-WSIS&SDG决定就WSIS+20对国际电联当前工作和职责的影响编写差距分析报告，"
    "并提交理事会研究和审议，CWG-Internet请秘书处就涉及CWG-Internet职责的所有事项为该分析作出贡献。",
}
DECISION_23_DELIVERABLE = {
    "fr": "Contribution du Secrétariat à l'analyse des lacunes du GTC-SMSI/ODD sur les "
    "incidences du SMSI+20, pour ce qui concerne le mandat du GTC-Internet.",
    "en": "The Secretariat's contribution to the CWG-WSIS&SDG gap analysis of the implications "
    "of WSIS+20, for matters within the mandate of CWG-Internet.",
    "es": "Contribución de la Secretaría al análisis de las lagunas del GTC-CMSI/ODS sobre las "
    "repercusiones de la CMSI+20, en lo relativo al mandato del GTC-Internet.",
    "ru": "Вклад Секретариата в анализ пробелов РГС-ВВУИО и ЦУР, касающийся последствий ВВУИО+20, "
    "по вопросам, относящимся к мандату РГС-Интернет.",
    "ar": "مساهمة الأمانة في تحليل الثغرات الذي يعده الفريق CWG-WSIS&SDG بشأن آثار القمة العالمية "
    "لمجتمع المعلومات+20، فيما يتعلق بولاية الفريق CWG-Internet.",
    "zh": "秘书处就CWG-Internet职责范围内的事项，为CWG-WSIS&SDG关于WSIS+20影响的差距分析所作的贡献。",
}
ACTION_23 = {
    "fr": "Contribuer à l'analyse des lacunes préparée par le GTC-SMSI/ODD sur les incidences du "
    "SMSI+20 sur les travaux et les mandats actuels de l'UIT, pour tout ce qui concerne le "
    "mandat du GTC-Internet.",
    "en": "Contribute to the gap analysis prepared by CWG-WSIS&SDG on the implications of "
    "WSIS+20 for ITU's current work and mandates, for all matters relating to the mandate of "
    "CWG-Internet.",
    "es": "Contribuir al análisis de las lagunas preparado por el GTC-CMSI/ODS sobre las "
    "repercusiones de la CMSI+20 en los trabajos y mandatos actuales de la UIT, en todo lo "
    "relativo al mandato del GTC-Internet.",
    "ru": "Внести вклад в анализ пробелов, подготавливаемый РГС-ВВУИО и ЦУР, о последствиях "
    "ВВУИО+20 для текущей работы и мандатов МСЭ по всем вопросам, относящимся к мандату "
    "РГС-Интернет.",
    "ar": "المساهمة في تحليل الثغرات الذي يعده الفريق CWG-WSIS&SDG بشأن آثار القمة العالمية "
    "لمجتمع المعلومات+20 على أعمال الاتحاد وولاياته الحالية، في كل ما يتعلق بولاية الفريق "
    "CWG-Internet.",
    "zh": "就涉及CWG-Internet职责的所有事项，为CWG-WSIS&SDG编写的关于WSIS+20对国际电联当前工作和"
    "职责影响的差距分析作出贡献。",
}
