"""Batch campaign detection: quality on each corpus kind, placeholders, summaries, options."""

from __future__ import annotations

import pytest

from cwg.consultations.campaigns.corpus import PLACEHOLDERS, generate, generate_kind
from cwg.consultations.campaigns.engine import Settings, detect
from cwg.consultations.campaigns.metrics import pair_scores
from cwg.consultations.campaigns.text import normalise, normalise_many

LETTER = (
    "We urge the Council to keep the internet open and affordable for every household. "
    "Rural communities deserve the same broadband access as cities. "
    "Network operators must not block or slow lawful content. "
    "Please protect the privacy of users when regulating online platforms."
)


def scores(corpus, result):
    predicted = [result.assignments[id_] for id_, _ in corpus.items()]
    return pair_scores(corpus.labels, predicted)


@pytest.mark.parametrize("kind", ["template", "spun"])
def test_each_campaign_kind_is_recovered_with_f1_above_098(kind):
    corpus = generate_kind(kind, 2500, seed=11)
    result = detect(corpus.items())
    s = scores(corpus, result)
    assert s.true_pairs > 10_000
    assert s.precision >= 0.98
    assert s.recall >= 0.98
    assert s.f1 >= 0.98


def test_mixed_corpus_f1_above_098_and_noise_stays_out():
    corpus = generate(4000, seed=5)
    result = detect(corpus.items())
    s = scores(corpus, result)
    assert s.f1 >= 0.98
    for (id_, _), kind in zip(corpus.items(), corpus.kinds, strict=True):
        if kind in ("unique", "placeholder"):
            assert result.assignments[id_] is None, (kind, id_)


def test_unique_comments_form_no_campaign():
    corpus = generate_kind("unique", 2000, seed=3)
    result = detect(corpus.items())
    assert result.campaigns == []
    assert set(result.assignments.values()) == {None}


def test_placeholders_are_not_a_campaign():
    corpus = generate_kind("placeholder", 600, seed=4)
    assert {normalise(t) for t in corpus.texts} >= {normalise(p) for p in PLACEHOLDERS[:3]}
    result = detect(corpus.items())
    assert result.campaigns == []
    assert set(result.assignments.values()) == {None}


def test_placeholder_cut_off_is_configurable():
    items = [(f"p{i}", "Keep the internet open") for i in range(5)]
    assert detect(items).campaigns == []
    campaigns = detect(items, settings=Settings(min_tokens=3)).campaigns
    assert len(campaigns) == 1
    assert campaigns[0].size == 5


def test_campaign_summary_counts_exact_duplicates_and_variants():
    items = [
        ("a", LETTER),
        ("b", "  " + LETTER.upper()),  # same words after normalisation
        ("c", LETTER.replace(".", "!")),  # same words after normalisation
        ("d", LETTER.replace("affordable", "cheap")),
        ("e", "Dear Sir or Madam. " + LETTER.replace("lawful", "legal")),
        ("f", "An unrelated comment about satellite spectrum policy in small island states."),
    ]
    result = detect(items)
    assert len(result.campaigns) == 1
    campaign = result.campaigns[0]
    assert campaign.member_ids == ["a", "b", "c", "d", "e"]
    assert campaign.size == 5
    assert campaign.variant_count == 3
    assert campaign.exact_duplicates == 2
    assert campaign.representative_id == "a"
    assert result.assignments["f"] is None
    assert {result.assignments[k] for k in "abcde"} == {campaign.id}


def test_representative_is_the_most_copied_text():
    edited = LETTER.replace("affordable", "cheap")
    items = [("x", LETTER), ("y", edited), ("z", edited), ("w", edited)]
    campaign = detect(items).campaigns[0]
    assert campaign.representative_id == "y"
    assert campaign.variant_count == 2
    assert campaign.exact_duplicates == 2


def test_minimum_size_is_configurable():
    items = [("a", LETTER), ("b", LETTER)]
    assert detect(items).campaigns == []
    assert detect(items, min_size=2).campaigns[0].member_ids == ["a", "b"]
    with pytest.raises(ValueError, match="min_size"):
        detect(items, min_size=1)


def test_threshold_is_configurable():
    # One word changed in every sentence: no sentence is shared verbatim, so only the
    # word-triple similarity can link the variant to the letter.
    variant = (
        LETTER.replace("urge", "ask")
        .replace("Rural", "Remote")
        .replace("block", "throttle")
        .replace("privacy", "data")
    )
    items = [("a", LETTER), ("b", LETTER), ("c", variant)]
    assert detect(items).assignments["c"] is not None
    assert detect(items, threshold=0.95).assignments["c"] is None
    with pytest.raises(ValueError, match="threshold"):
        detect(items, threshold=0)


def test_duplicate_ids_are_refused():
    with pytest.raises(ValueError, match="unique"):
        detect([("a", LETTER), ("a", LETTER)])


def test_empty_input():
    result = detect([])
    assert result.assignments == {}
    assert result.campaigns == []


def test_progress_reaches_the_total():
    calls = []
    corpus = generate(500, seed=1)
    detect(corpus.items(), progress=lambda done, total: calls.append((done, total)))
    assert calls, "progress was never reported"
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert calls[-1][0] == calls[-1][1] == 3 * 500


def test_normalisation_ignores_case_punctuation_and_spacing():
    assert normalise("Hello,   WORLD").split() == normalise("hello world").split()
    assert normalise("Don't") == normalise("dont")
    assert normalise("End. Next") != normalise("End, next")  # sentence ends are kept
    texts = ["Ça va. Très bien!", "Plain ASCII, text.", "odd\x01control", "Straße", ""]
    assert normalise_many(texts) == [normalise(t) for t in texts]


def test_non_ascii_campaigns_are_found():
    letter = (
        "Nous demandons au Conseil de préserver un internet ouvert et abordable pour tous. "
        "Les communautés rurales méritent le même accès au haut débit que les villes. "
        "Les opérateurs ne doivent pas bloquer les contenus licites."
    )
    items = [("a", letter), ("b", letter.upper()), ("c", letter.replace("abordable", "accessible"))]
    result = detect(items)
    assert len(result.campaigns) == 1
    assert result.campaigns[0].size == 3


def test_items_may_be_a_generator():
    corpus = generate(300, seed=2)
    calls = []
    from_generator = detect(
        (pair for pair in corpus.items()), progress=lambda d, t: calls.append((d, t))
    )
    assert from_generator == detect(corpus.items())
    assert calls[-1] == (900, 900)


def test_memory_kept_during_scans_is_handed_back_when_the_last_one_ends():
    from cwg.consultations.campaigns import memory

    letter = "A letter about open standards for every language on the Internet, sent by many."
    items = [(str(i), letter + (" Thanks." if i % 2 else "")) for i in range(6)]
    expected = detect(items)
    with memory.reused():
        with memory.reused():
            assert memory.scans_keeping_memory() == 2
            assert detect(items) == expected
        assert memory.scans_keeping_memory() == 1
    assert memory.scans_keeping_memory() == 0
