"""The report in Chinese."""

from __future__ import annotations

from cwg.reports.language import ordinals
from cwg.reports.language.base import MeetingWork, Writer

_INSTITUTIONS = {"PP": "全权代表大会", "C": "理事会"}


class Chinese(Writer):
    code = "zh"
    letter = "C"
    space = ""
    quotes = ("“", "”")
    page_of = "第{page}页，共{pages}页"  # the footer; {page} and {pages} are Word fields
    secretariat_name = "国际电联总秘书处"
    labels = {
        "purpose": "目的",
        "action_chair": "请理事会采取的行动",
        "action_cycle": "请全权代表大会采取的行动",
        "strategic": "与战略规划的相关联系",
        "financial": "财务影响",
        "references": "参考文件",
        "introduction": "引言",
        "conclusion": "结论",
        "date": "日期",
    }

    def years(self, first, last):
        return f"{first}年" if first == last else f"{first}-{last}年"

    def meetings(self, numbers):
        """ "第二十二次和第二十三次会议"."""
        return self.join([ordinals.chinese(n) for n in numbers]) + "会议"

    def _in_accordance(self, groups):
        return "以及".join(g.text for g in groups)

    def top_line(self, acronym):
        return f"{acronym}主席的报告"

    def title(self, numbers, name):
        return f"关于{name}{self.meetings(numbers)}成果的报告"

    def cycle_top_line(self, acronym):
        return f"{acronym}主席提交全权代表大会的报告"

    def cycle_title(self, name, first, last):
        return f"{name}{first}年至{last}年的活动"

    def purpose(self, numbers, name, acronym, spans, groups):
        respectively = "分别" if len(numbers) > 1 else ""
        basis = f"根据{self._in_accordance(groups)}，" if groups else ""
        return (
            f"本报告{basis}概述{name}（{acronym}）{respectively}于{self.join(spans)}"
            f"举行的{self.meetings(numbers)}的主要成果。"
        )

    def cycle_purpose(self, name, acronym, first, last, groups):
        basis = f"根据{self._in_accordance(groups)}，" if groups else ""
        return f"本报告{basis}介绍{name}（{acronym}）{first}年至{last}年开展的活动。"

    def default_action(self, kind):
        if kind == "cycle":
            return "请全权代表大会注意到本报告。"
        return "请理事会注意到本报告。"

    def default_strategic(self):
        return "以成员文稿为基础的工作。"

    def default_financial(self):
        return "在为{years}划拨的预算范围内。"

    def established(self, name, acronym, establishing, groups):
        text = f"{name}（{acronym}）根据{establishing.text}设立"
        if groups:
            text += f"，并遵循{self._in_accordance(groups)}"
        return text + "。"

    def participation(self, acronym, participation, open_consultations):
        who = {
            "member_states": "仅限成员国参加",
            "members": "向成员国和部门成员开放",
            "open": "向所有利益攸关方开放",
        }[participation]
        text = f"{acronym}{who}"
        if open_consultations:
            text += "，并与所有利益攸关方进行公开磋商"
        return text + "。"

    def mandate(self, acronym, mandate):
        return f"{acronym}的职责由{mandate.text}规定。"

    def instructs(self, citation, instrument, acronym):
        who = _INSTITUTIONS.get(instrument, "通过该决议的机构")
        whom = "理事会" if instrument == "PP" else acronym
        return f"{who}在其{citation}中责成{whom}："

    def activities_heading(self, acronym):
        return f"{acronym}的活动"

    def venue(self, name, city, country, virtual):
        if virtual:
            return "以线上方式"
        return f"在{country}{city}的{name}"

    def held(self, acronym, numbers, spans, venues):
        respectively = "分别" if len(numbers) > 1 else ""
        when = self.when_and_where(spans, venues, comma="", gap="")
        return f"{acronym}{respectively}于{when}举行了{self.meetings(numbers)}。"

    def cycle_held(self, acronym, first, last, count):
        return f"{first}年至{last}年期间，{acronym}共举行了{count}次会议："

    def cycle_meeting(self, number, span, venue):
        return f"{ordinals.chinese(number)}会议：{span}，{venue}；"

    def reports_approved(self, numbers):
        return f"工作组批准了{self.meetings(numbers)}的报告。"

    def cycle_reports_approved(self, count):
        return "工作组批准了这些会议的报告。" if count > 1 else "工作组批准了该次会议的报告。"

    def meeting_work(self, work: MeetingWork):
        examined = []
        if work.consultations:
            examined.append(self.with_topics("公开磋商的结果", work))
        if work.contributions:
            count = f"{work.contributions}份" if work.counted else ""
            examined.append(f"成员提交的{count}文稿")
        approved = ""
        if work.decisions:
            approved = "批准了以下各项措施：" if work.decisions > 1 else "批准了以下措施："
        if not examined and not approved:
            return ""
        lead = f"在{ordinals.chinese(work.number)}会议上，工作组"
        if examined and approved:
            return lead + f"审议了{'以及'.join(examined)}，并{approved}"
        if examined:
            return lead + f"审议了{'以及'.join(examined)}。"
        return lead + approved

    def default_acknowledgements(self, acronym, numbers, period, has_vice_chairs):
        thanked = ["提交文稿并参与工作组工作的所有国际电联成员国"]
        if has_vice_chairs:
            thanked.append("各位副主席")
        thanked += ["秘书长", "副秘书长", "电信标准化局、无线电通信局和电信发展局主任"]
        if period:
            during = f"{period[0]}年至{period[1]}年期间举行的{acronym}各次会议"
        else:
            during = f"{acronym}{self.meetings(numbers)}"
        return f"主席代表{acronym}亲自感谢{'、'.join(thanked)}以及总秘书处在{during}期间提供的有效帮助。"

    def meetings_placeholder(self, numbers, period):
        if period:
            return f"{period[0]}年至{period[1]}年期间举行的各次会议"
        return self.meetings(numbers)

    def chair_title(self, acronym):
        return f"{acronym}主席"

    def signature(self, name, country):
        return f"{name}（{country}）"
