"""The ranker on the labelled Plan of Action set (leave one out), and its behaviour at the edges."""

import numpy as np
import pytest

from cwg.analysis import ranking, wsis
from cwg.analysis.ranking import MandateText, Query, Ranker

# Measured with bench/gap_analysis.py (k1=1.5, b=0.75): BM25 alone puts the measure's own
# action line in its top 3 for 96 of 130 measures (0.738). The floor leaves 0.02 of slack.
BM25_RECALL_AT_3_FLOOR = 0.72
# Measured the same way with the sentence model: embeddings alone 0.892 (116/130); combined
# (rank fusion, BM25 weight 0.2, k=0) 0.900 in-sample (117/130). Cross-validated, with the fusion
# parameters re-chosen without the scored measures, the combined ranker is 0.892: the in-sample
# gain is that one measure, and none of the variants in the bench does better cross-validated.
# The floors leave 0.02 of slack.
EMBEDDINGS_RECALL_AT_3_FLOOR = 0.87
COMBINED_RECALL_AT_3_FLOOR = 0.88


def _labelled():
    lines = [line for line in wsis.load_action_lines() if line.code != "C7"]
    mandates, pairs = ranking.leave_one_out_set(lines)
    ids = [m.id for m in mandates]
    return mandates, [q for q, _ in pairs], [ids.index(code) for _, code in pairs]


def test_the_labelled_set_has_every_measure_once():
    mandates, queries, _labels = _labelled()
    assert len(mandates) == 18  # C1–C11 with C7 as its eight sub-lines
    assert len(queries) == 130
    assert len({q.id for q in queries}) == 130


def test_a_measure_never_sees_its_own_text():
    mandates, queries, _ = _labelled()
    ranker = Ranker(mandates, method="bm25")
    query = next(q for q in queries if q.id == "C5 d)")  # "Take appropriate action on spam …"
    with_self = ranker.bm25_mandate_scores(Query("x", query.text))
    without_self = ranker.bm25_mandate_scores(query)
    c5 = [m.id for m in mandates].index("C5")
    assert without_self[c5] < with_self[c5]
    # "spam" appears in no other C5 measure: once hidden, it cannot help C5 any more.
    assert ranker.bm25_mandate_scores(Query("y", "spam", exclude=query.exclude))[c5] == 0


def test_bm25_alone_meets_its_measured_recall(monkeypatch):
    monkeypatch.setenv("CWG_DISABLE_EMBEDDINGS", "1")
    mandates, queries, labels = _labelled()
    ranker = Ranker(mandates, method="bm25")
    scores = [ranker.bm25_mandate_scores(q) for q in queries]
    assert ranking.recall_at(scores, labels, 3) >= BM25_RECALL_AT_3_FLOOR
    assert ranking.recall_at(scores, labels, 1) >= 0.48


def test_bm25_agrees_with_bm25s_on_the_order():
    import bm25s

    texts = [
        "broadband network infrastructure and satellite connectivity",
        "spam and cybercrime, security of networks",
        "cultural diversity and local content in local languages",
        "e-health information systems and medical knowledge",
    ]
    query = "security of networks against spam"
    corpus = ranking.Corpus([MandateText(str(i), "", [t]) for i, t in enumerate(texts)])
    ours = ranking.bm25_scores(corpus.mandate_tf, corpus.query_vector(query), k1=1.5, b=0.75)
    retriever = bm25s.BM25(method="lucene", k1=1.5, b=0.75)
    retriever.index([ranking.tokenize(t) for t in texts], show_progress=False)
    theirs = retriever.get_scores(ranking.tokenize(query))
    assert list(np.argsort(-ours)) == list(np.argsort(-theirs))
    # Lucene's BM25 leaves out the (k1 + 1) factor: otherwise the scores are the same.
    assert np.allclose(ours / (1.5 + 1), theirs, rtol=1e-4)


def test_rank_fusion_rewards_agreement_and_ignores_mandates_sharing_no_word():
    bm25 = np.array([0.0, 3.0, 1.0, 0.0])
    embedding = np.array([0.9, 0.8, 0.1, 0.2])
    fused = ranking.fuse_ranks(bm25, embedding, weight=0.2, k=0)
    # Mandate 1 is first for BM25 and second for the embeddings: 0.2 × 1 + 0.8 × 1/2.
    assert fused[1] == pytest.approx(0.6)
    assert fused[0] == pytest.approx(0.8)  # first for the embeddings, no word in common
    # Mandate 3 has no word in common: only its embedding rank (3rd) counts, so mandate 2, last
    # for the embeddings but sharing words, overtakes it.
    assert fused[3] == pytest.approx(0.8 / 3)
    assert fused[2] == pytest.approx(0.2 / 2 + 0.8 / 4)
    assert fused[2] > fused[3]
    # With no word in common anywhere, the order is the embeddings' order.
    only_meaning = ranking.fuse_ranks(np.zeros(4), embedding, weight=0.2, k=0)
    assert list(np.argsort(-only_meaning)) == list(np.argsort(-embedding))
    # First for both gives 1.0 whatever k is.
    assert ranking.fuse_ranks(np.array([2.0, 1.0]), np.array([0.5, 0.1]), k=60)[0] == 1.0


