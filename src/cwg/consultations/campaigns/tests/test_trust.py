"""The three errors analysts found on a real docket: named placeholders, chaining, partial use."""

from __future__ import annotations

import random

import pytest

from cwg.consultations.campaigns.engine import Settings, detect
from cwg.consultations.campaigns.text import normalise


def invented_sentences(count: int, seed: int, words: int = 10) -> list[str]:
    """Sentences of invented words: two of them share no word triple."""
    rng = random.Random(seed)
    syllables = [
        "ka",
        "ro",
        "mi",
        "ta",
        "ne",
        "lu",
        "sa",
        "vo",
        "ri",
        "pe",
        "da",
        "ko",
        "mu",
        "zi",
        "fa",
        "le",
        "bo",
        "ni",
        "ga",
        "tu",
    ]
    out = []
    for _ in range(count):
        sentence = " ".join(
            "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(words)
        )
        out.append(sentence.capitalize() + ".")
    return out


def campaign_of(result, ids):
    return {result.assignments[i] for i in ids}


# -- 1. placeholders that name an organisation ----------------------------------------------------

NOTES = {
    "en": [
        "Please see the attached comments from the American Nurses Association",
        "Please see the attached comments from the American Association of Nurse Anesthesiology",
        "Please see the attached comments from the National Rural Health Association.",
        "Please see the attached comments from the American Hospital Association",
        "Attached please find the comments of the National Association of Counties.",
    ],
    "fr": [
        "Veuillez trouver ci-joint les commentaires de l'Association des infirmières du Québec",
        "Veuillez trouver ci-joint les commentaires de la Fédération nationale des communes rurales",
        "Veuillez trouver en pièce jointe les commentaires de l'Union des opérateurs de réseaux",
        "Voir le document joint, commentaires de la Chambre de commerce de Genève et du canton",
    ],
    "es": [
        "Por favor vea los comentarios adjuntos de la Asociación Americana de Enfermeras",
        "Por favor vea los comentarios adjuntos de la Federación Nacional de Municipios Rurales",
        "Se adjuntan los comentarios de la Cámara de Comercio de Bogotá sobre la propuesta",
        "Ver archivo adjunto con los comentarios de la Unión de Operadores de Redes de Chile",
    ],
    "ru": [
        "Пожалуйста смотрите прилагаемые комментарии Ассоциации медицинских сестёр России",
        "Пожалуйста смотрите прилагаемые комментарии Федерации сельских муниципалитетов края",
        "Комментарии Союза операторов связи Сибири и Урала смотрите во вложении к письму",
        "Наши замечания от Торговой палаты Москвы и области приведены в приложении к письму",
    ],
    "ar": [
        "يرجى الاطلاع على التعليقات المرفقة من الجمعية الأمريكية للممرضين والممرضات",
        "يرجى الاطلاع على التعليقات المرفقة من الاتحاد الوطني للبلديات الريفية في المنطقة",
        "انظر الملف المرفق الذي يتضمن تعليقات غرفة التجارة والصناعة في مدينة عمان",
        "تجدون في المرفق تعليقات اتحاد مشغلي الشبكات في المملكة المغربية على المقترح",
    ],
    "zh": [
        "请参阅 附件 中 美国 护士 协会 提交 的 意见 和 建议",
        "请参阅 附件 中 全国 农村 卫生 协会 提交 的 意见 和 建议",
        "我们 的 意见 见 附件 由 中国 互联网 协会 起草 并 提交",
        "随附 北京 商会 关于 本 提案 的 书面 意见 请 查收 谢谢",
    ],
}


@pytest.mark.parametrize("language", sorted(NOTES))
def test_attachment_notes_naming_different_organisations_form_no_campaign(language):
    from cwg.consultations.campaigns.placeholders import is_placeholder

    notes = NOTES[language]
    for note in notes:
        assert is_placeholder(normalise(note)), note
    # Even with the length cut-off lowered, pointers to an attachment never make a campaign.
    items = [(f"{language}{i}", note) for i, note in enumerate(notes * 2)]
    result = detect(items, settings=Settings(min_tokens=3))
    assert result.campaigns == []
    assert set(result.assignments.values()) == {None}


def test_nurse_associations_attachment_notes_are_not_a_campaign():
    notes = NOTES["en"][:4]
    result = detect([(f"n{i}", note) for i, note in enumerate(notes)])
    assert result.campaigns == []


def test_a_substantive_letter_that_mentions_an_attachment_is_no_placeholder():
    letter = (
        "We urge the Council to keep the internet open and affordable for every household. "
        "Rural communities deserve the same broadband access as cities, and our attached "
        "survey of two hundred villages shows how far they are behind. Network operators "
        "must not block or slow lawful content."
    )
    from cwg.consultations.campaigns.placeholders import is_placeholder

    assert not is_placeholder(normalise(letter))
    result = detect([(str(i), letter) for i in range(3)])
    assert [c.size for c in result.campaigns] == [3]


