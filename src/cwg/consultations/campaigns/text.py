"""Text normalisation and vectorised, stable tokenisation for campaign detection.

Normalisation casefolds, drops apostrophes, turns punctuation and whitespace into word breaks
and keeps sentence ends (. ! ?) as a NUL byte, so the normalised bytes carry both the words and
the sentence boundaries. Tokenisation then runs on the bytes of many texts at once with numpy:
each word gets a 64-bit polynomial hash of its bytes (the same in every process and run).
"""

from __future__ import annotations

import re

import numpy as np

from .features import mix

_DOC_BREAK = "\x01"


def _ascii_table(keep_doc_break: bool) -> bytes:
    table = bytearray(b" " * 256)
    for byte in b"abcdefghijklmnopqrstuvwxyz0123456789_":
        table[byte] = byte
    for byte in b".!?":
        table[byte] = 0
    if keep_doc_break:
        table[1] = 1
    return bytes(table)


_ASCII_TABLE = _ascii_table(keep_doc_break=False)
_ASCII_TABLE_JOINED = _ascii_table(keep_doc_break=True)
_APOSTROPHES = b"'`"
_UNICODE_APOSTROPHES = re.compile(r"['`\u2018\u2019\u02bc]")
_UNICODE_SENTENCE_END = re.compile(r"[.!?\u3002\uff01\uff1f\u0964\u061f\u2026]")
_UNICODE_BREAK = re.compile(r"[^\w\x00]+")


def normalise(text: str) -> bytes:
    """Casefolded UTF-8 words separated by spaces; sentence ends marked with a NUL byte."""
    if text.isascii():
        return text.lower().encode("ascii").translate(_ASCII_TABLE, _APOSTROPHES)
    text = _UNICODE_APOSTROPHES.sub("", text.casefold())
    text = _UNICODE_SENTENCE_END.sub("\x00", text)
    return _UNICODE_BREAK.sub(" ", text).encode("utf-8")


def normalise_many(texts: list[str]) -> list[bytes]:
    """`normalise` of every text, with the ASCII ones done in a few whole-batch calls."""
    out: list[bytes | None] = [None] * len(texts)
    ascii_positions = [i for i, text in enumerate(texts) if text.isascii()]
    if ascii_positions:
        joined = _DOC_BREAK.join([texts[i] for i in ascii_positions])
        if joined.count(_DOC_BREAK) == len(ascii_positions) - 1:
            pieces = (
                joined.lower()
                .encode("ascii")
                .translate(_ASCII_TABLE_JOINED, _APOSTROPHES)
                .split(_DOC_BREAK.encode())
            )
            for i, piece in zip(ascii_positions, pieces, strict=True):
                out[i] = piece
    for i, piece in enumerate(out):
        if piece is None:
            out[i] = normalise(texts[i])
    return out  # type: ignore[return-value]


# Polynomial hashing of byte strings modulo 2**64 (an odd base is invertible).
_BASE = 0x100000001B3 * 2 + 1
_BASE_INVERSE = pow(_BASE, -1, 2**64)
_CHUNK_BYTES = 1 << 24
_U64 = np.uint64


def _powers(base: int, count: int) -> np.ndarray:
    powers = np.full(count, _U64(base), _U64)
    powers[0] = 1
    return np.cumprod(powers, dtype=_U64)


class Tokeniser:
    """Splits normalised texts into word hashes and sentence-end flags, many texts per call."""

    def __init__(self, chunk_bytes: int = _CHUNK_BYTES) -> None:
        self.chunk_bytes = chunk_bytes
        self._pow = np.zeros(0, _U64)
        self._inv = np.zeros(0, _U64)

    def _ensure(self, size: int) -> None:
        if self._pow.size < size:
            size = max(size, min(self.chunk_bytes, 2 * self._pow.size) + 1)
            self._pow = _powers(_BASE, size)
            self._inv = _powers(_BASE_INVERSE, size)

    def __call__(self, texts: list[bytes]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(hashes, sentence_end, offsets): offsets[i]:offsets[i+1] are the words of text i.

        The last word of every text ends a sentence.
        """
        hashes: list[np.ndarray] = []
        ends: list[np.ndarray] = []
        counts = np.zeros(len(texts), np.int64)
        start = 0
        while start < len(texts):
            stop, size = start, 0
            while stop < len(texts) and (size == 0 or size + len(texts[stop]) < self.chunk_bytes):
                size += len(texts[stop]) + 1
                stop += 1
            h, e, c = self._chunk(texts[start:stop])
            hashes.append(h)
            ends.append(e)
            counts[start:stop] = c
            start = stop
        flat = np.concatenate(hashes) if hashes else np.zeros(0, _U64)
        flags = np.concatenate(ends) if ends else np.zeros(0, bool)
        offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        nonempty = counts > 0
        flags[offsets[1:][nonempty] - 1] = True
        return flat, flags, offsets

    def _chunk(self, texts: list[bytes]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        buffer = np.frombuffer(b" ".join(texts) + b" ", np.uint8)
        size = buffer.size
        self._ensure(size + 1)
        word = (buffer != 32) & (buffer != 0)
        edge = np.diff(word.astype(np.int8), prepend=np.int8(0))
        starts = np.flatnonzero(edge == 1)
        stops = np.flatnonzero(edge == -1)
        prefix = np.zeros(size + 1, _U64)
        np.cumsum(buffer.astype(_U64) * self._pow[:size], out=prefix[1:])
        raw = (prefix[stops] - prefix[starts]) * self._inv[starts]
        lengths = (stops - starts).astype(_U64)
        token = mix(raw ^ (lengths << _U64(56)))
        nul = np.zeros(size + 1, np.int64)
        np.cumsum(buffer == 0, out=nul[1:])
        following = np.append(starts[1:], size)
        sentence_end = nul[following] > nul[stops]
        text_starts = np.zeros(len(texts), np.int64)
        if len(texts) > 1:
            text_starts[1:] = np.cumsum(np.fromiter(map(len, texts[:-1]), np.int64) + 1)
        owner = np.searchsorted(text_starts, starts, side="right") - 1
        counts = np.bincount(owner, minlength=len(texts))
        return token, sentence_end, counts
