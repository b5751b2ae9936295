"""Text normalisation and stable token hashing for campaign detection.

Normalisation casefolds, drops apostrophes, turns punctuation and whitespace into single
word breaks and keeps sentence ends (. ! ?) as a marker glued to the preceding word, so one
`split()` yields both words and sentence boundaries. Token hashes come from BLAKE2b and are
therefore the same in every process and every run.
"""

from __future__ import annotations

import re
from hashlib import blake2b

# A token ending with this byte closes a sentence.
SENTENCE_END = b"\x00"
# The hash of a token made only of sentence ends: it closes the previous word's sentence.
SEPARATOR = 1
_FLAG = 1
_CLEAR_FLAG = (1 << 64) - 2


def _ascii_table() -> bytes:
    table = bytearray(b" " * 256)
    for byte in b"abcdefghijklmnopqrstuvwxyz0123456789_":
        table[byte] = byte
    for byte in b".!?":
        table[byte] = 0
    return bytes(table)


_ASCII_TABLE = _ascii_table()
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


class TokenHashes(dict):
    """Maps a normalised token to its 64-bit hash; the lowest bit flags a sentence end.

    A dict whose missing keys are computed on first use, so `map(table.__getitem__, tokens)`
    runs at C speed for every token already seen.
    """

    def __missing__(self, token: bytes) -> int:
        ends_sentence = token.endswith(SENTENCE_END)
        core = token.strip(SENTENCE_END)
        if not core:
            value = SEPARATOR
        else:
            digest = int.from_bytes(blake2b(core, digest_size=8).digest(), "little")
            value = (digest & _CLEAR_FLAG) | (_FLAG if ends_sentence else 0)
            if value == SEPARATOR:
                value = 3
        self[token] = value
        return value
