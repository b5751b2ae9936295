"""Compare a generated report with a reference text sentence by sentence (wording, not typography)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from cwg.reports.language.typography import plain

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = ("Rév.", "Rev.", "Mod.", "Res.", "Rés.", "No.", "Пересм.", "Изм.", "p.", "cf.")
_BULLET = re.compile(r"^[–—•\-]\s+")
_RULE = re.compile(r"^[_\-–—=*\s]*$")


@dataclass(frozen=True)
class Difference:
    reference: str  # empty when the sentence is only in the generated report
    generated: str  # empty when the sentence is only in the reference

    @property
    def kind(self) -> str:
        if not self.reference:
            return "added"
        if not self.generated:
            return "missing"
        return "changed"


def sentences(text: str) -> list[str]:
    """The text's sentences in order, typography undone, rules and bullet dashes left out."""
    found: list[str] = []
    for line in text.splitlines():
        line = _BULLET.sub("", plain(line))
        if not line or _RULE.match(line):
            continue
        pieces = re.split(r"(?<=[.!?。！？])\s+", line)
        merged: list[str] = []
        for piece in pieces:
            if merged and merged[-1].endswith(_ABBREVIATIONS):
                merged[-1] = f"{merged[-1]} {piece}"
            else:
                merged.append(piece)
        found += merged
    return found


def differences(generated: str, reference: str) -> list[Difference]:
    """The sentences that differ, in reading order; an empty list when the wording is the same."""
    ours, theirs = sentences(generated), sentences(reference)
    matcher = difflib.SequenceMatcher(a=theirs, b=ours, autojunk=False)
    found: list[Difference] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        old, new = theirs[i1:i2], ours[j1:j2]
        for index in range(max(len(old), len(new))):
            found.append(
                Difference(
                    old[index] if index < len(old) else "",
                    new[index] if index < len(new) else "",
                )
            )
    return found


def split_cover_sheet(found: list[Difference], composition) -> tuple[list, list]:
    """(wording differences, cover-sheet lines the reference does not carry): a reference text
    such as a report's published body has no symbol, date or Council block; those added lines
    are listed apart and are not differences of wording."""
    council = composition.council.lines if composition.council else []
    fields = [plain(bit) for bit in (composition.symbol, composition.issued, *council) if bit]
    wording, cover = [], []
    for difference in found:
        added = plain(difference.generated)
        if difference.kind == "added" and any(field in added or added in field for field in fields):
            cover.append(difference)
        else:
            wording.append(difference)
    return wording, cover


def describe(found: list[Difference]) -> list[str]:
    """Lines for a person: "- " the reference's sentence, "+ " the generated one."""
    lines = []
    for difference in found:
        if difference.reference:
            lines.append(f"- {difference.reference}")
        if difference.generated:
            lines.append(f"+ {difference.generated}")
        lines.append("")
    return lines
