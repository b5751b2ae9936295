"""The marks' rules, enforced on submission: bad input is refused whole, nothing stored."""

import pytest

from cwg.core.audit import AuditEvent
from cwg.core.exceptions import Conflict, InvalidInput, NotAllowed
from cwg.drafting.models import Contribution, Proposal
from cwg.drafting.tests.conftest import propose
from cwg.testing.factories import member_state

pytestmark = pytest.mark.django_db

MOD = {
    "mark": "MOD",
    "ref": "considering a)",
    "wording": "a) that the network grows fast;",
    "reasons": "Precision.",
}


def test_a_delegate_proposes_and_it_is_numbered(personas, text):
    contribution = propose(
        personas.delegate,
        text,
        "FRA",
        12,
        MOD,
        {
            "mark": "ADD",
            "ref": "resolves 3",
            "after": "resolves 2 b)",
            "wording": "3 to publish its results;",
            "reasons": "Openness.",
        },
        {"mark": "NOC", "ref": "resolves 1", "reasons": "Still right."},
    )
    symbols = [p.symbol for p in contribution.proposals.all()]
    assert symbols == ["FRA/12/1", "FRA/12/2", "FRA/12/3"]
    assert AuditEvent.objects.filter(action="drafting.proposals_submit").count() == 1


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ({"mark": "MOD", "ref": "resolves 9", "wording": "x", "reasons": "r"}, "proposals[0].ref"),
        ({"mark": "SUP", "ref": "resolves 9", "reasons": "r"}, "proposals[0].ref"),
        ({"mark": "(MOD)", "ref": "nowhere", "wording": "x", "reasons": "r"}, "proposals[0].ref"),
        ({"mark": "SUP*", "ref": "nowhere", "reasons": "r"}, "proposals[0].ref"),
        ({"mark": "NOC", "ref": "nowhere", "reasons": "r"}, "proposals[0].ref"),
        ({"mark": "ADD", "ref": "resolves 1", "wording": "x", "reasons": "r"}, "proposals[0].ref"),
        ({"mark": "ADD*", "ref": "resolves 1", "wording": "x", "reasons": "r"}, "proposals[0].ref"),
        (
            {
                "mark": "MOD",
                "ref": "considering a)",
                "wording": "a)  that the network grows;",
                "reasons": "r",
            },
            "proposals[0].wording",
        ),
        (
            {"mark": "MOD", "ref": "considering a)", "wording": "", "reasons": "r"},
            "proposals[0].wording",
        ),
        ({"mark": "NOC", "ref": "resolves 1", "reasons": ""}, "proposals[0].reasons"),
        (
            {"mark": "MOD", "ref": "considering a)", "wording": "new", "reasons": " "},
            "proposals[0].reasons",
        ),
        (
            {"mark": "ADD", "ref": "resolves 7", "wording": "", "reasons": "r"},
            "proposals[0].wording",
        ),
        (
            {"mark": "SUP", "ref": "resolves 1", "wording": "x", "reasons": "r"},
            "proposals[0].wording",
        ),
        ({"mark": "XYZ", "ref": "resolves 1", "reasons": "r"}, "proposals[0].mark"),
        (
            {
                "mark": "ADD",
                "ref": "resolves 7",
                "after": "nowhere",
                "wording": "x",
                "reasons": "r",
            },
            "proposals[0].after",
        ),
    ],
)
def test_each_mark_rule_refuses_bad_input(personas, text, item, field):
    with pytest.raises(InvalidInput) as refused:
        propose(personas.delegate, text, "FRA", 1, item)
    assert refused.value.field == field
    assert not Contribution.objects.exists() and not Proposal.objects.exists()


def test_one_state_does_not_propose_twice_on_a_provision(personas, text):
    with pytest.raises(InvalidInput):
        propose(personas.delegate, text, "FRA", 1, MOD, {**MOD, "wording": "a) other;"})
    propose(personas.delegate, text, "FRA", 1, MOD)
    with pytest.raises(Conflict):
        propose(personas.delegate, text, "FRA", 2, {**MOD, "mark": "SUP", "wording": ""})
    assert Contribution.objects.count() == 1


def test_a_common_proposal_counts_for_each_supporter(personas, text):
    member_state("DEU")
    propose(personas.delegate, text, "EUR", 3, MOD, supporters=["FRA", "DEU"])
    with pytest.raises(Conflict):
        propose(personas.delegate, text, "FRA", 4, {**MOD, "wording": "a) mine;"})
    # another State may still propose on the same provision
    propose(personas.other_delegate, text, "BRA", 1, {**MOD, "wording": "a) theirs;"})


def test_only_delegates_propose_and_only_for_their_state(personas, text):
    for person in (personas.chair, personas.secretariat, personas.stakeholder):
        with pytest.raises(NotAllowed):
            propose(person, text, "FRA", 1, MOD)
    with pytest.raises(NotAllowed):
        propose(personas.delegate, text, "BRA", 1, MOD)
    with pytest.raises(NotAllowed):
        propose(personas.delegate, text, "EUR", 1, MOD, supporters=["BRA"])
    assert not Contribution.objects.exists()


def test_a_document_number_is_used_once_per_origin(personas, text):
    propose(personas.delegate, text, "FRA", 1, MOD)
    with pytest.raises(Conflict) as refused:
        propose(
            personas.delegate, text, "FRA", 1, {"mark": "NOC", "ref": "resolves 1", "reasons": "r"}
        )
    assert refused.value.field == "document_number"
