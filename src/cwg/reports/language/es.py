"""The report in Spanish. Group names are taken as masculine ("el Grupo de Trabajo …")."""

from __future__ import annotations

from cwg.reports.language import ordinals
from cwg.reports.language.base import Citations, MeetingWork, Writer

_INSTITUTIONS = {"PP": "la Conferencia de Plenipotenciarios", "C": "el Consejo"}


class Spanish(Writer):
    code = "es"
    letter = "S"
    quotes = ("«", "»")
    page_of = "Página {page} de {pages}"  # the footer; {page} and {pages} are Word fields
    secretariat_name = "Secretaría General de la UIT"
    labels = {
        "purpose": "Objeto",
        "action_chair": "Acción que se solicita al Consejo",
        "action_cycle": "Acción que se solicita a la Conferencia de Plenipotenciarios",
        "strategic": "Vínculos pertinentes con el Plan Estratégico",
        "financial": "Repercusiones financieras",
        "references": "Referencias",
        "introduction": "Introducción",
        "conclusion": "Conclusión",
        "date": "Fecha",
    }

    def meetings(self, numbers: list[int]) -> str:
        """ "las reuniones vigésima segunda y vigésima tercera", "la vigésima segunda reunión"."""
        if len(numbers) == 1:
            return f"la {ordinals.spanish(numbers[0])} reunión"
        return "las reuniones " + self.join([ordinals.spanish(n) for n in numbers])

    def top_line(self, acronym):
        return f"Informe del Presidente del {acronym}"

    def title(self, numbers, name):
        listed = [f"{n}ª" for n in numbers]
        if len(numbers) == 1:
            return f"INFORME SOBRE LOS RESULTADOS DE LA {listed[0]} REUNIÓN DEL {name.upper()}"
        joined = ", ".join(listed[:-1]) + " Y " + listed[-1]
        return f"INFORME SOBRE LOS RESULTADOS DE LAS REUNIONES {joined} DEL {name.upper()}"

    def cycle_top_line(self, acronym):
        return f"Informe del Presidente del {acronym} a la Conferencia de Plenipotenciarios"

    def cycle_title(self, name, first, last):
        return f"ACTIVIDADES DEL {name.upper()} DE {first} A {last}"

    def _in_accordance(self, groups: list[Citations]) -> str:
        bits = []
        for index, group in enumerate(groups):
            article = "las" if group.count > 1 else "la"
            lead = "de conformidad con" if index == 0 else "así como con"
            bits.append(f"{lead} {article} {group.text}")
        return ", ".join(bits)

    def purpose(self, numbers, name, acronym, spans, groups):
        plural = len(numbers) > 1
        held = "celebradas" if plural else "celebrada"
        respectively = " respectivamente" if plural else ""
        text = (
            f"En el presente informe se resumen los principales resultados de "
            f"{self.meetings(numbers)} del {name} ({acronym}), {held} {self.join(spans)}"
            f"{respectively}"
        )
        if groups:
            text += ", " + self._in_accordance(groups)
        return text + "."

    def cycle_purpose(self, name, acronym, first, last, groups):
        text = (
            f"En el presente informe se da cuenta de las actividades del {name} ({acronym}) "
            f"de {first} a {last}"
        )
        if groups:
            text += ", " + self._in_accordance(groups)
        return text + "."

    def default_action(self, kind):
        if kind == "cycle":
            return (
                "Se invita a la Conferencia de Plenipotenciarios a tomar nota del presente informe."
            )
        return "Se invita al Consejo a tomar nota del presente informe."

    def default_strategic(self):
        return "Trabajos basados en las contribuciones de los miembros."

    def default_financial(self):
        return "Dentro de los límites del presupuesto asignado para {years}."

    def established(self, name, acronym, establishing, groups):
        article = "las" if establishing.count > 1 else "la"
        text = f"El {name} ({acronym}) fue creado en virtud de {article} {establishing.text}"
        if groups:
            text += ", " + self._in_accordance(groups)
        return text + "."

    def participation(self, acronym, participation, open_consultations):
        who = {
            "member_states": "está abierto únicamente a la participación de los Estados Miembros",
            "members": "está abierto a los Estados Miembros y a los Miembros de Sector",
            "open": "está abierto a todas las partes interesadas",
        }[participation]
        text = f"El {acronym} {who}"
        if open_consultations:
            text += " y celebra consultas abiertas con todas las partes interesadas"
        return text + "."

    def mandate(self, acronym, mandate):
        article = "las" if mandate.count > 1 else "la"
        return f"El mandato del {acronym} se define en {article} {mandate.text}."

    def instructs(self, citation, instrument, acronym):
        who = _INSTITUTIONS.get(instrument, "el órgano que la adoptó")
        whom = "al Consejo" if instrument == "PP" else f"al {acronym}"
        return f"En su {citation}, {who} encargó {whom}:"

    def activities_heading(self, acronym):
        return f"Actividades del {acronym}"

    def venue(self, name, city, country, virtual):
        if virtual:
            return "en línea"
        where = f"{city} ({country})" if city and country else city or country
        if name.lower().startswith(("el ", "la ", "los ", "las ")):
            return f"en {name} en {where}" if where else f"en {name}"
        # Without its article the name cannot take "en": it stands in apposition to the city.
        return f"en {where}, {name}" if where else f"en {name}"

    def held(self, acronym, numbers, spans, venues):
        plural = len(numbers) > 1
        respectively = " respectivamente" if plural else ""
        if plural:
            ords = self.join([ordinals.spanish(n) for n in numbers])
            what = f"sus reuniones {ords}"
        else:
            what = f"su {ordinals.spanish(numbers[0])} reunión"
        when = self.when_and_where(spans, venues, respectively=respectively)
        return f"El {acronym} celebró {what} {when}."

    def cycle_held(self, acronym, first, last, count):
        noun = "reuniones" if count > 1 else "reunión"
        return f"De {first} a {last}, el {acronym} celebró {count} {noun}:"

    def cycle_meeting(self, number, span, venue):
        return f"{ordinals.spanish(number)} reunión: {span}, {venue};"

    def reports_approved(self, numbers):
        if len(numbers) > 1:
            return f"El grupo aprobó los informes de {self.meetings(numbers)}."
        return f"El grupo aprobó el informe de {self.meetings(numbers)}."

    def cycle_reports_approved(self, count):
        if count > 1:
            return "El grupo aprobó los informes de esas reuniones."
        return "El grupo aprobó el informe de esa reunión."

    def meeting_work(self, work: MeetingWork):
        examined = []
        if work.consultations:
            examined.append(
                self.with_topics(
                    "los resultados de las consultas abiertas"
                    if work.consultations > 1
                    else "los resultados de la consulta abierta",
                    work,
                )
            )
        if work.contributions > 1:
            count = f"{work.contributions} " if work.counted else ""
            examined.append(f"las {count}contribuciones presentadas por los miembros")
        elif work.contributions:
            examined.append("la contribución presentada por los miembros")
        approved = ""
        if work.decisions:
            approved = (
                "aprobó las medidas siguientes:"
                if work.decisions > 1
                else "aprobó la medida siguiente:"
            )
        if not examined and not approved:
            return ""
        lead = f"En su {ordinals.spanish(work.number)} reunión, el grupo "
        if examined and approved:
            return lead + f"examinó {' así como '.join(examined)} y {approved}"
        if examined:
            return lead + f"examinó {' así como '.join(examined)}."
        return lead + approved

    def default_acknowledgements(self, acronym, numbers, period, has_vice_chairs):
        thanked = [
            "a todos los Estados Miembros de la UIT que presentaron contribuciones y "
            "participaron en los trabajos del grupo"
        ]
        if has_vice_chairs:
            thanked.append("a los Vicepresidentes")
        thanked += [
            "a la Secretaria General",
            "al Vicesecretario General",
            "a los Directores de la TSB, la BR y la BDT",
        ]
        if period:
            during = f"durante las reuniones del {acronym} celebradas de {period[0]} a {period[1]}"
        else:
            during = f"durante {self.meetings(numbers)} del {acronym}"
        return (
            f"En nombre del {acronym}, el Presidente agradece personalmente {', '.join(thanked)}, "
            f"así como a la Secretaría General, su eficaz ayuda {during}."
        )

    def meetings_placeholder(self, numbers, period):
        if period:
            return f"reuniones celebradas de {period[0]} a {period[1]}"
        return self.meetings(numbers)

    def chair_title(self, acronym):
        return f"Presidente del {acronym}"

    def signature(self, name, country):
        return f"{name} ({country})"
