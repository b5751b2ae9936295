"""`cwg campaigns detect`: the happy path and every bad-input path (exit 2, one line, no output)."""

from __future__ import annotations

import json

import pytest

from cwg.__main__ import main
from cwg.consultations.campaigns.jsonl import write_assignments

LETTER = (
    "We urge the Council to keep the internet open and affordable for every household. "
    "Rural communities deserve the same broadband access as cities. "
    "Network operators must not block or slow lawful content."
)


def run(capsys, *args):
    """Run the console script; return (exit code, stdout, stderr)."""
    try:
        main(["cwg", "campaigns", "detect", *map(str, args)])
        code = 0
    except SystemExit as exit:
        code = exit.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write_lines(path, lines):
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def records(*pairs):
    return [json.dumps({"id": id_, "text": text}) for id_, text in pairs]


def test_detects_campaigns_and_writes_every_line(tmp_path, capsys):
    source = write_lines(
        tmp_path / "in.jsonl",
        [
            *records(("a", LETTER), ("b", LETTER.upper())),
            "",
            *records(
                (7, LETTER.replace("affordable", "cheap")),
                ("d", "See attached file(s)"),
                ("e", "See attached file(s)"),
                ("f", "See attached file(s)"),
                ("g", "A single comment on spectrum policy for small island states, nothing more."),
            ),
        ],
    )
    target = tmp_path / "out.jsonl"
    code, _, err = run(capsys, "--in", source, "--out", target)
    assert code == 0, err
    rows = [json.loads(line) for line in target.read_text().splitlines()]
    assert [row["id"] for row in rows] == ["a", "b", 7, "d", "e", "f", "g"]
    campaign = {row["id"]: row["campaign"] for row in rows}
    assert campaign["a"] is not None
    assert campaign["a"] == campaign["b"] == campaign[7]
    assert campaign["d"] is campaign["e"] is campaign["f"] is campaign["g"] is None
    tiers = {row["id"]: (row["tier"], row["share"]) for row in rows}
    assert tiers["a"] == tiers["b"] == ("exact", 1.0)
    assert tiers[7] == ("near", 1.0)
    assert tiers["d"] == tiers["g"] == (None, None)
    assert "7 submissions, 1 campaigns" in err


def test_partial_use_is_written_with_its_tier_and_share(tmp_path, capsys):
    personal = (
        "I live on a farm two hours from the nearest town and my children study online. "
        "Last winter the line was down for eleven days and nobody could tell us why. "
        "The provider kept sending bills for a service we did not have. "
        "I would like the Council to look at how outages are reported to households. "
        "My neighbours have given up on the fixed line and pay for satellite instead."
    )
    quoting = personal + " " + LETTER.split(". ")[1] + ". " + LETTER.split(". ")[2]
    source = write_lines(
        tmp_path / "in.jsonl",
        records(*[(f"c{i}", LETTER) for i in range(3)], ("q", quoting), ("p", personal)),
    )
    target = tmp_path / "out.jsonl"
    code, _, err = run(capsys, "--in", source, "--out", target)
    assert code == 0, err
    rows = {row["id"]: row for row in map(json.loads, target.read_text().splitlines())}
    assert rows["c0"]["tier"] == "exact"
    assert rows["q"]["campaign"] is None  # not a member: readers counting members skip it
    assert rows["q"]["quotes"] == rows["c0"]["campaign"]
    assert rows["q"]["tier"] == "partial"
    assert 0.1 <= rows["q"]["share"] < 0.5
    assert rows["p"] == {"id": "p", "campaign": None, "tier": None, "share": None}
    assert "covering 3 (copies and near copies; 1 more quote one in part)" in err


def test_min_size_and_threshold_options(tmp_path, capsys):
    source = write_lines(tmp_path / "in.jsonl", records(("a", LETTER), ("b", LETTER)))
    target = tmp_path / "out.jsonl"
    assert run(capsys, "--in", source, "--out", target, "--quiet")[0] == 0
    assert {json.loads(x)["campaign"] for x in target.read_text().splitlines()} == {None}
    code, _, err = run(
        capsys, "--in", source, "--out", target, "--min-size", 2, "--threshold", 0.9, "--quiet"
    )
    assert code == 0, err
    assert None not in {json.loads(x)["campaign"] for x in target.read_text().splitlines()}


BAD_INPUTS = [
    (["{not json"], "line 1: not valid JSON"),
    ([*records(("a", LETTER)), "[1, 2]"], "line 2: expected an object"),
    ([json.dumps({"text": LETTER})], 'line 1: missing "id"'),
    ([*records(("a", LETTER)), json.dumps({"id": "b"})], 'line 2: missing "text"'),
    ([json.dumps({"id": "a", "text": 5})], 'line 1: "text" must be a string'),
    ([json.dumps({"id": ["a"], "text": LETTER})], 'line 1: "id" must be a string or an integer'),
    ([json.dumps({"id": True, "text": LETTER})], 'line 1: "id" must be a string or an integer'),
    (
        [*records(("a", LETTER), ("b", LETTER)), "", *records(("a", LETTER))],
        "line 4: duplicate id 'a' (first on line 1)",
    ),
    ([*records((1, LETTER), ("1", LETTER))], "line 2: duplicate id '1' (first on line 1)"),
]


@pytest.mark.parametrize(("lines", "message"), BAD_INPUTS)
def test_bad_lines_exit_2_naming_the_line_and_write_nothing(tmp_path, capsys, lines, message):
    source = write_lines(tmp_path / "in.jsonl", lines)
    target = tmp_path / "out.jsonl"
    target.write_text("previous result\n")
    code, _, err = run(capsys, "--in", source, "--out", target)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert target.read_text() == "previous result\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]


def test_missing_input_file(tmp_path, capsys):
    code, _, err = run(capsys, "--in", tmp_path / "nope.jsonl", "--out", tmp_path / "out.jsonl")
    assert code == 2
    assert "nope.jsonl: cannot open (No such file or directory)" in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out.jsonl").exists()


def test_input_that_is_not_utf8(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_bytes(b'{"id": "a", "text": "caf\xe9"}\n')
    code, _, err = run(capsys, "--in", source, "--out", tmp_path / "out.jsonl")
    assert code == 2
    assert "not UTF-8" in err
    assert not (tmp_path / "out.jsonl").exists()


def test_missing_output_directory(tmp_path, capsys):
    source = write_lines(tmp_path / "in.jsonl", records(("a", LETTER)))
    code, _, err = run(capsys, "--in", source, "--out", tmp_path / "no" / "out.jsonl")
    assert code == 2
    assert "no such directory" in err


@pytest.mark.parametrize(
    ("option", "value"), [("--threshold", "0"), ("--threshold", "1.5"), ("--min-size", "1")]
)
def test_invalid_options(tmp_path, capsys, option, value):
    source = write_lines(tmp_path / "in.jsonl", records(("a", LETTER)))
    code, _, err = run(capsys, "--in", source, "--out", tmp_path / "out.jsonl", option, value)
    assert code == 2
    assert "invalid option" in err
    assert not (tmp_path / "out.jsonl").exists()


def test_missing_arguments_exit_2(tmp_path, capsys):
    code, _, err = run(capsys, "--in", tmp_path / "in.jsonl")
    assert code == 2
    assert "--out" in err


def test_a_failure_while_writing_leaves_the_previous_file(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_text("previous result\n")

    def rows():
        yield "a", None
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        write_assignments(target, rows())
    assert target.read_text() == "previous result\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]
