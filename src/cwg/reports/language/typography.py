"""Typography per language: the no-break spaces and hyphens each language's printed texts keep.

Applied once, to the finished composition, so every output (HTML, PDF, DOCX) carries the same
characters and no line breaks inside "Résolution 1336", "Rév. Bucarest" or "GTC‑Internet".
"""

from __future__ import annotations

import re

NBSP = "\u00a0"  # no-break space
NNBSP = "\u202f"  # narrow no-break space (French, before ; : ! ? and inside « »)
NBHYPHEN = "\u2011"  # non-breaking hyphen

# An acronym joined by a hyphen to what follows ("GTC-Internet", "CWG-WSIS&SDG", "РГС-Интернет").
_ACRONYM_HYPHEN = re.compile(r"(?<![\w-])([A-ZА-ЯЁ]{2,5})-(?=\w)")
# A number and the unit after it.
_UNITS = r"(?:%|CHF|USD|EUR|km|kg|Mbit/s|Gbit/s|h|min)"
_NUMBER_UNIT = re.compile(rf"(\d) (?={_UNITS}(?!\w))")

_FRENCH = [
    # "Résolution 1336", "Résolutions 102", "Décision 588": the word stays with its number.
    (re.compile(r"\b(Résolutions?|Décisions?|Recommandations?|Articles?|Annexes?|No|n°) (?=\d)"),
     rf"\1{NBSP}"),
    # "(Rév. Bucarest, 2022)", "(Mod. 2019)"
    (re.compile(r"\b(Rév|Mod)\. (?=\w)"), rf"\1.{NBSP}"),
    # A narrow no-break space before the high punctuation, replacing any plain space there.
    (re.compile(r"(?<=[^\s\d(«])[ \u00a0]?([;:!?])(?=\s|$|»)"), rf"{NNBSP}\1"),
    (re.compile(r"«[ \u00a0]?"), f"«{NNBSP}"),
    (re.compile(r"[ \u00a0]?»"), f"{NNBSP}»"),
]  # fmt: skip

_ENGLISH_LIKE = [
    (re.compile(r"\b(Resolutions?|Decisions?|Resoluci[óo]n(?:es)?|Decisi[óo]n(?:es)?) (?=\d)"),
     rf"\1{NBSP}"),
    (re.compile(r"\b(Rev|Mod)\. (?=\w)"), rf"\1.{NBSP}"),
]  # fmt: skip

_RUSSIAN = [
    (re.compile(r"\b(Резолюци[яиейюам]+|Решени[еяий]+) (?=\d)"), rf"\1{NBSP}"),
    (re.compile(r"\b(Пересм|Изм)\. (?=\w)"), rf"\1.{NBSP}"),
    (re.compile(r"(\d) (?=г\.)"), rf"\1{NBSP}"),  # "2022 г."
]

_RULES = {"fr": _FRENCH, "en": _ENGLISH_LIKE, "es": _ENGLISH_LIKE, "ru": _RUSSIAN}

# The colon after a label ("Date: …"): Chinese uses the full-width colon with no space.
_COLONS = {"zh": "：", "fr": f"{NNBSP}: "}


def colon(language: str) -> str:
    return _COLONS.get(language, ": ")


def typeset(text: str, language: str) -> str:
    """The text with the no-break characters of the language's typography."""
    if not text:
        return text
    text = _ACRONYM_HYPHEN.sub(rf"\1{NBHYPHEN}", text)
    text = _NUMBER_UNIT.sub(rf"\1{NBSP}", text)
    for pattern, replacement in _RULES.get(language, ()):
        text = pattern.sub(replacement, text)
    return text


def plain(text: str) -> str:
    """The text with its typography undone: plain spaces and hyphens, none before ; : ! ?.

    Used to compare wording with a reference text typed without (or with other) typography.
    """
    text = re.sub(r"[\u00a0\u202f\u2007\t]", " ", text).replace(NBHYPHEN, "-")
    text = re.sub(r" +([;:!?»])", r"\1", text)
    text = re.sub(r"« +", "«", text)
    return re.sub(r" +", " ", text).strip()
