"""Campaign detection engine: batch `detect` and the equivalent `IncrementalDetector`.

Method. Texts are normalised (casefold, punctuation and whitespace collapsed) and exact
duplicates are merged by a key of their word sequence; everything after works on distinct
texts ("variants"). Texts shorter than `min_tokens` words (placeholders such as "See
attached file(s)") never join a campaign. Two variants are linked when either

- their word 3-shingle sets are similar: one-permutation MinHash sketches, LSH banding,
  each band's bucket linked to its earliest member when the sketches agree on at least
  `threshold` of their bins; or
- they share at least two identical sentences of `min_sentence_tokens` words or more (this
  is what holds "spun" campaigns together, whose members share few word triples but draw
  every sentence from the same few phrasings).

Campaigns are the connected components with at least `min_size` submissions. Links only ever
point to the earliest variant of a bucket, so adding texts one at a time
(`IncrementalDetector`) ends in exactly the same campaigns as one batch run.
"""

from __future__ import annotations

import io
import itertools
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

import numpy as np

from . import features, graph
from .text import Tokeniser, normalise_many

Progress = Callable[[int, int | None], None]

_CHUNK = 20_000
_VERIFY_CHUNK = 200_000


@dataclass(frozen=True)
class Settings:
    """Tuning of the detector. The defaults are measured on the labelled corpus (bench/campaigns.py)."""

    min_size: int = 3
    min_tokens: int = 8
    threshold: float = 0.25
    shingle: int = 3
    bins: int = 64
    bands: int = 32
    min_sentence_tokens: int = 5

    def __post_init__(self) -> None:
        if self.min_size < 2:
            raise ValueError("min_size must be at least 2")
        if self.min_tokens < self.shingle:
            raise ValueError("min_tokens must be at least the shingle width")
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")
        if self.bins & (self.bins - 1) or not 0 < self.bands <= self.bins:
            raise ValueError("bins must be a power of two and bands at most bins")


@dataclass
class CampaignInfo:
    """One campaign: its members (submission ids, in input order) and a summary."""

    id: str
    member_ids: list[str]
    representative_id: str
    size: int
    exact_duplicates: int
    variant_count: int


@dataclass
class DetectionResult:
    """Campaign of every submission (None when it belongs to none) and the campaigns found."""

    assignments: dict[str, str | None]
    campaigns: list[CampaignInfo] = field(default_factory=list)


# -- shared building blocks ------------------------------------------------------------


def _signatures(hashes: np.ndarray, offsets: np.ndarray, settings: Settings) -> np.ndarray:
    return features.sketch_texts(hashes, offsets, settings.shingle, settings.bins)


def _qualified_sentences(
    hashes: np.ndarray, ends: np.ndarray, offsets: np.ndarray, settings: Settings
) -> tuple[np.ndarray, np.ndarray]:
    """(owner, sentence key) of long-enough sentences, unique, sorted by owner then key."""
    keys, counts, owners = features.sentences(hashes, ends, offsets)
    long_enough = counts >= settings.min_sentence_tokens
    return _unique_pairs(owners[long_enough], keys[long_enough])


