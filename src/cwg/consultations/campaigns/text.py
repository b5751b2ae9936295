"""Text normalisation and vectorised, stable tokenisation for campaign detection.

Normalisation casefolds, drops apostrophes, turns punctuation and whitespace into word breaks
and keeps sentence ends (. ! ? and line breaks) as a NUL byte, so the normalised bytes carry both the words and
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
    # A line break ends a sentence too: a form's title line or a signature stands apart even
    # when the text before it has no full stop.
    for byte in b".!?\n\r":
        table[byte] = 0
    if keep_doc_break:
        table[1] = 1
    return bytes(table)


_ASCII_TABLE = _ascii_table(keep_doc_break=False)
_ASCII_TABLE_JOINED = _ascii_table(keep_doc_break=True)
_APOSTROPHES = b"'`"
_UNICODE_APOSTROPHES = re.compile(r"['`\u2018\u2019\u02bc]")
_UNICODE_SENTENCE_END = re.compile(r"[.!?\n\r\u3002\uff01\uff1f\u0964\u061f\u2026\u2028\u2029]")
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


_CHUNK_BYTES = 1 << 24
_U64 = np.uint64
_WORD_SALT = _U64(0x2545F4914F6CDD1D)
_ALL_BITS = _U64(0xFFFFFFFFFFFFFFFF)


class Tokeniser:
    """Splits normalised texts into word hashes and sentence-end flags, many texts per call.

    A word's hash folds its bytes eight at a time (read straight from the buffer through an
    overlapping strided view) into SplitMix64, so it depends only on the word itself.
    """

    def __init__(self, chunk_bytes: int = _CHUNK_BYTES) -> None:
        self.chunk_bytes = chunk_bytes

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

    @staticmethod
    def _chunk(texts: list[bytes]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        joined = b" ".join(texts)
        size = len(joined)
        # Eight zero bytes of padding let every word read whole 8-byte windows.
        buffer = np.frombuffer(b" " + joined + b" " + bytes(8), np.uint8)
        word = buffer[: size + 2] > 32
        # The buffer starts and ends with a space, so word edges alternate start, stop.
        edges = np.flatnonzero(np.diff(word.view(np.int8))) + 1
        starts, stops = edges[0::2], edges[1::2]
        lengths = stops - starts
        windows = np.lib.stride_tricks.as_strided(buffer, shape=(size + 2, 8), strides=(1, 1))
        # Keep only the word's own bytes of its first window (all eight for longer words).
        first = windows[starts].copy().view(_U64).ravel()
        first &= _ALL_BITS >> ((8 - np.minimum(lengths, 8)) * 8).astype(_U64)
        token = mix(first ^ _WORD_SALT)
        offset = 8
        active = np.flatnonzero(lengths > 8)
        while active.size:
            remaining = lengths[active] - offset
            block = windows[starts[active] + offset].copy().view(_U64).ravel()
            block &= _ALL_BITS >> ((8 - np.minimum(remaining, 8)) * 8).astype(_U64)
            token[active] = mix(token[active] ^ block)
            active = active[remaining > 8]
            offset += 8
        token = mix(token ^ lengths.astype(_U64))
        sentence_end = np.zeros(starts.size, bool)
        nul = np.flatnonzero(buffer[: size + 2] == 0)
        if nul.size and starts.size:
            before = np.searchsorted(stops, nul, side="right") - 1
            sentence_end[before[before >= 0]] = True
        text_starts = np.ones(len(texts) + 1, np.int64)
        text_starts[1:] += np.cumsum(np.fromiter(map(len, texts), np.int64, len(texts)) + 1)
        counts = np.diff(np.searchsorted(starts, text_starts))
        return token, sentence_end, counts
