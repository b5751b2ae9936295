"""The demo loader and the `cwg gap` command (offline suggestions, import, mandates)."""

import json

import pytest
from django.core.management import CommandError, call_command

from cwg.analysis.models import GapAnalysis, Mandate, Paragraph
from cwg.analysis.tests.conftest import OUTCOME
from cwg.demo import analysis as demo
from cwg.testing.factories import DecisionFactory, GroupFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def test_demo_links_the_workspace_to_the_23rd_meeting_decision_and_is_idempotent():

    group = GroupFactory(slug="cwg-internet")
    meeting = MeetingFactory(group=group, number=23)
    decision = DecisionFactory(
        meeting=meeting, number=1, text={"en": "Gap analysis"}, addressee_kind="secretariat"
    )
    first = demo.load(None)
    second = demo.load(None)
    assert first == second
    analysis = GapAnalysis.objects.get()
    assert analysis.decision == decision
    assert analysis.document_symbol == "A/RES/80/173"
    assert Mandate.objects.filter(kind="action_line").count() == 19


def test_demo_without_the_group_or_decision_loads_the_catalogue_only():
    assert demo.load(None)["workspace"] is None
    GroupFactory(slug="cwg-internet")
    result = demo.load(None)
    assert result["decision"] is None
    assert GapAnalysis.objects.get().decision is None


@pytest.fixture
def jsonl(tmp_path):
    def write(name, rows):
        path = tmp_path / name
        path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
        return str(path)

    return write


def test_gap_suggest_writes_ranked_suggestions(jsonl, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CWG_DISABLE_EMBEDDINGS", "1")
    paragraphs = jsonl(
        "p.jsonl",
        [
            {"id": "p1", "text": "We will fight spam and cybercrime."},
            {"id": 2, "text": "Affordable broadband connectivity for schools."},
        ],
    )
    mandates = jsonl(
        "m.jsonl",
        [
            {"id": "C5", "text": "Building confidence and security. Take action on spam."},
            {"id": "C2", "text": "Infrastructure. Connectivity for all schools and libraries."},
            {"id": "C8", "text": "Cultural diversity and local content."},
        ],
    )
    out = tmp_path / "s.jsonl"
    call_command(
        "gap",
        "suggest",
        "--paragraphs",
        paragraphs,
        "--mandates",
        mandates,
        "--top",
        "2",
        "--out",
        str(out),
        "--ranker",
        "combined",
    )
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["p1", "2"]
    assert rows[0]["suggestions"][0]["mandate"] == "C5"
    assert rows[1]["suggestions"][0]["mandate"] == "C2"
    assert set(rows[0]["suggestions"][0]) == {"mandate", "score"}
    scores = [s["score"] for s in rows[1]["suggestions"]]
    assert scores == sorted(scores, reverse=True)
    assert rows[0]["method"] == "bm25"  # asked for combined; the model is turned off
    assert "BM25 alone" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json\n", "not valid JSON"),
        ('{"id": "a"}\n', '"text" must be a non-empty string'),
        ('["a", "b"]\n', "must be a JSON object"),
        ('{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n', "used twice"),
        ("\n", "holds no records"),
    ],
)
def test_gap_suggest_refuses_bad_input_with_exit_code_2(tmp_path, content, message):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(content, encoding="utf-8")
    good = tmp_path / "good.jsonl"
    good.write_text('{"id": "C5", "text": "spam"}\n', encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command(
            "gap",
            "suggest",
            "--paragraphs",
            str(bad),
            "--mandates",
            str(good),
            "--out",
            str(tmp_path / "s.jsonl"),
        )
    assert message in str(caught.value)
    assert caught.value.returncode == 2
    assert not (tmp_path / "s.jsonl").exists()


def test_gap_suggest_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="not found") as caught:
        call_command(
            "gap",
            "suggest",
            "--paragraphs",
            str(tmp_path / "none.jsonl"),
            "--mandates",
            str(tmp_path / "none.jsonl"),
            "--out",
            str(tmp_path / "s.jsonl"),
        )
    assert caught.value.returncode == 2


def gap_import(analysis, path, *, as_role: str) -> None:
    call_command(
        "gap", "import", "--analysis", str(analysis.pk), "--file", str(path), "--as", as_role
    )


def test_gap_import_and_mandates(personas, tmp_path, capsys):
    from cwg.analysis import services

    call_command("gap", "mandates")
    assert Mandate.objects.filter(code="C7.4").exists()
    analysis = services.create_analysis(personas.secretariat, personas.group, title="CLI")
    document = tmp_path / "outcome.txt"
    document.write_text(OUTCOME, encoding="utf-8")
    gap_import(analysis, document, as_role="secretariat")
    assert Paragraph.objects.filter(analysis=analysis).count() == 4
    with pytest.raises(CommandError, match="only the group's secretariat") as caught:
        gap_import(analysis, document, as_role="delegate")
    assert caught.value.returncode == 2
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 nothing")
    with pytest.raises(CommandError, match="not a readable PDF"):
        gap_import(analysis, broken, as_role="secretariat")
