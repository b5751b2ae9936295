"""Membership tiers: which texts of a candidate group are copies of its core, and how much.

Linking (MinHash bands, shared sentence pairs) gives candidate groups that may be chained: A
like B, B like C, C like D, with A nothing like D. Membership is decided against the group's
core instead, never against another member:

- the centre is the group's most copied text (ties: the earliest);
- the core is the centre's word triples, plus, in a group with at least `SPUN_MIN_VARIANTS`
  distinct texts overlapping the centre (at least `ATTACHED` of their triples in it), the
  whole sentences found in at least `CORE_MIN_VARIANTS` and `CORE_SHARE` of those texts,
  which holds "spun" campaigns (every sentence drawn from a few phrasings) together;
- boilerplate (a docket's title line, a commenter's signature: sentences carried by many
  texts that are otherwise original) counts on neither side of a share;
- a sentence comes from the campaign when more than a third of its own word triples, and at
  least two, are in the core, and a text's share is the part of its words in such sentences. The centre and its
  exact copies are `exact`; a share of at least `NEAR` is a `near` copy; at least `PARTIAL` is
  `partial` use (quotes the campaign inside an otherwise original text) and is reported apart.

A group whose copies and near copies number fewer than `min_size` submissions is no campaign.
What is left of a group (texts that are neither exact nor near copies) is tried again with its
own centre, a few rounds at most, so two campaigns bridged by one text stay two campaigns.
"""

from __future__ import annotations

import numpy as np

from . import features
from .text import Tokeniser

NONE, EXACT, NEAR, PARTIAL = 0, 1, 2, 3
NAMES = {EXACT: "exact", NEAR: "near", PARTIAL: "partial"}

NEAR_SHARE = 0.5
PARTIAL_SHARE = 0.1
ATTACHED = 0.1
CORE_MIN_VARIANTS = 3
CORE_SHARE = 0.1
SPUN_MIN_VARIANTS = 10
ROUNDS = 4
BOILERPLATE_MIN_TEXTS = 5
POPULAR = 3


def _group_key(groups: np.ndarray) -> np.ndarray:
    return features.mix(groups.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15))