def _unique_pairs(owners: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    order = np.lexsort((keys, owners))
    keys, owners = keys[order], owners[order]
    if keys.size:
        fresh = np.ones(keys.size, bool)
        fresh[1:] = (keys[1:] != keys[:-1]) | (owners[1:] != owners[:-1])
        keys, owners = keys[fresh], owners[fresh]
    return owners, keys


def _sentence_pair_edges(owners: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Link texts sharing two or more sentences (each pair of shared sentences is a bucket)."""
    if keys.size < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    _, inverse, df = np.unique(keys, return_inverse=True, return_counts=True)
    shared = df[inverse] >= 2
    owners, keys = owners[shared], keys[shared]
    if keys.size < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    starts = np.flatnonzero(np.concatenate(([True], owners[1:] != owners[:-1])))
    sizes = np.diff(np.append(starts, owners.size))
    pair_keys, pair_owners = [], []
    for m in np.unique(sizes[sizes >= 2]):
        group = starts[sizes == m]
        first, second = np.triu_indices(int(m), 1)
        a = (group[:, None] + first).ravel()
        b = (group[:, None] + second).ravel()
        pair_keys.append(features.pair_keys(keys[a], keys[b]))
        pair_owners.append(owners[a])
    if not pair_keys:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return graph.star_edges(np.concatenate(pair_keys), np.concatenate(pair_owners))


def _agree(sig: np.ndarray, left: np.ndarray, right: np.ndarray, settings: Settings) -> np.ndarray:
    keep = np.zeros(left.size, bool)
    for start in range(0, left.size, _VERIFY_CHUNK):
        stop = start + _VERIFY_CHUNK
        keep[start:stop] = features.agreement(
            sig[left[start:stop]], sig[right[start:stop]], settings.threshold
        )
    return keep


def campaign_id(key: int) -> str:
    return f"{int(key):016x}"


def _summarise(
    ids: list[str],
    submission_variant: np.ndarray,
    variant_component: np.ndarray,
    variant_keys: np.ndarray,
    settings: Settings,
) -> DetectionResult:
    """Turn variant components (-1 for variants that join nothing) into campaigns."""
    n = len(ids)
    assignments: dict[str, str | None] = dict.fromkeys(ids)
    if n == 0:
        return DetectionResult(assignments, [])
    n_variants = variant_keys.size
    component = variant_component[submission_variant]
    in_graph = np.flatnonzero(component >= 0)
    sizes = np.bincount(component[in_graph], minlength=n_variants)
    members = in_graph[sizes[component[in_graph]] >= settings.min_size]
    if members.size == 0:
        return DetectionResult(assignments, [])
    members = members[np.argsort(component[members], kind="stable")]
    owner = component[members]
    starts = np.flatnonzero(np.concatenate(([True], owner[1:] != owner[:-1])))
    stops = np.append(starts[1:], members.size)

    # Per variant: how many submissions carry it and the first of them.
    variant_counts = np.bincount(submission_variant, minlength=n_variants)
    first_submission = np.full(n_variants, n, np.int64)
    np.minimum.at(first_submission, submission_variant, np.arange(n))
    # The most copied text represents the campaign; ties go to the earliest text.
    variants = np.flatnonzero((variant_counts > 0) & (variant_component >= 0))
    variants = variants[sizes[variant_component[variants]] >= settings.min_size]
    order = np.lexsort((variants, -variant_counts[variants], variant_component[variants]))
    ranked = variants[order]
    ranked_component = variant_component[ranked]
    heads = np.concatenate(([True], ranked_component[1:] != ranked_component[:-1]))
    representative = dict(
        zip(ranked_component[heads].tolist(), first_submission[ranked[heads]].tolist(), strict=True)
    )
    distinct = np.bincount(ranked_component, minlength=n_variants)

    campaigns = []
    member_list = members.tolist()
    for start, stop, root in zip(
        starts.tolist(), stops.tolist(), owner[starts].tolist(), strict=True
    ):
        member_ids = [ids[i] for i in member_list[start:stop]]
        cid = campaign_id(variant_keys[submission_variant[member_list[start]]])
        assignments.update(dict.fromkeys(member_ids, cid))
        campaigns.append(
            CampaignInfo(
                id=cid,
                member_ids=member_ids,
                representative_id=ids[representative[root]],
                size=len(member_ids),
                exact_duplicates=len(member_ids) - int(distinct[root]),
                variant_count=int(distinct[root]),
            )
        )
    campaigns.sort(key=lambda c: (-c.size, c.id))
    return DetectionResult(assignments, campaigns)


# -- batch -------------------------------------------------------------------------------


def detect(
    items: Iterable[tuple[str, str]],
    *,
    progress: Progress | None = None,
    settings: Settings | None = None,
    min_size: int | None = None,
    threshold: float | None = None,
) -> DetectionResult:
    """Group the submissions `items` ((id, text) pairs, ids unique) into campaigns.

    `progress(done, total)` is called as work advances; `total` counts three passes over the
    submissions (reading, tokenising, linking).
    """
    settings = _settings(settings, min_size, threshold)
    total = len(items) * 3 if hasattr(items, "__len__") else None
    ids: list[str] = []
    raw: list[str] = []
    for id_, text in items:
        ids.append(id_)
        raw.append(text)
    n = len(ids)
    if len(set(ids)) != n:
        raise ValueError("submission ids must be unique")
    total = 3 * n
    # Verbatim repeats are the bulk of a real campaign: tokenise each normalised text once.
    first_level: dict[bytes, int] = {}
    codes = np.empty(n, np.int64)
    for start in range(0, n, _CHUNK):
        normals = normalise_many(raw[start : start + _CHUNK])
        codes[start : start + len(normals)] = [
            first_level.setdefault(normal, len(first_level)) for normal in normals
        ]
        if progress is not None:
            progress(start + len(normals), total)
    del raw
    texts = list(first_level)
    del first_level

    hashes, ends, offsets = Tokeniser()(texts)
    del texts
    if progress is not None:
        progress(2 * n, total)

    # Merge texts whose word sequences are equal (they differed only in case, spacing or
    # punctuation): variants are numbered in order of first appearance.
    keys = features.text_keys(hashes, offsets)
    _, first_index, inverse = np.unique(keys, return_index=True, return_inverse=True)
    rank = np.empty(first_index.size, np.int64)
    rank[np.argsort(first_index)] = np.arange(first_index.size)
    variant_of_text = rank[inverse.ravel()]
    representative_text = np.sort(first_index)
    variant_keys = keys[representative_text]
    submission_variant = variant_of_text[codes]
    del codes

    counts = np.diff(offsets)[representative_text]
    eligible = np.flatnonzero(counts >= settings.min_tokens)
    starts = offsets[:-1][representative_text[eligible]]
    lengths = counts[eligible]
    e_offsets = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    e_hashes = features._gather(hashes, starts, lengths)
    e_ends = features._gather(ends, starts, lengths)
    del hashes, ends

    component = _link(e_hashes, e_ends, e_offsets, settings)
    variant_component = np.full(variant_keys.size, -1, np.int64)
    variant_component[eligible] = eligible[component]
    result = _summarise(ids, submission_variant, variant_component, variant_keys, settings)
    if progress is not None:
        progress(total, total)
    return result


# LSH bands are verified in stages; a candidate pair already joined by earlier links needs
# no verification, and after the first bands most pairs of a campaign are.
_BAND_STAGES = (4, 12)


def _link(
    hashes: np.ndarray, ends: np.ndarray, offsets: np.ndarray, settings: Settings
) -> np.ndarray:
    """Component (smallest member) of each eligible variant."""
    n = offsets.size - 1
    if n == 0:
        return np.zeros(0, np.int64)
    keys, counts, owners = features.sentences(hashes, ends, offsets)
    long_enough = counts >= settings.min_sentence_tokens
    keys, owners = keys[long_enough], owners[long_enough]
    # Only sentences seen more than once can link texts; most sentences are seen once.
    _, inverse, seen = np.unique(keys, return_inverse=True, return_counts=True)
    repeated = seen[inverse.ravel()] >= 2
    owners, keys = _unique_pairs(owners[repeated], keys[repeated])
    label = graph.components(n, *_sentence_pair_edges(owners, keys))
    del owners, keys
    sig = _signatures(hashes, offsets, settings)
    bands = features.band_keys(features.densify(sig), settings.bands)
    bounds = [0, *(b for b in _BAND_STAGES if b < settings.bands), settings.bands]
    for low, high in itertools.pairwise(bounds):
        lefts, rights = [], []
        for band in range(low, high):
            left, right = graph.star_edges(bands[:, band])
            open_ = label[left] != label[right]
            lefts.append(left[open_])
            rights.append(right[open_])
        left, right = np.concatenate(lefts), np.concatenate(rights)
        if not left.size:
            continue
        pairs = np.unique(left * n + right)
        left, right = pairs // n, pairs % n
        keep = _agree(sig, left, right, settings)
        label = graph.components(n, left[keep], right[keep], parent=label)
    return label


def _settings(settings: Settings | None, min_size: int | None, threshold: float | None) -> Settings:
    values = asdict(settings or Settings())
    if min_size is not None:
        values["min_size"] = min_size
    if threshold is not None:
        values["threshold"] = threshold
    return Settings(**values)


# -- incremental ---------------------------------------------------------------------------


class IncrementalDetector:
    """Campaign detection one submission at a time, ending in the same campaigns as `detect`.

    Every link the batch run makes goes from a text to the earliest text of a bucket (an LSH
    band or a pair of shared sentences), so keeping, per bucket, its earliest text reproduces
    the batch links exactly. Campaign ids are those of `detect` on the same submissions in
    the same order; an id changes only when two campaigns merge (the older id survives).
    """

    _FORMAT = 1

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        min_size: int | None = None,
        threshold: float | None = None,
    ) -> None:
        self.settings = _settings(settings, min_size, threshold)
        self._tokeniser = Tokeniser()
        self._ids: list[str] = []
        self._id_set: set[str] = set()
        self._submission_variant: list[int] = []
        self._variant_by_key: dict[int, int] = {}
        self._variant_keys: list[int] = []
        self._eligible: list[bool] = []
        self._parent: list[int] = []
        self._size: list[int] = []
        self._first: list[int] = []
        self._sigs = np.zeros((0, self.settings.bins), np.uint32)
        self._bands: dict[int, int] = {}
        self._sentence_first: dict[int, int] = {}
        self._shared: set[int] = set()
        self._pairs: dict[int, int] = {}
        self._sentences: dict[int, list[int]] = {}

    def __len__(self) -> int:
        return len(self._ids)

    # union-find over variants
    def _find(self, node: int) -> int:
        parent = self._parent
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def _union(self, a: int, b: int) -> None:
        a, b = self._find(a), self._find(b)
        if a == b:
            return
        if self._size[a] < self._size[b]:
            a, b = b, a
        self._parent[b] = a
        self._size[a] += self._size[b]
        self._first[a] = min(self._first[a], self._first[b])

    def _campaign_of(self, variant: int) -> str | None:
        if not self._eligible[variant]:
            return None
        root = self._find(variant)
        if self._size[root] < self.settings.min_size:
            return None
        return campaign_id(self._variant_keys[self._submission_variant[self._first[root]]])

    def add(self, id: str, text: str) -> str | None:
        """Record one submission; return its campaign id (None while it belongs to none)."""
        if id in self._id_set:
            raise ValueError(f"submission id {id!r} was already added")
        hashes, ends, offsets = self._tokeniser([normalise_many([text])[0]])
        key = int(features.text_keys(hashes, offsets)[0])
        submission = len(self._ids)
        self._ids.append(id)
        self._id_set.add(id)
        variant = self._variant_by_key.get(key)
        if variant is None:
            variant = len(self._variant_keys)
            self._variant_by_key[key] = variant
            self._variant_keys.append(key)
            self._parent.append(variant)
            self._size.append(0)
            self._first.append(submission)
            eligible = int(offsets[-1]) >= self.settings.min_tokens
            self._eligible.append(eligible)
            if eligible:
                self._link_new(variant, hashes, ends, offsets)
        self._submission_variant.append(variant)
        self._size[self._find(variant)] += 1
        return self._campaign_of(variant)

    def _link_new(
        self, variant: int, hashes: np.ndarray, ends: np.ndarray, offsets: np.ndarray
    ) -> None:
        settings = self.settings
        sig = _signatures(hashes, offsets, settings)
        if self._sigs.shape[0] <= variant:
            grown = np.zeros((max(64, 2 * (variant + 1)), settings.bins), np.uint32)
            grown[: self._sigs.shape[0]] = self._sigs
            self._sigs = grown
        self._sigs[variant] = sig[0]
        for band_key in features.band_keys(features.densify(sig), settings.bands)[0].tolist():
            centre = self._bands.setdefault(band_key, variant)
            if (
                centre != variant
                and features.agreement(self._sigs[centre : centre + 1], sig, settings.threshold)[0]
            ):
                self._union(variant, centre)

        _, keys = _qualified_sentences(hashes, ends, offsets, settings)
        sentences = keys.tolist()
        self._sentences[variant] = sentences
        newly_shared = []
        for sentence in sentences:
            holder = self._sentence_first.setdefault(sentence, variant)
            if holder != variant and sentence not in self._shared:
                self._shared.add(sentence)
                newly_shared.append((sentence, holder))
        # A sentence just seen a second time turns its first holder's pairs into buckets.
        for sentence, holder in newly_shared:
            others = [s for s in self._sentences[holder] if s != sentence and s in self._shared]
            self._register_pairs(holder, [sentence] * len(others), others)
        own = [s for s in sentences if s in self._shared]
        if len(own) >= 2:
            first, second = np.triu_indices(len(own), 1)
            self._register_pairs(variant, [own[i] for i in first], [own[i] for i in second])

    def _register_pairs(self, variant: int, first: list[int], second: list[int]) -> None:
        if not first:
            return
        keys = features.pair_keys(np.array(first, np.uint64), np.array(second, np.uint64))
        for key in keys.tolist():
            holder = self._pairs.setdefault(key, variant)
            if holder != variant:
                self._union(variant, holder)

    def result(self) -> DetectionResult:
        """Campaign of every submission added so far and the campaigns, as `detect` reports them."""
        variant_component = np.array(
            [self._find(v) if ok else -1 for v, ok in enumerate(self._eligible)], np.int64
        )
        return _summarise(
            self._ids,
            np.array(self._submission_variant, np.int64),
            variant_component,
            np.array(self._variant_keys, np.uint64),
            self.settings,
        )

    def campaigns(self) -> list[CampaignInfo]:
        return self.result().campaigns

    # persistence (numpy arrays only, so loading never unpickles anything)
    def to_bytes(self) -> bytes:
        n_variants = len(self._variant_keys)
        sentence_owner = [v for v, keys in self._sentences.items() for _ in keys]
        sentence_keys = [k for keys in self._sentences.values() for k in keys]
        meta = {"format": self._FORMAT, "settings": asdict(self.settings), "ids": self._ids}
        arrays = {
            "meta": np.frombuffer(json.dumps(meta).encode(), np.uint8),
            "submission_variant": np.array(self._submission_variant, np.int64),
            "variant_keys": np.array(self._variant_keys, np.uint64),
            "eligible": np.array(self._eligible, bool),
            "parent": np.array([self._find(v) for v in range(n_variants)], np.int64),
            "size": np.array(self._size, np.int64),
            "first": np.array(self._first, np.int64),
            "sigs": self._sigs[:n_variants],
            "sentence_owner": np.array(sentence_owner, np.int64),
            "sentence_keys": np.array(sentence_keys, np.uint64),
            "shared": np.array(sorted(self._shared), np.uint64),
        }
        for name, table in (
            ("bands", self._bands),
            ("sentence_first", self._sentence_first),
            ("pairs", self._pairs),
        ):
            arrays[f"{name}_keys"] = np.fromiter(table.keys(), np.uint64, len(table))
            arrays[f"{name}_values"] = np.fromiter(table.values(), np.int64, len(table))
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> IncrementalDetector:
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as stored:
                arrays = {name: stored[name] for name in stored.files}
            meta = json.loads(arrays["meta"].tobytes())
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as error:
            raise ValueError("not a saved campaign detector") from error
        if meta.get("format") != cls._FORMAT:
            raise ValueError("saved campaign detector has an unknown format")
        detector = cls(Settings(**meta["settings"]))
        detector._ids = list(meta["ids"])
        detector._id_set = set(detector._ids)
        detector._submission_variant = arrays["submission_variant"].tolist()
        detector._variant_keys = arrays["variant_keys"].tolist()
        detector._variant_by_key = {key: v for v, key in enumerate(detector._variant_keys)}
        detector._eligible = arrays["eligible"].tolist()
        detector._parent = arrays["parent"].tolist()
        detector._size = arrays["size"].tolist()
        detector._first = arrays["first"].tolist()
        detector._sigs = arrays["sigs"].copy()
        sentences: dict[int, list[int]] = {}
        for owner, key in zip(
            arrays["sentence_owner"].tolist(), arrays["sentence_keys"].tolist(), strict=True
        ):
            sentences.setdefault(owner, []).append(key)
        for v, ok in enumerate(detector._eligible):
            if ok:
                sentences.setdefault(v, [])
        detector._sentences = sentences
        detector._shared = set(arrays["shared"].tolist())
        for name in ("bands", "sentence_first", "pairs"):
            table = dict(
                zip(arrays[f"{name}_keys"].tolist(), arrays[f"{name}_values"].tolist(), strict=True)
            )
            setattr(detector, f"_{name}", table)
        return detector
