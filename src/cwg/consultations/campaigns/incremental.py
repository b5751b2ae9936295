"""Incremental campaign detection: submissions added in batches end in the `detect` result.

Every link of the batch run goes from a text to the earliest text of a bucket (an LSH band
key, or a pair of shared sentences), and linking is transitive, so keeping for each bucket its
earliest text reproduces the batch components exactly. State is held in numpy arrays (sorted
key tables merged like a log-structured tree), so adding a batch costs about what `detect`
costs per text, and saving or loading the state is a copy of arrays.
"""

from __future__ import annotations

import io
import itertools
import json
import zipfile
from collections.abc import Iterable
from dataclasses import asdict

import numpy as np

from . import features, tiers
from .engine import (
    CampaignInfo,
    DetectionResult,
    Settings,
    _owner_pairs,
    _qualified_sentences,
    _settings,
    _signatures,
    _summarise,
    _tier,
    campaign_id,
    eligible_texts,
)
from .text import Tokeniser, normalise_many

_NONE = -1
_UNION, _SIZE = 0, 1  # operations of the union-find journal


class KeyTable:
    """uint64 key -> int64 value where the first value stored for a key wins.

    Sorted levels of geometrically decreasing size: a lookup is a few binary searches and an
    insertion merges only small levels, so a long run of batches stays cheap.
    """

    def __init__(self, keys: np.ndarray | None = None, values: np.ndarray | None = None) -> None:
        self._levels: list[tuple[np.ndarray, np.ndarray]] = []
        # Keys stored since the last chunk (None: not journaling), for append-only persistence.
        self.journal: list[tuple[np.ndarray, np.ndarray]] | None = None
        if keys is not None and keys.size:
            order = np.argsort(keys, kind="stable")
            self._levels.append((keys[order], values[order]))

    def __len__(self) -> int:
        return sum(level[0].size for level in self._levels)

    def get(self, keys: np.ndarray) -> np.ndarray:
        """The value of each key, -1 where absent."""
        out = np.full(keys.size, _NONE, np.int64)
        for level_keys, level_values in self._levels:
            position = np.minimum(np.searchsorted(level_keys, keys), level_keys.size - 1)
            hit = (level_keys[position] == keys) & (out == _NONE)
            out[hit] = level_values[position[hit]]
        return out

    def get_or_insert(self, keys: np.ndarray, values: np.ndarray) -> np.ndarray:
        """For each key (in order): its stored value, storing `values[i]` if it was absent."""
        out = self.get(keys)
        missing = np.flatnonzero(out == _NONE)
        if missing.size:
            new_keys, first, inverse = np.unique(
                keys[missing], return_index=True, return_inverse=True
            )
            new_values = values[missing][first]
            out[missing] = new_values[inverse.ravel()]
            self._add_level(new_keys, new_values)
            if self.journal is not None:
                self.journal.append((new_keys, new_values))
        return out

    def _add_level(self, keys: np.ndarray, values: np.ndarray) -> None:
        self._levels.append((keys, values))
        while len(self._levels) > 1 and self._levels[-2][0].size <= 2 * self._levels[-1][0].size:
            (k1, v1), (k2, v2) = self._levels.pop(), self._levels.pop()
            merged_keys = np.concatenate((k2, k1))
            order = np.argsort(merged_keys, kind="stable")
            self._levels.append((merged_keys[order], np.concatenate((v2, v1))[order]))

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        if not self._levels:
            return np.zeros(0, np.uint64), np.zeros(0, np.int64)
        keys = np.concatenate([k for k, _ in self._levels])
        values = np.concatenate([v for _, v in self._levels])
        return keys, values


