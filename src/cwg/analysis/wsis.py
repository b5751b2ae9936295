"""The WSIS reference texts shipped with the app: action lines, Plan of Action measures, facilitators."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
ACTION_LINES_FILE = DATA_DIR / "wsis_sdg_matrix_action_lines.json"
SDGS_FILE = DATA_DIR / "wsis_sdg_matrix_sdgs.json"
FACILITATORS_FILE = DATA_DIR / "wsis_action_lines_facilitators.csv"
MANDATE_INDEX_FILE = DATA_DIR / "cwg_internet_mandate_index.json"

LETTERS = "abcdefghijklmnopqrstuvwxyz"
ROMANS = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii"]

# The C7 sub-lines, in the order of the Geneva Plan of Action, with the code used here.
C7_SUBLINES = {
    "e-government": "C7.1",
    "e-business": "C7.2",
    "e-learning": "C7.3",
    "e-health": "C7.4",
    "e-employment": "C7.5",
    "e-environment": "C7.6",
    "e-agriculture": "C7.7",
    "e-science": "C7.8",
}


@dataclass
class Measure:
    """One lettered measure of the Plan of Action, with its sub-items (i), ii) …) if any."""

    number: str  # "a)" as printed in the Plan of Action
    text: str  # the measure's own sentence(s)
    subitems: list[tuple[str, str]] = field(default_factory=list)  # [("i)", text), …]

    @property
    def full_text(self) -> str:
        return " ".join([self.text, *(f"{num} {text}" for num, text in self.subitems)]).strip()


@dataclass
class ActionLine:
    code: str  # "C1" … "C11"; C7 sub-lines are "C7.1" … "C7.8"
    title: str
    short_name: str
    parent_code: str | None
    order: int
    chapeau: str
    measures: list[Measure]
    sdg_targets: list[dict]  # [{"goal": 3, "target": "3.8", "rationale": "…"}]
    note: str = ""


class _ListParser(HTMLParser):
    """Collects the chapeau paragraphs and the nested <ol>/<li> items of one `desc` field."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.items: list[dict] = []  # top-level items: {"text": [...], "children": [[...], …]}
        self._depth = 0  # <ol> nesting
        self._in_p = False
        self._buffer: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "p":
            self._in_p = True
            self._buffer = []
        elif tag == "ol":
            self._depth += 1
        elif tag == "li":
            target: list[str] = []
            if self._depth <= 1:
                self.items.append({"text": target, "children": []})
            elif self.items:
                self.items[-1]["children"].append(target)
            else:  # a nested item with no parent: keep it as a top-level one
                self.items.append({"text": target, "children": []})
            self._current = target

    def handle_endtag(self, tag):
        if tag == "p" and self._in_p:
            self._in_p = False
            text = _clean("".join(self._buffer))
            if text:
                self.paragraphs.append(text)
        elif tag == "ol":
            self._depth = max(0, self._depth - 1)
            # Text after a nested list closes belongs to the parent item again.
            if self.items and self._depth >= 1:
                self._current = self.items[-1]["text"]
        elif tag == "li":
            self._current = None

    def handle_data(self, data):
        if self._in_p:
            self._buffer.append(data)
        elif self._current is not None:
            self._current.append(data)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def parse_measures(html: str) -> tuple[list[str], list[Measure]]:
    """The chapeau paragraphs and the measures (a), b) …, with i), ii) …) of one HTML `desc`."""
    # The source's C10 entry opens with "<pThe …": read it as the paragraph it was meant to be.
    html = re.sub(r"<p(?=[A-Z])", "<p>", html)
    parser = _ListParser()
    parser.feed(html)
    parser.close()
    measures = []
    for index, item in enumerate(parser.items):
        children = [_clean("".join(child)) for child in item["children"]]
        measures.append(
            Measure(
                number=f"{LETTERS[index]})",
                text=_clean("".join(item["text"])),
                subitems=[(f"{ROMANS[i]})", text) for i, text in enumerate(children) if text],
            )
        )
    return parser.paragraphs, measures


def _split_name(name: str) -> tuple[str, str, str | None]:
    """Code, title and parent code from a source name such as "C7 ICT Applications: IV. e-health"."""
    name = _clean(name)
    for key, code in C7_SUBLINES.items():
        if name.lower().endswith(key):
            return code, f"ICT applications: {key}", "C7"
    match = re.match(r"(C\d{1,2})\s*:\s*(.+)", name)
    if not match:
        raise ValueError(f"unexpected action line name in the source: {name!r}")
    return match.group(1), match.group(2), None


@cache
def load_action_lines() -> tuple[ActionLine, ...]:
    """All action lines of the source, C7 sub-lines after an added C7 parent line."""
    records = json.loads(ACTION_LINES_FILE.read_text(encoding="utf-8-sig"))
    facilitator_titles = {row["code"]: row["title"] for row in load_facilitator_rows()}
    lines: list[ActionLine] = []
    seen_chapeaux: dict[str, str] = {}
    order = 0
    for record in sorted(records, key=lambda r: r["id"]):
        code, title, parent = _split_name(record["name"])
        if parent == "C7" and not any(line.code == "C7" for line in lines):
            order += 1
            lines.append(
                ActionLine(
                    code="C7",
                    title=facilitator_titles.get("C7", "ICT applications"),
                    short_name="ICT Applications",
                    parent_code=None,
                    order=order,
                    chapeau="",
                    measures=[],
                    sdg_targets=[],
                    note="Its measures sit under its eight sub-lines.",
                )
            )
        paragraphs, measures = parse_measures(record.get("desc") or "")
        chapeau = " ".join(paragraphs)
        note = ""
        if chapeau and chapeau in seen_chapeaux:
            # The source repeats C5's chapeau under C6: keep only the first.
            note = f"The source repeats the chapeau of {seen_chapeaux[chapeau]} here; dropped."
            chapeau = ""
        elif chapeau:
            seen_chapeaux[chapeau] = code
        if not measures and not chapeau:
            note = "The source gives no measures for this line."
        order += 1
        lines.append(
            ActionLine(
                code=code,
                title=title,
                short_name=record.get("shortName", ""),
                parent_code=parent,
                order=order,
                chapeau=chapeau,
                measures=measures,
                sdg_targets=_targets(record.get("goals") or []),
                note=note,
            )
        )
    return tuple(lines)


def _targets(goals: list[dict]) -> list[dict]:
    names = load_sdg_names()
    targets = []
    for goal in goals:
        for sub in goal.get("subgoals") or []:
            number = int(goal["goalId"]) + 1  # the source counts goals from 0
            targets.append(
                {
                    "goal": number,
                    "goal_name": names.get(number, ""),
                    "target": str(sub.get("subId", "")),
                    "rationale": _clean(sub.get("rationale", "")),
                }
            )
    return targets


@cache
def load_sdg_names() -> dict[int, str]:
    """SDG number (1–17) → its name. The source file starts with a BOM."""
    records = json.loads(SDGS_FILE.read_text(encoding="utf-8-sig"))
    return {int(r["id"]) + 1: _clean(r["name"]) for r in records}


@cache
def load_facilitator_rows() -> tuple[dict, ...]:
    with FACILITATORS_FILE.open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


@cache
def load_mandate_index() -> dict:
    return json.loads(MANDATE_INDEX_FILE.read_text(encoding="utf-8"))


def labelled_measures() -> list[tuple[str, str, str]]:
    """The labelled set: (action line code, measure number, measure text) for every measure."""
    return [
        (line.code, measure.number, measure.full_text)
        for line in load_action_lines()
        for measure in line.measures
    ]