# -- 2. chaining ---------------------------------------------------------------------------------


def test_a_chain_of_overlapping_texts_does_not_join_its_ends():
    s = invented_sentences(11, seed=7)
    texts = {
        "a": " ".join(s[0:5]),
        "b": " ".join(s[2:7]),
        "c": " ".join(s[4:9]),
        "d": " ".join(s[6:11]),
    }
    items = [(f"{name}{copy}", text) for name, text in texts.items() for copy in range(3)]
    result = detect(items)
    for campaign in result.campaigns:
        names = {member[0] for member in campaign.member_ids}
        assert not {"a", "d"} <= names, campaign.member_ids
        assert not {"a", "c"} <= names, campaign.member_ids
    assert result.assignments["a0"] is not None  # a and its copies still form a campaign


def test_a_serial_commenters_texts_on_different_proposals_are_not_a_campaign():
    boilerplate = [
        "As a resident of this county for forty years I have commented on many proposals here.",
        "I ask that these comments be entered in full into the public record of the proceeding.",
    ]
    items = []
    for number in range(5):
        own = invented_sentences(8, seed=100 + number)
        items.append((f"t{number}", " ".join([*own[:4], *boilerplate, *own[4:]])))
    result = detect(items)
    assert result.campaigns == []
    assert set(result.assignments.values()) == {None}


# -- 3. partial use ------------------------------------------------------------------------------


def test_quoting_two_template_sentences_is_partial_use_not_membership():
    letter = invented_sentences(8, seed=1)
    items = [(f"copy{i}", " ".join(letter)) for i in range(6)]
    edited = list(letter)
    edited[3] = "Moreover " + edited[3].lower()
    items += [(f"near{i}", " ".join(edited)) for i in range(2)]
    for number in range(3):
        own = invented_sentences(8, seed=50 + number)
        quoted = letter[number : number + 2]
        items.append((f"own{number}", " ".join([*own[:3], *quoted, *own[3:]])))
    result = detect(items)
    [campaign] = result.campaigns
    assert campaign.size == 8  # copies and near copies
    assert campaign.member_ids == [f"copy{i}" for i in range(6)] + ["near0", "near1"]
    assert campaign.partial_ids == ["own0", "own1", "own2"]
    for number in range(3):
        assert result.assignments[f"own{number}"] is None
        membership = result.memberships[f"own{number}"]
        assert membership.campaign == campaign.id
        assert membership.tier == "partial"
        assert 0.1 < membership.share < 0.35
    assert result.memberships["copy0"].tier == "exact"
    assert result.memberships["copy0"].share == 1.0
    assert result.memberships["near0"].tier == "near"
    assert result.memberships["near0"].share >= 0.9  # every sentence is the letter's


def test_quoting_one_sentence_is_found_as_partial_use_without_joining():
    letter = invented_sentences(8, seed=3)
    items = [(f"copy{i}", " ".join(letter)) for i in range(4)]
    own = invented_sentences(9, seed=77)
    items.append(("own", " ".join([*own[:4], letter[5], *own[4:]])))
    result = detect(items)
    [campaign] = result.campaigns
    assert result.assignments["own"] is None
    assert campaign.partial_ids == ["own"]
    assert result.memberships["own"].tier == "partial"
    assert result.memberships["own"].share == 0.1


# -- the hand-labelled docket -------------------------------------------------------------------


def test_the_labelled_docket_campaign_is_found_by_text_reuse_not_by_its_requests():
    """Docket USDA-2017-0002 (bench/data): the campaign's copies and near copies are found, and
    comments making the same requests in their own words, or quoting the template inside their
    own text, are not members."""
    import csv
    import json
    from pathlib import Path

    from cwg.consultations.campaigns.metrics import pair_scores

    data = Path(__file__).resolve().parents[5] / "bench" / "data"
    with (data / "usda_2017_0002_text_comments_sample.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    labels = json.loads((data / "usda_2017_0002_campaign_labels.json").read_text("utf-8"))
    tiers = labels["labels"]
    result = detect([(row["Document ID"], row["Text Comment"]) for row in rows])
    ids = [row["Document ID"] for row in rows]
    truth = ["campaign" if tiers.get(i) == "near" else None for i in ids]
    scores = pair_scores(truth, [result.assignments[i] for i in ids])
    assert scores.precision >= 0.99 and scores.recall >= 0.99
    # Partial use is never counted in the campaign; whatever is reported as partial is.
    [campaign] = result.campaigns
    assert campaign.size == sum(1 for tier in tiers.values() if tier == "near")
    assert {tiers.get(i) for i in campaign.partial_ids} == {"partial"}
