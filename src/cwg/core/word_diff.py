"""Word-level differences between two texts: token opcodes, and safe HTML with <ins> and <del>."""

from __future__ import annotations

import difflib
import re
from html import escape

from django.utils.safestring import SafeString, mark_safe

# Beyond this many words a response is compared on its beginning only: the matcher's cost grows
# with the product of the two lengths, and a moderator judges a form letter from its start.
MAX_WORDS = 3000
_TOKENS = re.compile(r"\s+|[^\s]+")


def _words(text: str) -> list[str]:
    return _TOKENS.findall(text or "")[: MAX_WORDS * 2]  # words and the spaces between them


def tokens(text: str) -> list[str]:
    """Words and the spaces between them, every one kept: joined back they give the text."""
    return _TOKENS.findall(text or "")


def opcodes(old: list[str], new: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes between two token lists (no junk heuristic: legal texts repeat words)."""
    return difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()


def diff_html(old: str, new: str) -> SafeString:
    """The whole of `new` with what it adds to `old` in <ins> and what it drops in <del>."""
    a, b = tokens(old), tokens(new)
    out = []
    for op, a1, a2, b1, b2 in opcodes(a, b):
        if op == "equal":
            out.append(escape("".join(b[b1:b2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(a[a1:a2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(b[b1:b2]))}</ins>")
    return mark_safe("".join(out))


def word_diff(representative: str, text: str) -> tuple[SafeString, float]:
    """The response with what it adds in <ins> and what it leaves out of the representative in
    <del>, every piece escaped; and how similar the two are (0 to 1)."""
    old, new = _words(representative), _words(text)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    out = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(new[b1:b2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(old[a1:a2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(new[b1:b2]))}</ins>")
    if len(_TOKENS.findall(text or "")) > len(new):
        out.append(" …")
    return mark_safe("".join(out)), matcher.ratio()
