"""Suggestion runs and the secretariat's review: history kept, nothing overwritten silently."""

import pytest

from cwg.analysis import queries, services
from cwg.analysis.models import (
    Classification,
    Mandate,
    MandateHolder,
    Paragraph,
    Review,
    ReviewEntry,
    RunStatus,
    Suggestion,
)
from cwg.core.exceptions import Conflict, InvalidInput, NotAllowed
from cwg.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_mandate_catalogue_loads_lines_measures_and_facilitators(personas):
    counts = services.load_reference_mandates(personas.secretariat)
    assert counts["action_lines"] == 19  # C1–C11 and the eight C7 sub-lines
    assert counts["measures"] == 130
    again = services.load_reference_mandates(personas.secretariat)
    assert again == counts
    assert Mandate.objects.filter(kind="action_line").count() == 19
    c5 = Mandate.objects.get(code="C5")
    assert c5.passages.get(number="d)").text.startswith("Take appropriate action on spam")
    roles = {(h.organisation.acronym, h.role) for h in c5.holders.select_related("organisation")}
    assert roles == {("ITU", "lead")}
    c3 = {h.organisation.acronym: h.role for h in Mandate.objects.get(code="C3").holders.all()}
    assert c3 == {"ITU": "co", "UNESCO": "focal_point"}
    assert not Mandate.objects.get(code="C10").holders.filter(organisation__acronym="ITU")
    assert Mandate.objects.get(code="C7.4").parent.code == "C7"
    assert Mandate.objects.get(code="RES-C-1305").passages.count() == 12
    assert MandateHolder.objects.filter(organisation__acronym="UNCTAD").count() == 1


def test_only_the_secretariat_loads_the_catalogue(personas):
    with pytest.raises(NotAllowed):
        services.load_reference_mandates(personas.delegate)
    assert not Mandate.objects.exists()


def test_a_run_ranks_every_paragraph_with_progress(personas, workspace, run_now):
    run = run_now(personas.secretariat, workspace, ranker="combined", top=3)
    assert run.status == RunStatus.DONE
    assert (run.done, run.total) == (4, 4)
    assert run.embeddings_used is False
    assert "BM25 alone" in run.note
    spam = Suggestion.objects.get(run=run, paragraph__reference="2", rank=1)
    assert spam.mandate.code == "C5"
    assert spam.method == "bm25"
    assert any("spam" in p["text"] for p in spam.passages)
    schools = Suggestion.objects.get(run=run, paragraph__reference="1", rank=1)
    assert schools.mandate.code == "C2"
    rows = {row.paragraph.reference: row for row in queries.paragraph_rows(workspace)}
    assert rows["2"].suggested_classification == Classification.ITU  # ITU leads C5
    assert rows["4"].suggestions == []  # nothing in common with any mandate
    assert rows["4"].suggested_classification == ""


def test_runs_are_refused_to_others_and_while_one_is_under_way(personas, workspace):
    with pytest.raises(NotAllowed):
        services.start_suggestions(personas.chair, workspace)
    with pytest.raises(InvalidInput, match="ranker"):
        services.start_suggestions(personas.secretariat, workspace, ranker="magic")
    services.start_suggestions(personas.secretariat, workspace)  # queued, not yet run
    with pytest.raises(Conflict, match="under way"):
        services.start_suggestions(personas.secretariat, workspace)


def _review(actor, paragraph, version, classification="itu", codes=("C5",), comment="ok"):
    return services.review_paragraph(
        actor,
        paragraph,
        classification=classification,
        mandate_codes=list(codes),
        comment=comment,
        expected_version=version,
    )


