"""The Council cover-sheet lines and the cycle report's record lines, in the six languages."""

from __future__ import annotations

import datetime as dt

from cwg.reports.language import dates

# "Council 2026", "Geneva, 12-22 May 2026", "Agenda item: 5", "Document C26/35-E", the date,
# "Original: English"; French puts a no-break space before its colons.
COVER = {
    "en": {
        "council": "Council {year}",
        "agenda_item": "Agenda item: {item}",
        "document": "Document {symbol}",
        "original": "Original: {language}",
    },
    "fr": {
        "council": "Conseil {year}",
        "agenda_item": "Point de l'ordre du jour\u00a0: {item}",
        "document": "Document {symbol}",
        "original": "Original\u00a0: {language}",
    },
    "es": {
        "council": "Consejo {year}",
        "agenda_item": "Punto del orden del día: {item}",
        "document": "Documento {symbol}",
        "original": "Original: {language}",
    },
    "ru": {
        "council": "Совет {year}",
        "agenda_item": "Пункт повестки дня: {item}",
        "document": "Документ {symbol}",
        "original": "Оригинал: {language}",
    },
    "ar": {
        "council": "المجلس {year}",
        "agenda_item": "البند من جدول الأعمال: {item}",
        "document": "الوثيقة {symbol}",
        "original": "الأصل: {language}",
    },
    "zh": {
        "council": "{year}年理事会",
        "agenda_item": "议程项目：{item}",
        "document": "文件 {symbol}",
        "original": "原文：{language}",
    },
}

# The name of each document language, in each report language, as the "Original" line has it.
LANGUAGE_NAMES = {
    "en": {
        "en": "English",
        "fr": "French",
        "es": "Spanish",
        "ru": "Russian",
        "ar": "Arabic",
        "zh": "Chinese",
    },
    "fr": {
        "en": "anglais",
        "fr": "français",
        "es": "espagnol",
        "ru": "russe",
        "ar": "arabe",
        "zh": "chinois",
    },
    "es": {
        "en": "inglés",
        "fr": "francés",
        "es": "español",
        "ru": "ruso",
        "ar": "árabe",
        "zh": "chino",
    },
    "ru": {
        "en": "английский",
        "fr": "французский",
        "es": "испанский",
        "ru": "русский",
        "ar": "арабский",
        "zh": "китайский",
    },
    "ar": {
        "en": "بالإنكليزية",
        "fr": "بالفرنسية",
        "es": "بالإسبانية",
        "ru": "بالروسية",
        "ar": "بالعربية",
        "zh": "بالصينية",
    },
    "zh": {
        "en": "英文",
        "fr": "法文",
        "es": "西班牙文",
        "ru": "俄文",
        "ar": "阿拉伯文",
        "zh": "中文",
    },
}

# Council's outcomes, as the cycle report states them.
OUTCOMES = {
    "en": {"took_note": "Council took note", "approved": "Council approved it"},
    "fr": {"took_note": "le Conseil en a pris note", "approved": "le Conseil l'a approuvé"},
    "es": {"took_note": "el Consejo tomó nota", "approved": "el Consejo lo aprobó"},
    "ru": {"took_note": "Совет принял к сведению", "approved": "Совет утвердил"},
    "ar": {"took_note": "أحاط المجلس علماً به", "approved": "وافق عليه المجلس"},
    "zh": {"took_note": "理事会已注意到", "approved": "理事会已批准"},
}