class _Growing:
    """An array that grows along its first axis with amortised copying."""

    def __init__(self, dtype, width: int | None = None, data: np.ndarray | None = None) -> None:
        shape = (0,) if width is None else (0, width)
        self._data = np.zeros(shape, dtype) if data is None else data.copy()
        self.size = self._data.shape[0]

    def extend(self, values: np.ndarray) -> None:
        needed = self.size + values.shape[0]
        if needed > self._data.shape[0]:
            grown = np.zeros(
                (max(needed, 2 * self._data.shape[0], 64), *self._data.shape[1:]), self._data.dtype
            )
            grown[: self.size] = self._data[: self.size]
            self._data = grown
        self._data[self.size : needed] = values
        self.size = needed

    @property
    def view(self) -> np.ndarray:
        return self._data[: self.size]


class IncrementalDetector:
    """Campaign detection as submissions arrive, ending in the same campaigns as `detect`.

    Campaign ids are those `detect` gives for the same submissions in the same order; an id
    changes only when two campaigns merge (the one with the earliest submission keeps its id).
    Prefer `add_many` for batches: it costs about what `detect` costs per submission.
    """

    _FORMAT = 3

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        min_size: int | None = None,
        threshold: float | None = None,
        journal: bool = False,
    ) -> None:
        self.settings = _settings(settings, min_size, threshold)
        self._tokeniser = Tokeniser()
        # With `journal`, `chunk()` gives what changed since the previous chunk (append-only).
        self._ops: list[tuple[int, int, int]] | None = None
        self._ids: list[str] = []
        self._id_set: set[str] = set()
        self._submission_variant = _Growing(np.int64)
        self._variant_by_key = KeyTable()
        self._variant_keys = _Growing(np.uint64)
        self._eligible = _Growing(bool)
        # Union-find over variants; a root is the smallest variant of its component.
        self._parent: list[int] = []
        self._comp_size: list[int] = []  # submissions, at roots
        self._comp_first: list[int] = []  # earliest submission, at roots
        self._sigs = _Growing(np.uint32, self.settings.bins)
        self._bands = KeyTable()
        self._sentence_first = KeyTable()
        self._shared = KeyTable()
        self._pairs = KeyTable()
        # Qualifying sentences of every variant: rows start:stop of `_sentence_key`.
        self._sentence_key = _Growing(np.uint64)
        self._sentence_start = _Growing(np.int64)
        self._sentence_stop = _Growing(np.int64)
        # Normalised text of every variant that may join a campaign (b"" for the others):
        # membership tiers are decided on the texts themselves.
        self._normals: list[bytes] = []
        if journal:
            self._mark()

    def __len__(self) -> int:
        return len(self._ids)

    # -- adding ------------------------------------------------------------------------------

    def add(self, id: str, text: str) -> str | None:
        """Record one submission; return its campaign id (None while it belongs to none)."""
        return self.add_many([(id, text)])[0]

    def add_many(
        self, items: Iterable[tuple[str, str]], *, report: bool = True
    ) -> list[str | None]:
        """Record submissions in order; return the campaign id of each (None: no campaign).

        Tiers are decided on the whole candidate group of each submission: with
        `report=False` nothing is returned and that work is left to `result()` (a caller
        adding many batches and reading the result once saves a pass per batch)."""
        items = list(items)
        ids = [str(id_) for id_, _ in items]
        fresh = set(ids)
        if len(fresh) != len(ids):
            raise ValueError("submission ids must be unique")
        clash = fresh & self._id_set
        if clash:
            raise ValueError(f"submission id {min(clash)!r} was already added")
        if not items:
            return []
        settings = self.settings
        normals = normalise_many([text for _, text in items])
        hashes, ends, offsets = self._tokeniser(normals)
        keys = features.text_keys(hashes, offsets)

        # Variants: known word sequences keep their number, new ones are numbered in order.
        known = self._variant_by_key.get(keys)
        unknown = np.flatnonzero(known == _NONE)
        before = self._variant_keys.size
        variants = known.copy()
        new_texts = np.zeros(0, np.int64)
        if unknown.size:
            unique_keys, first, inverse = np.unique(
                keys[unknown], return_index=True, return_inverse=True
            )
            rank = np.empty(first.size, np.int64)
            rank[np.argsort(first)] = np.arange(first.size)
            variants[unknown] = before + rank[inverse.ravel()]
            new_texts = unknown[np.sort(first)]  # one text per new variant, in variant order
            self._variant_by_key.get_or_insert(unique_keys, before + rank)
            self._variant_keys.extend(keys[new_texts])
        counts = np.diff(offsets)
        new_normals = [normals[i] for i in new_texts.tolist()]
        eligible = eligible_texts(new_normals, counts[new_texts], settings)
        self._eligible.extend(eligible)
        self._normals.extend(
            normal if ok else b"" for normal, ok in zip(new_normals, eligible.tolist(), strict=True)
        )
        new_variants = before + np.arange(new_texts.size)
        self._parent.extend(new_variants.tolist())
        self._comp_size.extend([0] * new_texts.size)
        self._comp_first.extend((len(self._ids) + new_texts).tolist())
        self._sigs.extend(np.zeros((new_texts.size, settings.bins), np.uint32))
        no_rows = np.full(new_texts.size, self._sentence_key.size, np.int64)
        self._sentence_start.extend(no_rows)
        self._sentence_stop.extend(no_rows)
        self._ids.extend(ids)
        self._id_set.update(ids)
        self._submission_variant.extend(variants)

        chosen = new_texts[eligible]
        if chosen.size:
            starts, lengths = offsets[:-1][chosen], counts[chosen]
            sub_offsets = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
            sub_hashes = features._gather(hashes, starts, lengths)
            sub_ends = features._gather(ends, starts, lengths)
            self._link(new_variants[eligible], sub_hashes, sub_ends, sub_offsets)
        counted, copies = np.unique(variants, return_counts=True)
        eligible_all = self._eligible.view
        for variant, number in zip(counted.tolist(), copies.tolist(), strict=True):
            if eligible_all[variant]:
                self._comp_size[self._find(variant)] += number
                if self._ops is not None:
                    self._ops.append((_SIZE, variant, number))
        return self._campaigns_of(variants) if report else []

    def _find(self, node: int) -> int:
        parent = self._parent
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def _union(self, a: int, b: int) -> None:
        if self._ops is not None:
            self._ops.append((_UNION, a, b))
        a, b = self._find(a), self._find(b)
        if a == b:
            return
        low, high = (a, b) if a < b else (b, a)
        self._parent[high] = low
        self._comp_size[low] += self._comp_size[high]
        self._comp_first[low] = min(self._comp_first[low], self._comp_first[high])

    def _link(
        self, variants: np.ndarray, hashes: np.ndarray, ends: np.ndarray, offsets: np.ndarray
    ) -> None:
        settings = self.settings
        left: list[np.ndarray] = []
        right: list[np.ndarray] = []

        # Near-duplicate word triples: each band bucket links to its earliest text, verified.
        sig = _signatures(hashes, offsets, settings)
        self._sigs.view[variants] = sig
        bands = features.band_keys(features.densify(sig), settings.bands)
        members = np.repeat(variants, settings.bands)
        centres = self._bands.get_or_insert(bands.ravel(), members)
        linked = np.flatnonzero(centres != members)
        if linked.size:
            a, b = members[linked], centres[linked]
            pairs = np.unique(a * (variants[-1] + 1) + b)
            a, b = pairs // (variants[-1] + 1), pairs % (variants[-1] + 1)
            keep = features.agreement(self._sigs.view[a], self._sigs.view[b], settings.threshold)
            left.append(a[keep])
            right.append(b[keep])

        # Shared sentences: texts sharing two or more are linked through each shared pair.
        local_owner, sentence_keys = _qualified_sentences(hashes, ends, offsets, settings)
        owners = variants[local_owner]
        base = self._sentence_key.size
        local = np.arange(variants.size)
        self._sentence_start.view[variants] = base + np.searchsorted(local_owner, local)
        self._sentence_stop.view[variants] = base + np.searchsorted(local_owner, local, "right")
        self._sentence_key.extend(sentence_keys)
        holders = self._sentence_first.get_or_insert(sentence_keys, owners)
        repeated = holders != owners
        was_shared = self._shared.get(sentence_keys[repeated]) != _NONE
        self._shared.get_or_insert(sentence_keys[repeated], np.ones(int(repeated.sum()), np.int64))
        shared = self._shared.get(sentence_keys) != _NONE
        pair_keys, pair_owners = _owner_pairs(owners[shared], sentence_keys[shared])
        # A sentence seen again for the first time makes pairs of its earlier first holder.
        newly = np.flatnonzero(repeated)[~was_shared]
        old_holders = holders[newly]
        old = old_holders < variants[0]
        if old.any():
            extra_keys, extra_owners = self._holder_pairs(
                old_holders[old], sentence_keys[newly][old]
            )
            pair_keys = np.concatenate((pair_keys, extra_keys))
            pair_owners = np.concatenate((pair_owners, extra_owners))
        if pair_keys.size:
            holders = self._pairs.get_or_insert(pair_keys, pair_owners)
            differ = holders != pair_owners
            left.append(pair_owners[differ])
            right.append(holders[differ])

        a, b = (
            np.concatenate(left or [np.zeros(0, np.int64)]),
            np.concatenate(right or [np.zeros(0, np.int64)]),
        )
        if a.size:
            span = int(max(a.max(), b.max())) + 1
            edges = np.unique(a * span + b)
            for x, y in zip((edges // span).tolist(), (edges % span).tolist(), strict=True):
                self._union(x, y)

    def _holder_pairs(
        self, holders: np.ndarray, sentences: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """(sentence, each other shared sentence of its holder) pairs, owned by the holder."""
        starts = self._sentence_start.view[holders]
        lengths = self._sentence_stop.view[holders] - starts
        rows = features._gather(np.arange(self._sentence_key.size), starts, lengths)
        group = np.repeat(np.arange(holders.size), lengths)
        others = self._sentence_key.view[rows]
        keep = (others != sentences[group]) & (self._shared.get(others) != _NONE)
        group, others = group[keep], others[keep]
        return features.pair_keys(sentences[group], others), holders[group]

    # -- reading -------------------------------------------------------------------------------

    def _campaigns_of(self, variants: np.ndarray) -> list[str | None]:
        """Campaign of each variant, deciding tiers only in the groups these variants are in."""
        labels = self._labels()
        own = labels[variants]
        touched = np.unique(own[own >= 0])
        groups = np.where(np.isin(labels, touched), labels, _NONE)
        counts = np.bincount(self._submission_variant.view, minlength=labels.size)
        campaign, tier, _ = _tier(self._normals, groups, counts, self.settings, *self._sentences())
        member = (campaign >= 0) & (tier != tiers.PARTIAL)
        # Variants are numbered in order of first appearance: the campaign's smallest member
        # variant carries its earliest submission, whose text names the campaign.
        first = np.full(labels.size, labels.size, np.int64)
        np.minimum.at(first, campaign[member], np.flatnonzero(member))
        keys = self._variant_keys.view
        return [
            campaign_id(keys[first[campaign[v]]]) if member[v] else None for v in variants.tolist()
        ]

    def _sentences(self) -> tuple[np.ndarray, np.ndarray]:
        """(variant, key) of the long-enough sentences of every variant."""
        starts = self._sentence_start.view
        lengths = self._sentence_stop.view - starts
        owners = np.repeat(np.arange(starts.size, dtype=np.int64), lengths)
        rows = features._gather(np.arange(self._sentence_key.size), starts, lengths)
        return owners, self._sentence_key.view[rows]

    def _labels_or_self(self) -> np.ndarray:
        """The root of every variant (compressed parents)."""
        parent = np.array(self._parent, np.int64)
        while True:
            grand = parent[parent]
            if np.array_equal(grand, parent):
                return parent
            parent = grand

    def _labels(self) -> np.ndarray:
        """Component (smallest member) of every variant, -1 for those that join nothing."""
        return np.where(self._eligible.view, self._labels_or_self(), _NONE)

    def result(self) -> DetectionResult:
        """Campaign of every submission added so far and the campaigns, as `detect` reports them."""
        labels = self._labels()
        counts = np.bincount(self._submission_variant.view, minlength=labels.size)
        campaign, tier, share = _tier(
            self._normals, labels, counts, self.settings, *self._sentences()
        )
        return _summarise(
            self._ids,
            self._submission_variant.view,
            campaign,
            tier,
            share,
            self._variant_keys.view,
        )

    def campaigns(self) -> list[CampaignInfo]:
        return self.result().campaigns

    # -- persistence (numpy arrays and JSON only: loading never unpickles anything) ------------

    _ARRAYS = (
        "submission_variant",
        "variant_keys",
        "eligible",
        "sigs",
        "sentence_key",
        "sentence_start",
        "sentence_stop",
    )
    _TABLES = ("variant_by_key", "bands", "sentence_first", "shared", "pairs")

    def to_bytes(self) -> bytes:
        meta = {"format": self._FORMAT, "settings": asdict(self.settings), "ids": self._ids}
        arrays = {"meta": np.frombuffer(json.dumps(meta).encode(), np.uint8)}
        for name in self._ARRAYS:
            arrays[name] = getattr(self, f"_{name}").view
        arrays["parent"] = self._labels_or_self()
        arrays["comp_size"] = np.array(self._comp_size, np.int64)
        arrays["comp_first"] = np.array(self._comp_first, np.int64)
        arrays["normals"] = np.frombuffer(b"".join(self._normals), np.uint8)
        arrays["normal_lengths"] = np.array([len(t) for t in self._normals], np.int64)
        for name in self._TABLES:
            arrays[f"{name}_keys"], arrays[f"{name}_values"] = getattr(self, f"_{name}").arrays()
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> IncrementalDetector:
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as stored:
                arrays = {name: stored[name] for name in stored.files}
            meta = json.loads(arrays["meta"].tobytes())
            if meta.get("format") != cls._FORMAT:
                raise ValueError("unknown format")
            detector = cls(Settings(**meta["settings"]))
            detector._ids = [str(i) for i in meta["ids"]]
            detector._id_set = set(detector._ids)
            for name in cls._ARRAYS:
                old = getattr(detector, f"_{name}")
                width = old.view.shape[1] if old.view.ndim == 2 else None
                setattr(detector, f"_{name}", _Growing(old.view.dtype, width, arrays[name]))
            detector._parent = arrays["parent"].tolist()
            detector._comp_size = arrays["comp_size"].tolist()
            detector._comp_first = arrays["comp_first"].tolist()
            blob = arrays["normals"].tobytes()
            bounds = np.concatenate(([0], np.cumsum(arrays["normal_lengths"]))).tolist()
            detector._normals = [blob[a:b] for a, b in itertools.pairwise(bounds)]
            for name in cls._TABLES:
                table = KeyTable(arrays[f"{name}_keys"], arrays[f"{name}_values"])
                setattr(detector, f"_{name}", table)
        except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile) as error:
            raise ValueError("not a saved campaign detector") from error
        if (
            detector._submission_variant.size != len(detector._ids)
            or len(detector._parent) != detector._variant_keys.size
            or len(detector._normals) != detector._variant_keys.size
        ):
            raise ValueError("not a saved campaign detector")
        return detector

    # -- append-only persistence: one chunk per batch, replayed in order ----------------------
    #
    # A chunk holds what a batch appended (rows of every array, new keys of every table, the
    # union-find operations in their order), never what was there before: the bytes written
    # per batch do not grow with the scan, and replaying the chunks in order rebuilds the same
    # detector (the arrays only grow; a table's first value for a key wins; replaying the
    # same unions and size additions in the same order gives the same components).

    def _mark(self) -> None:
        self._since = {name: getattr(self, f"_{name}").size for name in self._ARRAYS}
        self._since_ids = len(self._ids)
        self._since_variants = len(self._parent)
        self._ops = []
        for name in self._TABLES:
            getattr(self, f"_{name}").journal = []

    def chunk(self) -> bytes:
        """What changed since the previous chunk (or the start), for `from_chunks`."""
        if self._ops is None:
            raise ValueError("this detector keeps no journal (create it with journal=True)")
        meta = {
            "format": self._FORMAT,
            "chunk": True,
            "settings": asdict(self.settings),
            "ids": self._ids[self._since_ids :],
        }
        arrays = {"meta": np.frombuffer(json.dumps(meta).encode(), np.uint8)}
        for name in self._ARRAYS:
            arrays[name] = getattr(self, f"_{name}").view[self._since[name] :]
        start = self._since_variants
        arrays["comp_first"] = np.array(self._comp_first[start:], np.int64)
        normals = self._normals[start:]
        arrays["normals"] = np.frombuffer(b"".join(normals), np.uint8)
        arrays["normal_lengths"] = np.array([len(t) for t in normals], np.int64)
        arrays["ops"] = np.array(self._ops, np.int64).reshape(-1, 3)
        for name in self._TABLES:
            journal = getattr(self, f"_{name}").journal
            keys = [k for k, _ in journal] or [np.zeros(0, np.uint64)]
            values = [v for _, v in journal] or [np.zeros(0, np.int64)]
            arrays[f"{name}_keys"] = np.concatenate(keys)
            arrays[f"{name}_values"] = np.concatenate(values)
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        self._mark()
        return buffer.getvalue()

    @classmethod
    def from_chunks(cls, chunks: Iterable[bytes]) -> IncrementalDetector:
        """The detector the chunks were taken from, journaling for the next chunk."""
        detector: IncrementalDetector | None = None
        for data in chunks:
            try:
                with np.load(io.BytesIO(bytes(data)), allow_pickle=False) as stored:
                    arrays = {name: stored[name] for name in stored.files}
                meta = json.loads(arrays["meta"].tobytes())
                if meta.get("format") != cls._FORMAT or not meta.get("chunk"):
                    raise ValueError("unknown format")
                if detector is None:
                    detector = cls(Settings(**meta["settings"]))
                detector._replay(meta, arrays)
            except (
                OSError,
                ValueError,
                KeyError,
                TypeError,
                EOFError,
                zipfile.BadZipFile,
            ) as error:
                raise ValueError("not a chunk of a saved campaign detector") from error
        detector = detector or cls()
        if (
            detector._submission_variant.size != len(detector._ids)
            or len(detector._parent) != detector._variant_keys.size
            or len(detector._normals) != detector._variant_keys.size
        ):
            raise ValueError("not the chunks of one saved campaign detector")
        detector._mark()
        return detector

    def _replay(self, meta: dict, arrays: dict) -> None:
        ids = [str(i) for i in meta["ids"]]
        self._ids.extend(ids)
        self._id_set.update(ids)
        for name in self._ARRAYS:
            getattr(self, f"_{name}").extend(arrays[name])
        before = len(self._parent)
        fresh = arrays["comp_first"].tolist()
        self._parent.extend(range(before, before + len(fresh)))
        self._comp_size.extend([0] * len(fresh))
        self._comp_first.extend(fresh)
        blob = arrays["normals"].tobytes()
        bounds = np.concatenate(([0], np.cumsum(arrays["normal_lengths"]))).tolist()
        self._normals.extend(blob[a:b] for a, b in itertools.pairwise(bounds))
        for name in self._TABLES:
            keys, values = arrays[f"{name}_keys"], arrays[f"{name}_values"]
            if keys.size:
                order = np.argsort(keys, kind="stable")
                getattr(self, f"_{name}")._add_level(keys[order], values[order])
        for kind, a, b in arrays["ops"].tolist():
            if kind == _UNION:
                self._union(a, b)
            else:
                self._comp_size[self._find(a)] += b
