"""Pair-counting precision, recall and F1 from contingency counts."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cwg.consultations.campaigns.metrics import pair_scores


def brute_force(truth, predicted):
    agree = true_pairs = predicted_pairs = 0
    for i, j in itertools.combinations(range(len(truth)), 2):
        same_truth = truth[i] is not None and truth[i] == truth[j]
        same_predicted = predicted[i] is not None and predicted[i] == predicted[j]
        true_pairs += same_truth
        predicted_pairs += same_predicted
        agree += same_truth and same_predicted
    return true_pairs, predicted_pairs, agree


def test_known_example():
    truth = ["a", "a", "a", "b", "b", None]
    predicted = [1, 1, None, 2, 2, 2]
    s = pair_scores(truth, predicted)
    assert (s.true_pairs, s.predicted_pairs, s.agreeing_pairs) == (4, 4, 2)
    assert s.precision == pytest.approx(0.5)
    assert s.recall == pytest.approx(0.5)
    assert s.f1 == pytest.approx(0.5)


def test_perfect_and_empty_clusterings():
    assert pair_scores(["a", "a", None], ["x", "x", None]).f1 == 1.0
    s = pair_scores(["a", "a"], [None, None])
    assert (s.precision, s.recall, s.f1) == (1.0, 0.0, 0.0)


def test_lengths_must_match():
    with pytest.raises(ValueError):
        pair_scores(["a"], [])


@given(
    st.lists(
        st.tuples(st.sampled_from([None, "a", "b", "c"]), st.sampled_from([None, 1, 2, 3])),
        max_size=30,
    )
)
def test_matches_enumerating_every_pair(rows):
    truth = [t for t, _ in rows]
    predicted = [p for _, p in rows]
    s = pair_scores(truth, predicted)
    assert (s.true_pairs, s.predicted_pairs, s.agreeing_pairs) == brute_force(truth, predicted)
