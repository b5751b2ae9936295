"""Every API operation × every persona against a declared matrix of who may and who may not.

The operations are read from the API's own OpenAPI schema: a new operation fails this module until
the matrix says who may call it. Each persona calls each operation once with real ids and an empty
body. "ok" means the permission check let the caller through (any answer but 401, 403 and 404:
an empty body is then a 400, which shows that permission was decided before the body was read);
"no" means the caller was refused (401, 403 or 404). A 5xx always fails.
"""

from __future__ import annotations

import json
import os

import pytest

from tests.api.world import build_world, fill_path, query_for

pytestmark = pytest.mark.django_db

PERSONAS = (
    "anonymous",
    "stakeholder",
    "delegate",
    "other_delegate",
    "council_member",
    "chair",
    "secretariat",
)
REFUSED = {401, 403, 404}

EVERYONE = frozenset(PERSONAS)
SIGNED_IN = EVERYONE - {"anonymous"}
MEMBERS = frozenset({"delegate", "other_delegate", "council_member", "chair", "secretariat"})
SECRETARIAT = frozenset({"secretariat"})
SECRETARIAT_AND_CHAIR = frozenset({"secretariat", "chair"})
DELEGATES = frozenset({"delegate", "other_delegate"})
NOBODY = frozenset()

# Who gets through, per operation (everyone else is refused). The world's group is public.
MATRIX: dict[str, frozenset] = {
    "GET /api/v1/consultations": EVERYONE,
    "POST /api/v1/consultations": SECRETARIAT,
    "GET /api/v1/consultations/{slug}": EVERYONE,
    "PATCH /api/v1/consultations/{slug}": SECRETARIAT,
    "POST /api/v1/consultations/{slug}/state": SECRETARIAT,
    "POST /api/v1/consultations/{slug}/submissions": EVERYONE,
    "GET /api/v1/consultations/{slug}/submissions": EVERYONE,
    "GET /api/v1/consultations/{slug}/receipts/{receipt}": EVERYONE,
    "GET /api/v1/consultations/{slug}/moderation": SECRETARIAT,
    "POST /api/v1/consultations/{slug}/submissions/{receipt}/hide": SECRETARIAT,
    "POST /api/v1/consultations/{slug}/submissions/{receipt}/restore": SECRETARIAT,
    "GET /api/v1/consultations/{slug}/campaigns": EVERYONE,
    "POST /api/v1/consultations/{slug}/moderation/bulk": SECRETARIAT,
    "GET /api/v1/consultations/{slug}/campaigns/{campaign_id}/members": SECRETARIAT,
    "POST /api/v1/consultations/{slug}/campaigns/{campaign_id}/not-a-campaign": SECRETARIAT,
    "POST /api/v1/consultations/{slug}/campaigns/{campaign_id}/split": SECRETARIAT,
    "POST /api/v1/consultations/{slug}/campaigns/not-campaigns/{dismissal_id}/undo": SECRETARIAT,
    "POST /api/v1/consultations/{slug}/campaigns/runs": SECRETARIAT,
    "GET /api/v1/consultations/{slug}/campaigns/runs/{job_id}": EVERYONE,
    "GET /api/v1/consultations/{slug}/compilation.{fmt}": EVERYONE,
    "GET /api/v1/member-states": EVERYONE,
    "GET /api/v1/member-states/{iso3}": EVERYONE,
    "GET /api/v1/regions": EVERYONE,
    "GET /api/v1/me": SIGNED_IN,
    "PATCH /api/v1/me": SIGNED_IN,
    # The person in the path is the delegate: only they (or the platform's secretariat) see it.
    "GET /api/v1/people/{username}/profile": frozenset({"delegate"}),
    "PATCH /api/v1/people/{username}/profile": frozenset({"delegate"}),
    "GET /api/v1/groups": EVERYONE,
    # A group is set up by the platform's secretariat; the persona serves one group only.
    "POST /api/v1/groups": NOBODY,
    "GET /api/v1/groups/{slug}": EVERYONE,
    "PATCH /api/v1/groups/{slug}": SECRETARIAT,
    "GET /api/v1/resolutions": EVERYONE,
    "POST /api/v1/resolutions": SECRETARIAT,
    "GET /api/v1/resolutions/{resolution_id}": EVERYONE,
    "POST /api/v1/groups/{slug}/legal-basis": SECRETARIAT,
    "POST /api/v1/groups/{slug}/roles": SECRETARIAT,
    "GET /api/v1/meetings": EVERYONE,
    "POST /api/v1/meetings": SECRETARIAT,
    "GET /api/v1/meetings.ics": EVERYONE,
    "GET /api/v1/groups/{slug}/meetings.ics": EVERYONE,
    "GET /api/v1/meetings/{meeting_id}": EVERYONE,
    "PATCH /api/v1/meetings/{meeting_id}": SECRETARIAT,
    "POST /api/v1/meetings/{meeting_id}/status": SECRETARIAT,
    "POST /api/v1/meetings/{meeting_id}/agenda": SECRETARIAT,
    "PATCH /api/v1/agenda-items/{item_id}": SECRETARIAT,
    "POST /api/v1/meetings/{meeting_id}/participants": SECRETARIAT,
    "GET /api/v1/meetings/{meeting_id}/participants": MEMBERS,
    "GET /api/v1/subscriptions": SIGNED_IN,
    "PUT /api/v1/groups/{slug}/subscription": SIGNED_IN,
    "GET /api/v1/groups/{slug}/activity": MEMBERS,
    "GET /api/v1/history/{record_type}/{record_id}": MEMBERS,
    "GET /api/v1/venues": EVERYONE,
    "POST /api/v1/venues": SECRETARIAT,
    "GET /api/v1/documents": EVERYONE,
    "POST /api/v1/documents": SECRETARIAT,
    "GET /api/v1/documents/by-symbol": EVERYONE,
    "GET /api/v1/documents/{document_id}": EVERYONE,
    "GET /api/v1/documents/files/{file_id}": EVERYONE,
    "GET /api/v1/exports/{dataset}.{fmt}": EVERYONE,
    "GET /api/v1/documents/{document_id}/versions/{revision}/{language}": EVERYONE,
    "GET /api/v1/meetings/{meeting_id}/documents": EVERYONE,
    # The world's report, decision and action are drafts: the secretariat and officers only
    # (docs/visibility.md); everyone else is told they do not exist.
    "GET /api/v1/meeting-reports/{report_id}": SECRETARIAT_AND_CHAIR,
    "POST /api/v1/meetings/{meeting_id}/contributions": DELEGATES,
    "POST /api/v1/documents/{document_id}/files": SECRETARIAT,
    "POST /api/v1/documents/{document_id}/revisions": SECRETARIAT,
    "POST /api/v1/documents/{document_id}/withdraw": SECRETARIAT,
    "POST /api/v1/documents/{document_id}/access-level": SECRETARIAT,
    "POST /api/v1/documents/{document_id}/translations": SECRETARIAT,
    "POST /api/v1/meetings/{meeting_id}/report": SECRETARIAT,
    "POST /api/v1/meeting-reports/{report_id}/state": SECRETARIAT,
    "GET /api/v1/decisions": EVERYONE,
    "POST /api/v1/decisions": SECRETARIAT,
    "GET /api/v1/decisions/{decision_id}": SECRETARIAT_AND_CHAIR,
    "PATCH /api/v1/decisions/{decision_id}": SECRETARIAT,
    "POST /api/v1/decisions/{decision_id}/actions": SECRETARIAT_AND_CHAIR,
    "GET /api/v1/actions": EVERYONE,
    "GET /api/v1/actions/{action_id}": SECRETARIAT_AND_CHAIR,
    "PATCH /api/v1/actions/{action_id}": SECRETARIAT_AND_CHAIR,
    "POST /api/v1/actions/{action_id}/status": SECRETARIAT_AND_CHAIR,
    "POST /api/v1/actions/{action_id}/documents": SECRETARIAT_AND_CHAIR,
    "GET /api/v1/analyses": SIGNED_IN,
    "GET /api/v1/analyses/{analysis_id}": MEMBERS,
    "GET /api/v1/analyses/{analysis_id}/paragraphs": MEMBERS,
    "POST /api/v1/analyses/{analysis_id}/runs": SECRETARIAT,
    "POST /api/v1/analyses/{analysis_id}/document": SECRETARIAT,
    "POST /api/v1/analyses/{analysis_id}/annex": SECRETARIAT,
    "GET /api/v1/analysis-runs/{run_id}": MEMBERS,
    "POST /api/v1/analyses/{analysis_id}/paragraphs/{paragraph_id}/review": SECRETARIAT,
    "GET /api/v1/analyses/{analysis_id}/coverage": MEMBERS,
    "GET /api/v1/mandates": EVERYONE,
    "GET /api/v1/reports/chair": SECRETARIAT_AND_CHAIR,
    "GET /api/v1/reports/cycle": SECRETARIAT_AND_CHAIR,
    "GET /api/v1/reports/cover-sheets/{group}": SECRETARIAT_AND_CHAIR,
    "PUT /api/v1/reports/cover-sheets/{group}": SECRETARIAT,
    "GET /api/v1/reports/annexes/{group}": SECRETARIAT_AND_CHAIR,
    "POST /api/v1/reports/annexes/{group}": SECRETARIAT,
    "DELETE /api/v1/reports/annexes/{group}/{kind}/{text_slug}": SECRETARIAT,
    # Council sessions are kept by the secretariat (of any group); the service then checks that
    # a submission or an outcome is for a group the caller serves.
    "GET /api/v1/reports/council/sessions": SECRETARIAT,
    "POST /api/v1/reports/council/sessions": SECRETARIAT,
    "POST /api/v1/reports/council/agenda-items": SECRETARIAT,
    "POST /api/v1/reports/council/submissions": SECRETARIAT,
    "POST /api/v1/reports/council/outcomes": SECRETARIAT,
    "GET /api/v1/search": EVERYONE,
    "POST /api/v1/decisions/{decision_id}/approve": SECRETARIAT_AND_CHAIR,
    "DELETE /api/v1/groups/{slug}/subscription": SIGNED_IN,
    "DELETE /api/v1/participants/{participant_id}": SECRETARIAT,
    "DELETE /api/v1/agenda-items/{item_id}": SECRETARIAT,
    "GET /api/v1/drafting/texts": EVERYONE,
    "GET /api/v1/drafting/texts/{text_slug}/matrix": EVERYONE,
    "POST /api/v1/drafting/texts/{text_slug}/proposals": DELEGATES,
    "POST /api/v1/drafting/texts/{text_slug}/proposals/import": DELEGATES,
    "POST /api/v1/drafting/texts/{text_slug}/revisions": SECRETARIAT_AND_CHAIR,
    # Rev.1 of the world's text is a draft: the secretariat and officers only.
    "GET /api/v1/drafting/texts/{text_slug}/revisions/{rev}/diff": SECRETARIAT_AND_CHAIR,
    "GET /api/v1/drafting/texts/{text_slug}/revisions/{rev}/export": SECRETARIAT_AND_CHAIR,
}


