"""Texts agreed by the group, annexed to its reports with their ITU marks, in the report's language."""

from __future__ import annotations

from dataclasses import dataclass, field

from cwg.core.access_levels import AccessLevel
from cwg.core.exceptions import InvalidInput
from cwg.core.i18n import pick
from cwg.drafting import queries as drafting_queries
from cwg.drafting.models import Text
from cwg.reports.compose import Composition
from cwg.reports.language import typography

# The annex's own words, per report language (the report's text never comes from the UI catalogue).
LABELS = {
    "en": {
        "annex": "Annex {number}",
        "agreed": "Rev.{number}, as agreed by the group",
        "legend": "ADD: new text; MOD: modified text; SUP: text deleted. Additions are underlined, "
        "deletions struck through.",
        "only_in": "Text agreed in {language} only.",
    },
    "fr": {
        "annex": "Annexe {number}",
        "agreed": "Rév.{number}, telle qu'approuvée par le groupe",
        "legend": "ADD: texte nouveau; MOD: texte modifié; SUP: texte supprimé. Les ajouts sont "
        "soulignés, les suppressions barrées.",
        "only_in": "Texte approuvé en {language} seulement.",
    },
    "es": {
        "annex": "Anexo {number}",
        "agreed": "Rev.{number}, tal como la aprobó el Grupo",
        "legend": "ADD: texto nuevo; MOD: texto modificado; SUP: texto suprimido. Los añadidos "
        "aparecen subrayados y las supresiones tachadas.",
        "only_in": "Texto aprobado únicamente en {language}.",
    },
    "ru": {
        "annex": "Приложение {number}",
        "agreed": "Пересмотр {number}, согласованный группой",
        "legend": "ADD: новый текст; MOD: изменённый текст; SUP: исключённый текст. Добавления "
        "подчёркнуты, исключения зачёркнуты.",
        "only_in": "Текст согласован только на следующем языке: {language}.",
    },
    "ar": {
        "annex": "الملحق {number}",
        "agreed": "المراجعة {number}، بصيغتها التي وافق عليها الفريق",
        "legend": "ADD: نص جديد؛ MOD: نص معدَّل؛ SUP: نص محذوف. الإضافات مسطَّر تحتها والمحذوفات مشطوبة.",
        "only_in": "النص متفق عليه باللغة {language} فقط.",
    },
    "zh": {
        "annex": "附件{number}",
        "agreed": "第{number}次修订稿，经工作组商定",
        "legend": "ADD：新增案文；MOD：修改的案文；SUP：删除的案文。新增内容加下划线，删除内容加删除线。",
        "only_in": "案文仅以{language}商定。",
    },
}
# The six languages' names as each report language says them in "agreed in … only".
LANGUAGE_NAMES = {
    "en": {"ar": "Arabic", "zh": "Chinese", "en": "English", "fr": "French", "ru": "Russian",
           "es": "Spanish"},
    "fr": {"ar": "arabe", "zh": "chinois", "en": "anglais", "fr": "français", "ru": "russe",
           "es": "espagnol"},
    "es": {"ar": "árabe", "zh": "chino", "en": "inglés", "fr": "francés", "ru": "ruso",
           "es": "español"},
    "ru": {"ar": "арабский", "zh": "китайский", "en": "английский", "fr": "французский",
           "ru": "русский", "es": "испанский"},
    "ar": {"ar": "العربية", "zh": "الصينية", "en": "الإنكليزية", "fr": "الفرنسية", "ru": "الروسية",
           "es": "الإسبانية"},
    "zh": {"ar": "阿拉伯文", "zh": "中文", "en": "英文", "fr": "法文", "ru": "俄文", "es": "西班牙文"},
}  # fmt: skip


@dataclass
class AnnexProvision:
    mark: str
    lead: str
    pieces: list[tuple[str, str]]  # ("equal" | "ins" | "del", text)


@dataclass
class Annex:
    heading: str
    title: str
    agreed: str
    legend: str
    note: str = ""
    provisions: list[AnnexProvision] = field(default_factory=list)

    def lines(self) -> list[str]:
        """What the reader sees of the annex, in reading order (deletions left out)."""
        lines = [self.heading, self.title, self.agreed, self.legend]
        if self.note:
            lines.append(self.note)
        for provision in self.provisions:
            wording = "".join(text for kind, text in provision.pieces if kind != "del")
            lines.append(" ".join(bit for bit in (provision.mark, provision.lead, wording) if bit))
        return lines


def agreed_text(group, slug: str) -> Text:
    """The group's text `slug`, refused unless the group agreed a revision of it."""
    text = Text.objects.filter(slug=str(slug or "").strip()[:80], group=group).first()
    if text is None:
        raise InvalidInput(f"the group has no text {slug!r}", field="text")
    if drafting_queries.latest_agreed_revision(text) is None:
        raise InvalidInput(
            f"the text {slug!r} has no revision agreed by the group; only an agreed text can be "
            "annexed to a report",
            field="text",
        )
    # A report to Council or to the Conference is a public document: a members-only text annexed
    # to it would be published through it.
    if text.effective_access() != AccessLevel.PUBLIC:
        raise InvalidInput(
            f"the text {slug!r} is for members only; a report is public, so only a public text "
            "can be annexed to it",
            field="text",
        )
    return text


def annex_of(text: Text, number: int, language: str) -> Annex:
    """The text's latest agreed revision as the report's annex `number`, in the report's language."""
    revision = drafting_queries.latest_agreed_revision(text, language)
    labels = LABELS[language]
    note = ""
    if revision.language != language:
        note = labels["only_in"].format(
            language=LANGUAGE_NAMES[language].get(revision.language[:2], revision.language)
        )
    annex = Annex(
        heading=typography.typeset(labels["annex"].format(number=number), language),
        title=pick(text.title, language) or text.slug,
        agreed=typography.typeset(labels["agreed"].format(number=revision.number), language),
        legend=typography.typeset(labels["legend"], language),
        note=typography.typeset(note, language),
    )
    for item in drafting_queries.marked_provisions(revision):
        annex.provisions.append(AnnexProvision(item.mark, item.lead, item.pieces))
    return annex


def with_annexes(composition: Composition, texts: list[Text]) -> Composition:
    """The report with the texts annexed in order (each text once)."""
    seen: list[Text] = []
    for text in texts:
        if all(text.pk != other.pk for other in seen):
            seen.append(text)
    composition.annexes = [
        annex_of(text, number, composition.language) for number, text in enumerate(seen, 1)
    ]
    return composition
