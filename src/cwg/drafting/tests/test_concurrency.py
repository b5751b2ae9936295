"""Revisions built at once by several people get Rev.1, Rev.2, … without a gap or a clash, and two
delegations of one State racing on one provision leave one proposal, not two: threads of one
process, and processes running `cwg drafting import` at once on PostgreSQL or a SQLite file."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest
from django.db import connection, connections

from cwg.core.exceptions import Conflict
from cwg.drafting import services
from cwg.drafting.models import Proposal
from cwg.testing.concurrency import database_url_of_this_test
from cwg.testing.drafting import SAMPLE, tracked_insertion

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


def test_processes_importing_overlapping_proposals_keep_one(personas, loaded, tmp_path):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("other processes cannot open an in-memory database")
    count = 4
    provision = loaded.provisions.get(ref="considering b)")
    files = []
    for i in range(count):
        # Each delegation's own wording of the same provision: overlapping proposals of France.
        path = tmp_path / f"fra-{i}.docx"
        path.write_bytes(
            tracked_insertion(provision, "b) that States ", f"{i} ", "cooperate,", "FRA")
        )
        files.append(path)
    env = {**os.environ, "DATABASE_URL": database_url_of_this_test()}
    connections.close_all()
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "cwg",
                "drafting",
                "import",
                "--text",
                loaded.slug,
                "--file",
                str(files[i]),
                "--as",
                personas.delegate.username,
                "--document-number",
                str(i + 1),
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(count)
    ]
    outputs = [process.communicate(timeout=240) for process in processes]
    codes = sorted(p.returncode for p in processes)
    assert codes[0] == 0 and all(code != 0 for code in codes[1:]), outputs
    refused = [err for p, (_out, err) in zip(processes, outputs, strict=True) if p.returncode]
    assert all("considering b)" in err and len(err.strip().splitlines()) == 1 for err in refused)
    stored = Proposal.objects.filter(contribution__text=loaded)
    assert stored.count() == 1 and stored.get().provision_id == provision.pk
    assert loaded.contributions.count() == 1
