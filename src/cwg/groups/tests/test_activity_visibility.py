"""A group's activity and the history pages show each reader only the events of records they may
see, and never a secret: every event type of the demo (with drafts, hidden and unpublished
responses added) for every persona."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from cwg import demo
from cwg.analysis import permissions as analysis_permissions
from cwg.analysis.models import GapAnalysis, Review, SuggestionRun
from cwg.consultations import permissions as consultation_permissions
from cwg.consultations import services as consultation_services
from cwg.consultations.models import Attachment, Compilation, Consultation, Submission
from cwg.core import history
from cwg.core.models import AuditEvent
from cwg.decisions import permissions as decision_permissions
from cwg.decisions import services as decision_services
from cwg.decisions.models import Action, Decision
from cwg.documents import permissions as document_permissions
from cwg.documents import services as document_services
from cwg.documents.models import Document, DocumentRevision, MeetingReport
from cwg.documents.services import reports as report_services
from cwg.drafting import permissions as drafting_permissions
from cwg.drafting.models import Contribution, Revision, Text
from cwg.groups.models import Group, GroupResolution
from cwg.groups.permissions import can_view_group
from cwg.meetings import services as meeting_services
from cwg.meetings.models import AgendaItem, Meeting, Participant, Subscription
from cwg.meetings.permissions import can_see_participants, can_view_meeting
from cwg.registry.access import is_member, is_secretariat
from cwg.registry.models import Membership, Person
from cwg.reports import permissions as report_permissions
from cwg.reports.models import CouncilSubmission, CoverSheet
from cwg.testing.factories import MeetingFactory
from cwg.testing.personas import NAMES, build_personas

MEDIA = tempfile.mkdtemp(prefix="cwg-activity-")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PRIVATE_PDF = b"%PDF-1.4\n%private answer\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# Words that occur only in records kept from most readers.
DRAFT_DECISION = "Zxqvdraft decision"
DRAFT_ACTION = "Zxqvdraft action"
DRAFT_CONSULTATION = "Kwyjibo draft round"
DRAFT_REPORT = "Vlorp draft report"
CIRCULATED_REPORT = "Glemph circulated report"
MEMBERS_ONLY = "members-only"


def _get(model, pk):
    return model.objects.filter(pk=pk).first()


def _seen_through(predicate, model):
    def check(user, event):
        record = _get(model, event.object_id) if event.object_id.isdigit() else None
        return record is not None and predicate(user, record)

    return check


def _submissions(user, event):
    ids = [row["id"] for row in (event.after or {}).get("submissions", [])] or [
        int(event.object_id)
    ]
    found = list(Submission.objects.filter(pk__in=ids).select_related("consultation__group"))
    return len(found) == len(ids) and all(
        consultation_permissions.can_view_submission(user, s) for s in found
    )


# The oracle: each record type as its own pages decide (the predicates, not the queries).
ORACLE = {
    "meetings.meeting": _seen_through(can_view_meeting, Meeting),
    "meetings.agendaitem": _seen_through(lambda u, i: can_view_meeting(u, i.meeting), AgendaItem),
    "meetings.participant": _seen_through(
        lambda u, p: can_see_participants(u, p.meeting), Participant
    ),
    "meetings.subscription": _seen_through(lambda u, s: s.person_id == u.pk, Subscription),
    "decisions.decision": _seen_through(decision_permissions.can_view_decision, Decision),
    "decisions.action": _seen_through(
        lambda u, a: decision_permissions.can_view_decision(u, a.decision), Action
    ),
    "documents.document": _seen_through(document_permissions.can_view, Document),
    "documents.documentrevision": _seen_through(
        lambda u, r: document_permissions.can_view(u, r.document), DocumentRevision
    ),
    "documents.meetingreport": _seen_through(
        lambda u, r: document_permissions.can_view(u, r.document), MeetingReport
    ),
    "consultations.consultation": _seen_through(
        consultation_permissions.can_view_consultation, Consultation
    ),
    "consultations.compilation": _seen_through(
        lambda u, c: consultation_permissions.can_view_consultation(u, c.consultation), Compilation
    ),
    "consultations.submission": _submissions,
    "groups.group": _seen_through(can_view_group, Group),
    "groups.groupresolution": _seen_through(
        lambda u, r: can_view_group(u, r.group), GroupResolution
    ),
    "registry.membership": _seen_through(lambda u, m: is_member(u, m.group_id), Membership),
    "analysis.gapanalysis": _seen_through(analysis_permissions.can_view, GapAnalysis),
    "analysis.suggestionrun": _seen_through(
        lambda u, r: analysis_permissions.can_view(u, r.analysis), SuggestionRun
    ),
    "analysis.review": _seen_through(
        lambda u, r: analysis_permissions.can_view(u, r.paragraph.analysis), Review
    ),
    "reports.coversheet": _seen_through(
        lambda u, c: report_permissions.can_generate_report(u, c.group), CoverSheet
    ),
    "reports.councilsubmission": _seen_through(
        lambda u, s: report_permissions.can_see_council_submissions(u, s.group), CouncilSubmission
    ),
    "drafting.text": _seen_through(drafting_permissions.can_view_text, Text),
    "drafting.contribution": _seen_through(
        lambda u, c: drafting_permissions.can_view_text(u, c.text), Contribution
    ),
    "drafting.revision": _seen_through(drafting_permissions.can_view_revision, Revision),
}


def may_see(user, event: AuditEvent) -> bool:
    if is_secretariat(user, event.group_id):
        return True  # the secretariat keeps the group's whole trail
    check = ORACLE.get(event.object_type)
    return check is not None and check(user, event)


@override_settings(
    MEDIA_ROOT=MEDIA, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
)
class ActivityVisibilityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        demo.load_demo()
        # The personas take the demo's user names: the demo's people step aside.
        Person.objects.all().update(username=Concat(Value("demo-"), F("username")))
        group = Group.objects.get(slug="cwg-internet")
        cls.group = group
        cls.personas = p = build_personas(group)
        secretariat = p.secretariat
        today = timezone.localdate()
        held = Meeting.objects.get(group=group, number=23)

        decision = decision_services.record_decision(
            secretariat, held, text={"en": DRAFT_DECISION}, addressee_kind="council"
        )
        decision_services.add_action(
            secretariat, decision, description={"en": DRAFT_ACTION}, assignee_kind="secretariat"
        )

        consultation_services.create_consultation(
            secretariat,
            group=group,
            slug="draft-round",
            topic={"en": DRAFT_CONSULTATION},
            languages=["en"],
            questions=[{"text": {"en": "What next?"}}],
            opens_at=timezone.now() + dt.timedelta(days=5),
            closes_at=timezone.now() + dt.timedelta(days=20),
        )
        open_round = consultation_services.create_consultation(
            secretariat,
            group=group,
            slug="open-round",
            topic={"en": "An open round"},
            languages=["en"],
            questions=[{"text": {"en": "What now?"}}],
            opens_at=timezone.now() - dt.timedelta(hours=1),
            closes_at=timezone.now() + dt.timedelta(days=20),
        )
        open_round = consultation_services.transition(secretariat, open_round, "open")
        answer = {
            "name": "Ana Respondent",
            "organisation": "Open Web Society",
            "category": "civil_society",
            "country": "FRA",
            "language": "en",
            "answers": {"1": "More of the same."},
        }
        kept = consultation_services.submit(
            p.anonymous,
            open_round,
            {**answer, "consent_to_publication": False},
            files=[("private.pdf", PRIVATE_PDF)],
            idempotency_key="idem-key-private-0001",
        ).submission
        published = consultation_services.submit(
            p.anonymous,
            open_round,
            {**answer, "consent_to_publication": True},
            idempotency_key="idem-key-public-0002",
        ).submission
        hidden = consultation_services.submit(
            p.anonymous, open_round, {**answer, "consent_to_publication": True}
        ).submission
        consultation_services.hide_submission(secretariat, hidden, "Abusive")
        cls.kept, cls.published, cls.hidden = kept, published, hidden

        drafted = MeetingFactory(
            group=group,
            number=24,
            start_date=today - dt.timedelta(days=20),
            end_date=today - dt.timedelta(days=19),
        )
        circulated = MeetingFactory(
            group=group,
            number=25,
            start_date=today - dt.timedelta(days=10),
            end_date=today - dt.timedelta(days=9),
        )
        cls.draft_report = report_services.create_report(
            secretariat, drafted, title={"en": DRAFT_REPORT}
        )
        cls.circulated_report = report_services.create_report(
            secretariat,
            circulated,
            title={"en": CIRCULATED_REPORT},
            file=SimpleUploadedFile("report.pdf", PDF, "application/pdf"),
        )
        report_services.change_state(secretariat, cls.circulated_report, "circulated")
        meeting_services.add_agenda_item(secretariat, drafted, title={"en": "Opening"})
        meeting_services.register_participant(
            secretariat, drafted, p.delegate, kind="delegate", member_state=p.state
        )
        meeting_services.subscribe(p.delegate, group)
        cls.closed_document = Document.objects.filter(group=group).exclude(
            document_type="meeting_report"
        )[0]
        document_services.set_access_level(secretariat, cls.closed_document, "members")

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def _client(self, name):
        self.client.logout()
        if name != "anonymous":
            self.client.force_login(getattr(self.personas, name))
        return self.client

    def _secrets(self) -> list[str]:
        secrets = list(Submission.objects.values_list("receipt", flat=True))
        secrets += [k for k in Submission.objects.values_list("idempotency_key", flat=True) if k]
        secrets += list(Attachment.objects.values_list("sha256", flat=True))
        secrets += [e for e in Person.objects.values_list("email", flat=True) if e]
        return secrets

    def _activity(self, client) -> list[dict]:
        url = f"/api/v1/groups/{self.group.slug}/activity"
        entries, before = [], None
        while True:
            response = client.get(url, {"before": before} if before else {})
            self.assertEqual(response.status_code, 200)
            page = response.json()
            entries += page
            if len(page) < 100:
                return entries
            before = page[-1]["id"]

    def test_the_demo_has_the_records_this_test_speaks_of(self):
        types = set(
            AuditEvent.objects.filter(group_id=self.group.pk).values_list("object_type", flat=True)
        )
        # Every record type of the group's trail is registered and judged by the oracle.
        self.assertLessEqual(types, set(history.record_types()))
        self.assertLessEqual(types, set(ORACLE))
        self.assertGreaterEqual(len(types), 12)

    def test_each_persona_sees_exactly_the_events_of_records_it_may_see(self):
        events = list(AuditEvent.objects.filter(group_id=self.group.pk).order_by("-id"))
        all_actions = {e.action for e in events}
        secrets = self._secrets()
        for name in NAMES:
            with self.subTest(persona=name):
                client = self._client(name)
                user = getattr(self.personas, name)
                if not is_member(user, self.group):
                    url = f"/api/v1/groups/{self.group.slug}/activity"
                    self.assertEqual(client.get(url).status_code, 404)
                    page = reverse("meetings:activity", args=[self.group.slug])
                    self.assertEqual(client.get(page).status_code, 404)
                    continue
                shown = self._activity(client)
                expected = [e.id for e in events if may_see(user, e)]
                self.assertEqual([entry["id"] for entry in shown], expected)
                body = json.dumps(shown)
                for secret in secrets:
                    self.assertNotIn(secret, body)
                if name == "secretariat":
                    self.assertEqual({entry["action"] for entry in shown}, all_actions)
                if name in ("delegate", "other_delegate", "council_member"):
                    for word in (DRAFT_DECISION, DRAFT_ACTION, DRAFT_CONSULTATION, DRAFT_REPORT):
                        self.assertNotIn(word, body)
                    self.assertIn(CIRCULATED_REPORT, body)
                    ids = {(entry["record_type"], entry["record_id"]) for entry in shown}
                    self.assertNotIn(("consultations.submission", str(self.kept.pk)), ids)
                    self.assertNotIn(("consultations.submission", str(self.hidden.pk)), ids)
                if name in ("chair", "vice_chair"):
                    for word in (DRAFT_DECISION, DRAFT_CONSULTATION, DRAFT_REPORT):
                        self.assertIn(word, body)

    def test_the_activity_page_shows_no_draft_or_secret_to_a_delegate(self):
        secrets = self._secrets()
        for name in ("delegate", "council_member", "chair", "secretariat"):
            with self.subTest(persona=name):
                client = self._client(name)
                page = client.get(reverse("meetings:activity", args=[self.group.slug]))
                self.assertEqual(page.status_code, 200)
                body = page.content.decode()
                for secret in secrets:
                    self.assertNotIn(secret, body)
                if name in ("delegate", "council_member"):
                    self.assertNotIn(DRAFT_DECISION, body)
                    self.assertNotIn(DRAFT_REPORT, body)

    def test_history_pages_exist_only_for_records_the_reader_may_see(self):
        records = {
            "decision": Decision.objects.filter(meeting__group=self.group),
            "action": Action.objects.filter(decision__meeting__group=self.group),
            "document": Document.objects.filter(group=self.group),
            "meeting-report": MeetingReport.objects.filter(meeting__group=self.group),
            "meeting": Meeting.objects.filter(group=self.group),
        }
        secrets = self._secrets()
        for name in NAMES:
            user = getattr(self.personas, name)
            client = self._client(name)
            for page_name, records_of_type in records.items():
                object_type = history.by_page_name(page_name).object_type
                for record in records_of_type:
                    with self.subTest(persona=name, record=f"{page_name} {record.pk}"):
                        event = AuditEvent(object_type=object_type, object_id=str(record.pk))
                        allowed = is_member(user, self.group) and ORACLE[object_type](user, event)
                        url = reverse("meetings:history", args=[page_name, record.pk])
                        response = client.get(url)
                        self.assertEqual(response.status_code, 200 if allowed else 404)
                        api = client.get(f"/api/v1/history/{page_name}/{record.pk}")
                        self.assertEqual(api.status_code, 200 if allowed else 404)
                        for secret in secrets:
                            self.assertNotIn(secret, response.content.decode())


def test_secrets_in_events_written_before_they_were_kept_out_are_withheld(client, personas):
    from django.db import transaction

    from cwg.core import audit

    receipt = "CWG-OLD-2025-SECRET-0001"
    with transaction.atomic():
        audit.record(
            None,
            "consultation.submission.create",
            personas.group,
            group_id=personas.group.pk,
            label="legacy",
            after={"submissions": [{"id": 1, "receipt": receipt, "idempotency_key": "k-1"}]},
        )
    client.force_login(personas.secretariat)
    shown = client.get(f"/api/v1/groups/{personas.group.slug}/activity")
    assert shown.status_code == 200 and shown.json()[0]["record"] == "legacy"
    assert receipt not in shown.content.decode() and "k-1" not in shown.content.decode()
    assert shown.json()[0]["intact"] is True  # the stored row is unchanged
    page = client.get(reverse("meetings:activity", args=[personas.group.slug])).content.decode()
    assert receipt not in page


def test_visible_ids_answers_as_the_records_own_pages(personas):
    today = timezone.localdate()
    held = MeetingFactory(group=personas.group, start_date=today, end_date=today)
    draft = decision_services.record_decision(
        personas.secretariat, held, text={"en": "Draft"}, addressee_kind="council"
    )
    approved = decision_services.record_decision(
        personas.secretariat, held, text={"en": "Approved"}, addressee_kind="council"
    )
    approved = decision_services.approve_decision(personas.secretariat, approved)
    ids = [draft.pk, approved.pk, 999999]
    for name in NAMES:
        user = getattr(personas, name)
        expected = {
            str(d.pk) for d in (draft, approved) if decision_permissions.can_view_decision(user, d)
        }
        assert history.visible_ids(user, "decisions.decision", ids) == expected, name
    assert history.visible_ids(personas.chair, "no.such_type", ids) == set()


def test_core_history_imports_no_domain_app():
    import ast
    from pathlib import Path

    import cwg.core.history
    import cwg.core.history_entries
    import cwg.core.views.audit

    domain = {
        "registry", "groups", "meetings", "documents", "consultations", "decisions",
        "analysis", "reports", "search", "demo", "testing",
    }  # fmt: skip
    for module in (cwg.core.history, cwg.core.history_entries, cwg.core.views.audit):
        tree = ast.parse(Path(module.__file__).read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                parts = name.split(".")
                assert not (parts[0] == "cwg" and len(parts) > 1 and parts[1] in domain), (
                    module.__name__,
                    name,
                )