def test_reviews_keep_their_history_and_refuse_a_stale_overwrite(personas, workspace):
    paragraph = Paragraph.objects.get(analysis=workspace, reference="2")
    _review(personas.secretariat, paragraph, 0, comment="ITU leads C5")
    _review(personas.secretariat, paragraph, 1, "shared", ("C5", "C10"), "UNESCO too")
    with pytest.raises(Conflict, match="changed by"):
        _review(personas.secretariat, paragraph, 1, "other", ("C10",), "stale form")
    review = Review.objects.get(paragraph=paragraph)
    assert (review.classification, review.version) == ("shared", 2)
    assert sorted(review.mandates.values_list("code", flat=True)) == ["C10", "C5"]
    history = list(ReviewEntry.objects.filter(paragraph=paragraph).order_by("version"))
    assert [(h.version, h.classification, h.comment) for h in history] == [
        (1, "itu", "ITU leads C5"),
        (2, "shared", "UNESCO too"),
    ]
    events = AuditEvent.objects.filter(action="analysis.paragraph_reviewed").order_by("id")
    assert events.count() == 2
    assert events.last().before["classification"] == "itu"
    assert events.last().after["classification"] == "shared"


def test_a_rerun_of_suggestions_never_touches_reviews(personas, workspace, run_now):
    first = run_now(personas.secretariat, workspace, ranker="bm25")
    paragraph = Paragraph.objects.get(analysis=workspace, reference="4")
    _review(personas.secretariat, paragraph, 0, "gap", (), "Nobody covers this.")
    spam = Paragraph.objects.get(analysis=workspace, reference="2")
    _review(personas.secretariat, spam, 0, "other", ("C10",), "Deliberately not C5")
    second = run_now(personas.secretariat, workspace, ranker="combined", top=2)
    assert second.pk != first.pk and second.status == RunStatus.DONE
    assert Review.objects.get(paragraph=paragraph).classification == "gap"
    kept = Review.objects.get(paragraph=spam)
    assert (kept.classification, kept.version, kept.comment) == ("other", 1, "Deliberately not C5")
    assert list(kept.mandates.values_list("code", flat=True)) == ["C10"]
    assert ReviewEntry.objects.filter(paragraph__analysis=workspace).count() == 2
    rows = {row.paragraph.reference: row for row in queries.paragraph_rows(workspace)}
    assert rows["2"].suggestions[0].run_id == second.pk  # newest suggestions are shown
    assert rows["2"].classification == "other"  # next to the untouched review


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"classification": "maybe"}, "classification"),
        ({"classification": "gap", "comment": ""}, "comment"),
        ({"classification": "itu", "mandate_codes": []}, "mandates"),
        ({"classification": "itu", "mandate_codes": ["C99"]}, "mandates"),
        ({"expected_version": None}, "expected_version"),
    ],
)
def test_bad_reviews_are_refused_and_store_nothing(personas, workspace, kwargs, field):
    paragraph = Paragraph.objects.get(analysis=workspace, reference="1")
    arguments = {
        "classification": "itu",
        "mandate_codes": ["C2"],
        "comment": "",
        "expected_version": 0,
        **kwargs,
    }
    with pytest.raises(InvalidInput) as caught:
        services.review_paragraph(personas.secretariat, paragraph, **arguments)
    assert caught.value.field == field
    assert not Review.objects.exists() and not ReviewEntry.objects.exists()


def test_only_the_secretariat_reviews(personas, workspace):
    paragraph = Paragraph.objects.get(analysis=workspace, reference="1")
    for person in (personas.chair, personas.delegate, personas.council_member):
        with pytest.raises(NotAllowed):
            _review(person, paragraph, 0, "itu", ("C2",))
    assert not Review.objects.exists()