def operations() -> list[tuple[str, str, dict]]:
    from cwg.api import api

    schema = api.get_openapi_schema()
    return [
        (method.upper(), path, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]


def call(client, method: str, path: str, operation: dict, values: dict):
    url = fill_path(path, values)
    query = query_for(method, path, values)
    content = operation.get("requestBody", {}).get("content", {})
    if method == "GET":
        return client.get(url, query)
    if "multipart/form-data" in content:
        return client.generic(method, url, b"", content_type="multipart/form-data; boundary=x")
    if "application/json" in content:
        return client.generic(method, url, json.dumps({}), content_type="application/json")
    return client.generic(method, url)


def test_every_operation_is_in_the_matrix():
    keys = {f"{method} {path}" for method, path, _ in operations()}
    assert keys - set(MATRIX) == set(), "operations missing from the permission matrix"
    assert set(MATRIX) - keys == set(), "matrix entries for operations the API no longer has"


# Operations that change what later calls see run last, in this order.
LAST = (
    "POST /api/v1/decisions/{decision_id}/approve",
    "DELETE /api/v1/groups/{slug}/subscription",
    "DELETE /api/v1/participants/{participant_id}",
    "DELETE /api/v1/agenda-items/{item_id}",
)


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_exactly_what_the_matrix_allows(client, settings, tmp_path, persona):
    world = build_world(settings, tmp_path)
    values = world["values"]
    if persona != "anonymous":
        client.force_login(getattr(world["personas"], persona))
    ordered = sorted(
        operations(),
        key=lambda op: LAST.index(f"{op[0]} {op[1]}") + 1 if f"{op[0]} {op[1]}" in LAST else 0,
    )
    observed: dict[str, int] = {}
    wrong = []
    for method, path, operation in ordered:
        key = f"{method} {path}"
        response = call(client, method, path, operation, values)
        observed[key] = response.status_code
        assert response.status_code < 500, (key, response.content[:300])
        if key not in MATRIX:
            continue
        expected = "ok" if persona in MATRIX[key] else "no"
        got = "no" if response.status_code in REFUSED else "ok"
        if expected != got:
            wrong.append(f"{key}: expected {expected}, got {response.status_code}")
    if os.environ.get("CWG_PRINT_MATRIX"):
        print(json.dumps({persona: observed}))
    assert wrong == [], "\n".join(wrong)
