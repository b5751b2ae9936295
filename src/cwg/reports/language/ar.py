"""The report in Arabic (written right to left).

Ordinals take the oblique case after a preposition or as the object of a verb, and the
nominative when they stand alone; the definite article merges with the preposition "li-".
"""

from __future__ import annotations

from cwg.reports.language import ordinals
from cwg.reports.language.base import Citations, MeetingWork, Writer

_INSTITUTIONS = {"PP": "مؤتمر المندوبين المفوضين", "C": "المجلس"}


def with_li(text: str) -> str:
    """Prefix the preposition "li-": "القرارات" becomes "للقرارات"."""
    if text.startswith("ال"):
        return "لل" + text[2:]
    return "لـ" + text


class Arabic(Writer):
    code = "ar"
    letter = "A"
    rtl = True
    quotes = ("«", "»")
    page_of = "الصفحة {page} من {pages}"  # the footer; {page} and {pages} are Word fields
    secretariat_name = "الأمانة العامة للاتحاد الدولي للاتصالات"
    labels = {
        "purpose": "الغرض",
        "action_chair": "الإجراء المطلوب من المجلس",
        "action_cycle": "الإجراء المطلوب من مؤتمر المندوبين المفوضين",
        "strategic": "الروابط ذات الصلة بالخطة الاستراتيجية",
        "financial": "الآثار المالية",
        "references": "المراجع",
        "introduction": "مقدمة",
        "conclusion": "الخلاصة",
        "date": "التاريخ",
    }

    def ords(self, numbers, case="obl"):
        return self.join([ordinals.arabic(n, case) for n in numbers])

    def meetings(self, numbers, case="obl"):
        """ "الاجتماعين الثاني والعشرين والثالث والعشرين" (oblique) or "الاجتماعان …" (nominative)."""
        if len(numbers) == 1:
            noun = "الاجتماع"
        elif len(numbers) == 2:
            noun = "الاجتماعان" if case == "nom" else "الاجتماعين"
        else:
            noun = "الاجتماعات"
        return f"{noun} {self.ords(numbers, case)}"

    def relative(self, numbers) -> str:
        """ "which it held", agreeing with one, two or more meetings."""
        return {1: "الذي عقده", 2: "اللذين عقدهما"}.get(len(numbers), "التي عقدها")

    def top_line(self, acronym):
        return f"تقرير رئيس {acronym}"

    def title(self, numbers, name):
        return f"{name}: تقرير عن نتائج {self.meetings(numbers)}"

    def cycle_top_line(self, acronym):
        return f"تقرير رئيس {acronym} إلى مؤتمر المندوبين المفوضين"

    def cycle_title(self, name, first, last):
        return f"{name}: الأنشطة في الفترة من {first} إلى {last}"

    def _in_accordance(self, groups: list[Citations]):
        texts = [with_li(g.text) for g in groups]
        if len(texts) == 1:
            return f"وفقاً {texts[0]}"
        return f"وفقاً {'، '.join(texts[:-1])}، وكذلك {texts[-1]}"

    def purpose(self, numbers, name, acronym, spans, groups):
        relative = self.relative(numbers)
        respectively = " على التوالي" if len(numbers) > 1 else ""
        text = (
            f"يلخص هذا التقرير النتائج الرئيسية {with_li(self.meetings(numbers))} {relative} "
            f"{name} ({acronym}) {self.join(spans)}{respectively}"
        )
        if groups:
            text += "، " + self._in_accordance(groups)
        return text + "."

    def cycle_purpose(self, name, acronym, first, last, groups):
        text = (
            f"يعرض هذا التقرير الأنشطة التي اضطلع بها {name} ({acronym}) "
            f"في الفترة من {first} إلى {last}"
        )
        if groups:
            text += "، " + self._in_accordance(groups)
        return text + "."

    def default_action(self, kind):
        if kind == "cycle":
            return "يُدعى مؤتمر المندوبين المفوضين إلى الإحاطة علماً بهذا التقرير."
        return "يُدعى المجلس إلى الإحاطة علماً بهذا التقرير."

    def default_strategic(self):
        return "أعمال تستند إلى مساهمات الأعضاء."

    def default_financial(self):
        return "في حدود الميزانية المخصصة للفترة {years}."

    def established(self, name, acronym, establishing, groups):
        text = f"أُنشئ {name} ({acronym}) بموجب {establishing.text}"
        if groups:
            text += "، " + self._in_accordance(groups)
        return text + "."

    def participation(self, acronym, participation, open_consultations):
        who = {
            "member_states": f"ويقتصر باب المشاركة في {acronym} على الدول الأعضاء",
            "members": f"والمشاركة في {acronym} مفتوحة للدول الأعضاء وأعضاء القطاعات",
            "open": f"والمشاركة في {acronym} مفتوحة لجميع أصحاب المصلحة",
        }[participation]
        if open_consultations:
            who += "، ويُجري الفريق مشاورات مفتوحة مع جميع أصحاب المصلحة"
        return who + "."

    def mandate(self, acronym, mandate):
        return f"وترد ولاية {acronym} في {mandate.text}."

    def instructs(self, citation, instrument, acronym):
        who = _INSTITUTIONS.get(instrument, "الهيئة التي اعتمدته")
        whom = "المجلسَ" if instrument == "PP" else acronym
        return f"وبموجب {citation}، كلّف {who} {whom} بما يلي:"

    def activities_heading(self, acronym):
        return f"أنشطة {acronym}"

    def venue(self, name, city, country, virtual):
        if virtual:
            return "عبر الإنترنت"
        text = f"في {name}"
        if city:
            text += f" في {city}"
        return f"{text} ({country})" if country else text

    def held(self, acronym, numbers, spans, venues):
        respectively = " على التوالي" if len(numbers) > 1 else ""
        when = self.when_and_where(spans, venues, respectively=respectively, comma="، ")
        return f"عقد {acronym} {self.meetings(numbers)} {when}."

    def cycle_held(self, acronym, first, last, count):
        return f"عقد {acronym} في الفترة من {first} إلى {last} الاجتماعات التالية (عددها {count}):"

    def cycle_meeting(self, number, span, venue):
        return f"الاجتماع {ordinals.arabic(number, 'nom')}: {span}، {venue}؛"

    def reports_approved(self, numbers):
        if len(numbers) == 1:
            return f"ووافق الفريق على تقرير {self.meetings(numbers)}."
        nouns = "تقريري" if len(numbers) == 2 else "تقارير"
        return f"ووافق الفريق على {nouns} {self.meetings(numbers)}."

    def cycle_reports_approved(self, count):
        if count == 1:
            return "ووافق الفريق على تقرير هذا الاجتماع."
        if count == 2:
            return "ووافق الفريق على تقريري هذين الاجتماعين."
        return "ووافق الفريق على تقارير هذه الاجتماعات."

    def meeting_work(self, work: MeetingWork):
        examined = []
        if work.consultations:
            examined.append(
                self.with_topics(
                    "نتائج المشاورات المفتوحة"
                    if work.consultations > 1
                    else "نتائج المشاورة المفتوحة",
                    work,
                )
            )
        if work.contributions:
            count = f" (عددها {work.contributions})" if work.counted else ""
            examined.append(
                f"المساهمات المقدَّمة من الأعضاء{count}"
                if work.contributions > 1
                else "المساهمة المقدَّمة من الأعضاء"
            )
        approved = ""
        if work.decisions:
            approved = (
                "وافق على الإجراءات التالية:" if work.decisions > 1 else "وافق على الإجراء التالي:"
            )
        if not examined and not approved:
            return ""
        lead = f"في اجتماعه {ordinals.arabic(work.number, 'obl')}، "
        listed = " و".join(examined)
        if examined and approved:
            return lead + f"درس الفريق {listed} و{approved}"
        if examined:
            return lead + f"درس الفريق {listed}."
        return lead + "وافق الفريق" + approved[len("وافق") :]

    def default_acknowledgements(self, acronym, numbers, period, has_vice_chairs):
        thanked = ["جميع الدول الأعضاء في الاتحاد التي قدمت مساهمات وشاركت في أعمال الفريق"]
        if has_vice_chairs:
            thanked.append("نواب الرئيس")
        thanked += [
            "الأمينة العامة",
            "نائب الأمين العام",
            "مديري مكتب تقييس الاتصالات ومكتب الاتصالات الراديوية ومكتب تنمية الاتصالات",
        ]
        if period:
            during = f"خلال اجتماعات {acronym} المعقودة في الفترة من {period[0]} إلى {period[1]}"
        else:
            during = f"خلال {self.meetings(numbers)} {self.relative(numbers)} {acronym}"
        listed = "، و".join(thanked)
        return (
            f"وباسم {acronym}، يتوجه الرئيس بالشكر شخصياً إلى {listed}، وكذلك إلى الأمانة العامة، "
            f"على مساعدتهم الفعالة {during}."
        )

    def meetings_placeholder(self, numbers, period):
        if period:
            return f"الاجتماعات المعقودة في الفترة من {period[0]} إلى {period[1]}"
        return self.meetings(numbers)

    def chair_title(self, acronym):
        return f"رئيس {acronym}"

    def signature(self, name, country):
        return f"{name} ({country})"