def test_rank_fusion_without_bm25_weight_keeps_the_embeddings_order():
    """Weight 0 is the "embeddings alone" setting the cross-validation compares against."""
    bm25 = np.array([0.0, 4.0, 1.0, 2.0, 0.5])
    embedding = np.array([0.3, 0.1, 0.9, 0.5, 0.2])
    for k in (0, 2, 60):
        fused = ranking.fuse_ranks(bm25, embedding, weight=0.0, k=k)
        assert list(np.argsort(-fused, kind="stable")) == list(np.argsort(-embedding))


def test_the_combined_ranker_lets_bm25_lift_a_close_second_only(monkeypatch):
    """BM25's best mandate overtakes a near embedding neighbour, not one ranked far above it."""
    bm25 = np.array([0.0, 0.0, 0.0, 5.0, 0.0, 0.0])
    embedding = np.array([0.6, 0.5, 0.4, 0.39, 0.1, 0.05])
    fused = ranking.fuse_ranks(bm25, embedding)
    top3 = list(np.argsort(-fused, kind="stable")[:3])
    assert 3 in top3 and top3[0] == 0


def test_without_the_model_the_ranker_says_bm25_was_used(monkeypatch):
    monkeypatch.setenv("CWG_DISABLE_EMBEDDINGS", "1")
    ranker = Ranker([MandateText("C5", "security", ["spam and cybercrime"])], method="combined")
    [result] = ranker.rank([Query("1", "We will fight spam.")], top=3)
    assert result.method == "bm25"
    assert "turned off" in result.note and "BM25 alone" in result.note
    assert result.suggestions[0].mandate == "C5"
    assert result.suggestions[0].passages[0]["text"] == "spam and cybercrime"


def test_unknown_ranker_is_refused():
    with pytest.raises(ValueError, match="unknown ranker"):
        Ranker([MandateText("a", "b", ["c"])], method="magic")


needs_model = pytest.mark.skipif(
    not ranking.embeddings_available()[0], reason="sentence embeddings not installed"
)


@needs_model
@pytest.mark.slow
def test_embeddings_and_combined_meet_their_measured_recall():
    mandates, queries, labels = _labelled()
    ranker = Ranker(mandates, method="combined")
    assert ranker.uses_embeddings
    vectors = ranking.Encoder.encode([q.text for q in queries])
    emb = [ranker.embedding_mandate_scores(vectors[i], q) for i, q in enumerate(queries)]
    assert ranking.recall_at(emb, labels, 3) >= EMBEDDINGS_RECALL_AT_3_FLOOR
    fused = [fused for _, _, fused, _ in ranker.score(queries)]
    assert ranking.recall_at(fused, labels, 3) >= COMBINED_RECALL_AT_3_FLOOR


@needs_model
@pytest.mark.slow
def test_a_hidden_measure_does_not_shape_its_own_line_embedding_score():
    """Leave-one-out scores equal the scores against a line built without the measure at all."""
    mandates, queries, _ = _labelled()
    query = next(q for q in queries if q.id == "C5 d)")
    m_index, p_index = query.exclude
    without = [
        MandateText(m.id, m.title, [p for i, p in enumerate(m.passages) if i != p_index])
        if i == m_index
        else m
        for i, m in enumerate(mandates)
    ]
    vector = ranking.Encoder.encode([query.text])[0]
    hidden = Ranker(mandates, method="embeddings").embedding_mandate_scores(vector, query)
    rebuilt = Ranker(without, method="embeddings").embedding_mandate_scores(
        vector, Query("x", query.text)
    )
    assert np.allclose(hidden, rebuilt, atol=1e-5)
    assert not np.allclose(
        hidden,
        Ranker(mandates, method="embeddings").embedding_mandate_scores(
            vector, Query("y", query.text)
        ),
        atol=1e-5,
    )


@needs_model
@pytest.mark.slow
def test_a_french_only_paragraph_falls_back_to_bm25_and_says_so():
    ranker = Ranker(
        [MandateText("C5", "security", ["spam"]), MandateText("C8", "culture", ["languages"])],
        method="combined",
    )
    english, french = ranker.rank(
        [Query("1", "We will fight spam."), Query("2", "Nous luttons contre le spam.", "fr")]
    )
    assert english.method == "combined"
    assert french.method == "bm25"
    assert "English-only" in french.note
    assert french.suggestions[0].mandate == "C5"
