"""Full-text search: languages, ranking, facets, snippets and access control, on both engines."""

import pytest
from django.core.management import call_command

from cwg.consultations.models import ConsultationState
from cwg.core.access_levels import AccessLevel
from cwg.decisions.models import DecisionStatus
from cwg.search import queries
from cwg.search.models import SearchEntry
from cwg.search.normalise import index_text
from cwg.testing.factories import (
    ActionFactory,
    ConsultationFactory,
    DecisionFactory,
    DocumentFactory,
    DocumentFileFactory,
    MeetingFactory,
    SubmissionFactory,
)

pytestmark = pytest.mark.django_db


def hits(user, q, **filters):
    return queries.search(user, q, filters=filters).hits


def titles(user, q, **filters):
    return {hit.title for hit in hits(user, q, **filters)}


@pytest.fixture
def meeting(personas):
    return MeetingFactory(group=personas.group)


@pytest.mark.parametrize(
    ("language", "stored", "query"),
    [
        ("fr", "Les lacunes de la connectivité", "lacune"),
        ("en", "Closing the connectivity gaps", "gap"),
        ("es", "Las brechas digitales", "brecha"),
        ("ru", "Цифровые технологии", "цифровой"),
        ("ar", "إدارة الإنترنت", "ادارة الانترنت"),
        ("ar", "مُبَادَرَة الأمم", "مبادره"),
        ("zh", "缩小数字差距", "差距"),
        ("zh", "互联网治理", "互联"),
    ],
)
def test_each_language_finds_its_forms(personas, meeting, language, stored, query):
    DocumentFactory(meeting=meeting, title={language: stored})
    DocumentFactory(meeting=meeting, title={language: "无关 unrelated другое"})
    assert titles(personas.anonymous, query) == {stored}


def test_accents_and_case_are_folded(personas, meeting):
    DocumentFactory(meeting=meeting, title={"fr": "Résolution sur la gouvernance"})
    assert titles(personas.anonymous, "RESOLUTIONS gouvernance") == {
        "Résolution sur la gouvernance"
    }
    assert titles(personas.anonymous, "résolution absentword") == set()


def test_an_exact_symbol_comes_first_then_rank(personas, meeting):
    first = DocumentFactory(meeting=meeting, title={"en": "Spectrum"})
    DocumentFactory(meeting=meeting, title={"en": f"About {first.symbol} spectrum"})
    found = hits(personas.anonymous, first.symbol)
    assert found[0].symbol == first.symbol and len(found) == 2


def test_snippets_escape_html_and_mark_hits(personas, meeting):
    document = DocumentFactory(meeting=meeting, title={"en": "Notes"})
    DocumentFileFactory(document=document, language="en")
    body = "<b>bold</b> claims about broadband networks"
    SearchEntry.objects.filter(record_id=document.pk, kind="document").update(
        body=body, terms=index_text(body, "en")
    )
    (hit,) = hits(personas.anonymous, "networks")
    assert "&lt;b&gt;bold&lt;/b&gt;" in hit.snippet
    assert "<mark>networks</mark>" in hit.snippet


def test_decisions_actions_meetings_consultations_and_answers_are_found(personas, meeting):
    decision = DecisionFactory(
        meeting=meeting, status=DecisionStatus.APPROVED, text={"en": "Broadband for schools"}
    )
    ActionFactory(decision=decision, description={"en": "Survey broadband in schools"})
    consultation = ConsultationFactory(
        group=personas.group, state=ConsultationState.OPEN, topic={"en": "Broadband pricing"}
    )
    SubmissionFactory(
        consultation=consultation,
        consent_to_publication=True,
        answers={"1": "Broadband is too dear"},
    )
    SubmissionFactory(consultation=consultation, answers={"1": "Broadband unpublished"})
    kinds = sorted(hit.kind for hit in hits(personas.anonymous, "broadband"))
    assert kinds == ["action", "consultation", "decision", "submission"]


def test_members_only_and_drafts_are_never_hits_counts_facets_or_snippets(personas, meeting):
    DocumentFactory(meeting=meeting, title={"en": "Satellite public note"})
    DocumentFactory(
        meeting=meeting,
        title={"en": "Satellite secret note"},
        access_level=AccessLevel.MEMBERS,
    )
    DecisionFactory(meeting=meeting, text={"en": "Satellite draft decision"})
    for who, expected in (
        ("anonymous", {"Satellite public note"}),
        ("stakeholder", {"Satellite public note"}),
        ("delegate", {"Satellite public note", "Satellite secret note"}),
        (
            "secretariat",
            {"Satellite public note", "Satellite secret note", "Satellite draft decision"},
        ),
    ):
        results = queries.search(getattr(personas, who), "satellite")
        assert {hit.title for hit in results.hits} == expected, who
        assert results.total == len(expected), who
        assert sum(v.count for v in results.facets["kind"]) == len(expected), who
        assert sum(v.count for v in results.facets["group"]) == len(expected), who
        snippets = " ".join(str(hit.snippet) for hit in results.hits)
        if who in ("anonymous", "stakeholder"):
            assert "secret" not in snippets and "draft" not in snippets


