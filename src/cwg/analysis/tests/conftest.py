"""Fixtures of the gap-analysis tests: a workspace with a small outcome document and mandates."""

import pytest

from cwg.analysis import services

OUTCOME = """Outcome of the review

I. Infrastructure and security

1. We call for affordable broadband connectivity for all schools and the development of regional Internet exchange points.

2. We will take appropriate action on spam and cybercrime and build confidence and security in the use of ICTs.

II. Culture and follow-up

3. We encourage local content in local languages and cultural diversity online.

4. We commit to quantum gastronomy festivals on the moon.
"""


@pytest.fixture
def no_embeddings(monkeypatch):
    monkeypatch.setenv("CWG_DISABLE_EMBEDDINGS", "1")


@pytest.fixture
def workspace(personas, no_embeddings):
    services.load_reference_mandates(personas.secretariat)
    analysis = services.create_analysis(
        personas.secretariat, personas.group, title="WSIS+20 review", document_symbol="A/RES/80/173"
    )
    services.import_document(
        personas.secretariat, analysis, data=OUTCOME.encode(), filename="outcome.txt"
    )
    return analysis


@pytest.fixture
def run_now(django_capture_on_commit_callbacks):
    """Start a suggestion run and let the background task run at commit, as in production."""

    def start(actor, analysis, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            run = services.start_suggestions(actor, analysis, **kwargs)
        run.refresh_from_db()
        return run

    return start