# The cycle report's record lines: {first}/{last} meeting numbers, {symbol}, {item}, {title}.
CYCLE = {
    "en": {
        "heading": "Consultations, decisions and Council's outcomes",
        "held": "From {start} to {end}, the records of {acronym} cover the following meetings:",
        "held_partial": "The records of {acronym} start at meeting {first}; the meetings held before it are not in these records. From {start} to {end}, they cover the following meetings:",
        "coverage": "The records cover meetings {first} to {last}: they start at meeting "
        "{first}, so earlier meetings of the group are not reflected in this report.",
        "coverage_one": "The records cover meeting {first} only: they start at meeting "
        "{first}, so earlier meetings of the group are not reflected in this report.",
        "consultations": "Open consultations examined:",
        "no_consultations": "No open consultation is recorded as examined over the period.",
        "consultation": "{topic} (meeting {meeting})",
        "decisions": "Decisions approved:",
        "no_decisions": "No decision is recorded over the period.",
        "decision": "Meeting {meeting}, decision {number}: {text}",
        "submissions": "Reports submitted to Council:",
        "no_submissions": "No report is recorded as submitted to Council over the period.",
        "submission": "{symbol}, agenda item {item} ({date})",
        "pending": "Council's outcome not yet recorded",
    },
    "fr": {
        "heading": "Consultations, décisions et suites données par le Conseil",
        "held": "De {start} à {end}, les données enregistrées du {acronym} couvrent les réunions suivantes\xa0:",
        "held_partial": "Les données enregistrées du {acronym} commencent à la réunion {first}\xa0; les réunions tenues auparavant n'y figurent pas. De {start} à {end}, elles couvrent les réunions suivantes\xa0:",
        "coverage": "Les données enregistrées couvrent les réunions {first} à {last}\u00a0: elles "
        "commencent à la réunion {first}, de sorte que les réunions antérieures du groupe ne "
        "sont pas prises en compte dans le présent rapport.",
        "coverage_one": "Les données enregistrées ne couvrent que la réunion {first}\u00a0: "
        "elles commencent à la réunion {first}, de sorte que les réunions antérieures du groupe "
        "ne sont pas prises en compte dans le présent rapport.",
        "consultations": "Consultations ouvertes examinées\u00a0:",
        "no_consultations": "Aucune consultation ouverte examinée n'est enregistrée sur la "
        "période.",
        "consultation": "{topic} (réunion {meeting})",
        "decisions": "Décisions approuvées\u00a0:",
        "no_decisions": "Aucune décision n'est enregistrée sur la période.",
        "decision": "Réunion {meeting}, décision {number}\u00a0: {text}",
        "submissions": "Rapports soumis au Conseil\u00a0:",
        "no_submissions": "Aucun rapport soumis au Conseil n'est enregistré sur la période.",
        "submission": "{symbol}, point {item} de l'ordre du jour ({date})",
        "pending": "suite donnée par le Conseil non encore enregistrée",
    },
    "es": {
        "heading": "Consultas, decisiones y resultados del Consejo",
        "held": "De {start} a {end}, los registros del {acronym} abarcan las reuniones siguientes:",
        "held_partial": "Los registros del {acronym} comienzan en la reunión {first}; las reuniones anteriores no figuran en ellos. De {start} a {end}, abarcan las reuniones siguientes:",
        "coverage": "Los registros abarcan las reuniones {first} a {last}: comienzan en la "
        "reunión {first}, por lo que las reuniones anteriores del grupo no se reflejan en el "
        "presente informe.",
        "coverage_one": "Los registros solo abarcan la reunión {first}: comienzan en la reunión "
        "{first}, por lo que las reuniones anteriores del grupo no se reflejan en el presente "
        "informe.",
        "consultations": "Consultas abiertas examinadas:",
        "no_consultations": "No consta ninguna consulta abierta examinada en el periodo.",
        "consultation": "{topic} (reunión {meeting})",
        "decisions": "Decisiones aprobadas:",
        "no_decisions": "No consta ninguna decisión en el periodo.",
        "decision": "Reunión {meeting}, decisión {number}: {text}",
        "submissions": "Informes presentados al Consejo:",
        "no_submissions": "No consta ningún informe presentado al Consejo en el periodo.",
        "submission": "{symbol}, punto {item} del orden del día ({date})",
        "pending": "resultado del Consejo aún no registrado",
    },
    "ru": {
        "heading": "Консультации, решения и итоги рассмотрения в Совете",
        "held": "С {start} по {end} год записи {acronym} охватывают следующие собрания:",
        "held_partial": "Записи {acronym} начинаются с собрания {first}; предыдущие собрания в них не отражены. С {start} по {end} год они охватывают следующие собрания:",
        "coverage": "Записи охватывают собрания с {first} по {last}: они начинаются с собрания "
        "{first}, поэтому предыдущие собрания группы в настоящем отчете не отражены.",
        "coverage_one": "Записи охватывают только собрание {first}: они начинаются с собрания "
        "{first}, поэтому предыдущие собрания группы в настоящем отчете не отражены.",
        "consultations": "Рассмотренные открытые консультации:",
        "no_consultations": "За период не записано ни одной рассмотренной открытой консультации.",
        "consultation": "{topic} (собрание {meeting})",
        "decisions": "Утвержденные решения:",
        "no_decisions": "За период не записано ни одного решения.",
        "decision": "Собрание {meeting}, решение {number}: {text}",
        "submissions": "Отчеты, представленные Совету:",
        "no_submissions": "За период не записано ни одного отчета, представленного Совету.",
        "submission": "{symbol}, пункт повестки дня {item} ({date})",
        "pending": "итог рассмотрения в Совете еще не записан",
    },
    "ar": {
        "heading": "المشاورات والقرارات ونتائج نظر المجلس",
        "held": "تغطي سجلات {acronym} في الفترة من {start} إلى {end} الاجتماعات التالية:",
        "held_partial": "تبدأ سجلات {acronym} بالاجتماع {first}، ولا تتضمن الاجتماعات التي عُقدت قبله. وتغطي في الفترة من {start} إلى {end} الاجتماعات التالية:",
        "coverage": "تغطي السجلات الاجتماعات من {first} إلى {last}: وهي تبدأ بالاجتماع {first}، "
        "ولذلك لا يعكس هذا التقرير اجتماعات الفريق السابقة.",
        "coverage_one": "لا تغطي السجلات إلا الاجتماع {first}: وهي تبدأ به، ولذلك لا يعكس هذا "
        "التقرير اجتماعات الفريق السابقة.",
        "consultations": "المشاورات المفتوحة التي نُظر فيها:",
        "no_consultations": "لم تُسجَّل أي مشاورة مفتوحة نُظر فيها خلال الفترة.",
        "consultation": "{topic} (الاجتماع {meeting})",
        "decisions": "القرارات الموافق عليها:",
        "no_decisions": "لم يُسجَّل أي قرار خلال الفترة.",
        "decision": "الاجتماع {meeting}، القرار {number}: {text}",
        "submissions": "التقارير المقدمة إلى المجلس:",
        "no_submissions": "لم يُسجَّل أي تقرير مقدم إلى المجلس خلال الفترة.",
        "submission": "{symbol}، البند {item} من جدول الأعمال ({date})",
        "pending": "لم تُسجَّل بعد نتيجة نظر المجلس",
    },
    "zh": {
        "heading": "磋商、决定和理事会的处理结果",
        "held": "{start}年至{end}年期间，{acronym}的记录涵盖以下会议：",
        "held_partial": "{acronym}的记录始于第{first}次会议，此前举行的会议不在记录之内。{start}年至{end}年期间，记录涵盖以下会议：",
        "coverage": "记录涵盖第{first}次至第{last}次会议：记录始于第{first}次会议，"
        "因此本报告未反映该组此前的会议。",
        "coverage_one": "记录仅涵盖第{first}次会议：记录始于第{first}次会议，"
        "因此本报告未反映该组此前的会议。",
        "consultations": "审议的公开磋商：",
        "no_consultations": "该期间没有记录审议的公开磋商。",
        "consultation": "{topic}（第{meeting}次会议）",
        "decisions": "批准的决定：",
        "no_decisions": "该期间没有记录决定。",
        "decision": "第{meeting}次会议第{number}号决定：{text}",
        "submissions": "提交理事会的报告：",
        "no_submissions": "该期间没有记录提交理事会的报告。",
        "submission": "{symbol}，议程项目{item}（{date}）",
        "pending": "尚未记录理事会的处理结果",
    },
}


def session_days(language: str, start: dt.date, end: dt.date) -> str:
    """The days of a session as a cover sheet gives them: "12-22 May 2026"."""
    if start == end:
        return dates.issued(language, start)
    if (start.year, start.month) != (end.year, end.month):
        joint = "至" if language == "zh" else " – "
        return f"{dates.issued(language, start)}{joint}{dates.issued(language, end)}"
    month = dates.month(language, start)
    days = f"{start.day}-{end.day}"
    return {
        "es": f"{days} de {month} de {start.year}",
        "ru": f"{days} {month} {start.year} года",
        "zh": f"{start.year}年{start.month}月{days}日",
    }.get(language, f"{days} {month} {start.year}")