def test_facets_count_and_filter(personas, meeting):
    DocumentFactory(meeting=meeting, title={"en": "Ocean cables", "fr": "Câbles sous-marins"})
    DocumentFactory(meeting=meeting, title={"en": "Ocean data"})
    results = queries.search(personas.anonymous, "ocean")
    assert {v.value: v.count for v in results.facets["language"]} == {"en": 2}
    results = queries.search(personas.anonymous, "cable")
    assert {v.value: v.count for v in results.facets["language"]} == {"en": 1, "fr": 1}
    only_fr = queries.search(personas.anonymous, "cable", filters={"language": "fr"})
    assert [hit.language for hit in only_fr.hits] == ["fr"]
    # The language facet still offers the other language while French is chosen.
    assert {v.value for v in only_fr.facets["language"]} == {"en", "fr"}


def test_the_index_follows_writes_and_revisions(personas, meeting):
    document = DocumentFactory(meeting=meeting, title={"en": "Original wording"})
    assert titles(personas.anonymous, "original")
    document.title = {"en": "Revised wording"}
    document.current_revision = 1
    document.save()
    assert not titles(personas.anonymous, "original")
    assert titles(personas.anonymous, "revised") == {"Revised wording"}
    document.delete()
    assert not titles(personas.anonymous, "revised")


def test_reindex_rebuilds_and_refuses_bad_input(personas, meeting, capsys):
    DocumentFactory(meeting=meeting, title={"en": "Rebuilt entry"})
    SearchEntry.objects.all().delete()
    assert not titles(personas.anonymous, "rebuilt")
    call_command("search", "reindex")
    assert titles(personas.anonymous, "rebuilt") == {"Rebuilt entry"}
    assert "records" in capsys.readouterr().out


def test_reindex_cli_bad_input_is_one_line(tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "cwg", "search", "reindex", "--kind", "nope"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0 and "nope" in result.stderr


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": ""}, "q"),
        ({"q": "x"}, "q"),
        ({"q": "x" * 201}, "q"),
        ({"q": "ok", "lang": "xx"}, "lang"),
        ({"q": "ok", "kind": "nope"}, "kind"),
        ({"q": "ok", "year": "1"}, "year"),
        ({"q": "ok", "group": "abc"}, "group"),
        ({"q": "ok", "page": "0"}, "page"),
        ({"q": "ok", "limit": "0"}, "limit"),
    ],
)
def test_api_bad_input_names_the_field(client, params, field):
    response = client.get("/api/v1/search", params)
    assert response.status_code == 400
    assert field in str(response.json())


def test_api_answers_with_hits_and_facets(client, personas, meeting):
    DocumentFactory(meeting=meeting, title={"en": "Fibre backbone"})
    body = client.get("/api/v1/search", {"q": "fibre", "lang": "en"}).json()
    assert body["total"] == 1 and body["hits"][0]["title"] == "Fibre backbone"
    assert body["facets"]["kind"][0] == {"value": "document", "label": "Document", "count": 1}


def test_the_page_filters_by_facet_and_refuses_bad_input(client, personas, meeting):
    DocumentFactory(meeting=meeting, title={"en": "Fibre backbone"})
    page = client.get("/en/search/", {"q": "fibre"}).content.decode()
    assert "Fibre backbone" in page and "kind=document" in page
    assert client.get("/en/search/", {"q": "fibre", "kind": "x"}).status_code == 400


def test_a_common_word_is_counted_up_to_the_cap_and_says_so(personas, meeting, monkeypatch, client):
    monkeypatch.setattr(queries, "COUNT_CAP", 3)
    # Words, not numbers, tell the titles apart: a number would also match some factory symbol.
    for word in ("alpha", "bravo", "charlie", "delta", "echo"):
        DocumentFactory(meeting=meeting, title={"en": f"Cable landing {word}"})
    results = queries.search(personas.anonymous, "cable", limit=2)
    assert (results.total, results.total_capped, results.pages) == (3, True, 2)
    assert len(results.hits) == 2
    assert len(queries.search(personas.anonymous, "cable", limit=2, page=2).hits) == 1
    # Facets count the best three, as the page says.
    assert sum(v.count for v in results.facets["kind"]) == 3
    assert sum(v.count for v in results.facets["language"]) == 3
    body = client.get("/api/v1/search", {"q": "cable"}).json()
    assert (body["total"], body["total_capped"], len(body["hits"])) == (3, True, 3)
    page = client.get("/en/search/", {"q": "cable"}).content.decode()
    assert "More than 3 results" in page and "Counts in the top 3 results." in page
    few = queries.search(personas.anonymous, "landing echo")
    assert (few.total, few.total_capped) == (1, False)
    assert "More than" not in client.get("/en/search/", {"q": "landing echo"}).content.decode()


