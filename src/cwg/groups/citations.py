"""The one way a resolution is cited, in each of the six UN languages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from cwg.core.i18n import document_language, pick


@dataclass(frozen=True)
class CitationStyle:
    singular: str  # "Résolution"
    plural: str  # "Résolutions"
    revised: str  # "Rév."
    modified: str  # "Mod."
    year_suffix: str  # " г." in Russian
    instrument_suffix: dict  # instrument -> text after the citation (" du Conseil")
    conjunction: str  # " et "
    list_separator: str  # "; "
    # instrument -> text before the noun ("Council " in English: "Council Resolution 1305")
    instrument_prefix: dict = field(default_factory=dict)
    # Where the suffix agrees in number (Arabic); otherwise the singular's serves both.
    instrument_suffix_plural: dict | None = None

    def suffixes(self, count: int) -> dict:
        if count == 1 or self.instrument_suffix_plural is None:
            return self.instrument_suffix
        return self.instrument_suffix_plural


STYLES: dict[str, CitationStyle] = {
    "fr": CitationStyle(
        "Résolution",
        "Résolutions",
        "Rév.",
        "Mod.",
        "",
        {
            "C": " du Conseil",
            "PP": " de la Conférence de plénipotentiaires",
            "UNGA": " de l'Assemblée générale des Nations Unies",
            "WTSA": " de l'AMNT",
            "WTDC": " de la CMDT",
            "RA": " de l'AR",
        },
        " et ",
        "; ",
    ),
    "en": CitationStyle(
        "Resolution",
        "Resolutions",
        "Rev.",
        "Mod.",
        "",
        {
            "PP": " of the Plenipotentiary Conference",
            "RA": " of the Radiocommunication Assembly",
        },
        " and ",
        "; ",
        {
            "C": "Council ",
            "UNGA": "United Nations General Assembly ",
            "WTSA": "WTSA ",
            "WTDC": "WTDC ",
        },
    ),
    "es": CitationStyle(
        "Resolución",
        "Resoluciones",
        "Rev.",
        "Mod.",
        "",
        {
            "C": " del Consejo",
            "PP": " de la Conferencia de Plenipotenciarios",
            "UNGA": " de la Asamblea General de las Naciones Unidas",
            "WTSA": " de la AMNT",
            "WTDC": " de la CMDT",
            "RA": " de la AR",
        },
        " y ",
        "; ",
    ),
    "ru": CitationStyle(
        "Резолюция",
        "Резолюции",
        "Пересм.",
        "Изм.",
        " г.",
        {
            "C": " Совета",
            "PP": " Полномочной конференции",
            "UNGA": " Генеральной Ассамблеи ООН",
            "WTSA": " ВАСЭ",
            "WTDC": " ВКРЭ",
            "RA": " АР",
        },
        " и ",
        "; ",
    ),
    "ar": CitationStyle(
        "القرار",
        "القرارات",
        "المراجَع في",
        "المعدَّل في",
        "",
        {
            "C": " الصادر عن المجلس",
            "PP": " الصادر عن مؤتمر المندوبين المفوضين",
            "UNGA": " الصادر عن الجمعية العامة للأمم المتحدة",
            "WTSA": " الصادر عن الجمعية العالمية لتقييس الاتصالات",
            "WTDC": " الصادر عن المؤتمر العالمي لتنمية الاتصالات",
            "RA": " الصادر عن جمعية الاتصالات الراديوية",
        },
        " و",
        "؛ ",
        instrument_suffix_plural={
            "C": " الصادرة عن المجلس",
            "PP": " الصادرة عن مؤتمر المندوبين المفوضين",
            "UNGA": " الصادرة عن الجمعية العامة للأمم المتحدة",
            "WTSA": " الصادرة عن الجمعية العالمية لتقييس الاتصالات",
            "WTDC": " الصادرة عن المؤتمر العالمي لتنمية الاتصالات",
            "RA": " الصادرة عن جمعية الاتصالات الراديوية",
        },
    ),
    "zh": CitationStyle(
        "第{n}号决议",
        "第{n}号决议",
        "修订版",
        "修改版",
        "年",
        {
            "C": "理事会",
            "PP": "全权代表大会",
            "UNGA": "联合国大会",
            "WTSA": "世界电信标准化全会",
            "WTDC": "世界电信发展大会",
            "RA": "无线电通信全会",
        },
        "和",
        "；",
    ),
}


def _qualifier(resolution, language: str) -> str:
    """What stands in brackets: revision word, place and year."""
    style = STYLES[language]
    place = pick(resolution.place, language) if resolution.place else ""
    year = f"{resolution.year}{style.year_suffix}"
    if language == "zh":
        revision = {"rev": style.revised, "mod": style.modified}.get(resolution.revision_kind, "")
        parts = (
            [f"{resolution.year}年"] + ([place] if place else []) + ([revision] if revision else [])
        )
        return "（" + "，".join(parts) + "）"
    revision = {"rev": style.revised, "mod": style.modified}.get(resolution.revision_kind, "")
    inner = (
        ", ".join(bit for bit in (place, year) if bit)
        if language != "ar"
        else "، ".join(bit for bit in (place, year) if bit)
    )
    if revision:
        inner = f"{revision} {inner}"
    return f"({inner})"


def _number_with_qualifier(resolution, language: str) -> str:
    if language == "zh":
        return f"第{resolution.number}号决议{_qualifier(resolution, language)}"
    return f"{resolution.number} {_qualifier(resolution, language)}"


def cite(resolution, language: str | None = None, *, with_instrument: bool | None = None) -> str:
    """Cite one resolution: fr "Résolution 1305 (Mod. 2019) du Conseil",
    en "Council Resolution 1305 (Mod. 2019)".

    By ITU usage a Plenipotentiary resolution is cited without naming the conference,
    and any other instrument's resolution names it; `with_instrument` overrides that.
    """
    language = document_language(language)
    style = STYLES[language]
    if with_instrument is None:
        with_instrument = resolution.instrument != "PP"
    suffix = style.instrument_suffix.get(resolution.instrument, "") if with_instrument else ""
    prefix = style.instrument_prefix.get(resolution.instrument, "") if with_instrument else ""
    if language == "zh":
        return f"{suffix}{_number_with_qualifier(resolution, language)}"
    return f"{prefix}{style.singular} {_number_with_qualifier(resolution, language)}{suffix}"


def cite_many(resolutions: Iterable, language: str | None = None) -> str:
    """Cite several, grouped by instrument in order of first appearance:
    "Résolutions 102 (Rév. Bucarest, 2022) et 140 (Rév. Bucarest, 2022) de la Conférence de
    plénipotentiaires; Résolutions 1305 (Mod. 2019) et 1336 (Mod. 2019) du Conseil"."""
    language = document_language(language)
    style = STYLES[language]
    by_instrument: dict[str, list] = {}
    for resolution in resolutions:
        by_instrument.setdefault(resolution.instrument, []).append(resolution)
    parts = []
    for instrument, items in by_instrument.items():
        numbers = [_number_with_qualifier(r, language) for r in items]
        joined = join_words(numbers, language)
        if language == "zh":
            parts.append(f"{style.instrument_suffix.get(instrument, '')}{joined}")
            continue
        noun = style.singular if len(items) == 1 else style.plural
        suffix_map = style.suffixes(len(items))
        prefix = style.instrument_prefix.get(instrument, "")
        parts.append(f"{prefix}{noun} {joined}{suffix_map.get(instrument, '')}")
    return style.list_separator.join(parts)


def join_words(items: list[str], language: str | None = None) -> str:
    """Join with commas and the language's "and": "a, b et c"."""
    language = document_language(language)
    conjunction = STYLES[language].conjunction
    comma = {"zh": "、", "ar": "، "}.get(language, ", ")
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return comma.join(items[:-1]) + conjunction + items[-1]
