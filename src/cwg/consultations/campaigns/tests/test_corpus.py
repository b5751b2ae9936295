"""The labelled benchmark corpus is deterministic and has the four kinds of submission."""

from __future__ import annotations

from collections import Counter

from cwg.consultations.campaigns.corpus import generate, generate_kind


def test_same_seed_same_corpus_other_seed_other_corpus():
    assert generate(800, seed=9).texts == generate(800, seed=9).texts
    assert generate(800, seed=9).texts != generate(800, seed=10).texts


def test_mix_of_kinds_and_labels():
    corpus = generate(5000, seed=2)
    kinds = Counter(corpus.kinds)
    assert len(corpus) == 5000
    assert set(kinds) == {"template", "spun", "unique", "placeholder"}
    assert kinds["template"] > kinds["spun"] > kinds["placeholder"] > 0
    for label, kind in zip(corpus.labels, corpus.kinds, strict=True):
        assert (label is None) == (kind in ("unique", "placeholder"))
    sizes = Counter(label for label in corpus.labels if label)
    assert min(sizes.values()) >= 3


def test_spun_members_are_mostly_distinct_texts():
    corpus = generate_kind("spun", 1000, seed=6)
    spun = [t for t, k in zip(corpus.texts, corpus.kinds, strict=True) if k == "spun"]
    assert len(set(spun)) > 0.8 * len(spun)


def test_unique_texts_do_not_repeat_word_triples_much():
    corpus = generate_kind("unique", 300, seed=8)
    triples = Counter()
    for text in corpus.texts:
        words = text.lower().split()
        triples.update(set(zip(words, words[1:], words[2:], strict=False)))
    shared = sum(1 for count in triples.values() if count > 1)
    assert shared < 0.1 * len(triples)


def test_partial_use_and_chains_are_labelled_outside_every_campaign():
    corpus = generate(4000, seed=2, partial_share=0.05, chain_share=0.03)
    kinds = Counter(corpus.kinds)
    assert kinds["partial"] == 200 and kinds["chain"] == 120
    campaigns = set(corpus.labels) - {None}
    for kind, label, quoted in zip(corpus.kinds, corpus.labels, corpus.partial_of, strict=True):
        if kind in ("partial", "chain"):
            assert label is None
        assert (quoted is not None) == (kind == "partial")
        assert quoted is None or quoted in campaigns
    assert generate(800, seed=9).texts == generate(800, seed=9, partial_share=0.0).texts
