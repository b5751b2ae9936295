"""Membership tiers: which texts of a candidate group are copies of its core, and how much.

Linking (MinHash bands, shared sentence pairs) gives candidate groups that may be chained: A
like B, B like C, C like D, with A nothing like D. Membership is decided against the group's
core instead, never against another member:

- the centre is the group's most copied text (ties: the earliest);
- the core is the centre's word triples, plus the triples found in at least `CORE_MIN_VARIANTS`
  and `CORE_SHARE` of the distinct texts that overlap the centre (share of at least `ATTACHED`),
  which holds "spun" campaigns (every sentence drawn from a few phrasings) together;
- a sentence comes from the campaign when at least half of its word triples are in the core,
  and a text's share is the part of its words in such sentences. The centre and its
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
ROUNDS = 4


def _group_key(groups: np.ndarray) -> np.ndarray:
    return features.mix(groups.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15))


def _member(keys: np.ndarray, table: np.ndarray) -> np.ndarray:
    if table.size == 0:
        return np.zeros(keys.size, bool)
    position = np.minimum(np.searchsorted(table, keys), table.size - 1)
    return table[position] == keys


def assign(
    normals: list[bytes], groups: np.ndarray, weights: np.ndarray, shingle: int, min_size: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per text: its campaign (index of the campaign's centre, -1 for none), tier and share.

    `normals` are distinct normalised texts in order of first appearance, `groups` their
    candidate group (-1: none) and `weights` the submissions carrying each.
    """
    m = len(normals)
    campaign = np.full(m, -1, np.int64)
    tier = np.zeros(m, np.int8)
    share_out = np.zeros(m, np.float64)
    if m == 0:
        return campaign, tier, share_out
    hashes, ends, offsets = Tokeniser()(normals)
    grams, owner, start = features.shingles(hashes, offsets, shingle, starts=True)
    del hashes
    # Sentence of every word (the last word of a text always ends a sentence).
    sentence_of_word = np.concatenate(([0], np.cumsum(ends[:-1]))) if ends.size else ends
    sentence_words = np.bincount(sentence_of_word).astype(np.float64)
    n_sentences = sentence_words.size
    sentence_owner = np.zeros(n_sentences, np.int64)
    if n_sentences:
        word_owner = np.repeat(np.arange(m, dtype=np.int64), np.diff(offsets))
        sentence_owner[sentence_of_word] = word_owner
    # Each text's triples once: a phrase said twice is not twice the campaign.
    keyed = features.mix(grams ^ _group_key(owner))
    _, first = np.unique(keyed, return_index=True)
    first.sort()
    grams, owner = grams[first], owner[first]
    gram_sentence = sentence_of_word[start[first]]
    grams_per_sentence = np.bincount(gram_sentence, minlength=n_sentences)
    # Sentences without a triple of their own ("Thank you.") count on neither side.
    counted_words = np.where(grams_per_sentence > 0, sentence_words, 0.0)
    length = np.bincount(sentence_owner, weights=counted_words, minlength=m)
    gram_count = np.bincount(owner, minlength=m)
    weights = np.asarray(weights, np.int64)
    groups = np.asarray(groups, np.int64).copy()
    grouped = groups >= 0
    groups[grouped] = np.unique(groups[grouped], return_inverse=True)[1].ravel()
    index = np.arange(m)

    for _ in range(ROUNDS):
        sizes = np.bincount(groups[groups >= 0], weights=weights[groups >= 0])
        active = groups >= 0
        active[active] = sizes[groups[active]] >= min_size
        if not active.any():
            break
        groups[~active] = -1
        # Centre: the most copied text of the group, ties to the earliest.
        members = index[active]
        order = np.lexsort((members, -weights[members], groups[members]))
        ranked = members[order]
        heads = np.concatenate(([True], groups[ranked][1:] != groups[ranked][:-1]))
        centre_of = np.full(m, -1, np.int64)
        centre_of[groups[ranked[heads]]] = ranked[heads]

        live = active[owner]
        pos_owner, pos_gram = owner[live], grams[live]
        pos_group = groups[pos_owner]
        key = features.mix(pos_gram ^ _group_key(pos_group))
        at_centre = centre_of[pos_group] == pos_owner
        centre_keys = np.unique(key[at_centre])
        in_core = _member(key, centre_keys)
        overlap = np.bincount(pos_owner, weights=in_core, minlength=m) / np.maximum(gram_count, 1)

        # Triples common to many texts that overlap the centre (the phrasings of a spun campaign).
        attached = active & (overlap >= ATTACHED)
        near_centre = attached[pos_owner]
        if near_centre.any():
            common, where, counts = np.unique(
                key[near_centre], return_index=True, return_counts=True
            )
            distinct = np.bincount(groups[attached], minlength=m)
            group_of_common = pos_group[near_centre][where]
            needed = np.maximum(CORE_MIN_VARIANTS, CORE_SHARE * distinct[group_of_common])
            in_core |= _member(key, common[counts >= needed])
        # A sentence comes from the campaign when most of its triples are in the core; the
        # share is the part of the text's words in such sentences.
        core_grams = np.bincount(gram_sentence[live], weights=in_core, minlength=n_sentences)
        from_core = (grams_per_sentence > 0) & (core_grams * 3 >= grams_per_sentence)
        words = np.where(from_core, sentence_words, 0.0)
        share = np.bincount(sentence_owner, weights=words, minlength=m) / np.maximum(length, 1)

        level = np.where(share >= PARTIAL_SHARE, PARTIAL, NONE).astype(np.int8)
        level[share >= NEAR_SHARE] = NEAR
        level[~active] = NONE
        level[active & (centre_of[np.maximum(groups, 0)] == index)] = EXACT
        copies = np.isin(level, (EXACT, NEAR))
        core_size = np.bincount(groups[copies], weights=weights[copies], minlength=m)
        formed = active & (core_size[np.maximum(groups, 0)] >= min_size)

        # Copies and near copies are final; partial use keeps the best share seen.
        joined = formed & copies
        campaign[joined] = centre_of[groups[joined]]
        tier[joined] = level[joined]
        share_out[joined] = share[joined]
        quoting = formed & (level == PARTIAL) & (tier != EXACT) & (tier != NEAR)
        better = quoting & ((tier == NONE) | (share > share_out))
        campaign[better] = centre_of[groups[better]]
        tier[better] = PARTIAL
        share_out[better] = share[better]

        # The rest of each group is tried again around its own centre.
        tried = active & copies
        groups[tried] = -1
    tier[campaign < 0] = NONE
    share_out[campaign < 0] = 0.0
    return campaign, tier, np.round(share_out, 3)
