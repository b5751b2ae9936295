"""The report in Russian.

Group names are not declined: the full name stands only in the nominative (and is taken as
feminine, "Рабочая группа …") and the acronym (indeclinable) is used elsewhere. Citations are
put into the case the sentence needs.
"""

from __future__ import annotations

from cwg.reports.language import ordinals
from cwg.reports.language.base import Citations, MeetingWork, Writer

_INSTITUTIONS = {"PP": "Полномочная конференция", "C": "Совет"}
# The head words of a group's name and their genitive; the rest of a name is already governed.
_GENITIVE_HEADS = {"Рабочая группа": "Рабочей группы", "Группа": "Группы"}


def genitive_name(name: str, acronym: str) -> str:
    """ "Рабочей группы Совета по … (РГС-Интернет)"; the acronym alone for an unknown head."""
    for head, genitive in _GENITIVE_HEADS.items():
        if name.startswith(head + " "):
            return f"{genitive}{name[len(head) :]} ({acronym})"
    return acronym


# The noun that opens a citation, by case: singular, plural.
_NOUN_CASES = {
    "ins": ("Резолюцией", "Резолюциями"),
    "prep": ("Резолюции", "Резолюциях"),
}


def plural(n: int, one: str, few: str, many: str) -> str:
    """Russian plural agreement: 1 вклад, 2 вклада, 5 вкладов, 21 вклад, 12 вкладов."""
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def in_case(citations: Citations, case: str) -> str:
    singular, plural_form = _NOUN_CASES[case]
    nominative = "Резолюции " if citations.count > 1 else "Резолюция "
    noun = plural_form if citations.count > 1 else singular
    text = citations.text
    return noun + " " + text[len(nominative) :] if text.startswith(nominative) else text


