"""Pair-counting precision, recall and F1 of a clustering against true labels.

Over all pairs of submissions, a pair is positive when both belong to the same true campaign
and predicted positive when both were put in the same campaign. Counts come from the
contingency table of the two labelings, never from enumerating pairs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class PairScores:
    true_pairs: int
    predicted_pairs: int
    agreeing_pairs: int

    @property
    def precision(self) -> float:
        return self.agreeing_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.agreeing_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _codes(labels: Sequence[object | None]) -> np.ndarray:
    """Integer label per element; every None becomes its own singleton label."""
    mapping: dict[object, int] = {}
    out = np.empty(len(labels), np.int64)
    for i, label in enumerate(labels):
        if label is None:
            out[i] = -1 - i
        else:
            out[i] = mapping.setdefault(label, len(mapping))
    return out


def _pairs(counts: np.ndarray) -> int:
    counts = counts.astype(np.int64)
    return int((counts * (counts - 1) // 2).sum())


def pair_scores(truth: Sequence[object | None], predicted: Sequence[object | None]) -> PairScores:
    if len(truth) != len(predicted):
        raise ValueError("both labelings must cover the same elements")
    t, p = _codes(truth), _codes(predicted)
    _, true_counts = np.unique(t, return_counts=True)
    _, pred_counts = np.unique(p, return_counts=True)
    _, cell_counts = np.unique(np.stack((t, p)), axis=1, return_counts=True)
    return PairScores(_pairs(true_counts), _pairs(pred_counts), _pairs(cell_counts))
