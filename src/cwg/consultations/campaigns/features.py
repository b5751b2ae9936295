"""Vectorised features of tokenised texts: text keys, sentence keys, shingle MinHash sketches.

Every function works on a whole batch at once: the token hashes of all texts laid end to end
in one uint64 array, with `offsets` (length n + 1) marking where each text starts. All
arithmetic is uint64 modulo 2**64, so results are identical in every process.
"""

from __future__ import annotations

import numpy as np

U64 = np.uint64
EMPTY = np.uint32(0xFFFFFFFF)
_M1 = U64(0xBF58476D1CE4E5B9)
_M2 = U64(0x94D049BB133111EB)
_GOLDEN = U64(0x9E3779B97F4A7C15)
_S30, _S27, _S31 = U64(30), U64(27), U64(31)


def mix(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser: a bijective, well-mixing map of uint64 values (returns a new array)."""
    x = x + _GOLDEN
    x ^= x >> _S30
    x *= _M1
    x ^= x >> _S27
    x *= _M2
    x ^= x >> _S31
    return x


def _rotl(x: np.ndarray, bits: int) -> np.ndarray:
    return (x << U64(bits)) | (x >> U64(64 - bits))


def lengths(offsets: np.ndarray) -> np.ndarray:
    return np.diff(offsets)


def _segment_key(hashes: np.ndarray, starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """An order-sensitive 64-bit key per segment (segments are contiguous and non-empty)."""
    position = np.arange(hashes.size, dtype=np.int64) - np.repeat(starts, counts)
    terms = mix(hashes ^ (position.astype(U64) * _GOLDEN))
    keys = np.add.reduceat(terms, starts) if starts.size else np.zeros(0, U64)
    return mix(keys ^ counts.astype(U64))


def text_keys(hashes: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """A key per text that is equal for texts with the same word sequence (0 for empty texts)."""
    counts = np.diff(offsets)
    keys = np.zeros(counts.size, U64)
    nonempty = counts > 0
    if nonempty.any():
        starts = offsets[:-1][nonempty]
        selected = _gather(hashes, starts, counts[nonempty])
        local = np.concatenate(([0], np.cumsum(counts[nonempty])))[:-1]
        keys[nonempty] = _segment_key(selected, local, counts[nonempty])
    return keys


def _gather(values: np.ndarray, starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Concatenate values[start:start+count] for each segment, without a Python loop."""
    total = int(counts.sum())
    if total == values.size and (starts.size == 0 or starts[0] == 0):
        expected = np.concatenate(([0], np.cumsum(counts)))[:-1]
        if np.array_equal(expected, starts):
            return values
    index = np.arange(total, dtype=np.int64) - np.repeat(
        np.concatenate(([0], np.cumsum(counts)))[:-1] - starts, counts
    )
    return values[index]


def sentences(
    hashes: np.ndarray, ends: np.ndarray, offsets: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sentence keys, their token counts and the text each belongs to."""
    n = hashes.size
    if n == 0:
        empty = np.zeros(0, np.int64)
        return np.zeros(0, U64), empty, empty
    starts_mask = np.zeros(n, bool)
    starts_mask[0] = True
    starts_mask[1:] = ends[:-1]
    counts_per_text = np.diff(offsets)
    text_starts = offsets[:-1][counts_per_text > 0]
    starts_mask[text_starts] = True
    starts = np.flatnonzero(starts_mask)
    counts = np.diff(np.append(starts, n))
    keys = _segment_key(hashes, starts, counts)
    owner = np.searchsorted(offsets, starts, side="right") - 1
    return keys, counts, owner


def shingles(
    hashes: np.ndarray, offsets: np.ndarray, width: int, *, starts: bool = False
) -> tuple[np.ndarray, ...]:
    """(hash, text) of every word `width`-gram of every text, in text order; with `starts`,
    also the position of each gram's first word."""
    n, n_texts = hashes.size, offsets.size - 1
    m = n - width + 1
    if m <= 0:
        empty = np.zeros(0, np.int64)
        return (np.zeros(0, U64), empty, empty) if starts else (np.zeros(0, U64), empty)
    combined = hashes[:m].copy()
    for k in range(1, width):
        combined ^= _rotl(hashes[k : m + k], (21 * k) % 64)
    # A gram starting in the last width-1 words of a text would run into the next text.
    valid = np.ones(m, bool)
    tail = (offsets[1:, None] - np.arange(1, width)[None, :]).ravel()
    valid[tail[(tail >= 0) & (tail < m)]] = False
    owners = np.repeat(np.arange(n_texts, dtype=np.int64), np.diff(offsets))[:m][valid]
    if starts:
        return mix(combined[valid]), owners, np.flatnonzero(valid)
    return mix(combined[valid]), owners


def sketch_texts(hashes: np.ndarray, offsets: np.ndarray, width: int, bins: int) -> np.ndarray:
    """MinHash sketches (see `sketch`) of the word `width`-gram sets of every text."""
    grams, owners = shingles(hashes, offsets, width)
    return sketch(grams, owners, offsets.size - 1, bins)


def sketch(shingle_hashes: np.ndarray, owners: np.ndarray, n_texts: int, bins: int) -> np.ndarray:
    """One-permutation MinHash: a (n_texts, bins) uint32 matrix, EMPTY where no shingle fell.

    Each shingle falls into one bin (its top bits) and each bin keeps the smallest low 32 bits.
    Among the bins not empty in both, the fraction of equal bins estimates the Jaccard
    similarity of two sets (`agreement`); `densify` fills empty bins for LSH banding.
    """
    shift = U64(64 - int(bins).bit_length() + 1)
    sig = np.full(n_texts * bins, EMPTY, np.uint32)
    slot = owners * bins
    slot += (shingle_hashes >> shift).astype(np.int64)
    np.minimum.at(sig, slot, shingle_hashes.astype(np.uint32))
    return sig.reshape(n_texts, bins)


def densify(sig: np.ndarray) -> np.ndarray:
    """Sketches with every empty bin filled (for banding; equal sets stay equal)."""
    sig = sig.copy()
    empty_rows = np.flatnonzero((sig == EMPTY).any(axis=1))
    if empty_rows.size:
        sig[empty_rows] = _densify(sig[empty_rows])
    return sig


_SCALE = 1 << 20


def agreement(first: np.ndarray, second: np.ndarray, threshold: float) -> np.ndarray:
    """Whether each pair of rows has an estimated Jaccard similarity of at least `threshold`.

    Integer arithmetic, so the decision is the same wherever it is computed.
    """
    filled_first, filled_second = first != EMPTY, second != EMPTY
    same = np.count_nonzero((first == second) & filled_first, axis=1)
    either = np.count_nonzero(filled_first | filled_second, axis=1)
    return same * _SCALE >= round(threshold * _SCALE) * np.maximum(either, 1)


def _densify(rows: np.ndarray) -> np.ndarray:
    """Fill each empty bin from the next non-empty bin to its right (circularly), salted by
    the distance, so equal sets still give equal sketches.

    Bins are walked right to left twice (the first lap only carries the wrap-around), one
    column of every row at a time: no (rows, 2 x bins) temporaries and no 2-D gather.
    """
    count, bins = rows.shape
    columns = rows.T.copy()
    filled = columns != EMPTY
    # Position (in two laps) and value of the next non-empty bin; a row with none borrows
    # EMPTY from 3 x bins away.
    following = np.full(count, 3 * bins, np.int64)
    value = np.full(count, EMPTY, np.uint32)
    for c in range(bins - 1, -1, -1):
        np.copyto(following, c + bins, where=filled[c])
        np.copyto(value, columns[c], where=filled[c])
    salt = np.uint32(0x9E3779B1)
    for c in range(bins - 1, -1, -1):
        np.copyto(following, c, where=filled[c])
        np.copyto(value, columns[c], where=filled[c])
        salted = value + (following - c).astype(np.uint32) * salt
        np.copyto(columns[c], salted, where=~filled[c])
    return np.ascontiguousarray(columns.T)


def band_keys(sig: np.ndarray, bands: int) -> np.ndarray:
    """A (n_texts, bands) uint64 matrix of LSH band keys (each band hashes `bins // bands` bins)."""
    n, bins = sig.shape
    rows = bins // bands
    grouped = sig[:, : rows * bands].reshape(n, bands, rows).astype(U64)
    salts = np.array([(band * 0x9E3779B97F4A7C15) % 2**64 for band in range(bands)], U64)
    key = np.broadcast_to(salts, (n, bands)).copy()
    for k in range(rows):
        key = mix(key ^ grouped[:, :, k])
    return key


def pair_keys(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """An order-insensitive key for pairs of 64-bit values."""
    low = np.minimum(first, second)
    high = np.maximum(first, second)
    return mix(mix(low) ^ _rotl(high, 17))
