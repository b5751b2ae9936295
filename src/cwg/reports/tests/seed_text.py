"""The seed: a real Chair's report to Council (French), split into its labelled parts."""

from __future__ import annotations

import re
from pathlib import Path

from cwg.reports.language.typography import plain

SEED = Path(__file__).parent / "data" / "chair-report-cwg-internet-22-23.fr.txt"


def normalise(text: str) -> str:
    """Plain spaces and hyphens: the seed has no-break spaces and hyphens here and there."""
    return plain(text)


def seed_lines() -> list[str]:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    return [normalise(line) for line in lines if line.strip()]


def seed_paragraphs() -> dict[str, str]:
    """Numbered paragraphs by number ("1.1": text) plus the cover sheet by label."""
    lines = seed_lines()
    parts: dict[str, str] = {"top_line": lines[0], "title": lines[1]}
    for label in (
        "Objet",
        "Suite à donner par le Conseil",
        "Liens pertinents avec le plan stratégique",
        "Incidences financières",
        "Références",
    ):
        parts[label] = lines[lines.index(label) + 1]
    for line in lines:
        match = re.match(r"^(\d\.\d) (.*)$", line)
        if match:
            parts[match[1]] = match[2].strip()
    parts["signature"] = lines[-2]
    parts["chair_title"] = lines[-1]
    return parts
