"""The incremental detector ends in exactly the batch result and survives persistence."""

from __future__ import annotations

import pytest

from cwg.consultations.campaigns.corpus import generate
from cwg.consultations.campaigns.engine import IncrementalDetector, Settings, detect

LETTER = (
    "We urge the Council to keep the internet open and affordable for every household. "
    "Rural communities deserve the same broadband access as cities. "
    "Network operators must not block or slow lawful content."
)


@pytest.fixture(scope="module")
def corpus():
    return generate(600, seed=21)


def test_adding_one_by_one_equals_the_batch_run(corpus):
    items = corpus.items()
    batch = detect(items)
    detector = IncrementalDetector()
    for id_, text in items:
        detector.add(id_, text)
    assert len(detector) == len(items)
    result = detector.result()
    assert len(batch.campaigns) > 10
    assert result.assignments == batch.assignments
    assert result.campaigns == batch.campaigns
    assert detector.campaigns() == batch.campaigns


def test_saved_and_restored_midway_equals_the_batch_run(corpus):
    items = corpus.items()
    detector = IncrementalDetector()
    for start in range(0, len(items), 50):
        if start in (250, 400):
            detector = IncrementalDetector.from_bytes(detector.to_bytes())
        detector.add_many(items[start : start + 50])
    assert detector.result() == detect(items)


def test_add_reports_the_campaign_once_it_is_large_enough():
    detector = IncrementalDetector()
    assert detector.add("1", LETTER) is None
    assert detector.add("2", LETTER.upper()) is None
    campaign = detector.add("3", LETTER.replace("affordable", "cheap"))
    assert campaign is not None
    assert detector.add("4", "See attached file(s)") is None
    assert detector.add("5", LETTER) == campaign  # the id stays once assigned
    [info] = detector.campaigns()
    assert info.id == campaign
    assert info.member_ids == ["1", "2", "3", "5"]
    assert (info.size, info.variant_count, info.exact_duplicates) == (4, 2, 2)
    assert info.representative_id == "1"


def test_a_text_bridging_two_campaigns_does_not_merge_them():
    other = (
        "Satellite spectrum for small island states must be allocated fairly and openly. "
        "Coastal communities depend on reliable links during every storm season. "
        "Regulators should publish their spectrum plans well in advance."
    )
    detector = IncrementalDetector(min_size=2)
    first = [detector.add(f"a{i}", LETTER) for i in range(2)][-1]
    second = [detector.add(f"b{i}", other) for i in range(2)][-1]
    assert first and second and first != second
    # A text carrying two sentences of each letter links the two groups, but each campaign
    # is held by its own core: they stay two campaigns and keep their ids.
    bridge = " ".join(LETTER.split(". ")[:2]) + ". " + " ".join(other.split(". ")[:2])
    assert detector.add("c", bridge) in (first, second)
    assert sorted(c.id for c in detector.campaigns()) == sorted([first, second])
    result = detector.result()
    assert result.assignments["a0"] == first
    assert result.assignments["b0"] == second
    assert result == detect(
        [(f"a{i}", LETTER) for i in range(2)]
        + [(f"b{i}", other) for i in range(2)]
        + [("c", bridge)],
        min_size=2,
    )


def test_settings_are_kept_when_restored():
    detector = IncrementalDetector(Settings(min_size=2, threshold=0.4))
    restored = IncrementalDetector.from_bytes(detector.to_bytes())
    assert restored.settings == Settings(min_size=2, threshold=0.4)


def test_duplicate_ids_are_refused():
    detector = IncrementalDetector()
    detector.add("1", LETTER)
    with pytest.raises(ValueError, match="already added"):
        detector.add("1", LETTER)


@pytest.mark.parametrize("data", [b"", b"not a detector", b"PK\x03\x04garbage"])
def test_restoring_garbage_is_refused(data):
    with pytest.raises(ValueError, match="saved campaign detector"):
        IncrementalDetector.from_bytes(data)


def test_adding_in_uneven_batches_with_saves_equals_the_batch_run():
    import random

    corpus = generate(2500, seed=33)
    items = corpus.items()
    rng = random.Random(4)
    detector = IncrementalDetector()
    returned: dict[str, str | None] = {}
    position = 0
    while position < len(items):
        size = rng.choice([1, 2, 7, 50, 300])
        chunk = items[position : position + size]
        returned.update(zip([i for i, _ in chunk], detector.add_many(chunk), strict=True))
        position += size
        if rng.random() < 0.2:
            detector = IncrementalDetector.from_bytes(detector.to_bytes())
    batch = detect(items)
    assert detector.result() == batch
    # What add_many returned is the campaign at that moment: final for the last chunk.
    for id_, _ in items[-1:]:
        assert returned[id_] == batch.assignments[id_]


def test_add_many_refuses_duplicates_within_and_across_calls():
    detector = IncrementalDetector()
    with pytest.raises(ValueError, match="unique"):
        detector.add_many([("1", LETTER), ("1", LETTER)])
    assert len(detector) == 0
    detector.add_many([("1", LETTER)])
    with pytest.raises(ValueError, match="already added"):
        detector.add_many([("2", LETTER), ("1", LETTER)])
    assert len(detector) == 1


def test_batches_added_without_a_report_end_in_the_batch_result(corpus):
    items = corpus.items()
    detector = IncrementalDetector()
    for start in range(0, len(items), 100):
        assert detector.add_many(items[start : start + 100], report=False) == []
    assert detector.result() == detect(items)
