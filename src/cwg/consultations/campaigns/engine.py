"""Campaign detection engine: batch `detect` and the equivalent `IncrementalDetector`.

Method. Texts are normalised (casefold, punctuation and whitespace collapsed) and exact
duplicates are merged by a key of their word sequence; everything after works on distinct
texts ("variants"). Texts shorter than `min_tokens` words, and short notes that only point to
an attachment in any of the six languages ("Please see the attached comments from the X
Association", `placeholders`), never join a campaign, whatever organisation they name.

Candidates. Two variants are linked when either

- their word 3-shingle sets are similar: one-permutation MinHash sketches, LSH banding,
  each band's bucket linked to its earliest member when the sketches estimate a Jaccard
  similarity of at least `threshold`; or
- they share at least two identical sentences of `min_sentence_tokens` words or more (this
  is what holds "spun" campaigns together, whose members share few word triples but draw
  every sentence from the same few phrasings).

The connected components of these links are only candidate groups: they may be chained
(A like B, B like C, C like D, A nothing like D).

Membership (the no-chaining rule). A text belongs to a campaign because it is close to the
campaign's core, never because it is close to some member: the core is the group's most
copied text (the centre) with the phrasings common to the texts that overlap it, and a
text's share is the part of its words in sentences drawn from that core (`tiers`). Tiers:
exact copies of the centre, near copies (share of at least one half: the template with
edits), and partial use (a smaller share: quotes the campaign inside an otherwise original
text), which is reported apart and never counted in the campaign's size. A group whose copies
and near copies number fewer than `min_size` submissions is no campaign; the rest of a group
is tried again around its own centre. Sharing one sentence is never enough to join unless that
sentence is most of the text; boilerplate (a docket's title line, a commenter's signature:
sentences carried by many texts that are otherwise original) counts for nothing. A text in no
campaign that carries whole sentences of a campaign's core is reported as partial use of it
even when nothing linked it to the campaign.

Links only ever point to the earliest variant of a bucket and tiers depend only on the
candidate group, so adding texts one at a time or in batches (`IncrementalDetector`, in
`incremental.py`) ends in exactly the same campaigns as one batch run. A campaign's id is
derived from the text of its earliest copy or near copy.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field

import numpy as np

from . import features, graph, memory, placeholders, tiers
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
    copies: int = 0  # exact copies of the representative text
    near_copies: int = 0  # the template with edits; size = copies + near_copies
    partial_ids: list[str] = field(default_factory=list)  # quote it; not counted in size


@dataclass(frozen=True, slots=True)
class Membership:
    """How a submission relates to a campaign: its tier and the share of its text from the core."""

    campaign: str
    tier: str  # "exact", "near" or "partial"
    share: float


@dataclass
class DetectionResult:
    """Campaign of every submission (None when it belongs to none) and the campaigns found.

    `assignments` names the campaign of copies and near copies only; `memberships` gives the
    tier and share of every submission that has one, partial use included.
    """

    assignments: dict[str, str | None]
    campaigns: list[CampaignInfo] = field(default_factory=list)
    memberships: dict[str, Membership] = field(default_factory=dict)


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
    pair_keys, pair_owners = _owner_pairs(owners, keys)
    return graph.star_edges(pair_keys, pair_owners)


def _owner_pairs(owners: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Key of every pair of sentences within each owner (owners grouped together), and its owner."""
    if owners.size < 2:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64)
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
        return np.zeros(0, np.uint64), np.zeros(0, np.int64)
    return np.concatenate(pair_keys), np.concatenate(pair_owners)


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
    variant_campaign: np.ndarray,
    variant_tier: np.ndarray,
    variant_share: np.ndarray,
    variant_keys: np.ndarray,
) -> DetectionResult:
    """Turn per-variant campaigns (the campaign's centre variant, -1 for none) and tiers into
    campaigns. A campaign's id comes from the text of its earliest copy or near copy."""
    n = len(ids)
    assignments: dict[str, str | None] = dict.fromkeys(ids)
    if n == 0:
        return DetectionResult(assignments, [])
    campaign = variant_campaign[submission_variant]
    tier = variant_tier[submission_variant]
    tiered = np.flatnonzero(campaign >= 0)
    counted = tiered[tier[tiered] != tiers.PARTIAL]
    if counted.size == 0:
        return DetectionResult(assignments, [])
    members = counted[np.argsort(campaign[counted], kind="stable")]
    owner = campaign[members]
    starts = np.flatnonzero(np.concatenate(([True], owner[1:] != owner[:-1])))
    stops = np.append(starts[1:], members.size)
    first_submission = np.full(variant_keys.size, n, np.int64)
    np.minimum.at(first_submission, submission_variant, np.arange(n))

    # Distinct variants and exact copies of every campaign at once (one `unique` per campaign
    # was most of this function's time on a docket with many small campaigns).
    member_variant = submission_variant[members].astype(np.int64)
    run = np.repeat(np.arange(starts.size, dtype=np.int64), stops - starts)
    pairs = np.unique(run * np.int64(variant_keys.size + 1) + member_variant)
    distinct_of = np.bincount(pairs // np.int64(variant_keys.size + 1), minlength=starts.size)
    exact_of = np.add.reduceat((tier[members] == tiers.EXACT).astype(np.int64), starts)

    campaigns: dict[int, CampaignInfo] = {}
    member_list = members.tolist()
    for number, (start, stop, centre) in enumerate(
        zip(starts.tolist(), stops.tolist(), owner[starts].tolist(), strict=True)
    ):
        chosen = member_list[start:stop]
        member_ids = [ids[i] for i in chosen]
        distinct = int(distinct_of[number])
        copies = int(exact_of[number])
        cid = campaign_id(variant_keys[submission_variant[chosen[0]]])
        assignments.update(dict.fromkeys(member_ids, cid))
        campaigns[centre] = CampaignInfo(
            id=cid,
            member_ids=member_ids,
            representative_id=ids[int(first_submission[centre])],
            size=len(member_ids),
            exact_duplicates=len(member_ids) - distinct,
            variant_count=distinct,
            copies=copies,
            near_copies=len(member_ids) - copies,
        )
    memberships: dict[str, Membership] = {}
    share = variant_share[submission_variant]
    for i, centre, level, part in zip(
        tiered.tolist(),
        campaign[tiered].tolist(),
        tier[tiered].tolist(),
        share[tiered].tolist(),
        strict=True,
    ):
        info = campaigns.get(centre)
        if info is None:
            continue
        if level == tiers.PARTIAL:
            info.partial_ids.append(ids[i])
        memberships[ids[i]] = Membership(info.id, tiers.NAMES[level], part)
    ordered = sorted(campaigns.values(), key=lambda c: (-c.size, c.id))
    return DetectionResult(assignments, ordered, memberships)


class Tokens:
    """The tokenised texts (`Tokeniser` output) of a batch, read by variant: tiering a group
    needs its texts' words, and tokenising them again was a sixth of the tiers' time."""

    def __init__(
        self, hashes: np.ndarray, ends: np.ndarray, offsets: np.ndarray, rows: np.ndarray
    ) -> None:
        self.hashes, self.ends = hashes, ends
        self.starts = offsets[:-1][rows]
        self.counts = np.diff(offsets)[rows]

    def take(self, variants: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(hashes, sentence ends, offsets) of `variants`, as `Tokeniser` would give them."""
        starts, counts = self.starts[variants], self.counts[variants]
        offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        return (
            features._gather(self.hashes, starts, counts),
            features._gather(self.ends, starts, counts),
            offsets,
        )


def _tier(
    normals: list[bytes],
    variant_component: np.ndarray,
    variant_counts: np.ndarray,
    settings: Settings,
    sentence_owner: np.ndarray,
    sentence_keys: np.ndarray,
    tokens: Tokens | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Campaign (centre variant or -1), tier and share of every variant (see `tiers`).

    `normals[v]` is the normalised text of variant v (read for variants in a group and for
    those carrying a sentence of a campaign, unless `tokens` gives their words);
    (`sentence_owner`, `sentence_keys`) are the sentences of at least `min_sentence_tokens`
    words of every eligible variant.
    """
    size = variant_component.size
    campaign = np.full(size, -1, np.int64)
    tier = np.zeros(size, np.int8)
    share = np.zeros(size, np.float64)
    grouped = np.flatnonzero(variant_component >= 0)
    if grouped.size:
        weight = np.bincount(
            variant_component[grouped], weights=variant_counts[grouped], minlength=size
        )
        grouped = grouped[weight[variant_component[grouped]] >= settings.min_size]
    if grouped.size == 0:
        return campaign, tier, share
    # Groups are independent: pieces of whole groups are tiered on all cores.
    pieces = _group_pieces(variant_component[grouped])

    def run(piece: np.ndarray):
        variants = grouped[piece]
        local, level, part, (keys, centre) = tiers.assign(
            None if tokens is not None else [normals[v] for v in variants.tolist()],
            variant_component[variants],
            variant_counts[variants],
            settings.shingle,
            settings.min_size,
            tokens=None if tokens is None else tokens.take(variants),
        )
        return variants, local, level, part, keys, variants[centre]

    if len(pieces) == 1 or _WORKERS == 1:
        outcomes = [run(piece) for piece in pieces]
    else:
        with ThreadPoolExecutor(_WORKERS) as pool:
            outcomes = list(pool.map(run, pieces))
    for variants, local, level, part, _, _ in outcomes:
        campaign[variants] = np.where(local >= 0, variants[np.maximum(local, 0)], -1)
        tier[variants] = level
        share[variants] = part
    core_keys = np.concatenate([o[4] for o in outcomes])
    core_campaign = np.concatenate([o[5] for o in outcomes])

    # Partial use beyond the links: a text in no campaign that carries whole sentences of one.
    if core_keys.size:
        free = campaign[sentence_owner] < 0
        carries = free & np.isin(sentence_keys, core_keys)
        candidates = np.unique(sentence_owner[carries])
        if candidates.size:
            quoted, quoted_share = tiers.quoting(
                [normals[v] for v in candidates.tolist()], core_keys, core_campaign
            )
            found = quoted >= 0
            campaign[candidates[found]] = quoted[found]
            tier[candidates[found]] = tiers.PARTIAL
            share[candidates[found]] = quoted_share[found]
    return campaign, tier, share


_TIER_PIECE = 40_000


def _group_pieces(groups: np.ndarray) -> list[np.ndarray]:
    """Positions of `groups` cut into pieces of about `_TIER_PIECE`, never splitting a group."""
    order = np.argsort(groups, kind="stable")
    if groups.size <= _TIER_PIECE:
        return [order]
    ordered = groups[order]
    bounds = [0]
    while bounds[-1] < ordered.size:
        cut = min(bounds[-1] + _TIER_PIECE, ordered.size)
        if cut < ordered.size:
            cut = int(np.searchsorted(ordered, ordered[cut - 1], side="right"))
        bounds.append(cut)
    # Positions stay in increasing order inside a piece: the earliest text keeps ties.
    return [np.sort(order[a:b]) for a, b in itertools.pairwise(bounds)]


def eligible_texts(normals: list[bytes], counts: np.ndarray, settings: Settings) -> np.ndarray:
    """Whether each text may join a campaign: long enough and not a note pointing elsewhere."""
    ok = counts >= settings.min_tokens
    for i in np.flatnonzero(ok & (counts <= placeholders.MAX_WORDS)).tolist():
        if placeholders.is_placeholder(normals[i]):
            ok[i] = False
    return ok


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
    with memory.reused():
        return _detect(items, progress, settings)


def _detect(
    items: Iterable[tuple[str, str]], progress: Progress | None, settings: Settings
) -> DetectionResult:
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

    found = _text_features(texts, settings)
    if progress is not None:
        progress(2 * n, total)

    # Merge texts whose word sequences are equal (they differed only in case, spacing or
    # punctuation): variants are numbered in order of first appearance.
    keys = found.keys
    _, first_index, inverse = np.unique(keys, return_index=True, return_inverse=True)
    rank = np.empty(first_index.size, np.int64)
    rank[np.argsort(first_index)] = np.arange(first_index.size)
    variant_of_text = rank[inverse.ravel()]
    representative_text = np.sort(first_index)
    variant_keys = keys[representative_text]
    submission_variant = variant_of_text[codes]
    del codes

    normals = [texts[i] for i in representative_text.tolist()]
    del texts
    eligible = np.flatnonzero(eligible_texts(normals, found.counts[representative_text], settings))
    component = _link(found, representative_text[eligible], settings)
    # Long-enough sentences of every eligible variant (to find partial use beyond the links).
    variant_of_row = np.full(found.keys.size, -1, np.int64)
    variant_of_row[representative_text[eligible]] = eligible
    sentence_variant = variant_of_row[found.sentence_owner]
    qualified = (sentence_variant >= 0) & (found.sentence_counts >= settings.min_sentence_tokens)
    sentence_variant = sentence_variant[qualified]
    sentence_keys = found.sentence_keys[qualified]
    offsets = np.concatenate(([0], np.cumsum(found.counts))).astype(np.int64)
    tokens = Tokens(found.hashes, found.ends, offsets, representative_text)
    del found, offsets
    variant_component = np.full(variant_keys.size, -1, np.int64)
    variant_component[eligible] = eligible[component]
    variant_counts = np.bincount(submission_variant, minlength=variant_keys.size)
    campaign, tier, share = _tier(
        normals,
        variant_component,
        variant_counts,
        settings,
        sentence_variant,
        sentence_keys,
        tokens,
    )
    del tokens
    result = _summarise(ids, submission_variant, campaign, tier, share, variant_keys)
    if progress is not None:
        progress(total, total)
    return result


# LSH bands are verified in stages; a candidate pair already joined by earlier links needs
# no verification, and after the first bands most pairs of a campaign are.
_BAND_STAGES = (4, 12)


@dataclass
class _Features:
    """What linking needs of each text, computed once per distinct normalised text."""

    keys: np.ndarray  # word-sequence key
    counts: np.ndarray  # words
    hashes: np.ndarray  # of every word, texts end to end
    ends: np.ndarray  # whether each word ends a sentence
    sig: np.ndarray  # (texts, bins) MinHash sketch of the word triples
    sentence_keys: np.ndarray
    sentence_counts: np.ndarray  # words per sentence
    sentence_owner: np.ndarray  # text of each sentence


def _features_of(texts: list[bytes], settings: Settings) -> _Features:
    hashes, ends, offsets = Tokeniser()(texts)
    sentence_keys, sentence_counts, sentence_owner = features.sentences(hashes, ends, offsets)
    return _Features(
        keys=features.text_keys(hashes, offsets),
        counts=np.diff(offsets),
        hashes=hashes,
        ends=ends,
        sig=_signatures(hashes, offsets, settings),
        sentence_keys=sentence_keys,
        sentence_counts=sentence_counts,
        sentence_owner=sentence_owner,
    )


def _usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# A scan runs beside the web server and the database and leaves them a core. On two cores a
# second thread cost more than it gave (200,000 texts, load 5: 20.6 s wall and 10.8 processor
# seconds with two threads, 15.8 s and 8.5 s with one).
_WORKERS = max(1, min(4, _usable_cores() - 1))
_PIECE = 50_000


def _text_features(texts: list[bytes], settings: Settings) -> _Features:
    """Features of every text, pieces computed on all cores (numpy releases the GIL)."""
    pieces = [texts[i : i + _PIECE] for i in range(0, len(texts), _PIECE)] or [[]]
    if len(pieces) == 1 or _WORKERS == 1:
        parts = [_features_of(piece, settings) for piece in pieces]
    else:
        with ThreadPoolExecutor(_WORKERS) as pool:
            parts = list(pool.map(lambda piece: _features_of(piece, settings), pieces))
    shift = np.cumsum([0] + [len(piece) for piece in pieces[:-1]])
    return _Features(
        keys=np.concatenate([p.keys for p in parts]),
        counts=np.concatenate([p.counts for p in parts]),
        hashes=np.concatenate([p.hashes for p in parts]),
        ends=np.concatenate([p.ends for p in parts]),
        sig=np.concatenate([p.sig for p in parts]),
        sentence_keys=np.concatenate([p.sentence_keys for p in parts]),
        sentence_counts=np.concatenate([p.sentence_counts for p in parts]),
        sentence_owner=np.concatenate(
            [p.sentence_owner + offset for p, offset in zip(parts, shift, strict=True)]
        ),
    )


def _link(found: _Features, rows: np.ndarray, settings: Settings) -> np.ndarray:
    """Component (smallest member) of each text `rows[i]` (rows in increasing order)."""
    n = rows.size
    if n == 0:
        return np.zeros(0, np.int64)
    row_of = np.full(found.keys.size, -1, np.int64)
    row_of[rows] = np.arange(n)
    owners = row_of[found.sentence_owner]
    kept = (found.sentence_counts >= settings.min_sentence_tokens) & (owners >= 0)
    keys, owners = found.sentence_keys[kept], owners[kept]
    # Only sentences seen more than once can link texts; most sentences are seen once.
    _, inverse, seen = np.unique(keys, return_inverse=True, return_counts=True)
    repeated = seen[inverse.ravel()] >= 2
    owners, keys = _unique_pairs(owners[repeated], keys[repeated])
    label = graph.components(n, *_sentence_pair_edges(owners, keys))
    del owners, keys
    sig = found.sig[rows]
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


# The incremental detector shares the helpers above.
from .incremental import IncrementalDetector  # noqa: E402

__all__ = [
    "CampaignInfo",
    "DetectionResult",
    "IncrementalDetector",
    "Membership",
    "Settings",
    "detect",
]
