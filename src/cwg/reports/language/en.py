"""The report in English."""

from __future__ import annotations

from cwg.reports.language import ordinals
from cwg.reports.language.base import Citations, MeetingWork, Writer

_INSTITUTIONS = {"PP": "the Plenipotentiary Conference", "C": "the Council"}


def _abbreviated(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class English(Writer):
    code = "en"
    letter = "E"
    page_of = "Page {page} of {pages}"  # the footer; {page} and {pages} are Word fields
    secretariat_name = "ITU General Secretariat"
    labels = {
        "purpose": "Purpose",
        "action_chair": "Action required by the Council",
        "action_cycle": "Action required by the Plenipotentiary Conference",
        "strategic": "Relevant links with the Strategic Plan",
        "financial": "Financial implications",
        "references": "References",
        "introduction": "Introduction",
        "conclusion": "Conclusion",
        "date": "Date",
        "original": "Original: English",
    }

    def ordinals(self, numbers: list[int]) -> str:
        return self.join([ordinals.english(n) for n in numbers])

    def meetings(self, numbers: list[int]) -> str:
        """ "twenty-second and twenty-third meetings", "twenty-second meeting"."""
        noun = "meetings" if len(numbers) > 1 else "meeting"
        return f"{self.ordinals(numbers)} {noun}"

    def top_line(self, acronym: str) -> str:
        return f"Report by the Chair of {acronym}"

    def title(self, numbers: list[int], name: str) -> str:
        listed = " AND ".join(
            [", ".join(_abbreviated(n) for n in numbers[:-1]), _abbreviated(numbers[-1])]
            if len(numbers) > 1
            else [_abbreviated(numbers[0])]
        )
        noun = "MEETINGS" if len(numbers) > 1 else "MEETING"
        return f"REPORT ON THE OUTCOMES OF THE {listed} {noun} OF THE {name.upper()}"

    def cycle_top_line(self, acronym: str) -> str:
        return f"Report by the Chair of {acronym} to the Plenipotentiary Conference"

    def cycle_title(self, name: str, first: int, last: int) -> str:
        return f"ACTIVITIES OF THE {name.upper()} FROM {first} TO {last}"

    def _in_accordance(self, groups: list[Citations]) -> str:
        texts = [g.text for g in groups]
        if len(texts) == 1:
            return f"in accordance with {texts[0]}"
        return f"in accordance with {', '.join(texts[:-1])}, as well as {texts[-1]}"

    def purpose(self, numbers, name, acronym, spans, groups) -> str:
        respectively = " respectively" if len(numbers) > 1 else ""
        text = (
            f"This report summarizes the main outcomes of the {self.meetings(numbers)} of the "
            f"{name} ({acronym}), held {self.join(spans)}{respectively}"
        )
        if groups:
            text += ", " + self._in_accordance(groups)
        return text + "."

    def cycle_purpose(self, name, acronym, first, last, groups) -> str:
        text = f"This report gives an account of the activities of the {name} ({acronym}) from {first} to {last}"
        if groups:
            text += ", " + self._in_accordance(groups)
        return text + "."

    def default_action(self, kind: str) -> str:
        if kind == "cycle":
            return "The Plenipotentiary Conference is invited to take note of this report."
        return "The Council is invited to take note of this report."

    def default_strategic(self) -> str:
        return "Work based on contributions from the membership."

    def default_financial(self) -> str:
        return "Within the budget allocated for {years}."

    def established(self, name, acronym, establishing: Citations, groups) -> str:
        text = f"The {name} ({acronym}) was established by {establishing.text}"
        if groups:
            text += ", " + self._in_accordance(groups)
        return text + "."

    def participation(self, acronym, participation: str, open_consultations: bool) -> str:
        who = {
            "member_states": "is open to Member States only",
            "members": "is open to Member States and Sector Members",
            "open": "is open to all stakeholders",
        }[participation]
        text = f"{acronym} {who}"
        if open_consultations:
            text += " and holds open consultations with all stakeholders"
        return text + "."

    def mandate(self, acronym, mandate: Citations) -> str:
        return f"The mandate of {acronym} is set out in {mandate.text}."

    def instructs(self, citation: str, instrument: str, acronym: str) -> str:
        who = _INSTITUTIONS.get(instrument, "the body that adopted it")
        whom = "the Council" if instrument == "PP" else acronym
        return f"In its {citation}, {who} instructed {whom}:"

    def activities_heading(self, acronym: str) -> str:
        return f"Activities of {acronym}"

    def venue(self, name: str, city: str, country: str, virtual: bool) -> str:
        if virtual:
            return "online"
        text = f"at {name}"
        if city:
            text += f" in {city}"
        return f"{text} ({country})" if country else text

    def held(self, acronym, numbers, spans, venues) -> str:
        respectively = " respectively" if len(numbers) > 1 else ""
        when = self.when_and_where(spans, venues, respectively=respectively)
        return f"{acronym} held its {self.meetings(numbers)} {when}."

    def cycle_held(self, acronym, first, last, count) -> str:
        noun = "meetings" if count > 1 else "meeting"
        return f"From {first} to {last}, {acronym} held {count} {noun}:"

    def cycle_meeting(self, number, span, venue) -> str:
        return f"{ordinals.english(number)} meeting: {span}, {venue};"

    def reports_approved(self, numbers) -> str:
        if len(numbers) > 1:
            return f"The reports of the {self.meetings(numbers)} were approved by the group."
        return f"The report of the {self.meetings(numbers)} was approved by the group."

    def cycle_reports_approved(self, count) -> str:
        if count > 1:
            return "The reports of these meetings were approved by the group."
        return "The report of this meeting was approved by the group."

    def meeting_work(self, work: MeetingWork) -> str:
        examined = []
        if work.consultations:
            examined.append(
                self.with_topics(
                    "the results of the open consultations"
                    if work.consultations > 1
                    else "the results of the open consultation",
                    work,
                )
            )
        if work.contributions > 1:
            count = f"{work.contributions} " if work.counted else ""
            examined.append(f"the {count}contributions submitted by the membership")
        elif work.contributions:
            examined.append("the contribution submitted by the membership")
        approved = ""
        if work.decisions:
            approved = (
                "approved the following measures:"
                if work.decisions > 1
                else "approved the following measure:"
            )
        if not examined and not approved:
            return ""
        lead = f"At its {ordinals.english(work.number)} meeting, the group "
        if examined and approved:
            return lead + f"examined {' as well as '.join(examined)} and {approved}"
        if examined:
            return lead + f"examined {' as well as '.join(examined)}."
        return lead + approved

    def default_acknowledgements(self, acronym, numbers, period, has_vice_chairs) -> str:
        thanked = [
            "all ITU Member States that submitted contributions and took part in the work "
            "of the group"
        ]
        if has_vice_chairs:
            thanked.append("the Vice-Chairs")
        thanked += [
            "the Secretary-General",
            "the Deputy Secretary-General",
            "the Directors of TSB, BR and BDT",
        ]
        if period:
            during = f"during the meetings of {acronym} held from {period[0]} to {period[1]}"
        else:
            during = f"during the {self.meetings(numbers)} of {acronym}"
        return (
            f"On behalf of {acronym}, the Chair personally thanks {', '.join(thanked)}, "
            f"as well as the General Secretariat, for their effective support {during}."
        )

    def meetings_placeholder(self, numbers, period) -> str:
        if period:
            return f"meetings held from {period[0]} to {period[1]}"
        return self.meetings(numbers)

    def chair_title(self, acronym: str) -> str:
        return f"Chair of {acronym}"

    def signature(self, name: str, country: str) -> str:
        return f"{name} ({country})"
