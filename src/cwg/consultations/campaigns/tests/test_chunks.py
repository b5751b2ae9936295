"""The incremental detector persisted as append-only chunks: constant bytes per batch, replayable."""

from __future__ import annotations

import pytest

from cwg.consultations.campaigns import corpus
from cwg.consultations.campaigns.engine import IncrementalDetector

BATCH = 1000


def _campaigns(result):
    return [(c.id, c.member_ids, c.partial_ids, c.copies) for c in result.campaigns]


def test_the_bytes_written_per_batch_stay_constant_as_the_scan_grows():
    texts = corpus.generate(12 * BATCH, 3, partial_share=0.05, chain_share=0.03).texts
    items = [(str(i), text) for i, text in enumerate(texts)]
    detector = IncrementalDetector(journal=True)
    chunks, wholes = [], []
    for start in range(0, len(items), BATCH):
        detector.add_many(items[start : start + BATCH], report=False)
        wholes.append(len(detector.to_bytes()))
        chunks.append(len(detector.chunk()))
    # The last batches write no more than the early ones (the first carries more new
    # phrasings), while the whole state grows with every batch.
    assert max(chunks[2:]) <= 1.25 * min(chunks[1:3])
    assert wholes[-1] > 8 * chunks[-1]
    assert sum(chunks) < 1.5 * wholes[-1]


def test_chunks_replayed_in_order_rebuild_the_same_detector_and_it_goes_on():
    texts = corpus.generate(6 * BATCH, 5, partial_share=0.05, chain_share=0.03).texts
    items = [(str(i), text) for i, text in enumerate(texts)]
    straight = IncrementalDetector()
    straight.add_many(items, report=False)
    expected = straight.result()

    detector = IncrementalDetector(journal=True)
    chunks = []
    for start in range(0, 3 * BATCH, BATCH):
        detector.add_many(items[start : start + BATCH], report=False)
        chunks.append(detector.chunk())
    # Stopped after three chunks: a new process goes on from them.
    resumed = IncrementalDetector.from_chunks(chunks)
    for start in range(3 * BATCH, len(items), BATCH):
        resumed.add_many(items[start : start + BATCH], report=False)
        chunks.append(resumed.chunk())
    assert resumed.result().assignments == expected.assignments
    assert _campaigns(resumed.result()) == _campaigns(expected)
    assert _campaigns(IncrementalDetector.from_chunks(chunks).result()) == _campaigns(expected)


def test_a_detector_without_a_journal_refuses_to_chunk_and_bad_chunks_are_refused():
    with pytest.raises(ValueError):
        IncrementalDetector().chunk()
    with pytest.raises(ValueError):
        IncrementalDetector.from_chunks([b"not a chunk"])
    with pytest.raises(ValueError):
        IncrementalDetector.from_chunks([IncrementalDetector().to_bytes()])
