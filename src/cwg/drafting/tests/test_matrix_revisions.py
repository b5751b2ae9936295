"""The provision matrix (identical proposals grouped, conflicts flagged) and the chair's revisions
(every span traced, word-level diffs, draft → agreed)."""

import pytest

from cwg.core.exceptions import Conflict, InvalidInput, NotAllowed
from cwg.drafting import queries, services
from cwg.drafting.tests.conftest import propose
from cwg.testing.factories import MeetingFactory, member_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposals(contributions):
    return {p.symbol: p for c in contributions for p in c.proposals.select_related("contribution")}


def row(rows, ref):
    return next(r for r in rows if r.ref == ref)


def test_identical_proposals_are_grouped(text, proposals):
    rows = queries.matrix(text)
    considering = row(rows, "considering a)")
    assert len(considering.positions) == 1
    assert considering.positions[0].origins == ["BRA", "FRA"]
    assert not considering.conflicting
    assert "<ins>fast;</ins>" in str(considering.positions[0].diff)


def test_conflicting_proposals_are_flagged(personas, text, proposals):
    member_state("DEU")
    propose(
        personas.delegate,
        text,
        "EUR",
        2,
        {"mark": "NOC", "ref": "resolves 1", "reasons": "Keep it."},
        supporters=["FRA", "DEU"],
    )
    rows = queries.matrix(text)
    assert row(rows, "resolves 1").conflicting
    assert not row(rows, "considering b)").conflicting


def test_a_new_provision_sits_after_its_anchor(text, proposals):
    refs = [r.ref for r in queries.matrix(text)]
    assert refs.index("resolves 3") == refs.index("resolves 2 b)") + 1
    assert row(queries.matrix(text), "resolves 3").is_new


def test_filters_by_state_region_and_mark(text, proposals):
    assert all(p.origins == ["BRA"] for r in queries.matrix(text, state="BRA") for p in r.positions)
    marks = {p.mark for r in queries.matrix(text, mark="SUP") for p in r.positions}
    assert marks == {"SUP"}
    region = proposals["BRA/7/1"].contribution.member_state.region.code
    by_region = {
        o for r in queries.matrix(text, region=region) for p in r.positions for o in p.origins
    }
    assert "BRA" in by_region


def test_a_revision_traces_every_span(personas, text, proposals):
    accept = [proposals[s].pk for s in ("FRA/1/1", "BRA/7/1", "FRA/1/2", "FRA/1/3")]
    rev1 = services.build_revision(personas.chair, text, accept=accept)
    assert rev1.number == 1 and rev1.status == "draft"
    traced = {e["ref"]: e for e in queries.traced_spans(rev1)}
    spans = traced["considering a)"]["spans"]
    assert [s["source"] for s in spans] == ["original", "proposal"]
    assert spans[1]["text"] == "grows fast;" and spans[1]["proposal"] == "FRA/1/1"
    assert traced["resolves 2 b)"]["state"] == "deleted"
    assert traced["resolves 3"]["spans"][0]["proposal"] == "FRA/1/3"
    rev2 = services.build_revision(
        personas.secretariat,
        text,
        accept=[proposals["BRA/7/2"].pk],
        rewordings={"resolves 1": "1 to keep the group at work until 2030 at least;"},
    )
    traced2 = {e["ref"]: e for e in queries.traced_spans(rev2)}
    assert "resolves 2 b)" not in traced2
    sources = {(s["source"], s["proposal"]) for s in traced2["resolves 1"]["spans"]}
    assert sources == {("original", None), ("proposal", "BRA/7/2"), ("chair", None)}
    # spans of Rev.1 keep their source in Rev.2
    assert traced2["considering a)"]["spans"][1]["proposal"] == "FRA/1/1"


def test_word_diffs_between_revisions_and_from_the_original(personas, text, proposals):
    rev1 = services.build_revision(personas.chair, text, accept=[proposals["FRA/1/1"].pk])
    rev2 = services.build_revision(personas.chair, text, accept=[proposals["BRA/7/2"].pk])
    between = {r.ref: r for r in queries.revision_diff(text, rev1, rev2) if r.changed}
    assert set(between) == {"resolves 1"}
    assert "<del>work;</del><ins>work until 2030;</ins>" in str(between["resolves 1"].html)
    original = {r.ref: r for r in queries.revision_diff(text, None, rev2) if r.changed}
    assert set(original) == {"considering a)", "resolves 1"}


def test_differing_proposals_on_one_provision_need_a_merge(personas, text, proposals):
    other = propose(
        personas.other_delegate,
        text,
        "BRA",
        8,
        {"mark": "SUP", "ref": "considering b)", "reasons": "r"},
    )
    fra_mod = propose(
        personas.delegate,
        text,
        "FRA",
        2,
        {
            "mark": "MOD",
            "ref": "considering b)",
            "wording": "b) that all cooperate,",
            "reasons": "r",
        },
    )
    ids = [other.proposals.get().pk, fra_mod.proposals.get().pk]
    with pytest.raises(InvalidInput) as refused:
        services.build_revision(personas.chair, text, accept=ids)
    assert refused.value.field == "rewordings"
    assert not text.revisions.exists()
    merged = services.build_revision(
        personas.chair,
        text,
        accept=ids,
        rewordings={"considering b)": "b) that States cooperate closely,"},
    )
    assert merged.entries.get(ref="considering b)").state == "kept"


def test_only_the_chair_or_secretariat_builds_and_agrees(personas, text, proposals):
    for person in (personas.delegate, personas.vice_chair, personas.stakeholder):
        with pytest.raises(NotAllowed):
            services.build_revision(person, text, accept=[])
    rev = services.build_revision(personas.chair, text, accept=[])
    meeting = MeetingFactory(group=personas.group)
    with pytest.raises(NotAllowed):
        services.agree_revision(personas.delegate, rev, meeting)
    with pytest.raises(InvalidInput):
        services.agree_revision(personas.chair, rev, MeetingFactory())
    agreed = services.agree_revision(personas.chair, rev, meeting)
    assert agreed.status == "agreed" and agreed.agreed_at_meeting == meeting
    with pytest.raises(Conflict):
        services.agree_revision(personas.chair, agreed, meeting)


def test_a_draft_revision_is_hidden_from_delegates_until_agreed(personas, text, proposals):
    rev = services.build_revision(personas.chair, text, accept=[])
    assert queries.visible_revisions(personas.delegate, text) == []
    assert queries.visible_revisions(personas.chair, text) == [rev]
    services.agree_revision(personas.chair, rev, MeetingFactory(group=personas.group))
    assert len(queries.visible_revisions(personas.delegate, text)) == 1