def test_the_cap_counts_only_what_the_reader_may_see(personas, meeting, monkeypatch):
    monkeypatch.setattr(queries, "COUNT_CAP", 3)
    for n in range(3):
        DocumentFactory(meeting=meeting, title={"en": f"Relay public {n}"})
    for n in range(4):
        DocumentFactory(
            meeting=meeting, title={"en": f"Relay secret {n}"}, access_level=AccessLevel.MEMBERS
        )
    outsider = queries.search(personas.anonymous, "relay")
    # Four hidden matches do not make "more than three" for someone who may not see them.
    assert (outsider.total, outsider.total_capped) == (3, False)
    assert all("public" in hit.title for hit in outsider.hits)
    assert sum(v.count for v in outsider.facets["kind"]) == 3
    member = queries.search(personas.delegate, "relay")
    assert (member.total, member.total_capped) == (3, True)


def test_capped_facets_keep_a_chosen_filters_other_values(personas, meeting, monkeypatch):
    monkeypatch.setattr(queries, "COUNT_CAP", 4)
    for n in range(3):
        DocumentFactory(meeting=meeting, title={"en": f"Mesh {n}", "fr": f"Mesh réseau {n}"})
    only_fr = queries.search(personas.anonymous, "mesh", filters={"language": "fr"})
    assert {hit.language for hit in only_fr.hits} == {"fr"}
    assert (only_fr.total, only_fr.total_capped) == (3, False)
    assert sum(v.count for v in only_fr.facets["kind"]) == 3
    # The chosen language's facet is counted without that filter, over the best four of six
    # matches: English stays on offer.
    assert {v.value for v in only_fr.facets["language"]} == {"en", "fr"}
    assert sum(v.count for v in only_fr.facets["language"]) == 4


def test_a_chosen_filter_is_read_once_when_its_facet_settles_the_page(
    personas, meeting, monkeypatch
):
    """A filter's facet is counted without it; when that reading holds more than the cap of the
    chosen value (or every match), the page takes its matches from it instead of searching again,
    with the same hits, count and hidden records left out."""
    from cwg.search import engines

    monkeypatch.setattr(queries, "COUNT_CAP", 3)
    for n in range(5):
        DocumentFactory(meeting=meeting, title={"en": f"Spectrum plan {n}"})
    DocumentFactory(
        meeting=meeting, title={"en": "Spectrum secret"}, access_level=AccessLevel.MEMBERS
    )
    for n in range(2):
        DocumentFactory(meeting=meeting, title={"en": f"Orbit {n}", "fr": f"Orbite orbit {n}"})
    calls = []
    searched = engines.best
    monkeypatch.setattr(engines, "best", lambda *a, **k: calls.append(a[3:]) or searched(*a, **k))

    capped = queries.search(personas.anonymous, "spectrum", filters={"language": "en"})
    assert len(calls) == 1  # more than three English matches in the unfiltered reading
    assert (capped.total, capped.total_capped) == (3, True)
    assert all("secret" not in hit.title for hit in capped.hits)
    assert [(v.value, v.count) for v in capped.facets["language"]] == [("en", 3)]
    unfiltered = queries.search(personas.anonymous, "spectrum")
    assert [h.record_id for h in capped.hits] == [h.record_id for h in unfiltered.hits]

    calls.clear()
    complete = queries.search(personas.anonymous, "orbit", filters={"language": "fr"})
    assert len(calls) == 1  # four matches, every one in the unfiltered reading of three + 1
    assert (complete.total, complete.total_capped) == (2, False)
    assert {hit.language for hit in complete.hits} == {"fr"}

    calls.clear()
    mixed = queries.search(personas.anonymous, "orbit", filters={"language": "en"})
    assert (mixed.total, mixed.total_capped) == (2, False)
    assert {hit.language for hit in mixed.hits} == {"en"}
    assert sum(v.count for v in mixed.facets["language"]) == 3
    secret = queries.search(personas.anonymous, "secret", filters={"language": "en"})
    assert (secret.total, secret.hits, secret.facets["language"]) == (0, [], [])
