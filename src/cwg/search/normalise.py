"""Words to index terms, the same for stored text and queries on every database engine."""

from __future__ import annotations

import functools
import re
import unicodedata

import snowballstemmer

# Snowball stemmers for the languages that inflect by suffix; ar is normalised, zh cut in bigrams.
STEMMED = {"en": "english", "fr": "french", "es": "spanish", "ru": "russian"}
LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")

# Hamza and alef forms, alef maqsura and taa marbuta are written interchangeably in Arabic.
_ARABIC = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        "\u0640": None,  # tatweel
    }
)
_TASHKEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_WORD = re.compile(r"[^\W_]+")
# Han, kana and hangul: written without spaces, indexed as overlapping character pairs.
_CJK = re.compile(
    "([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002fa1f]+)"
)
MAX_TERM = 60


@functools.cache
def _stemmer(language: str):
    return snowballstemmer.stemmer(STEMMED[language])


@functools.lru_cache(maxsize=200_000)
def _term(word: str, language: str) -> str:
    if language in STEMMED:
        word = _stemmer(language).stemWord(word)
    folded = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in folded if not unicodedata.combining(ch))[:MAX_TERM]


def _bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def terms(text: str, language: str) -> list[str]:
    """The index terms of `text` written in `language` (stemmed, folded, CJK in bigrams)."""
    text = unicodedata.normalize("NFKC", text or "").casefold().translate(_ARABIC)
    text = _TASHKEEL.sub("", text)
    out: list[str] = []
    for word in _WORD.findall(text):
        for i, part in enumerate(_CJK.split(word)):
            if not part:
                continue
            if i % 2:
                out.extend(_bigrams(part))
            else:
                term = _term(part, language)
                if term:
                    out.append(term)
    return out


def index_text(text: str, language: str) -> str:
    return " ".join(terms(text, language))


def query_terms(q: str, languages=LANGUAGES) -> dict[tuple[str, ...], list[str]]:
    """The terms of a query read in each language, languages that read it alike grouped."""
    by_terms: dict[tuple[str, ...], list[str]] = {}
    for language in languages:
        found = tuple(dict.fromkeys(terms(q, language)))
        if found:
            by_terms.setdefault(found, []).append(language)
    return {tuple(langs): list(found) for found, langs in by_terms.items()}
