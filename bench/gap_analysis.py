"""Gap-analysis ranker: leave-one-out recall on the Geneva Plan of Action, and speed.

The labelled set: each of the 130 Plan of Action measures belongs to one of 18 action lines
(C1–C11, C7 as its eight sub-lines). With the label hidden, each measure is ranked against the
action lines, where a line's text is its title plus its OTHER measures (a measure never sees its
own text). recall@k = share of measures whose own line is among the top k.

Printed side by side: BM25 alone, embeddings alone (or "not installed"), combined. The fusion
weight is also estimated honestly by 5-fold cross-validation: the weight is chosen on four folds
of measures and scored on the fifth, so the printed cross-validated figure was never tuned on
the measures it is scored on.

    uv run python bench/gap_analysis.py
    uv run python bench/gap_analysis.py --paragraphs 1000   # size of the timing run
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import numpy as np

from cwg.analysis import ranking, wsis
from cwg.analysis.ranking import Query, Ranker

WEIGHTS = (0.0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0)


def labelled():
    lines = [line for line in wsis.load_action_lines() if line.code != "C7"]
    mandates, pairs = ranking.leave_one_out_set(lines)
    ids = [m.id for m in mandates]
    return mandates, [q for q, _ in pairs], [ids.index(code) for _, code in pairs]


def fuse(bm25, emb, weight):
    return [
        weight * ranking._normalise(b) + (1 - weight) * ranking._normalise(e)
        for b, e in zip(bm25, emb, strict=True)
    ]


def cross_validated_recall(bm25, emb, labels, k, folds=5, seed=7):
    """Recall@k when the fusion weight is picked on the other folds (never on the scored one)."""
    order = np.random.default_rng(seed).permutation(len(labels))
    hits = 0
    chosen = []
    for fold in range(folds):
        test = set(order[fold::folds].tolist())
        train = [i for i in range(len(labels)) if i not in test]

        def recall_on(indices, weight):
            fused = fuse([bm25[i] for i in indices], [emb[i] for i in indices], weight)
            return ranking.recall_at(fused, [labels[i] for i in indices], k)

        best = max(WEIGHTS, key=lambda w: (recall_on(train, w), -abs(w - 0.1)))
        chosen.append(best)
        test_list = sorted(test)
        hits += recall_on(test_list, best) * len(test_list)
    return hits / len(labels), chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=1000)
    args = parser.parse_args()

    mandates, queries, labels = labelled()
    print(f"labelled set: {len(queries)} measures, {len(mandates)} action lines (leave one out)")
    available, reason = ranking.embeddings_available()

    ranker = Ranker(mandates, method="combined" if available else "bm25")
    bm25 = [ranker.bm25_mandate_scores(q) for q in queries]
    emb = None
    if ranker.uses_embeddings:
        vectors = ranking.Encoder.encode([q.text for q in queries])
        emb = [ranker.embedding_mandate_scores(vectors[i], q) for i, q in enumerate(queries)]
    else:
        reason = ranker.note or reason

    def cell(scores, k):
        return f"{ranking.recall_at(scores, labels, k):.3f}" if scores is not None else "—"

    combined = fuse(bm25, emb, ranking.FUSION_WEIGHT_BM25) if emb is not None else None
    print()
    print(f"{'':12s} {'BM25 alone':>12s} {'embeddings':>14s} {'combined':>12s}")
    for k in (1, 3):
        emb_cell = (
            cell(emb, k)
            if emb is not None
            else ("turned off" if "turned off" in reason else "not installed")
        )
        comb_cell = cell(combined, k) if combined is not None else "= BM25"
        print(f"recall@{k:<5d} {cell(bm25, k):>12s} {emb_cell:>14s} {comb_cell:>12s}")
    print("target recall@3 ≥ 0.900")
    if emb is None:
        print(f"(embeddings: {reason})")
    else:
        print(
            f"(combined = {ranking.FUSION_WEIGHT_BM25} × BM25 + "
            f"{1 - ranking.FUSION_WEIGHT_BM25:.2f} × embeddings, each min–max scaled per query; "
            f"embedding score = {1 - ranking.EMBEDDING_MAX_WEIGHT:.2f} × centroid + "
            f"{ranking.EMBEDDING_MAX_WEIGHT:.2f} × best passage)"
        )
        print()
        print("fusion weight of BM25 (chosen on all 130: optimistic):")
        for weight in WEIGHTS:
            fused = fuse(bm25, emb, weight)
            print(
                f"  w={weight:<4}  recall@1 {ranking.recall_at(fused, labels, 1):.3f}"
                f"  recall@3 {ranking.recall_at(fused, labels, 3):.3f}"
            )
        for k in (1, 3):
            value, chosen = cross_validated_recall(bm25, emb, labels, k)
            print(f"5-fold cross-validated combined recall@{k}: {value:.3f} (weights {chosen})")

    # Speed: rank N distinct paragraphs (made distinct so no cached vector is reused).
    texts = [
        f"{q.text} (paragraph {i})" for i, q in enumerate(queries * (args.paragraphs // 130 + 1))
    ]
    paragraphs = [Query(str(i), t) for i, t in enumerate(texts[: args.paragraphs])]
    print()
    print(f"time to rank {args.paragraphs} paragraphs against {len(mandates)} mandates, top 3:")
    for method in ("bm25", "combined"):
        if method == "combined" and not available:
            print(f"  {method:9s} not installed")
            continue
        timed = Ranker(mandates, method=method)
        start = time.perf_counter()
        timed.rank(paragraphs, top=3)
        seconds = time.perf_counter() - start
        per_thousand = seconds * 1000 / args.paragraphs
        print(f"  {method:9s} {per_thousand:7.2f} s per 1,000 paragraphs (with matched passages)")
    print(f"(machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
