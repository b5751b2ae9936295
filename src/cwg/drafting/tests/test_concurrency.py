"""Revisions built at once by several people get Rev.1, Rev.2, … without a gap or a clash, and two
delegations of one State racing on one provision leave one proposal, not two."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from cwg.core.exceptions import Conflict
from cwg.drafting import services
from cwg.drafting.models import Proposal
from cwg.testing.drafting import SAMPLE

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
THREADS = 6


def _race(work) -> list:
    go, errors, results = threading.Event(), [], []

    def run(i):
        try:
            go.wait(timeout=60)
            results.append(work(i))
        except Exception as exc:  # collected and asserted on by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    go.set()
    for thread in threads:
        thread.join(timeout=120)
    return [results, errors]


@pytest.fixture
def loaded(personas):
    text = services.create_text(
        personas.secretariat, personas.group, slug="res-race", title={"en": "Race"}
    )
    services.load_version(personas.secretariat, text, SAMPLE, "en")
    return text


def test_revisions_built_at_once_are_numbered_in_a_row(personas, loaded):
    results, errors = _race(lambda i: services.build_revision(personas.chair, loaded).number)
    assert errors == []
    assert sorted(results) == list(range(1, THREADS + 1))


def test_one_state_racing_on_a_provision_keeps_one_proposal(personas, loaded):
    def propose(i):
        return services.submit_proposals(
            personas.delegate, loaded, origin="FRA", document_number=i + 1,
            items=[{"mark": "SUP", "ref": "resolves 1", "reasons": "r"}],
        )  # fmt: skip

    results, errors = _race(propose)
    assert len(results) == 1
    assert all(isinstance(e, Conflict) for e in errors), errors
    assert Proposal.objects.filter(contribution__text=loaded).count() == 1
