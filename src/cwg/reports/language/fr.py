"""The report in French, worded as the Chair's reports to Council are.

Group names are taken as masculine ("le Groupe de travail …"), as working groups' names are.
"""

from __future__ import annotations

from cwg.reports.language import ordinals
from cwg.reports.language.base import Citations, MeetingWork, Writer

_INSTITUTIONS = {"PP": "la Conférence de plénipotentiaires", "C": "le Conseil"}


class French(Writer):
    code = "fr"
    letter = "F"
    quotes = ("«\u202f", "\u202f»")
    page_of = "Page {page} sur {pages}"  # the footer; {page} and {pages} are Word fields
    secretariat_name = "Secrétariat général de l'UIT"
    labels = {
        "purpose": "Objet",
        "action_chair": "Suite à donner par le Conseil",
        "action_cycle": "Suite à donner par la Conférence de plénipotentiaires",
        "strategic": "Liens pertinents avec le plan stratégique",
        "financial": "Incidences financières",
        "references": "Références",
        "introduction": "Introduction",
        "conclusion": "Conclusion",
        "date": "Date",
        "original": "Original: français",
    }

    def ordinals(self, numbers: list[int]) -> str:
        return self.join([ordinals.french(n) for n in numbers])

    def meetings(self, numbers: list[int]) -> str:
        """ "vingt-deuxième et vingt-troisième réunions", "vingt-deuxième réunion"."""
        noun = "réunions" if len(numbers) > 1 else "réunion"
        return f"{self.ordinals(numbers)} {noun}"

    # -- title block
    def top_line(self, acronym: str) -> str:
        return f"Rapport du Président du {acronym}"

    def title(self, numbers: list[int], name: str) -> str:
        numbers_text = (
            ordinals.french_abbreviated(numbers[0])
            if len(numbers) == 1
            else ", ".join(ordinals.french_abbreviated(n) for n in numbers[:-1])
            + " ET "
            + ordinals.french_abbreviated(numbers[-1])
        )
        if len(numbers) == 1:
            return f"RAPPORT SUR LES RÉSULTATS DE LA {numbers_text} RÉUNION DU {name.upper()}"
        return f"RAPPORT SUR LES RÉSULTATS DES {numbers_text} RÉUNIONS DU {name.upper()}"

    def cycle_top_line(self, acronym: str) -> str:
        return f"Rapport du Président du {acronym} à la Conférence de plénipotentiaires"

    def cycle_title(self, name: str, first: int, last: int) -> str:
        return f"ACTIVITÉS DU {name.upper()} DE {first} À {last}"

    # -- cover sheet
    def _in_accordance(self, groups: list[Citations]) -> str:
        bits = []
        for index, group in enumerate(groups):
            article = "aux" if group.count > 1 else "à la"
            lead = "conformément " if index == 0 else "ainsi qu'"
            bits.append(f"{lead}{article} {group.text}")
        return ", ".join(bits)

    def purpose(self, numbers, name, acronym, spans, groups) -> str:
        plural = len(numbers) > 1
        meetings = f"des {self.meetings(numbers)}" if plural else f"de la {self.meetings(numbers)}"
        held = "tenues respectivement" if plural else "tenue"
        text = (
            f"Le présent rapport récapitule les principaux résultats {meetings} du {name} "
            f"({acronym}), {held} {self.join(spans)}"
        )
        if groups:
            text += ", " + self._in_accordance(groups)
        return text + "."

    def cycle_purpose(self, name, acronym, first, last, groups) -> str:
        text = (
            f"Le présent rapport rend compte des activités menées par le {name} ({acronym}) "
            f"de {first} à {last}"
        )
        if groups:
            text += ", " + self._in_accordance(groups)
        return text + "."

    def default_action(self, kind: str) -> str:
        if kind == "cycle":
            return (
                "La Conférence de plénipotentiaires est invitée à prendre note du présent rapport."
            )
        return "Le Conseil est invité à prendre note du présent rapport."

    def default_strategic(self) -> str:
        return "Travaux reposant sur les contributions des membres."

    def default_financial(self) -> str:
        return "Dans les limites du budget alloué pour {years}."

    # -- 1 Introduction
    def established(self, name, acronym, establishing: Citations, groups) -> str:
        # Where the group is introduced, the Council and the Conference are named as ITU's.
        if "de l'UIT" not in name:
            name = name.replace("du Conseil ", "du Conseil de l'UIT ", 1)
        text = f"Le {name} ({acronym}) a été créé en vertu de la {establishing.text}"
        if establishing.count > 1:
            text = f"Le {name} ({acronym}) a été créé en vertu des {establishing.text}"
        if groups:
            text += ", " + self._in_accordance(
                [
                    Citations(g.instrument, g.count, f"{g.text} de l'UIT")
                    if g.text.endswith("Conférence de plénipotentiaires")
                    else g
                    for g in groups
                ]
            )
        return text + "."

    def participation(self, acronym, participation: str, open_consultations: bool) -> str:
        who = {
            "member_states": "est ouvert à la seule participation des États Membres",
            "members": "est ouvert aux États Membres et aux Membres de Secteur",
            "open": "est ouvert à toutes les parties prenantes",
        }[participation]
        text = f"Le {acronym} {who}"
        if open_consultations:
            text += " et mène des consultations ouvertes avec toutes les parties prenantes"
        return text + "."

    def mandate(self, acronym, mandate: Citations) -> str:
        where = "dans les" if mandate.count > 1 else "dans la"
        verb = "est défini"
        return f"Le mandat du {acronym} {verb} {where} {mandate.text}."

    def instructs(self, citation: str, instrument: str, acronym: str) -> str:
        who = _INSTITUTIONS.get(instrument, "l'instance qui l'a adoptée")
        whom = "le Conseil" if instrument == "PP" else f"le {acronym}"
        return f"Par sa {citation}, {who} a chargé {whom}:"

    # -- 2 Activities
    def activities_heading(self, acronym: str) -> str:
        return f"Activités du {acronym}"

    def venue(self, name: str, city: str, country: str, virtual: bool) -> str:
        if virtual:
            return "en ligne"
        place = name
        lowered = place[:4].lower()
        if lowered.startswith("le "):
            place = "au " + place[3:]
        elif lowered.startswith("les "):
            place = "aux " + place[4:]
        elif lowered.startswith(("la ", "l'", "l’")):
            place = "à " + place
        else:
            place = "au " + place  # "au siège de l'UIT"
        bits = [place]
        if city:
            bits.append(f"à {city}")
        text = " ".join(bits)
        return f"{text} ({country})" if country else text

    def held(self, acronym, numbers, spans, venues) -> str:
        plural = len(numbers) > 1
        its = "ses" if plural else "sa"
        respectively = " respectivement" if plural else ""
        when = self.when_and_where(spans, venues)
        return f"Le {acronym} a tenu {its} {self.meetings(numbers)}{respectively} {when}."

    def cycle_held(self, acronym, first, last, count) -> str:
        noun = "réunions" if count > 1 else "réunion"
        return f"De {first} à {last}, le {acronym} a tenu {count} {noun}:"

    def cycle_meeting(self, number, span, venue) -> str:
        return f"{ordinals.french(number)} réunion: {span}, {venue};"

    def reports_approved(self, numbers) -> str:
        if len(numbers) > 1:
            return f"Les rapports des {self.meetings(numbers)} ont été approuvés par le groupe."
        return f"Le rapport de la {self.meetings(numbers)} a été approuvé par le groupe."

    def cycle_reports_approved(self, count) -> str:
        if count > 1:
            return "Les rapports de ces réunions ont été approuvés par le groupe."
        return "Le rapport de cette réunion a été approuvé par le groupe."

    def meeting_work(self, work: MeetingWork) -> str:
        examined = []
        if work.consultations:
            examined.append(
                self.with_topics(
                    "les résultats des consultations ouvertes"
                    if work.consultations > 1
                    else "les résultats de la consultation ouverte",
                    work,
                )
            )
        if work.contributions > 1:
            count = f"{work.contributions} " if work.counted else ""
            examined.append(f"les {count}contributions soumises par les membres")
        elif work.contributions:
            examined.append("la contribution soumise par les membres")
        approved = ""
        if work.decisions:
            approved = (
                "a approuvé les mesures suivantes:"
                if work.decisions > 1
                else "a approuvé la mesure suivante:"
            )
        if not examined and not approved:
            return ""
        lead = f"À sa {ordinals.french(work.number)} réunion, le groupe "
        if examined and approved:
            return lead + f"a examiné {' ainsi que '.join(examined)} et {approved}"
        if examined:
            return lead + f"a examiné {' ainsi que '.join(examined)}."
        return lead + approved

    # -- 3 Conclusion and signature
    def default_acknowledgements(self, acronym, numbers, period, has_vice_chairs) -> str:
        thanked = [
            "tous les États Membres de l'UIT ayant présenté des contributions et participé "
            "aux travaux du groupe"
        ]
        if has_vice_chairs:
            thanked.append("les Vice-Présidents")
        thanked += [
            "la Secrétaire générale",
            "le Vice-Secrétaire général",
            "les Directeurs du TSB, du BR et du BDT",
        ]
        if period:
            during = f"pendant les réunions du {acronym} tenues de {period[0]} à {period[1]}"
        elif len(numbers) > 1:
            during = f"pendant les {self.meetings(numbers)} du {acronym}"
        else:
            during = f"pendant la {self.meetings(numbers)} du {acronym}"
        return (
            f"Au nom du {acronym}, le Président remercie personnellement "
            f"{', '.join(thanked)}, ainsi que le Secrétariat général, pour leur aide efficace "
            f"{during}."
        )

    def meetings_placeholder(self, numbers, period) -> str:
        if period:
            return f"réunions tenues de {period[0]} à {period[1]}"
        return self.meetings(numbers)

    def chair_title(self, acronym: str) -> str:
        return f"Président du {acronym}"

    def signature(self, name: str, country: str) -> str:
        return f"{name} ({country})"