def test_a_resolution_text_becomes_a_mandate_with_its_clauses(personas):
    from cwg.testing.factories import ResolutionFactory

    resolution = ResolutionFactory(instrument="PP", number="140", year=2022)
    text = (
        b"resolves\n\n1. that ITU continue to take part in the WSIS review;\n\n"
        b"2. that ITU facilitate action lines C2, C5 and C6;\n"
    )
    mandate = services.load_resolution_clauses(
        personas.secretariat, resolution, data=text, filename="res140.txt"
    )
    assert mandate.code == "RES-PP-140-2022" and mandate.resolution == resolution
    assert list(mandate.passages.values_list("number", "text")) == [
        ("1", "that ITU continue to take part in the WSIS review;"),
        ("2", "that ITU facilitate action lines C2, C5 and C6;"),
    ]
    assert mandate.holders.get().organisation.acronym == "ITU"
    with pytest.raises(InvalidInput, match="has no en text on record"):
        services.load_resolution_clauses(personas.secretariat, resolution)
    with pytest.raises(InvalidInput, match="no numbered clause"):
        services.load_resolution_clauses(
            personas.secretariat, resolution, data=b"Just prose.", filename="x.txt"
        )
    with pytest.raises(NotAllowed):
        services.load_resolution_clauses(personas.delegate, resolution, data=text)
    assert mandate.passages.count() == 2


def test_sdg_links_and_summaries_are_loaded_and_flagged(personas):
    services.load_reference_mandates(personas.secretariat)
    c3 = Mandate.objects.get(code="C3")
    assert {"goal", "goal_name", "target", "rationale"} <= set(c3.sdg_targets[0])
    assert c3.sdg_targets[0]["goal_name"]
    tor = Mandate.objects.get(code="CWG-INTERNET-TOR")
    assert tor.is_summary and tor.passages.count() == 8
    res102 = Mandate.objects.get(code="RES-PP-102-SUMMARY")
    assert res102.is_summary and res102.passages.count() == 3  # the truncated excerpt left out


def test_a_failing_run_is_marked_failed_with_its_error(personas, workspace, run_now, monkeypatch):
    from cwg.analysis import ranking

    def broken(self, queries, top=3, with_passages=True):
        raise RuntimeError("ranker exploded")

    monkeypatch.setattr(ranking.Ranker, "rank", broken)
    run = run_now(personas.secretariat, workspace, ranker="bm25")
    assert run.status == RunStatus.FAILED
    assert "ranker exploded" in run.error
    # A failed run does not block the next one.
    monkeypatch.undo()
    monkeypatch.setenv("CWG_DISABLE_EMBEDDINGS", "1")
    assert run_now(personas.secretariat, workspace, ranker="bm25").status == RunStatus.DONE


def test_a_stale_run_no_longer_blocks_a_new_one(personas, workspace):
    import datetime as dt

    from django.utils import timezone

    from cwg.analysis.models import SuggestionRun

    old = services.start_suggestions(personas.secretariat, workspace)
    SuggestionRun.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=3)
    )
    assert services.start_suggestions(personas.secretariat, workspace).pk != old.pk


def test_a_paragraph_only_in_french_is_ranked_with_bm25_and_says_so(personas, run_now, monkeypatch):
    from cwg.analysis import ranking

    services.load_reference_mandates(personas.secretariat)
    analysis = services.create_analysis(personas.secretariat, personas.group, title="FR")
    services.import_document(
        personas.secretariat,
        analysis,
        data="1. Nous luttons contre le spam et la cybercriminalité.\n".encode(),
        filename="fr.txt",
        language="fr",
    )
    # Pretend the model is there, without loading it: the French paragraph must not reach it.
    monkeypatch.setattr(ranking.Encoder, "availability", classmethod(lambda cls: (True, "")))
    monkeypatch.setattr(
        ranking.Encoder,
        "encode",
        classmethod(lambda cls, texts: __import__("numpy").ones((len(texts), 4), "float32") / 2),
    )
    run = run_now(personas.secretariat, analysis, ranker="combined")
    assert run.embeddings_used is True
    suggestion = Suggestion.objects.filter(run=run).order_by("rank").first()
    assert suggestion.method == "bm25"
    assert "only a fr text exists" in suggestion.note
    # "spam" is the same word in both languages: Res. 1305 (spam, cybercrime) or C5 comes first.
    assert suggestion.mandate.code in {"RES-C-1305", "C5"}
    assert any("spam" in passage["text"] for passage in suggestion.passages)
