"""Dates, ranges and ordinal meeting numbers as a native writer puts them."""

import datetime as dt

import pytest

from cwg.reports.language import dates, ordinals, writer

D = dt.date


@pytest.mark.parametrize(
    ("language", "start", "end", "expected"),
    [
        ("fr", D(2025, 9, 15), D(2025, 9, 16), "les 15 et 16 septembre 2025"),
        ("fr", D(2026, 1, 20), D(2026, 1, 20), "le 20 janvier 2026"),
        ("fr", D(2025, 9, 30), D(2025, 10, 2), "du 30 septembre au 2 octobre 2025"),
        ("fr", D(2025, 10, 1), D(2025, 10, 3), "du 1er au 3 octobre 2025"),
        ("fr", D(2025, 12, 30), D(2026, 1, 2), "du 30 décembre 2025 au 2 janvier 2026"),
        ("en", D(2025, 9, 15), D(2025, 9, 16), "on 15 and 16 September 2025"),
        ("en", D(2026, 1, 20), D(2026, 1, 20), "on 20 January 2026"),
        ("en", D(2025, 9, 30), D(2025, 10, 2), "from 30 September to 2 October 2025"),
        ("es", D(2025, 9, 30), D(2025, 10, 2), "del 30 de septiembre al 2 de octubre de 2025"),
        ("ru", D(2025, 9, 15), D(2025, 9, 16), "15 и 16 сентября 2025 года"),
        ("ru", D(2025, 9, 30), D(2025, 10, 2), "с 30 сентября по 2 октября 2025 года"),
        ("ar", D(2025, 9, 15), D(2025, 9, 16), "يومي 15 و16 سبتمبر 2025"),
        ("zh", D(2025, 9, 30), D(2025, 10, 2), "2025年9月30日至10月2日"),
    ],
)
def test_date_spans(language, start, end, expected):
    assert dates.span(language, start, end) == expected


def test_several_meetings_are_joined_with_the_language_s_and():
    spans = [(D(2025, 9, 15), D(2025, 9, 16)), (D(2026, 1, 20), D(2026, 1, 20))]
    fr, en = writer("fr"), writer("en")
    assert fr.join([fr.span(*s) for s in spans]) == (
        "les 15 et 16 septembre 2025 et le 20 janvier 2026"
    )
    assert en.join([en.span(*s) for s in spans]) == (
        "on 15 and 16 September 2025 and on 20 January 2026"
    )


def test_ordinal_meetings_in_words_agree_in_number():
    assert writer("fr").meetings([22, 23]) == "vingt-deuxième et vingt-troisième réunions"
    assert writer("fr").meetings([22]) == "vingt-deuxième réunion"
    assert writer("fr").meetings([1]) == "première réunion"  # feminine, as "réunion" is
    assert writer("en").meetings([22, 23]) == "twenty-second and twenty-third meetings"
    assert writer("en").meetings([21]) == "twenty-first meeting"
    assert writer("es").meetings([22, 23]) == "las reuniones vigésima segunda y vigésima tercera"
    assert writer("ru").meetings([22, 23], "prep") == "двадцать втором и двадцать третьем собраниях"
    assert writer("zh").meetings([22, 23]) == "第二十二次和第二十三次会议"


@pytest.mark.parametrize(
    ("n", "fr", "es", "ru", "ar_nominative", "ar_oblique", "zh"),
    [
        (1, "première", "primera", "первое", "الأول", "الأول", "第一次"),
        (11, "onzième", "undécima", "одиннадцатое", "الحادي عشر", "الحادي عشر", "第十一次"),
        (
            21,
            "vingt et unième",
            "vigésima primera",
            "двадцать первое",
            "الحادي والعشرون",
            "الحادي والعشرين",
            "第二十一次",
        ),
        (
            23,
            "vingt-troisième",
            "vigésima tercera",
            "двадцать третье",
            "الثالث والعشرون",
            "الثالث والعشرين",
            "第二十三次",
        ),
        (30, "trentième", "trigésima", "тридцатое", "الثلاثون", "الثلاثين", "第三十次"),
        (105, "cent cinquième", "centésima quinta", "сто пятое", "105", "105", "第一百零五次"),
    ],
)
def test_ordinals_where_num2words_falls_short(n, fr, es, ru, ar_nominative, ar_oblique, zh):
    assert ordinals.french(n) == fr
    assert ordinals.spanish(n) == es
    assert ordinals.russian(n) == ru
    assert ordinals.arabic(n, "nom") == ar_nominative
    assert ordinals.arabic(n, "obl") == ar_oblique
    assert ordinals.chinese(n) == zh


def test_chinese_numbers():
    assert [ordinals.chinese_number(n) for n in (10, 12, 20, 110, 1005)] == [
        "十",
        "十二",
        "二十",
        "一百一十",
        "一千零五",
    ]