class Russian(Writer):
    code = "ru"
    letter = "R"
    quotes = ("«", "»")
    page_of = "Страница {page} из {pages}"  # the footer; {page} and {pages} are Word fields
    secretariat_name = "Генеральный секретариат МСЭ"
    labels = {
        "purpose": "Цель",
        "action_chair": "Необходимые решения Совета",
        "action_cycle": "Необходимые решения Полномочной конференции",
        "strategic": "Соответствующая увязка со Стратегическим планом",
        "financial": "Финансовые последствия",
        "references": "Справочные материалы",
        "introduction": "Введение",
        "conclusion": "Заключение",
        "date": "Дата",
    }

    def years(self, first, last):
        return f"{first} год" if first == last else f"{first}–{last} годы"

    def ords(self, numbers, case="nom"):
        return self.join([ordinals.russian(n, case) for n in numbers])

    def meetings(self, numbers, case="nom"):
        nouns = {
            "nom": ("собрание", "собрания"),
            "gen": ("собрания", "собраний"),
            "prep": ("собрании", "собраниях"),
        }[case]
        return f"{self.ords(numbers, case)} {nouns[1] if len(numbers) > 1 else nouns[0]}"

    def top_line(self, acronym):
        return f"Отчет Председателя {acronym}"

    def title(self, numbers, name):
        listed = [f"{n}-ГО" for n in numbers]
        joined = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " И " + listed[-1]
        noun = "СОБРАНИЙ" if len(numbers) > 1 else "СОБРАНИЯ"
        return f"{name.upper()}: ОТЧЕТ О РЕЗУЛЬТАТАХ {joined} {noun}"

    def cycle_top_line(self, acronym):
        return f"Отчет Председателя {acronym} Полномочной конференции"

    def cycle_title(self, name, first, last):
        return f"{name.upper()}: ДЕЯТЕЛЬНОСТЬ В {first}–{last} ГОДАХ"

    def _in_accordance(self, groups):
        texts = [in_case(g, "ins") for g in groups]
        if len(texts) == 1:
            return f"в соответствии с {texts[0]}"
        return f"в соответствии с {', '.join(texts[:-1])}, а также {texts[-1]}"

    def purpose(self, numbers, name, acronym, spans, groups):
        plural_meetings = len(numbers) > 1
        held = "состоявшихся соответственно" if plural_meetings else "состоявшегося"
        text = (
            f"В настоящем отчете кратко излагаются основные результаты "
            f"{self.meetings(numbers, 'gen')} {genitive_name(name, acronym)}, {held} "
            f"{self.join(spans)}"
        )
        if groups:
            text += ", " + self._in_accordance(groups)
        return text + "."

    def cycle_purpose(self, name, acronym, first, last, groups):
        text = f"В настоящем отчете представлена информация о деятельности {acronym} с {first} по {last} год"
        if groups:
            text += ", " + self._in_accordance(groups)
        return text + "."

    def default_action(self, kind):
        if kind == "cycle":
            return "Полномочной конференции предлагается принять к сведению настоящий отчет."
        return "Совету предлагается принять к сведению настоящий отчет."

    def default_strategic(self):
        return "Работа, основанная на вкладах членов."

    def default_financial(self):
        return "В пределах бюджета, выделенного на {years}."

    def established(self, name, acronym, establishing, groups):
        text = f"{name} ({acronym}) была создана {in_case(establishing, 'ins')}"
        if groups:
            text += " " + self._in_accordance(groups)
        return text + "."

    def participation(self, acronym, participation, open_consultations):
        who = {
            "member_states": "участвуют только Государства-Члены",
            "members": "участвуют Государства-Члены и Члены Секторов",
            "open": "могут участвовать все заинтересованные стороны",
        }[participation]
        text = f"В работе {acronym} {who}"
        if open_consultations:
            text += ", и группа проводит открытые консультации со всеми заинтересованными сторонами"
        return text + "."

    def mandate(self, acronym, mandate):
        return f"Мандат {acronym} определен в {in_case(mandate, 'prep')}."

    def instructs(self, citation, instrument, acronym):
        who = _INSTITUTIONS.get(instrument, "принявший ее орган")
        verb = "поручила" if instrument == "PP" else "поручил"
        whom = "Совету" if instrument == "PP" else acronym
        citation = citation.replace("Резолюция ", "Резолюции ", 1)
        return f"В своей {citation} {who} {verb} {whom}:"

    def activities_heading(self, acronym):
        return f"Деятельность {acronym}"

    def venue(self, name, city, country, virtual):
        if virtual:
            return "в онлайновом формате"
        place = ", ".join(bit for bit in (name, city, country) if bit)
        return f"(место проведения: {place})"

    def held(self, acronym, numbers, spans, venues):
        plural_meetings = len(numbers) > 1
        its = "свои" if plural_meetings else "свое"
        respectively = " соответственно" if plural_meetings else ""
        when = self.when_and_where(spans, venues, comma=" ")
        # The group's full name opens the section, as Council documents introduce it.
        who = f"{self.full_name} ({acronym})" if self.full_name else acronym
        return f"{who} провела {its} {self.meetings(numbers)}{respectively} {when}."

    def cycle_held(self, acronym, first, last, count):
        noun = plural(count, "собрание", "собрания", "собраний")
        return f"С {first} по {last} год {acronym} провела {count} {noun}:"

    def cycle_meeting(self, number, span, venue):
        return f"{ordinals.russian(number)} собрание: {span} {venue};"

    def reports_approved(self, numbers):
        if len(numbers) > 1:
            return f"Отчеты о {self.meetings(numbers, 'prep')} были утверждены группой."
        return f"Отчет о {self.meetings(numbers, 'prep')} был утвержден группой."

    def cycle_reports_approved(self, count):
        if count > 1:
            return "Отчеты об этих собраниях были утверждены группой."
        return "Отчет об этом собрании был утвержден группой."

    def meeting_work(self, work: MeetingWork):
        examined = []
        if work.consultations:
            examined.append(
                self.with_topics(
                    "результаты открытых консультаций"
                    if work.consultations > 1
                    else "результаты открытой консультации",
                    work,
                )
            )
        if work.contributions and not work.counted:
            examined.append(
                "вклады, представленные членами,"
                if work.contributions > 1
                else "вклад, представленный членами,"
            )
        elif work.contributions:
            n = work.contributions
            noun = plural(n, "вклад", "вклада", "вкладов")
            participle = "представленный" if noun == "вклад" else "представленных"
            examined.append(f"{n} {noun}, {participle} членами,")
        approved = ""
        if work.decisions:
            approved = (
                "утвердила следующие меры:" if work.decisions > 1 else "утвердила следующую меру:"
            )
        if not examined and not approved:
            return ""
        lead = f"На своем {ordinals.russian(work.number, 'prep')} собрании группа "
        listed = ", а также ".join(examined)
        if examined and approved:
            return lead + f"рассмотрела {listed} и {approved}"
        if examined:
            return lead + f"рассмотрела {listed.rstrip(',')}."
        return lead + approved

    def default_acknowledgements(self, acronym, numbers, period, has_vice_chairs):
        thanked = [
            "всем Государствам-Членам МСЭ, представившим вклады и участвовавшим в работе группы"
        ]
        if has_vice_chairs:
            thanked.append("заместителям Председателя")
        thanked += [
            "Генеральному секретарю",
            "заместителю Генерального секретаря",
            "Директорам БСЭ, БР и БРЭ",
        ]
        if period:
            during = f"в ходе собраний {acronym}, состоявшихся с {period[0]} по {period[1]} год"
        else:
            during = f"в ходе {self.meetings(numbers, 'gen')} {acronym}"
        return (
            f"От имени {acronym} Председатель выражает личную благодарность {', '.join(thanked)}, "
            f"а также Генеральному секретариату за эффективную помощь {during}."
        )

    def meetings_placeholder(self, numbers, period):
        if period:
            return f"собрания, состоявшиеся с {period[0]} по {period[1]} год"
        return self.meetings(numbers)

    def chair_title(self, acronym):
        return f"Председатель {acronym}"

    def signature(self, name, country):
        return f"{name} ({country})"