def _runs(sorted_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(start of each run of equal keys, run number of every element) of a sorted array."""
    if sorted_keys.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    fresh = np.concatenate(([True], sorted_keys[1:] != sorted_keys[:-1]))
    return np.flatnonzero(fresh), np.cumsum(fresh) - 1


def _any_in_run(flags: np.ndarray, run: np.ndarray, runs: int) -> np.ndarray:
    hit = np.zeros(runs, bool)
    hit[run[flags]] = True
    return hit[run]


def assign(
    normals: list[bytes] | None,
    groups: np.ndarray,
    weights: np.ndarray,
    shingle: int,
    min_size: int,
    tokens: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per text: its campaign (index of the campaign's centre, -1 for none), tier and share.

    `normals` are distinct normalised texts in order of first appearance, `groups` their
    candidate group (-1: none) and `weights` the submissions carrying each. `tokens` may give
    the texts already tokenised (`Tokeniser` output) instead of `normals`.
    """
    m = len(normals) if tokens is None else tokens[2].size - 1
    campaign = np.full(m, -1, np.int64)
    tier = np.zeros(m, np.int8)
    share_out = np.zeros(m, np.float64)
    if m == 0:
        return campaign, tier, share_out
    weights = np.asarray(weights, np.int64)
    groups = np.asarray(groups, np.int64).copy()
    grouped = groups >= 0
    groups[grouped] = np.unique(groups[grouped], return_inverse=True)[1].ravel()
    index = np.arange(m)

    hashes, ends, offsets = Tokeniser()(normals) if tokens is None else tokens
    grams, owner, start = features.shingles(hashes, offsets, shingle, starts=True)
    sentence_keys = features.sentences(hashes, ends, offsets)[0]
    del hashes
    # Sentence of every word (the last word of a text always ends a sentence).
    sentence_of_word = np.concatenate(([0], np.cumsum(ends[:-1]))) if ends.size else ends
    sentence_words = np.bincount(sentence_of_word).astype(np.float64)
    n_sentences = sentence_words.size
    sentence_owner = np.zeros(n_sentences, np.int64)
    if n_sentences:
        word_owner = np.repeat(np.arange(m, dtype=np.int64), np.diff(offsets))
        sentence_owner[sentence_of_word] = word_owner
    gram_sentence = sentence_of_word[start]
    # Only triples inside one sentence decide whether that sentence comes from the campaign:
    # a triple running into the next line belongs to neither.
    inside = sentence_of_word[start + shingle - 1] == gram_sentence
    grams_per_sentence = np.bincount(gram_sentence[inside], minlength=n_sentences)
    # Sentences without a triple of their own ("Thank you.") count on neither side.
    counted_words = np.where(grams_per_sentence > 0, sentence_words, 0.0)
    neutral = _boilerplate(groups, weights, sentence_owner, sentence_keys, counted_words)

    # One sort of the (group, triple) keys serves every round: rounds only take texts out.
    key = features.mix(grams ^ _group_key(np.maximum(groups[owner], 0)))
    order = np.argsort(key)
    owner, gram_sentence, inside = owner[order], gram_sentence[order], inside[order]
    _, gram_run = _runs(key[order])
    del key, grams, order
    gram_runs = int(gram_run[-1]) + 1 if gram_run.size else 0
    kept = ~neutral[gram_sentence]
    # Whole sentences (by group) for the phrasings of spun campaigns.
    sentence_key = features.mix(sentence_keys ^ _group_key(np.maximum(groups[sentence_owner], 0)))
    by_sentence = np.argsort(sentence_key)
    _, sentence_run_sorted = _runs(sentence_key[by_sentence])
    sentence_run = np.empty(n_sentences, np.int64)
    sentence_run[by_sentence] = sentence_run_sorted
    sentence_runs = int(sentence_run_sorted[-1]) + 1 if n_sentences else 0
    del sentence_key, by_sentence

    core_keys: list[np.ndarray] = []
    core_owner: list[np.ndarray] = []
    for _ in range(ROUNDS):
        sizes = np.bincount(groups[groups >= 0], weights=weights[groups >= 0])
        active = groups >= 0
        active[active] = sizes[groups[active]] >= min_size
        if not active.any():
            break
        groups[~active] = -1
        # Centre: the most copied text of the group, ties to the earliest.
        members = index[active]
        ranked = members[np.lexsort((members, -weights[members], groups[members]))]
        heads = np.concatenate(([True], groups[ranked][1:] != groups[ranked][:-1]))
        centre_of = np.full(m, -1, np.int64)
        centre_of[groups[ranked[heads]]] = ranked[heads]
        is_centre = active & (centre_of[np.maximum(groups, 0)] == index)

        # Triples of texts out of play count for nothing: later rounds read only the rest.
        live = active[owner]
        if not live.all():
            owner, gram_sentence, inside, gram_run, kept = (
                part[live] for part in (owner, gram_sentence, inside, gram_run, kept)
            )
            live = np.ones(owner.size, bool)
        in_core = _any_in_run(is_centre[owner], gram_run, gram_runs) & live
        own_grams = np.bincount(owner, weights=live & kept, minlength=m)
        overlap = np.bincount(owner, weights=in_core & kept, minlength=m) / np.maximum(own_grams, 1)

        # Spun campaigns: in a group with many texts overlapping the centre, whole sentences
        # that many of those texts carry belong to the core too.
        attached = active & (overlap >= ATTACHED)
        distinct = np.bincount(groups[attached], minlength=m)
        carriers = attached[sentence_owner] & (counted_words > 0) & ~neutral
        carried = np.bincount(sentence_run, weights=carriers, minlength=sentence_runs)
        group_of = np.maximum(groups[sentence_owner], 0)
        needed = np.maximum(CORE_MIN_VARIANTS, CORE_SHARE * distinct[group_of])
        needed[distinct[group_of] < SPUN_MIN_VARIANTS] = np.inf
        phrasing = active[sentence_owner] & (carried[sentence_run] >= needed)
        if phrasing.any():
            in_core |= _any_in_run(phrasing[gram_sentence] & live, gram_run, gram_runs) & live

        # A sentence comes from the campaign when more than a third of its own triples, and
        # at least two, are in the core; the share is the part of the text's words
        # (boilerplate left out) in such sentences.
        core_grams = np.bincount(gram_sentence, weights=in_core & inside, minlength=n_sentences)
        from_core = ((core_grams >= 2) & (core_grams * 3 > grams_per_sentence) & ~neutral) | (
            phrasing & ~neutral
        )
        words = np.where(from_core, counted_words, 0.0)
        own_words = np.bincount(
            sentence_owner, weights=np.where(neutral, 0.0, counted_words), minlength=m
        )
        share = np.bincount(sentence_owner, weights=words, minlength=m) / np.maximum(own_words, 1)

        level = np.where(share >= PARTIAL_SHARE, PARTIAL, NONE).astype(np.int8)
        level[share >= NEAR_SHARE] = NEAR
        level[~active] = NONE
        level[is_centre] = EXACT
        copies = (level == EXACT) | (level == NEAR)
        core_size = np.bincount(groups[copies], weights=weights[copies], minlength=m)
        formed = active & (core_size[np.maximum(groups, 0)] >= min_size)

        # The campaign's own sentences (its centre's and its phrasings, boilerplate left
        # out), by which texts outside the group are found quoting it.
        core_sentence = (is_centre[sentence_owner] | phrasing) & ~neutral & (counted_words > 0)
        core_sentence &= formed[sentence_owner]
        core_keys.append(sentence_keys[core_sentence])
        core_owner.append(centre_of[groups[sentence_owner[core_sentence]]])

        # Copies and near copies are final; partial use keeps the best share seen.
        joined = formed & copies
        campaign[joined] = centre_of[groups[joined]]
        tier[joined] = level[joined]
        share_out[joined] = np.where(is_centre[joined], 1.0, share[joined])
        quoting = formed & (level == PARTIAL) & (tier != EXACT) & (tier != NEAR)
        better = quoting & ((tier == NONE) | (share > share_out))
        campaign[better] = centre_of[groups[better]]
        tier[better] = PARTIAL
        share_out[better] = share[better]

        # The rest of each group is tried again around its own centre.
        groups[active & copies] = -1
    tier[campaign < 0] = NONE
    share_out[campaign < 0] = 0.0
    core = (
        np.concatenate(core_keys) if core_keys else np.zeros(0, np.uint64),
        np.concatenate(core_owner) if core_owner else np.zeros(0, np.int64),
    )
    return campaign, tier, np.round(share_out, 3), core


def quoting(
    normals: list[bytes], core_keys: np.ndarray, core_campaign: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Campaign quoted (-1: none) and share of each text outside every campaign, by whole
    sentences of a campaign's core that it carries (partial use found beyond the links)."""
    m = len(normals)
    campaign = np.full(m, -1, np.int64)
    share = np.zeros(m, np.float64)
    if m == 0 or core_keys.size == 0:
        return campaign, share
    hashes, ends, offsets = Tokeniser()(normals)
    keys, counts, owner = features.sentences(hashes, ends, offsets)
    del hashes
    table, first = np.unique(core_keys, return_index=True)
    quoted_by = core_campaign[first]
    position = np.minimum(np.searchsorted(table, keys), table.size - 1)
    hit = (table[position] == keys) & (counts >= 3)
    # Sentences without a triple of their own count on neither side, as in `assign`.
    words = np.where(counts >= 3, counts, 0).astype(np.float64)
    length = np.bincount(owner, weights=words, minlength=m)
    if not hit.any():
        return campaign, share
    pair_owner, pair_campaign = owner[hit], quoted_by[position[hit]]
    order = np.lexsort((pair_campaign, pair_owner))
    pair_owner, pair_campaign = pair_owner[order], pair_campaign[order]
    pair_words = words[hit][order]
    fresh = np.concatenate(
        ([True], (pair_owner[1:] != pair_owner[:-1]) | (pair_campaign[1:] != pair_campaign[:-1]))
    )
    starts = np.flatnonzero(fresh)
    totals = np.add.reduceat(pair_words, starts)
    owners, campaigns = pair_owner[starts], pair_campaign[starts]
    # The campaign a text quotes most (ties: the first campaign).
    best = np.lexsort((campaigns, -totals, owners))
    heads = best[np.concatenate(([True], owners[best][1:] != owners[best][:-1]))]
    part = totals[heads] / np.maximum(length[owners[heads]], 1)
    chosen = part >= PARTIAL_SHARE
    campaign[owners[heads][chosen]] = campaigns[heads][chosen]
    share[owners[heads][chosen]] = np.round(part[chosen], 3)
    return campaign, share


def _boilerplate(groups, weights, sentence_owner, sentence_keys, counted_words) -> np.ndarray:
    """Sentences (by position) that are boilerplate in their group.

    A sentence is boilerplate when at least `BOILERPLATE_MIN_TEXTS` distinct texts of the group
    carry it and most of them (by submissions) are otherwise original: most of their other
    words are in sentences that fewer than `POPULAR` submissions of the group carry. A docket's
    "Re: <title>" line or a serial commenter's signature is such a sentence; a campaign's
    sentences are not, as the texts carrying them carry its other sentences too.
    """
    neutral = np.zeros(sentence_keys.size, bool)
    held = np.flatnonzero((groups[sentence_owner] >= 0) & (counted_words > 0))
    if held.size == 0:
        return neutral
    holder = sentence_owner[held]
    words = counted_words[held]
    keyed = features.mix(sentence_keys[held] ^ _group_key(groups[holder]))
    _, inverse, holders = np.unique(keyed, return_inverse=True, return_counts=True)
    inverse = inverse.ravel()
    weight = weights[holder].astype(np.float64)
    carried = np.bincount(inverse, weights=weight)  # submissions carrying each sentence
    popular = carried[inverse] >= POPULAR
    m = groups.size
    length = np.bincount(holder, weights=words, minlength=m)
    popular_words = np.bincount(holder, weights=words * popular, minlength=m)
    rest = length[holder] - words
    rest_popular = popular_words[holder] - words * popular
    original = (rest > 0) & (rest_popular * 2 < rest)
    otherwise = np.bincount(inverse, weights=weight * original)
    boiler = (holders >= BOILERPLATE_MIN_TEXTS) & (otherwise * 2 > carried)
    neutral[held[boiler[inverse]]] = True
    return neutral
