"""Every write endpoint of the core apps refuses malformed input with a 4xx, a message, no change.

The write endpoints are read from the API's own OpenAPI schema, so a new endpoint of the
registry, groups, meetings, documents, decisions, consultations, analysis or reports apps fails
this module until it is covered.
Each endpoint has one valid request (proving the set-up reaches the endpoint) and several bad
ones, sent as the secretariat (the delegate for contributions). After a refused request every
row of those apps and of the audit trail is exactly as before, and no file was stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cwg.registry.models import Organisation, OrganisationCategory, Role
from cwg.testing.factories import (
    CampaignDismissalFactory,
    CampaignFactory,
    CouncilAgendaItemFactory,
    CouncilSubmissionFactory,
    DecisionFactory,
    DocumentFactory,
    GroupFactory,
    MeetingFactory,
    MembershipFactory,
    ResolutionFactory,
    VenueFactory,
)
from cwg.testing.records import OUTCOME, build_meeting_records, pdf

pytestmark = pytest.mark.django_db

CHECKED_APPS = (
    "registry",
    "groups",
    "meetings",
    "documents",
    "decisions",
    "consultations",
    "analysis",
    "reports",
    "drafting",
)
COUNTED_APPS = ("core", *CHECKED_APPS)
REFUSED = {400, 403, 409, 413, 415}
LONG = "x" * 5000


@dataclass
class Endpoint:
    method: str
    path: str  # with {placeholders} filled from the world fixture
    valid: dict | None  # one accepted request, or None when no body (DELETE)
    bad: dict[str, object]  # case name -> body (dict, list, or raw str for JSON endpoints)
    multipart: bool = False
    actor: str = "secretariat"
    valid_status: set[int] = field(default_factory=lambda: {200, 201, 204})
    # Requests with a bad path (unknown or non-numeric id): status expected.
    bad_paths: dict[str, tuple[str, int]] = field(default_factory=dict)


ENDPOINTS: dict[tuple[str, str], Endpoint] = {}
OMIT = object()


def but(valid: dict, **changes) -> dict:
    """The accepted body with one fault: fields changed, or left out when given as OMIT."""
    return {k: v for k, v in {**valid, **changes}.items() if v is not OMIT}


def endpoint(operation: str, path: str, **spec) -> None:
    """Register the cases of one operation of the schema ("POST /api/v1/groups/{slug}")."""
    method, schema_path = operation.split(" ", 1)
    ENDPOINTS[(method, schema_path)] = Endpoint(method.lower(), path, **spec)


# ---- groups -----------------------------------------------------------------------------------

NEW_GROUP = {
    "slug": "cwg-new",
    "acronym": {"en": "CWG-New"},
    "name": {"en": "A new group"},
    "symbol_prefix": "CWG-NEW",
}
endpoint(
    "POST /api/v1/groups",
    "/api/v1/groups",
    valid=NEW_GROUP,
    bad={
        "not json": "{slug: cwg",
        "a list": [1, 2],
        "empty": {},
        "missing name": but(NEW_GROUP, name=OMIT),
        "slug with spaces": but(NEW_GROUP, slug="Bad Slug!"),
        "slug too long": but(NEW_GROUP, slug="a" * 300),
        "prefix too long": but(NEW_GROUP, symbol_prefix="A" * 300),
        "name not an object": but(NEW_GROUP, name="B"),
        "unknown language": but(NEW_GROUP, name={"xx": "B"}),
        "unknown participation": but(NEW_GROUP, participation="everyone"),
        "unknown visibility": but(NEW_GROUP, visibility="secret"),
        "boolean as text": but(NEW_GROUP, holds_open_consultations="perhaps"),
        "reports_to too long": but(NEW_GROUP, reports_to=LONG),
        "slug taken": but(NEW_GROUP, slug="{group}"),
    },
)
endpoint(
    "PATCH /api/v1/groups/{slug}",
    "/api/v1/groups/{group}",
    valid={"mandate": {"en": "To study Internet-related public policy issues."}},
    bad={
        "only a misspelt field": {"nmber": 3},
        "nothing": {},
        "null name": {"name": None},
        "empty english name": {"name": {"en": "  "}},
        "unknown participation": {"participation": "anyone"},
        "visibility number": {"visibility": 3},
        "prefix lower case and long": {"symbol_prefix": "x" * 100},
        "reports_to too long": {"reports_to": LONG},
    },
    bad_paths={"unknown group": ("/api/v1/groups/no-such-group", 404)},
)
NEW_RESOLUTION = {"instrument": "PP", "number": "999", "year": 2022, "place": {"en": "Bucharest"}}
endpoint(
    "POST /api/v1/resolutions",
    "/api/v1/resolutions",
    valid=NEW_RESOLUTION,
    bad={
        "empty": {},
        "unknown instrument": but(NEW_RESOLUTION, instrument="XYZ"),
        "year as text": but(NEW_RESOLUTION, year="last year"),
        "year out of range": but(NEW_RESOLUTION, year=1200),
        "number too long": but(NEW_RESOLUTION, number="1" * 300),
        "revised without place": but(NEW_RESOLUTION, revision_kind="rev", place=OMIT),
        "unknown revision kind": but(NEW_RESOLUTION, revision_kind="rewritten"),
        "url not http": but(NEW_RESOLUTION, url="ftp://x"),
        "url too long": but(NEW_RESOLUTION, url="https://example.org/" + "a" * 400),
        "already recorded": but(NEW_RESOLUTION, number="{resolution_number}", revision_kind="rev"),
    },
)
endpoint(
    "POST /api/v1/groups/{slug}/legal-basis",
    "/api/v1/groups/{group}/legal-basis",
    valid={"resolution_id": "{resolution}", "role": "establishes"},
    bad={
        "empty": {},
        "unknown resolution": {"resolution_id": 999999, "role": "establishes"},
        "resolution as text": {"resolution_id": "one", "role": "establishes"},
        "unknown role": {"resolution_id": "{resolution}", "role": "inspires"},
        "negative order": {"resolution_id": "{resolution}", "role": "mandate", "order": -3},
        "summary in unknown language": {
            "resolution_id": "{resolution}",
            "role": "mandate",
            "summary": {"tlh": "x"},
        },
    },
)
endpoint(
    "POST /api/v1/groups/{slug}/roles",
    "/api/v1/groups/{group}/roles",
    valid={"username": "newcomer", "role": "vice_chair"},
    bad={
        "empty": {},
        "unknown person": {"username": "nobody-here", "role": "chair"},
        "unknown role": {"username": "newcomer", "role": "emperor"},
        "council role is not granted here": {"username": "newcomer", "role": "council_member"},
        "unknown state": {"username": "newcomer", "role": "delegate", "member_state": "ZZZ"},
        "delegate without state": {"username": "newcomer", "role": "delegate"},
        "dates reversed": {
            "username": "newcomer",
            "role": "vice_chair",
            "start_date": "2026-05-01",
            "end_date": "2026-01-01",
        },
        "date not a date": {
            "username": "newcomer",
            "role": "vice_chair",
            "start_date": "first of May",
        },
        "username too long": {"username": LONG, "role": "chair"},
    },
)

# ---- meetings ---------------------------------------------------------------------------------

NEW_MEETING = {"group": "{group}", "start_date": "{in_90_days}", "venue": "{venue}"}
endpoint(
    "POST /api/v1/meetings",
    "/api/v1/meetings",
    valid=NEW_MEETING,
    bad={
        "empty": {},
        "unknown group": but(NEW_MEETING, group="no-such-group"),
        "start not a date": but(NEW_MEETING, start_date="next spring"),
        "impossible date": but(NEW_MEETING, start_date="2026-02-30"),
        "dates reversed": but(NEW_MEETING, end_date="{in_60_days}"),
        "number zero": but(NEW_MEETING, number=0),
        "number taken": but(NEW_MEETING, number="{meeting_number}"),
        "number as text": but(NEW_MEETING, number="x"),
        "unknown venue": but(NEW_MEETING, venue=999999),
        "unknown access level": but(NEW_MEETING, access_level="secret"),
        "deadline days negative": but(NEW_MEETING, contribution_deadline_days=-1),
        "deadline days huge": but(NEW_MEETING, contribution_deadline_days=10**6),
        "title in unknown language": but(NEW_MEETING, title={"xx": "Meeting"}),
    },
)
endpoint(
    "PATCH /api/v1/meetings/{meeting_id}",
    "/api/v1/meetings/{meeting}",
    valid={"contribution_deadline_days": 10},
    bad={
        "only a misspelt field": {"nmber": 3},
        "a list": [{"number": 3}],
        "end before start": {"end_date": "{yesterday}"},
        "start after end": {"start_date": "{in_90_days}"},
        "unknown access level": {"access_level": "nobody"},
        "number taken": {"number": "{past_meeting_number}"},
        "title not an object": {"title": "Meeting"},
        "venue unknown": {"venue": 999999},
    },
    bad_paths={
        "unknown meeting": ("/api/v1/meetings/999999", 404),
        "id not a number": ("/api/v1/meetings/abc", 404),
    },
)
endpoint(
    "POST /api/v1/meetings/{meeting_id}/status",
    "/api/v1/meetings/{meeting}/status",
    valid={"status": "cancelled"},
    bad={
        "empty": {},
        "unknown status": {"status": "postponed-forever"},
        "status number": {"status": 3},
    },
)
endpoint(
    "POST /api/v1/meetings/{meeting_id}/agenda",
    "/api/v1/meetings/{meeting}/agenda",
    valid={"title": {"en": "Opening"}, "documents": ["{document}"]},
    bad={
        "empty": {},
        "empty title": {"title": {"en": " "}},
        "title in unknown language": {"title": {"xx": "Opening"}},
        "unknown document": {"title": {"en": "Opening"}, "documents": [999999]},
        # A document of an earlier meeting may be examined again; one of another group not.
        "document of another group": {
            "title": {"en": "Opening"},
            "documents": ["{hidden_document}"],
        },
        "documents not a list": {"title": {"en": "Opening"}, "documents": "all"},
        "number zero": {"title": {"en": "Opening"}, "number": 0},
        "number far beyond the end": {"title": {"en": "Opening"}, "number": 500},
    },
)
endpoint(
    "PATCH /api/v1/agenda-items/{item_id}",
    "/api/v1/agenda-items/{item}",
    valid={"description": {"en": "Welcome by the Chair"}},
    bad={
        "only a misspelt field": {"nmber": 3},
        "empty title": {"title": {"en": ""}},
        "number negative": {"number": -1},
        "unknown document": {"documents": [999999]},
        "title not an object": {"title": ["Opening"]},
    },
)
endpoint(
    "DELETE /api/v1/agenda-items/{item_id}",
    "/api/v1/agenda-items/{item}",
    valid=None,
    bad={},
    bad_paths={"unknown item": ("/api/v1/agenda-items/999999", 404)},
)
endpoint(
    "POST /api/v1/meetings/{meeting_id}/participants",
    "/api/v1/meetings/{meeting}/participants",
    valid={"person": "{delegate_id}", "kind": "head", "member_state": "{state}"},
    bad={
        "empty": {},
        "unknown person": {"person": 999999, "kind": "head", "member_state": "{state}"},
        "unknown kind": {"person": "{delegate_id}", "kind": "king", "member_state": "{state}"},
        "unknown state": {"person": "{delegate_id}", "kind": "head", "member_state": "QQQ"},
        "state too long": {"person": "{delegate_id}", "kind": "head", "member_state": LONG},
        "unknown organisation": {
            "person": "{stakeholder_id}",
            "kind": "observer",
            "organisation": 999999,
        },
        "person as text": {"person": "Claire", "kind": "head"},
    },
)
endpoint(
    "DELETE /api/v1/participants/{participant_id}",
    "/api/v1/participants/{participant}",
    valid=None,
    bad={},
    bad_paths={"unknown participant": ("/api/v1/participants/999999", 404)},
)
endpoint(
    "PUT /api/v1/groups/{slug}/subscription",
    "/api/v1/groups/{group}/subscription",
    valid={"new_documents": True, "deadlines": False, "changes": True},
    bad={
        "boolean as text": {"new_documents": "sometimes"},
        "a list": [True],
        "nothing followed": {"new_documents": False, "deadlines": False, "changes": False},
    },
    bad_paths={"unknown group": ("/api/v1/groups/no-such-group/subscription", 404)},
)
endpoint(
    "DELETE /api/v1/groups/{slug}/subscription",
    "/api/v1/groups/{group}/subscription",
    valid=None,
    bad={},
    valid_status={204, 404},  # nobody follows the group in the set-up
    bad_paths={"unknown group": ("/api/v1/groups/no-such-group/subscription", 404)},
)
endpoint(
    "POST /api/v1/venues",
    "/api/v1/venues",
    valid={"name": {"en": "Palais des Nations"}, "country": "CHE"},
    bad={
        "empty": {},
        "empty name": {"name": {}},
        "name in unknown language": {"name": {"xx": "Hall"}},
        "unknown country": {"name": {"en": "Hall"}, "country": "XXX"},
        "country too long": {"name": {"en": "Hall"}, "country": LONG},
        "virtual as text": {"name": {"en": "Hall"}, "is_virtual": "maybe"},
    },
)

# ---- documents --------------------------------------------------------------------------------

NEW_DOCUMENT = {
    "group": "{group}",
    "meeting": "{meeting}",
    "document_type": "information",
    "source_kind": "secretariat",
    "title": "Information for delegates",
}
endpoint(
    "POST /api/v1/documents",
    "/api/v1/documents",
    multipart=True,
    valid=NEW_DOCUMENT,
    bad={
        "empty": {},
        "unknown group": but(NEW_DOCUMENT, group="no-such-group"),
        "meeting of another group": but(NEW_DOCUMENT, group="{other_group}"),
        "meeting not a number": but(NEW_DOCUMENT, meeting="twenty-two"),
        "unknown type": but(NEW_DOCUMENT, document_type="poem"),
        "unknown source": but(NEW_DOCUMENT, source_kind="the press"),
        "blank title": but(NEW_DOCUMENT, title="   "),
        "unknown language": but(NEW_DOCUMENT, original_language="tlh"),
        "titles not json": but(NEW_DOCUMENT, titles="{fr: T"),
        "unknown access level": but(NEW_DOCUMENT, access_level="top-secret"),
        "unknown source state": but(NEW_DOCUMENT, source_kind="member_state", source_states="ZZZ"),
        "file of an unknown kind": but(NEW_DOCUMENT, file="exe"),
    },
)
endpoint(
    "POST /api/v1/meetings/{meeting_id}/contributions",
    "/api/v1/meetings/{meeting}/contributions",
    multipart=True,
    actor="delegate",
    valid={"state": "{state}", "title": "Views on connectivity", "file": "pdf"},
    bad={
        "empty": {},
        "blank title": {"state": "{state}", "title": " "},
        "unknown state": {"state": "ZZZ", "title": "T"},
        "state not represented": {"state": "{other_state}", "title": "T"},
        "unknown co-sponsor": {"state": "{state}", "title": "T", "co_sponsors": "ZZZ"},
        "unknown language": {"state": "{state}", "title": "T", "original_language": "xx"},
        "titles not an object": {"state": "{state}", "title": "T", "titles": "[1, 2]"},
        "unknown access level": {"state": "{state}", "title": "T", "access_level": "x"},
        "file of an unknown kind": {"state": "{state}", "title": "T", "file": "exe"},
    },
)
endpoint(
    "POST /api/v1/documents/{document_id}/files",
    "/api/v1/documents/{document}/files",
    multipart=True,
    valid={"language": "fr", "file": "pdf"},
    bad={
        "no file": {"language": "fr"},
        "no language": {"file": "pdf"},
        "unknown language": {"language": "xx", "file": "pdf"},
        "file of an unknown kind": {"language": "fr", "file": "exe"},
        "empty file": {"language": "fr", "file": "empty"},
    },
    bad_paths={"unknown document": ("/api/v1/documents/999999/files", 404)},
)
endpoint(
    "POST /api/v1/documents/{document_id}/revisions",
    "/api/v1/documents/{document}/revisions",
    multipart=True,
    valid={"note": "Corrected figures", "language": "en", "file": "pdf"},
    bad={
        # A file without a language is the original language version (documented).
        "unknown language": {"language": "xx", "file": "pdf"},
        "titles not json": {"titles": "{en:"},
        "note too long": {"note": LONG, "language": "en", "file": "pdf"},
    },
)
endpoint(
    "POST /api/v1/documents/{document_id}/translations",
    "/api/v1/documents/{document}/translations",
    valid={"language": "fr", "status": "in_progress"},
    bad={
        "empty": {},
        "unknown language": {"language": "xx", "status": "in_progress"},
        "unknown status": {"language": "fr", "status": "lost"},
        "status number": {"language": "fr", "status": 2},
    },
)
endpoint(
    "POST /api/v1/documents/{document_id}/withdraw",
    "/api/v1/documents/{document}/withdraw",
    valid={"reason": "Submitted twice"},
    bad={
        "a list": [],
        "reason a list": {"reason": ["x"]},
        "reason too long": {"reason": LONG},
    },
)
endpoint(
    "POST /api/v1/documents/{document_id}/access-level",
    "/api/v1/documents/{document}/access-level",
    valid={"access_level": "members"},
    bad={"empty": {}, "unknown level": {"access_level": "everyone-but-me"}},
)
endpoint(
    "POST /api/v1/meetings/{meeting_id}/report",
    "/api/v1/meetings/{past_meeting}/report",
    multipart=True,
    valid={"title": "Report of the meeting"},
    bad={
        "empty": {},
        "blank title": {"title": "  "},
        "unknown language": {"title": "R", "original_language": "xx"},
        "unknown access level": {"title": "R", "access_level": "x"},
        "file of an unknown kind": {"title": "R", "file": "exe"},
    },
)
endpoint(
    "POST /api/v1/meeting-reports/{report_id}/state",
    "/api/v1/meeting-reports/{report}/state",
    valid={"state": "circulated"},
    bad={
        "empty": {},
        "unknown state": {"state": "shredded"},
        "approved straight from draft": {
            "state": "approved",
            "approved_at_meeting": "{meeting}",
            "approved_on": "{in_30_days}",
        },
    },
)

# ---- decisions --------------------------------------------------------------------------------

NEW_DECISION = {"meeting": "{past_meeting}", "text": {"en": "Noted"}, "addressee_kind": "council"}
endpoint(
    "POST /api/v1/decisions",
    "/api/v1/decisions",
    valid=NEW_DECISION,
    bad={
        "empty": {},
        "unknown meeting": but(NEW_DECISION, meeting=999999),
        "empty text": but(NEW_DECISION, text={}),
        "text in unknown language": but(NEW_DECISION, text={"xx": "x"}),
        "unknown addressee": but(NEW_DECISION, addressee_kind="the press"),
        "group addressee without group": but(NEW_DECISION, addressee_kind="group"),
        "unknown addressee group": but(
            NEW_DECISION, addressee_kind="group", addressee_group="no-such-group"
        ),
        "due date not a date": but(NEW_DECISION, due_date="soon"),
        "due before the meeting": but(NEW_DECISION, due_date="2001-01-01"),
    },
)
endpoint(
    "PATCH /api/v1/decisions/{decision_id}",
    "/api/v1/decisions/{decision}",
    valid={"deliverable": {"en": "A contribution to the gap analysis"}},
    bad={
        "only a misspelt field": {"nmber": 3},
        "empty text": {"text": {"en": ""}},
        "unknown addressee": {"addressee_kind": "everyone"},
        "unknown related group": {"related_groups": ["no-such-group"]},
        "due before the meeting": {"due_date": "2001-01-01"},
    },
)
endpoint(
    "POST /api/v1/decisions/{decision_id}/approve",
    "/api/v1/decisions/{decision}/approve",
    valid={},
    bad={
        "a bare string": '"today"',
        "date not a date": {"approved_on": "yesterday"},
        "approved before the meeting": {"approved_on": "2001-01-01"},
        "approved in the future": {"approved_on": "{in_90_days}"},
    },
)
endpoint(
    "POST /api/v1/decisions/{decision_id}/actions",
    "/api/v1/decisions/{decision}/actions",
    valid={"description": {"en": "Contribute"}, "assignee_kind": "secretariat"},
    bad={
        "empty": {},
        "empty description": {"description": {}, "assignee_kind": "secretariat"},
        "unknown assignee": {"description": {"en": "x"}, "assignee_kind": "the moon"},
        "group assignee without group": {"description": {"en": "x"}, "assignee_kind": "group"},
        "due date not a date": {
            "description": {"en": "x"},
            "assignee_kind": "secretariat",
            "due_date": "2026-13-01",
        },
    },
)
endpoint(
    "PATCH /api/v1/actions/{action_id}",
    "/api/v1/actions/{action}",
    valid={"description": {"en": "Contribute to the gap analysis"}},
    bad={
        "only a misspelt field": {"nmber": 3},
        "empty description": {"description": {"en": " "}},
        "unknown assignee": {"assignee_kind": "nobody"},
        "unknown assignee group": {"assignee_kind": "group", "assignee_group": "nope"},
        "due date not a date": {"due_date": "later"},
    },
)
endpoint(
    "POST /api/v1/actions/{action_id}/status",
    "/api/v1/actions/{action}/status",
    valid={"status": "in_progress", "note": "Started"},
    bad={
        "empty": {},
        "unknown status": {"status": "forgotten"},
        "note too long": {"status": "in_progress", "note": LONG},
    },
)
endpoint(
    "POST /api/v1/actions/{action_id}/documents",
    "/api/v1/actions/{action}/documents",
    valid={"documents": ["{document}"]},
    bad={
        "empty": {},
        "unknown document": {"documents": [999999]},
        "documents as text": {"documents": "CWG/1"},
        "ids not numbers": {"documents": ["CWG/1"]},
        "nothing to link": {"documents": []},
    },
)


# ---- profiles ---------------------------------------------------------------------------------

PROFILE_FAULTS = {
    "nothing": {},
    "only a misspelt field": {"langauge": "fr"},
    "an extra field": {"language": "fr", "is_superuser": True},
    "unknown language": {"language": "tlh"},
    "document code for Chinese": {"language": "zh"},
    "unknown time zone": {"time_zone": "Europe/Atlantis"},
    "time zone a number": {"time_zone": 2},
    "null language": {"language": None},
    "name too long": {"last_name": LONG},
}
endpoint(
    "PATCH /api/v1/me",
    "/api/v1/me",
    actor="delegate",
    valid={"language": "fr", "time_zone": "Europe/Paris"},
    bad=PROFILE_FAULTS,
)
endpoint(
    "PATCH /api/v1/people/{username}/profile",
    "/api/v1/people/{newcomer}/profile",
    valid={"time_zone": "America/Bogota"},
    bad=PROFILE_FAULTS,
    bad_paths={"unknown person": ("/api/v1/people/nobody/profile", 404)},
)


# ---- consultations ----------------------------------------------------------------------------

NEW_CONSULTATION = {
    "group": "{group}",
    "slug": "new-consultation",
    "topic": {"en": "Affordable access"},
    "languages": ["en", "fr"],
    "questions": [{"text": {"en": "What can be done?"}}],
}
endpoint(
    "POST /api/v1/consultations",
    "/api/v1/consultations",
    valid=NEW_CONSULTATION,
    valid_status={201},
    bad={
        "empty": {},
        "a list": [NEW_CONSULTATION],
        "unknown group": but(NEW_CONSULTATION, group="no-such-group"),
        "slug with spaces": but(NEW_CONSULTATION, slug="Bad Slug!"),
        "slug taken": but(NEW_CONSULTATION, slug="{draft_consultation}"),
        "empty topic": but(NEW_CONSULTATION, topic={}),
        "unknown language": but(NEW_CONSULTATION, languages=["xx"]),
        "questions not a list": but(NEW_CONSULTATION, questions="all"),
        "closes before it opens": but(
            NEW_CONSULTATION, opens_at="2030-01-10T00:00:00Z", closes_at="2030-01-01T00:00:00Z"
        ),
        "unknown venue": but(NEW_CONSULTATION, physical_meeting_venue=999999),
        "venue beyond 64 bits": but(NEW_CONSULTATION, physical_meeting_venue=2**70),
    },
)
endpoint(
    "PATCH /api/v1/consultations/{slug}",
    "/api/v1/consultations/{draft_consultation}",
    valid={"notes": "Prepared by the secretariat"},
    bad={
        "empty topic": {"topic": {}},
        "unknown language": {"languages": ["xx"]},
        "closes_at not a date": {"closes_at": "next week"},
        "unknown venue": {"physical_meeting_venue": 999999},
        "questions not a list": {"questions": "all"},
    },
    bad_paths={"unknown consultation": ("/api/v1/consultations/no-such-thing", 404)},
)
endpoint(
    "POST /api/v1/consultations/{slug}/state",
    "/api/v1/consultations/{draft_consultation}/state",
    valid={"state": "open"},
    bad={
        "empty": {},
        "unknown state": {"state": "exploded"},
        "state a number": {"state": 3},
        "skipping a state": {"state": "closed"},
        "meeting beyond any number": {"state": "open", "meeting": 10**9},
    },
)
NEW_SUBMISSION = {
    "name": "Ana Respondent",
    "organisation": "Open Web Society",
    "category": "civil_society",
    "country": "FRA",
    "language": "en",
    "consent_to_publication": True,
    "answers": {"1": "Support internationalized domain names everywhere."},
}
endpoint(
    "POST /api/v1/consultations/{slug}/submissions",
    "/api/v1/consultations/{open_consultation}/submissions",
    actor="anonymous",
    valid=NEW_SUBMISSION,
    valid_status={201},
    bad={
        "not json": "{name: Ana",
        "a list": [NEW_SUBMISSION],
        "empty": {},
        "unknown category": but(NEW_SUBMISSION, category="aliens"),
        "unknown country": but(NEW_SUBMISSION, country="ZZZ"),
        "unknown language": but(NEW_SUBMISSION, language="xx"),
        "answers not an object": but(NEW_SUBMISSION, answers="yes"),
        "no answer": but(NEW_SUBMISSION, answers={}),
        "unknown question": but(NEW_SUBMISSION, answers={"9": "x"}),
        "answer too long": but(NEW_SUBMISSION, answers={"1": "x" * 60_000}),
        "name too long": but(NEW_SUBMISSION, name=LONG),
    },
    bad_paths={
        "unknown consultation": ("/api/v1/consultations/no-such-thing/submissions", 404),
    },
)
endpoint(
    "POST /api/v1/consultations/{slug}/submissions/{receipt}/hide",
    "/api/v1/consultations/{open_consultation}/submissions/{receipt}/hide",
    valid={"reason": "Spam link"},
    bad={
        "empty": {},
        "blank reason": {"reason": "  "},
        "reason a list": {"reason": ["spam"]},
        "reason too long": {"reason": LONG},
    },
    bad_paths={
        "unknown receipt": (
            "/api/v1/consultations/{open_consultation}/submissions/NOPE/hide",
            404,
        ),
    },
)
endpoint(
    "POST /api/v1/consultations/{slug}/submissions/{receipt}/restore",
    "/api/v1/consultations/{open_consultation}/submissions/{receipt}/restore",
    valid={"reason": "Not spam after all"},
    valid_status={409},  # the submission is not hidden: the request reached the service
    bad={"empty": {}, "blank reason": {"reason": ""}, "reason too long": {"reason": LONG}},
)
endpoint(
    "POST /api/v1/consultations/{slug}/moderation/bulk",
    "/api/v1/consultations/{open_consultation}/moderation/bulk",
    valid={"action": "hide", "reason": "Spam links", "receipts": ["{receipt}"]},
    bad={
        "empty": {},
        "a list": [],
        "unknown action": {"action": "delete", "reason": "Spam", "receipts": ["{receipt}"]},
        "no receipt": {"action": "hide", "reason": "Spam", "receipts": []},
        "receipts not a list": {"action": "hide", "reason": "Spam", "receipts": "{receipt}"},
        "unknown receipt": {"action": "hide", "reason": "Spam", "receipts": ["NOPE"]},
        "blank reason": {"action": "hide", "reason": " ", "receipts": ["{receipt}"]},
        "reason too long": {"action": "hide", "reason": LONG, "receipts": ["{receipt}"]},
        "too many receipts": {"action": "hide", "reason": "Spam", "receipts": ["R"] * 1001},
    },
)
endpoint(
    "POST /api/v1/consultations/{slug}/campaigns/{campaign_id}/not-a-campaign",
    "/api/v1/consultations/{open_consultation}/campaigns/{campaign}/not-a-campaign",
    valid={"reason": "Members of one association writing on their own"},
    bad={"empty": {}, "blank reason": {"reason": ""}, "reason too long": {"reason": LONG}},
    bad_paths={
        "unknown campaign": (
            "/api/v1/consultations/{open_consultation}/campaigns/999999/not-a-campaign",
            404,
        ),
        "campaign id beyond 64 bits": (
            f"/api/v1/consultations/{{open_consultation}}/campaigns/{2**70}/not-a-campaign",
            400,
        ),
    },
)
endpoint(
    "POST /api/v1/consultations/{slug}/campaigns/{campaign_id}/split",
    "/api/v1/consultations/{open_consultation}/campaigns/{campaign}/split",
    valid={"reason": "Two letters, not one", "receipts": ["{other_receipt}"]},
    bad={
        "empty": {},
        "blank reason": {"reason": "", "receipts": ["{other_receipt}"]},
        "reason too long": {"reason": LONG, "receipts": ["{other_receipt}"]},
        "nothing chosen": {"reason": "Two letters"},
        "receipts not a list": {"reason": "Two letters", "receipts": "{other_receipt}"},
        "empty receipts": {"reason": "Two letters", "receipts": []},
        "unknown receipt": {"reason": "Two letters", "receipts": ["NO-SUCH-RECEIPT"]},
        "every response": {
            "reason": "Two letters",
            "receipts": ["{receipt}", "{other_receipt}"],
        },
        "both receipts and near copies": {
            "reason": "Two letters",
            "receipts": ["{other_receipt}"],
            "near_copies": True,
        },
        "near copies not a boolean": {"reason": "Two letters", "near_copies": "many"},
        "no near copies": {"reason": "Two letters", "near_copies": True},
    },
    bad_paths={
        "unknown campaign": (
            "/api/v1/consultations/{open_consultation}/campaigns/999999/split",
            404,
        ),
        "campaign id beyond 64 bits": (
            f"/api/v1/consultations/{{open_consultation}}/campaigns/{2**70}/split",
            400,
        ),
    },
)
endpoint(
    "POST /api/v1/consultations/{slug}/campaigns/not-campaigns/{dismissal_id}/undo",
    "/api/v1/consultations/{open_consultation}/campaigns/not-campaigns/{dismissal}/undo",
    valid=None,
    bad={},
    bad_paths={
        "unknown judgement": (
            "/api/v1/consultations/{open_consultation}/campaigns/not-campaigns/999999/undo",
            404,
        ),
        "judgement id beyond 64 bits": (
            f"/api/v1/consultations/{{open_consultation}}/campaigns/not-campaigns/{2**70}/undo",
            400,
        ),
    },
)
endpoint(
    "POST /api/v1/consultations/{slug}/campaigns/runs",
    "/api/v1/consultations/{open_consultation}/campaigns/runs",
    valid=None,
    valid_status={202},
    bad={},
    bad_paths={
        "unknown consultation": ("/api/v1/consultations/no-such-thing/campaigns/runs", 404),
    },
)

# ---- analysis ---------------------------------------------------------------------------------

endpoint(
    "POST /api/v1/analyses/{analysis_id}/runs",
    "/api/v1/analyses/{analysis}/runs",
    valid={"ranker": "combined", "top": 3},
    valid_status={202},
    bad={
        "a list": [],
        "unknown ranker": {"ranker": "astrology"},
        "top zero": {"top": 0},
        "top too large": {"top": 11},
        "top as text": {"top": "three"},
    },
    bad_paths={
        "unknown analysis": ("/api/v1/analyses/999999/runs", 404),
        "id beyond 64 bits": (f"/api/v1/analyses/{2**70}/runs", 404),
    },
)
endpoint(
    "POST /api/v1/analyses/{analysis_id}/document",
    "/api/v1/analyses/{empty_analysis}/document",
    multipart=True,
    valid={"file": "outcome", "language": "en"},
    bad={
        "no file": {"language": "en"},
        "unknown language": {"file": "outcome", "language": "xx"},
        "file of an unknown kind": {"file": "exe"},
        "empty file": {"file": "empty"},
    },
)
endpoint(
    "POST /api/v1/analyses/{analysis_id}/annex",
    "/api/v1/analyses/{analysis}/annex",
    valid=None,
    bad={},
    bad_paths={"unknown analysis": ("/api/v1/analyses/999999/annex", 404)},
)
REVIEW = {"classification": "gap", "comment": "No body covers this.", "expected_version": 0}
endpoint(
    "POST /api/v1/analyses/{analysis_id}/paragraphs/{paragraph_id}/review",
    "/api/v1/analyses/{analysis}/paragraphs/{paragraph}/review",
    valid=REVIEW,
    bad={
        "empty": {},
        "unknown classification": but(REVIEW, classification="maybe"),
        "unknown mandate": but(REVIEW, classification="itu", mandates=["NO-SUCH-MANDATE"]),
        "within the mandate but none named": but(REVIEW, classification="itu"),
        "a gap without a comment": but(REVIEW, comment=OMIT),
        "unknown organisation": but(REVIEW, classification="shared", organisations=[999999]),
        "organisation beyond 64 bits": but(REVIEW, organisations=[2**70]),
        "negative version": but(REVIEW, expected_version=-1),
        "stale version": but(REVIEW, expected_version=5),
        "comment too long": but(REVIEW, comment="x" * 20_000),
    },
    bad_paths={
        "unknown paragraph": ("/api/v1/analyses/{analysis}/paragraphs/999999/review", 404),
    },
)

# ---- reports ----------------------------------------------------------------------------------

endpoint(
    "PUT /api/v1/reports/cover-sheets/{group}",
    "/api/v1/reports/cover-sheets/{group}",
    valid={"action_required": {"en": "The Council is invited to note this report."}},
    bad={
        "nothing": {},
        "misspelt field": {"chair_titel": {"en": "Chair"}},
        "text not an object": {"action_required": "note it"},
        "unknown language": {"action_required": {"xx": "note it"}},
        "symbol too long": {"document_symbol": LONG},
    },
    bad_paths={"unknown group": ("/api/v1/reports/cover-sheets/no-such-group", 404)},
)

NEW_ANNEX = {"kind": "chair", "text": "{agreed_text}"}
endpoint(
    "POST /api/v1/reports/annexes/{group}",
    "/api/v1/reports/annexes/{group}",
    valid=NEW_ANNEX,
    bad={
        "empty": {},
        "unknown kind": but(NEW_ANNEX, kind="minutes"),
        "a text not agreed": but(NEW_ANNEX, text="{draft_text}"),
        "unknown text": but(NEW_ANNEX, text="no-such-text"),
        "text too long": but(NEW_ANNEX, text=LONG),
        "misspelt field": {"kind": "chair", "txt": "{agreed_text}"},
        "already annexed": but(NEW_ANNEX, kind="cycle"),
    },
    bad_paths={"unknown group": ("/api/v1/reports/annexes/no-such-group", 404)},
)
endpoint(
    "DELETE /api/v1/reports/annexes/{group}/{kind}/{text_slug}",
    "/api/v1/reports/annexes/{group}/cycle/{agreed_text}",
    valid=None,
    bad={},
    bad_paths={
        "unknown group": ("/api/v1/reports/annexes/no-such-group/cycle/{agreed_text}", 404),
        "not annexed": ("/api/v1/reports/annexes/{group}/chair/{agreed_text}", 400),
        "unknown kind": ("/api/v1/reports/annexes/{group}/minutes/{agreed_text}", 400),
    },
)

# ---- drafting ---------------------------------------------------------------------------------

NEW_PROPOSALS = {
    "origin": "{state}",
    "document_number": 12,
    "proposals": [
        {"mark": "MOD", "ref": "considering a)", "wording": "a) that two;", "reasons": "r"}
    ],
}
endpoint(
    "POST /api/v1/drafting/texts/{text_slug}/proposals",
    "/api/v1/drafting/texts/{text}/proposals",
    actor="delegate",
    valid=NEW_PROPOSALS,
    bad={
        "empty": {},
        "no proposal": but(NEW_PROPOSALS, proposals=[]),
        "unknown mark": but(
            NEW_PROPOSALS, proposals=[{"mark": "CHG", "ref": "resolves 1", "reasons": "r"}]
        ),
        "MOD on a missing provision": but(
            NEW_PROPOSALS,
            proposals=[{"mark": "MOD", "ref": "resolves 9", "wording": "x", "reasons": "r"}],
        ),
        "MOD equal to the original": but(
            NEW_PROPOSALS,
            proposals=[
                {"mark": "MOD", "ref": "considering a)", "wording": "a) that one;", "reasons": "r"}
            ],
        ),
        "ADD on an existing provision": but(
            NEW_PROPOSALS,
            proposals=[{"mark": "ADD", "ref": "resolves 1", "wording": "x", "reasons": "r"}],
        ),
        "NOC without reasons": but(
            NEW_PROPOSALS, proposals=[{"mark": "NOC", "ref": "resolves 1", "reasons": ""}]
        ),
        "reasons missing": but(NEW_PROPOSALS, proposals=[{"mark": "SUP", "ref": "resolves 1"}]),
        "overlapping": but(
            NEW_PROPOSALS,
            proposals=[
                {"mark": "SUP", "ref": "resolves 1", "reasons": "r"},
                {"mark": "NOC", "ref": "resolves 1", "reasons": "r"},
            ],
        ),
        "another State's origin": but(NEW_PROPOSALS, origin="{other_state}"),
        "origin not a code": but(NEW_PROPOSALS, origin="france 1"),
        "number out of range": but(NEW_PROPOSALS, document_number=10**9),
        "number as text": but(NEW_PROPOSALS, document_number="twelve"),
        "unknown supporter": but(NEW_PROPOSALS, origin="EUR", supporters=["ZZZ"]),
        "wording too long": but(
            NEW_PROPOSALS,
            proposals=[
                {"mark": "MOD", "ref": "considering a)", "wording": "x" * 30000, "reasons": "r"}
            ],
        ),
        "misspelt field": but(NEW_PROPOSALS, proposal=[]),
    },
    bad_paths={"unknown text": ("/api/v1/drafting/texts/no-such-text/proposals", 404)},
)
endpoint(
    "POST /api/v1/drafting/texts/{text_slug}/revisions",
    "/api/v1/drafting/texts/{text}/revisions",
    valid={"accept": ["{proposal}"]},
    bad={
        "accept not a list": {"accept": 3},
        "accept of text": {"accept": ["first"]},
        "unknown proposal": {"accept": [999999]},
        "rewording of a missing provision": {"rewordings": {"resolves 9": "x"}},
        "rewordings not an object": {"rewordings": ["x"]},
        "misspelt field": {"acept": []},
        "source of no rewording": {"sources": {"resolves 1": "decision:{decision}"}},
        "source of an unknown kind": {
            "rewordings": {"resolves 1": "1 to act now."},
            "sources": {"resolves 1": "rumour:1"},
        },
        "source that does not exist": {
            "rewordings": {"resolves 1": "1 to act now."},
            "sources": {"resolves 1": "decision:999999"},
        },
        "source of another group": {
            "rewordings": {"resolves 1": "1 to act now."},
            "sources": {"resolves 1": "decision:{other_group_decision}"},
        },
        "sources not an object": {"sources": ["decision:1"]},
    },
    bad_paths={"unknown text": ("/api/v1/drafting/texts/no-such-text/revisions", 404)},
)

TRACKED = {"document_number": 12, "reasons": "From Word.", "file": "tracked"}
endpoint(
    "POST /api/v1/drafting/texts/{text_slug}/proposals/import",
    "/api/v1/drafting/texts/{text}/proposals/import",
    multipart=True,
    actor="other_delegate",
    valid=TRACKED,
    bad={
        "empty": {},
        "no file": but(TRACKED, file=OMIT),
        "no document number": but(TRACKED, document_number=OMIT),
        "document number of text": but(TRACKED, document_number="twelve"),
        "document number zero": but(TRACKED, document_number=0),
        "document number taken": but(TRACKED, document_number=1),
        "file that is no docx": but(TRACKED, file="exe"),
        "empty file": but(TRACKED, file="empty"),
        "reasons too long": but(TRACKED, reasons=LONG + LONG),
    },
    bad_paths={
        "unknown text": ("/api/v1/drafting/texts/no-such-text/proposals/import", 404),
    },
)

NEW_SESSION = {"code": "C27", "start_date": "2027-05-04", "end_date": "2027-05-14"}
endpoint(
    "POST /api/v1/reports/council/sessions",
    "/api/v1/reports/council/sessions",
    valid=but(NEW_SESSION, venue={"en": "Geneva"}),
    bad={
        "empty": {},
        "code not like C26": but(NEW_SESSION, code="Council 2027"),
        "code too long": but(NEW_SESSION, code=LONG),
        "not a date": but(NEW_SESSION, start_date="4 May 2027"),
        "ends before it starts": but(NEW_SESSION, end_date="2027-05-01"),
        "session already recorded": but(NEW_SESSION, code="C26"),
        "venue not an object": but(NEW_SESSION, venue="Geneva"),
        "unknown field": but(NEW_SESSION, room="Popov"),
    },
)
NEW_ITEM = {"session": "C26", "number": "8", "title": {"en": "Other reports"}}
endpoint(
    "POST /api/v1/reports/council/agenda-items",
    "/api/v1/reports/council/agenda-items",
    valid=NEW_ITEM,
    bad={
        "empty": {},
        "no title": but(NEW_ITEM, title={}),
        "item already recorded": but(NEW_ITEM, number="7"),
        "number too long": but(NEW_ITEM, number=LONG),
        "unknown language": but(NEW_ITEM, title={"xx": "Other"}),
    },
    bad_paths={},
)
SUBMISSION = {
    "group": "{group}",
    "meetings": "{past_meeting_number_text}",
    "session": "C26",
    "agenda_item": "7",
    "document_date": "{yesterday}",
    "original_language": "en",
}
endpoint(
    "POST /api/v1/reports/council/submissions",
    "/api/v1/reports/council/submissions",
    valid=SUBMISSION,
    # The world's records do not make a complete Chair's report: reaching the service shows as
    # its 409 naming what the report lacks (the submission itself is tested in reports).
    valid_status={200, 409},
    bad={
        "empty": {},
        "no date": but(SUBMISSION, document_date=OMIT),
        "not a date": but(SUBMISSION, document_date="yesterday"),
        "unknown language": but(SUBMISSION, original_language="de"),
        "unknown meetings": but(SUBMISSION, meetings="9999"),
        "meetings not numbers": but(SUBMISSION, meetings="twenty"),
        "agenda item of no session": but(SUBMISSION, agenda_item="99"),
        "group too long": but(SUBMISSION, group=LONG),
    },
)
OUTCOME_IN = {"symbol": "C26/1", "outcome": "took_note", "date": "{in_30_days}"}
endpoint(
    "POST /api/v1/reports/council/outcomes",
    "/api/v1/reports/council/outcomes",
    valid=but(OUTCOME_IN, reference="Decision 640"),
    bad={
        "empty": {},
        "unknown outcome": but(OUTCOME_IN, outcome="rejected"),
        "before the document": but(OUTCOME_IN, date="2000-01-01"),
        "not a date": but(OUTCOME_IN, date="soon"),
        "reference too long": but(OUTCOME_IN, reference=LONG),
    },
)


def _council(secretariat, group, meeting_number) -> dict:
    """Session C26 with agenda item 7 and a report of the group submitted to it as C26/1."""
    CouncilSubmissionFactory(
        agenda_item=CouncilAgendaItemFactory(number="7"),
        group=group,
        meetings=[meeting_number + 1000],
        number=1,
        document_date=timezone.localdate(),
        submitted_by=secretariat,
    )
    return {"past_meeting_number_text": str(meeting_number)}


# ---- the world every request runs against -----------------------------------------------------


def _consultations(secretariat, group) -> dict:
    from cwg.consultations import services as consultation_services
    from cwg.consultations.models import Submission

    now = timezone.now()
    made = {}
    for slug in ("draft-consultation", "open-consultation"):
        made[slug] = consultation_services.create_consultation(
            secretariat,
            group=group,
            slug=slug,
            topic={"en": "Multilingualization of the Internet"},
            languages=["en", "fr"],
            questions=[{"text": {"en": "What can be done?"}}],
            opens_at=now - dt.timedelta(hours=1),
            closes_at=now + dt.timedelta(days=10),
        )
    consultation = consultation_services.transition(secretariat, made["open-consultation"], "open")
    submission = consultation_services.submit(None, consultation, dict(NEW_SUBMISSION)).submission
    # A campaign as the detector stores it: one response is enough to review or dismiss.
    campaign = CampaignFactory(
        consultation=consultation, key="bad-input", representative=submission, size=1
    )
    submission.campaign = campaign
    submission.save(update_fields=["campaign"])
    # A second exact copy, so that one response can be split off and one left.
    other = consultation_services.submit(None, consultation, dict(NEW_SUBMISSION)).submission
    Submission.objects.filter(pk__in=[submission.pk, other.pk]).update(
        campaign=campaign, campaign_tier="exact"
    )
    campaign.size = campaign.copies = 2
    campaign.save()
    dismissal = CampaignDismissalFactory(consultation=consultation)
    return {
        "draft_consultation": "draft-consultation",
        "open_consultation": consultation.slug,
        "receipt": submission.receipt,
        "other_receipt": other.receipt,
        "campaign": campaign.pk,
        "dismissal": dismissal.pk,
    }


def _drafting(secretariat, group, other_delegate) -> dict:
    from cwg.drafting import services as drafting_services

    text = drafting_services.create_text(
        secretariat, group, slug="res-bad-input", title={"en": "A resolution"}
    )
    drafting_services.load_version(
        secretariat, text, "RESOLUTION 1\nconsidering\na) that one;\nresolves\n1 to act.", "en"
    )
    contribution = drafting_services.submit_proposals(
        other_delegate,
        text,
        origin=other_delegate.memberships.get().member_state.iso3,
        document_number=1,
        items=[{"mark": "SUP", "ref": "resolves 1", "reasons": "r"}],
    )
    other_group_decision = DecisionFactory(meeting=MeetingFactory(group=GroupFactory()))
    return {
        "text": text.slug,
        "proposal": contribution.proposals.get().pk,
        "other_group_decision": other_group_decision.pk,
    }


def _annexes(secretariat, group, meeting) -> dict:
    """A text the group agreed (already annexed to the cycle report) and one still in draft."""
    from cwg.drafting import services as drafting_services
    from cwg.reports import services as report_services

    slugs = {}
    for name, agree in (("agreed_text", True), ("draft_text", False)):
        text = drafting_services.create_text(
            secretariat, group, slug=name.replace("_", "-"), title={"en": "A resolution"}
        )
        drafting_services.load_version(secretariat, text, "RESOLUTION 1\nresolves\n1 to act.", "en")
        revision = drafting_services.build_revision(
            secretariat, text, accept=[], rewordings={"resolves 1": "1 to act now."}
        )
        if agree:
            drafting_services.agree_revision(secretariat, revision, meeting)
        slugs[name] = text.slug
    report_services.annex_text(secretariat, group, "cycle", slugs["agreed_text"])
    return slugs


def _analyses(secretariat, group) -> dict:
    from cwg.analysis import services as analysis_services

    analysis_services.load_reference_mandates(secretariat)
    analysis = analysis_services.create_analysis(secretariat, group, title="WSIS+20 review")
    analysis_services.import_document(
        secretariat, analysis, data=OUTCOME.encode(), filename="outcome.txt"
    )
    empty = analysis_services.create_analysis(secretariat, group, title="Another review")
    return {
        "analysis": analysis.pk,
        "empty_analysis": empty.pk,
        "paragraph": analysis.paragraphs.order_by("pk").first().pk,
    }


@pytest.fixture
def world(personas, settings, tmp_path, request, monkeypatch):
    """Records for every endpoint; the secretariat also serves the platform (may set up groups).
    Consultations and gap analyses are made only for the cases that use them."""
    monkeypatch.setenv("CWG_DISABLE_EMBEDDINGS", "1")
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    MembershipFactory(person=personas.secretariat, role=Role.SECRETARIAT, group=None)
    secretariat = type(personas.secretariat).objects.get(pk=personas.secretariat.pk)
    group = personas.group
    other_group = GroupFactory(slug="other-group")
    today = timezone.localdate()
    records = build_meeting_records(personas, secretariat)
    meeting, past_meeting = records.meeting, records.past_meeting
    past_document = DocumentFactory(meeting=past_meeting)
    hidden_group = GroupFactory(slug="hidden-group", visibility="members")
    hidden_document = DocumentFactory(meeting=MeetingFactory(group=hidden_group))
    resolution = ResolutionFactory()
    newcomer = type(personas.delegate).objects.create(username="newcomer", first_name="New")
    Organisation.objects.get_or_create(name="Observer Org", category=OrganisationCategory.ACADEMIA)
    key = getattr(getattr(request.node, "callspec", None), "params", {}).get("key", ("", ""))
    extra = {}
    if "/consultations" in key[1]:
        extra.update(_consultations(secretariat, group))
    if "/drafting" in key[1]:
        extra.update(_drafting(secretariat, group, personas.other_delegate))
    if "/analyses" in key[1]:
        extra.update(_analyses(secretariat, group))
    if "/reports/annexes" in key[1]:
        extra.update(_annexes(secretariat, group, past_meeting))
    if "/reports/council" in key[1]:
        extra.update(_council(secretariat, group, past_meeting.number))
    return {
        "personas": personas,
        "values": {
            "group": group.slug,
            "other_group": other_group.slug,
            "meeting": meeting.pk,
            "meeting_number": meeting.number,
            "past_meeting": past_meeting.pk,
            "past_meeting_number": past_meeting.number,
            "document": records.document.pk,
            "past_document": past_document.pk,
            "hidden_document": hidden_document.pk,
            "resolution": resolution.pk,
            "resolution_number": resolution.number,
            "venue": VenueFactory().pk,
            "item": records.item.pk,
            "participant": records.participant.pk,
            "decision": records.decision.pk,
            "action": records.action.pk,
            "report": records.report.pk,
            "state": personas.state.iso3,
            "other_state": personas.other_state.iso3,
            "delegate_id": personas.delegate.pk,
            "stakeholder_id": personas.stakeholder.pk,
            "newcomer": newcomer.username,
            "yesterday": (today - dt.timedelta(days=1)).isoformat(),
            "in_30_days": (today + dt.timedelta(days=30)).isoformat(),
            "in_60_days": (today + dt.timedelta(days=60)).isoformat(),
            "in_90_days": (today + dt.timedelta(days=90)).isoformat(),
            **extra,
        },
        "media": settings.MEDIA_ROOT,
    }


def fill(value, values: dict):
    """Replace "{name}" placeholders; a value that is only a placeholder keeps its type."""
    if isinstance(value, str):
        if value.startswith("{") and value.endswith("}") and value[1:-1] in values:
            return values[value[1:-1]]
        return value
    if isinstance(value, list):
        return [fill(v, values) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, values) for k, v in value.items()}
    return value


def upload(kind: str, values: dict):
    if kind == "tracked":
        from cwg.drafting.models import Provision
        from cwg.testing.drafting import tracked_insertion

        provision = Provision.objects.get(text__slug=values["text"], ref="considering a)")
        data = tracked_insertion(provision, "a) that ", "all ", "one;", values["other_state"])
        return SimpleUploadedFile("proposals.docx", data)
    if kind == "pdf":
        return pdf()
    if kind == "exe":
        return SimpleUploadedFile("tool.exe", b"MZ\x90\x00" + b"\x00" * 64, "application/pdf")
    if kind == "empty":
        return SimpleUploadedFile("empty.pdf", b"", "application/pdf")
    if kind == "outcome":
        return SimpleUploadedFile("outcome.txt", OUTCOME.encode(), "text/plain")
    raise ValueError(kind)


def send(client, spec: Endpoint, path: str, body, values: dict):
    method = getattr(client, spec.method)
    if body is None:
        return method(path)
    if spec.multipart:
        data = {
            k: (upload(v, values) if k == "file" else str(v)) for k, v in fill(body, values).items()
        }
        if spec.method == "post":
            return client.post(path, data)
        raise AssertionError("multipart is only used with POST")
    # A string body is sent as it is: deliberately malformed JSON.
    payload = body if isinstance(body, str) else json.dumps(fill(body, values))
    return method(path, payload, content_type="application/json")


def state_of_the_world(media: Path) -> dict[str, str]:
    """A fingerprint of every row of the checked apps and the audit trail, and of stored files."""
    fingerprint: dict[str, str] = {}
    for label in COUNTED_APPS:
        for model in apps.get_app_config(label).get_models():
            rows = list(model.objects.order_by("pk").values_list())
            fingerprint[model._meta.label] = (
                hashlib.sha256(repr(rows).encode("utf-8")).hexdigest() + f":{len(rows)}"
            )
    files = sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())
    fingerprint["files"] = ",".join(files) if media.exists() else ""
    return fingerprint


def login(client, world, actor: str):
    if actor != "anonymous":
        client.force_login(getattr(world["personas"], actor))


# ---- the tests --------------------------------------------------------------------------------


def test_every_write_endpoint_of_the_core_apps_is_covered():
    from cwg.api import api

    schema = api.get_openapi_schema()
    writes = set()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            tags = set(operation.get("tags", []))
            if method in {"post", "put", "patch", "delete"} and tags & set(CHECKED_APPS):
                writes.add((method.upper(), path))
    assert writes, "the schema lists no write endpoint"
    assert writes - set(ENDPOINTS) == set(), "write endpoints without bad-input cases"
    assert set(ENDPOINTS) - writes == set(), "cases for endpoints the API no longer has"


VALID_CASES = [pytest.param(key, id=f"{key[0]} {key[1]}") for key in ENDPOINTS]
BAD_CASES = [
    pytest.param(key, name, id=f"{key[0]} {key[1]} :: {name}")
    for key, spec in ENDPOINTS.items()
    for name in spec.bad
]
BAD_PATH_CASES = [
    pytest.param(key, name, id=f"{key[0]} {key[1]} :: {name}")
    for key, spec in ENDPOINTS.items()
    for name in spec.bad_paths
]


@pytest.mark.parametrize("key", VALID_CASES)
def test_the_valid_request_is_accepted(client, world, key):
    spec = ENDPOINTS[key]
    values = world["values"]
    login(client, world, spec.actor)
    body = None if spec.valid is None else spec.valid
    response = send(client, spec, spec.path.format(**values), body, values)
    assert response.status_code in spec.valid_status, response.content[:500]


@pytest.mark.parametrize(("key", "case"), BAD_CASES)
def test_bad_input_is_refused_with_a_message_and_nothing_is_stored(client, world, key, case):
    spec = ENDPOINTS[key]
    values = world["values"]
    login(client, world, spec.actor)
    before = state_of_the_world(world["media"])
    response = send(client, spec, spec.path.format(**values), spec.bad[case], values)
    assert response.status_code in REFUSED, (response.status_code, response.content[:500])
    body = response.json()
    assert isinstance(body.get("detail"), str) and body["detail"].strip(), body
    after = state_of_the_world(world["media"])
    changed = [name for name in before if before[name] != after[name]]
    assert changed == [], f"refused request changed {changed}"


@pytest.mark.parametrize(("key", "case"), BAD_PATH_CASES)
def test_a_bad_path_is_refused_with_a_message(client, world, key, case):
    spec = ENDPOINTS[key]
    values = world["values"]
    login(client, world, spec.actor)
    path, status = spec.bad_paths[case]
    path = path.format(**values)
    before = state_of_the_world(world["media"])
    body = None if spec.valid is None else fill(spec.valid, values)
    response = send(client, spec, path, body, values)
    assert response.status_code == status, response.content[:500]
    assert response.json()["detail"]
    assert state_of_the_world(world["media"]) == before
