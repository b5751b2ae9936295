"""Resolutions are cited the one ITU way, in each of the six UN languages."""

import pytest

from cwg.demo.records import PLACE_BUCHAREST
from cwg.groups.citations import STYLES, cite, cite_many, join_words
from cwg.groups.models import Resolution


def res(instrument, number, kind, year, place=None):
    return Resolution(
        instrument=instrument, number=number, revision_kind=kind, year=year, place=place or {}
    )


PP102 = res("PP", "102", "rev", 2022, PLACE_BUCHAREST)
PP140 = res("PP", "140", "rev", 2022, PLACE_BUCHAREST)
C1305 = res("C", "1305", "mod", 2019)
C1336 = res("C", "1336", "mod", 2019)
SEED = [PP102, PP140, C1305, C1336]


@pytest.mark.parametrize(
    "resolution, language, expected",
    [
        (PP102, "fr", "Résolution 102 (Rév. Bucarest, 2022)"),
        (C1305, "fr", "Résolution 1305 (Mod. 2019) du Conseil"),
        (PP102, "en", "Resolution 102 (Rev. Bucharest, 2022)"),
        (C1305, "en", "Council Resolution 1305 (Mod. 2019)"),
        (PP102, "es", "Resolución 102 (Rev. Bucarest, 2022)"),
        (C1305, "es", "Resolución 1305 (Mod. 2019) del Consejo"),
        (PP102, "ru", "Резолюция 102 (Пересм. Бухарест, 2022 г.)"),
        (C1305, "ru", "Резолюция 1305 (Изм. 2019 г.) Совета"),
        (PP102, "zh", "第102号决议（2022年，布加勒斯特，修订版）"),
        (C1305, "zh", "理事会第1305号决议（2019年，修改版）"),
        (PP102, "ar", "القرار 102 (المراجَع في بوخارست، 2022)"),
        (C1305, "ar", "القرار 1305 (المعدَّل في 2019) الصادر عن المجلس"),
    ],
)
def test_cite_one(resolution, language, expected):
    assert cite(resolution, language) == expected


def test_the_seed_reference_line_in_french():
    assert cite_many(SEED, "fr") == (
        "Résolutions 102 (Rév. Bucarest, 2022) et 140 (Rév. Bucarest, 2022) de la Conférence "
        "de plénipotentiaires; Résolutions 1305 (Mod. 2019) et 1336 (Mod. 2019) du Conseil"
    )


@pytest.mark.parametrize(
    "language, expected",
    [
        (
            "en",
            "Resolutions 102 (Rev. Bucharest, 2022) and 140 (Rev. Bucharest, 2022) of the "
            "Plenipotentiary Conference; Council Resolutions 1305 (Mod. 2019) and 1336 (Mod. 2019)",
        ),
        (
            "es",
            "Resoluciones 102 (Rev. Bucarest, 2022) y 140 (Rev. Bucarest, 2022) de la "
            "Conferencia de Plenipotenciarios; Resoluciones 1305 (Mod. 2019) y 1336 (Mod. 2019) "
            "del Consejo",
        ),
        (
            "ru",
            "Резолюции 102 (Пересм. Бухарест, 2022 г.) и 140 (Пересм. Бухарест, 2022 г.) "
            "Полномочной конференции; Резолюции 1305 (Изм. 2019 г.) и 1336 (Изм. 2019 г.) Совета",
        ),
        (
            "zh",
            "全权代表大会第102号决议（2022年，布加勒斯特，修订版）和第140号决议（2022年，布加勒斯特，"
            "修订版）；理事会第1305号决议（2019年，修改版）和第1336号决议（2019年，修改版）",
        ),
        (
            "ar",
            "القرارات 102 (المراجَع في بوخارست، 2022) و140 (المراجَع في بوخارست، 2022) الصادرة عن "
            "مؤتمر المندوبين المفوضين؛ القرارات 1305 (المعدَّل في 2019) و1336 (المعدَّل في 2019) "
            "الصادرة عن المجلس",
        ),
    ],
)
def test_the_seed_reference_line_in_the_other_languages(language, expected):
    assert cite_many(SEED, language) == expected


def test_one_resolution_of_an_instrument_takes_the_singular():
    assert cite_many([C1336], "fr") == "Résolution 1336 (Mod. 2019) du Conseil"
    assert cite_many([PP102], "en") == (
        "Resolution 102 (Rev. Bucharest, 2022) of the Plenipotentiary Conference"
    )
    assert cite_many([], "fr") == ""


def test_instruments_are_grouped_in_order_of_first_appearance():
    mixed = [C1305, PP102, C1336]
    assert cite_many(mixed, "fr") == (
        "Résolutions 1305 (Mod. 2019) et 1336 (Mod. 2019) du Conseil; "
        "Résolution 102 (Rév. Bucarest, 2022) de la Conférence de plénipotentiaires"
    )


def test_with_instrument_overrides_the_itu_usage():
    assert cite(PP102, "fr", with_instrument=True) == (
        "Résolution 102 (Rév. Bucarest, 2022) de la Conférence de plénipotentiaires"
    )
    assert cite(C1305, "fr", with_instrument=False) == "Résolution 1305 (Mod. 2019)"
    assert cite(C1305, "en", with_instrument=False) == "Resolution 1305 (Mod. 2019)"


def test_original_version_and_other_instruments():
    wtsa = res("WTSA", "75", "original", 2008, {"en": "Johannesburg", "fr": "Johannesburg"})
    assert cite(wtsa, "en") == "WTSA Resolution 75 (Johannesburg, 2008)"
    assert cite(wtsa, "fr") == "Résolution 75 (Johannesburg, 2008) de l'AMNT"
    assert cite(res("C", "1344", "mod", 2015), "en") == "Council Resolution 1344 (Mod. 2015)"


def test_place_falls_back_to_another_language_and_unknown_language_to_english():
    only_english = res("PP", "101", "rev", 2022, {"en": "Bucharest"})
    assert cite(only_english, "fr") == "Résolution 101 (Rév. Bucharest, 2022)"
    assert cite(PP102, "de") == "Resolution 102 (Rev. Bucharest, 2022)"
    assert cite(PP102, "zh-hans") == cite(PP102, "zh")


@pytest.mark.parametrize(
    "language, expected",
    [
        ("fr", "a, b et c"),
        ("en", "a, b and c"),
        ("es", "a, b y c"),
        ("ru", "a, b и c"),
        ("zh", "a、b和c"),
        ("ar", "a، b وc"),
    ],
)
def test_join_words(language, expected):
    assert join_words(["a", "b", "c"], language) == expected
    assert join_words(["a"], language) == "a"
    assert join_words([], language) == ""


def test_every_un_language_has_a_style():
    assert set(STYLES) == {"ar", "zh", "en", "fr", "ru", "es"}


def test_str_of_a_resolution_is_its_english_citation():
    assert str(C1336) == "Council Resolution 1336 (Mod. 2019)"
