"""Reading a resolution's plain text into provisions that keep its structure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cwg.core.exceptions import InvalidInput

# Block headings of ITU resolutions: the preamble's and the operative part's.
PREAMBLE_WORDS = (
    "considering",
    "recognizing",
    "recalling",
    "noting",
    "bearing in mind",
    "aware",
    "emphasizing",
    "taking into account",
    "further recognizing",
    "further considering",
    "noting with satisfaction",
    "acknowledging",
    "having regard",
    "mindful",
)
OPERATIVE_WORDS = (
    "resolves",
    "decides",
    "instructs",
    "invites",
    "requests",
    "encourages",
    "urges",
    "further resolves",
    "calls upon",
)
_HEADING = re.compile(
    r"^(?:"
    + "|".join(re.escape(w) for w in PREAMBLE_WORDS + OPERATIVE_WORDS)
    + r")\b[^.;:]{0,160}$",
    re.IGNORECASE,
)
_LETTER = re.compile(r"^([a-z]{1,2}|[ivx]{1,5})\)\s+(.*)$", re.DOTALL)
_NUMBER = re.compile(r"^(\d{1,3})[.)]?\s+(.*)$", re.DOTALL)
_ROMAN = re.compile(r"^[ivx]{1,5}$")
MAX_PROVISIONS = 2000


@dataclass
class Piece:
    ref: str
    kind: str
    block: str = ""
    label: str = ""
    wording: str = ""
    extra: list[str] = field(default_factory=list)


def _unique(ref: str, seen: set[str]) -> str:
    candidate, n = ref, 2
    while candidate in seen:
        candidate, n = f"{ref} ({n})", n + 1
    seen.add(candidate)
    return candidate


def parse(content: str) -> list[Piece]:
    """Provisions in reading order: the title lines, then each block heading and its items.

    Lettered items (a), b)) of an operative numbered paragraph are its sub-items; roman ones
    (i), ii)) under a lettered item too. A line that is none of these continues the one before.
    """
    lines = [line.strip() for line in (content or "").replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        raise InvalidInput("the text is empty", field="file")
    pieces: list[Piece] = []
    seen: set[str] = set()
    block, number = "", ""
    for line in lines:
        if not block and not _HEADING.match(line):
            pieces.append(Piece(_unique("title", seen), "title", wording=line))
            continue
        if _HEADING.match(line) and not _LETTER.match(line):
            block, number = line.rstrip(",:"), ""
            pieces.append(Piece(_unique(block, seen), "heading", block=block, wording=line))
            continue
        letter, numbered = _LETTER.match(line), _NUMBER.match(line)
        if numbered:
            number = numbered.group(1)
            ref = _unique(f"{block} {number}", seen)
            pieces.append(Piece(ref, "paragraph", block, number, line))
        elif letter:
            label = letter.group(1) + ")"
            sub = bool(number) or (_ROMAN.match(letter.group(1)) and pieces[-1].kind == "subitem")
            owner = f"{block} {number}" if number else block
            ref = _unique(f"{owner} {label}", seen)
            pieces.append(Piece(ref, "subitem" if sub else "paragraph", block, label, line))
        elif pieces and pieces[-1].kind != "heading":
            pieces[-1].wording += "\n" + line
        else:
            ref = _unique(f"{block} ¶", seen)
            pieces.append(Piece(ref, "paragraph", block, "", line))
        if len(pieces) > MAX_PROVISIONS:
            raise InvalidInput(f"a text has at most {MAX_PROVISIONS} provisions", field="file")
    return pieces
