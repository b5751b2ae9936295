"""The report's wording in each of the six UN languages."""

from __future__ import annotations

from cwg.reports.language.base import Writer


def writer(language: str) -> Writer:
    """The writer for a document language; KeyError for one that has none."""
    from cwg.reports.language.ar import Arabic
    from cwg.reports.language.en import English
    from cwg.reports.language.es import Spanish
    from cwg.reports.language.fr import French
    from cwg.reports.language.ru import Russian
    from cwg.reports.language.zh import Chinese

    return {
        "fr": French,
        "en": English,
        "es": Spanish,
        "ru": Russian,
        "ar": Arabic,
        "zh": Chinese,
    }[language]()
