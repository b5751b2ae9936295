"""Ordinal numbers in words for meeting numbers, in each of the six UN languages.

num2words covers French, English, Spanish and Russian ordinals in the masculine
nominative; the feminine (fr/es "réunion", "reunión"), the Russian neuter and its cases,
Arabic ordinals and Chinese are done here because num2words gets them wrong or lacks them.
"""

from __future__ import annotations

from num2words import num2words

_ES_TEENS = {
    11: "undécima",
    12: "duodécima",
    13: "decimotercera",
    14: "decimocuarta",
    15: "decimoquinta",
    16: "decimosexta",
    17: "decimoséptima",
    18: "decimoctava",
    19: "decimonovena",
}


def french(n: int) -> str:
    """Feminine, as for "réunion": "première", "vingt-deuxième"."""
    return "première" if n == 1 else num2words(n, lang="fr", to="ordinal")


def french_abbreviated(n: int) -> str:
    """The abbreviated form used in ITU French titles: "1ère", "22ème"."""
    return "1ère" if n == 1 else f"{n}ème"


def english(n: int) -> str:
    return num2words(n, lang="en", to="ordinal")


def spanish(n: int) -> str:
    """Feminine, as for "reunión": "vigésima segunda"."""
    if n % 100 in _ES_TEENS and n < 100:
        return _ES_TEENS[n]
    words = num2words(n, lang="es", to="ordinal").split()
    out = []
    for word in words:
        if word.startswith("décimo") and len(word) > len("décimo"):
            # num2words writes "décimoprimero"; the feminine of the teens is set above.
            word = word.replace("décimo", "decimo")
        if word.endswith("o"):
            word = word[:-1] + "a"
        out.append(word)
    return " ".join(out)


def russian(n: int, case: str = "nom") -> str:
    """Neuter, as for "собрание"; case "nom" (also accusative), "gen" or "prep".

    Only the last word of a compound ordinal declines: "двадцать второе", "двадцать втором".
    """
    words = num2words(n, lang="ru", to="ordinal").split()
    last = words[-1]
    if last.endswith("ий"):  # третий, the one soft-stem ordinal
        stem = last[:-2]
        last = {"nom": stem + "ье", "gen": stem + "ьего", "prep": stem + "ьем"}[case]
    else:
        stem = last[:-2]
        last = {"nom": stem + "ое", "gen": stem + "ого", "prep": stem + "ом"}[case]
    return " ".join([*words[:-1], last])


_AR_UNITS = {
    1: "الأول",
    2: "الثاني",
    3: "الثالث",
    4: "الرابع",
    5: "الخامس",
    6: "السادس",
    7: "السابع",
    8: "الثامن",
    9: "التاسع",
    10: "العاشر",
}
_AR_TENS = {
    2: ("العشرون", "العشرين"),
    3: ("الثلاثون", "الثلاثين"),
    4: ("الأربعون", "الأربعين"),
    5: ("الخمسون", "الخمسين"),
    6: ("الستون", "الستين"),
    7: ("السبعون", "السبعين"),
    8: ("الثمانون", "الثمانين"),
    9: ("التسعون", "التسعين"),
}


def arabic(n: int, case: str = "nom") -> str:
    """Masculine definite, as for "الاجتماع"; case "nom" or "obl" (genitive/accusative).

    "الثاني والعشرون" (nominative), "الثاني والعشرين" (oblique). Beyond 99 the number is
    written in digits after the noun, which Arabic usage accepts ("الاجتماع 120").
    """
    oblique = case != "nom"
    if n <= 10:
        return _AR_UNITS[n]
    if n < 20:
        unit = "الحادي" if n == 11 else _AR_UNITS[n - 10]
        return f"{unit} عشر"
    if n < 100:
        tens = _AR_TENS[n // 10][1 if oblique else 0]
        unit = n % 10
        if unit == 0:
            return tens
        unit_word = "الحادي" if unit == 1 else _AR_UNITS[unit]
        return f"{unit_word} و{tens}"
    return str(n)


_ZH_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """Chinese numerals for 0 to 9999: 22 → 二十二, 105 → 一百零五."""
    if n == 0:
        return _ZH_DIGITS[0]
    if n < 0 or n > 9999:
        return str(n)
    units = [(1000, "千"), (100, "百"), (10, "十"), (1, "")]
    out = []
    pending_zero = False
    for value, name in units:
        digit = (n // value) % 10
        if digit == 0:
            if out:
                pending_zero = True
            continue
        if pending_zero:
            out.append(_ZH_DIGITS[0])
            pending_zero = False
        if value == 10 and digit == 1 and not out:
            out.append("十")  # 十二, not 一十二, when it leads
        else:
            out.append(_ZH_DIGITS[digit] + name)
    return "".join(out)


def chinese(n: int) -> str:
    """ "第二十二次", as in "第二十二次会议"."""
    return f"第{chinese_number(n)}次"
