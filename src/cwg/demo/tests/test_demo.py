"""`cwg load-demo` holds the records of the seed Chair's report, and loading twice changes nothing."""

import atexit
import datetime as dt
import shutil
import sys
import tempfile
import types
from io import StringIO

from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, override_settings

from cwg import demo
from cwg.core.i18n import pick
from cwg.core.models import AuditEvent
from cwg.decisions.models import Action, Decision
from cwg.demo.foundation import load_foundation
from cwg.demo.records import DEMO_PASSWORD
from cwg.documents.models import Document, MeetingReport
from cwg.groups.citations import cite_many
from cwg.groups.models import Group
from cwg.groups.queries import legal_basis_resolutions
from cwg.meetings.models import Meeting
from cwg.registry.models import Membership

SEED_REFERENCES = (
    "Résolutions 102 (Rév. Bucarest, 2022) et 140 (Rév. Bucarest, 2022) de la Conférence de "
    "plénipotentiaires; Résolutions 1305 (Mod. 2019) et 1336 (Mod. 2019) du Conseil"
)
SEED_MEASURE = (
    "Les membres ont noté que le document issu du SMSI+20 est un cadre large qui porte à la fois "
    "sur des questions qui relèvent du mandat de l'UIT et sur d'autres questions relevant du "
    "mandat d'autres organisations. Rappelant la décision prise par le GTC\u2011SMSI/ODD de "
    "préparer une analyse des lacunes concernant les incidences du\xa0SMSI+20 sur les travaux et "
    "les mandats actuels de l'UIT, qui sera soumise au Conseil pour étude et examen, le "
    "GTC\u2011Internet a demandé au Secrétariat de contribuer à cette analyse pour tout ce qui "
    "concerne le mandat du GTC-Internet."
)
# The demo stores the files of its documents: in a folder of the test run's own.
MEDIA = tempfile.mkdtemp(prefix="cwg-demo-")
atexit.register(shutil.rmtree, MEDIA, True)
FAST_HASHING = override_settings(
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], MEDIA_ROOT=MEDIA
)


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {"registry", "groups", "meetings", "documents", "decisions", "core", "auth"}
    }


@FAST_HASHING
class DemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.result = demo.load_demo()
        cls.group = Group.objects.get(slug="cwg-internet")

    def test_loading_again_changes_nothing(self):
        self.maxDiff = None
        counts = _counts()
        decisions = list(Decision.objects.values())
        documents = list(Document.objects.order_by("symbol").values())
        result = demo.load_demo()
        self.assertEqual(result.changes, 0)
        # Every record is unchanged; the audit trail is checked for the foundation step below.
        counts.pop("core.AuditEvent")
        after = _counts()
        after.pop("core.AuditEvent")
        self.assertEqual(after, counts)
        self.assertEqual(list(Decision.objects.values()), decisions)
        self.assertEqual(list(Document.objects.order_by("symbol").values()), documents)
        # The foundation step writes nothing at all, not even an audit event.
        events = AuditEvent.objects.count()
        with transaction.atomic():
            actor, changes = load_foundation()
        self.assertEqual((actor.username, changes), ("secretariat", 0))
        self.assertEqual(AuditEvent.objects.count(), events)

    def test_a_first_load_writes_records_with_audit_events(self):
        self.assertIn("foundation", self.result.steps)
        self.assertGreater(self.result.changes, 40)
        actions = set(AuditEvent.objects.values_list("action", flat=True))
        for action in ("group.created", "meeting.created", "decision.created", "action.created"):
            self.assertIn(action, actions)

    def test_the_command_repairs_a_changed_record(self):
        Group.objects.filter(pk=self.group.pk).update(acronym={"en": "changed"})
        out = StringIO()
        call_command("load_demo", stdout=out)
        self.assertIn("foundation records written: 1", out.getvalue())
        self.assertIn(DEMO_PASSWORD, out.getvalue())
        self.group.refresh_from_db()
        self.assertEqual(self.group.acronym["fr"], "GTC-Internet")

    def test_the_group_as_the_seed_describes_it(self):
        group = self.group
        self.assertEqual(group.display_acronym("en"), "CWG-Internet")
        self.assertEqual(group.display_acronym("fr"), "GTC-Internet")
        self.assertEqual(
            group.display_name("fr"),
            "Groupe de travail du Conseil sur les questions de politiques publiques "
            "internationales relatives à l'Internet",
        )
        self.assertEqual(group.symbol_prefix, "CWG-INTERNET")
        self.assertEqual(group.participation, "member_states")
        self.assertTrue(group.holds_open_consultations)
        wsis = Group.objects.get(slug="cwg-wsis-sdg")
        self.assertEqual(wsis.display_acronym("en"), "CWG-WSIS&SDG")

    def test_legal_basis_gives_the_seed_reference_line(self):
        self.assertEqual(cite_many(legal_basis_resolutions(self.group), "fr"), SEED_REFERENCES)
        roles = {
            (link.resolution.number, link.role)
            for link in self.group.legal_basis.select_related("resolution")
        }
        self.assertEqual(
            roles,
            {
                ("102", "accordance"),
                ("140", "accordance"),
                ("1305", "issues"),
                ("1336", "establishes"),
                ("1336", "mandate"),
                ("102", "instructs"),
            },
        )
        instructs = self.group.legal_basis.get(role="instructs")
        for language in ("fr", "en"):
            self.assertEqual(instructs.summary[language].count("–\t"), 4)
        self.assertTrue(instructs.summary["fr"].startswith("–\tde prier le GTC-Internet"))
        self.assertIn("Plenipotentiary Conference", instructs.summary["en"])

    def test_resolution_titles_only_where_the_mandate_index_gives_one(self):
        titles = {
            link.resolution.number: link.resolution.title for link in self.group.legal_basis.all()
        }
        self.assertTrue(titles["102"]["en"].startswith("ITU's role with regard to"))
        self.assertEqual((titles["140"], titles["1305"], titles["1336"]), ({}, {}, {}))

    def test_officers_and_demo_people(self):
        chair = Membership.objects.get(group=self.group, role="chair")
        self.assertEqual(chair.person.get_full_name(), "Wojciech Berezowski")
        self.assertEqual(chair.member_state.iso3, "POL")
        self.assertEqual(chair.member_state.names["fr"], "Pologne")
        vice = Membership.objects.filter(group=self.group, role="vice_chair")
        self.assertEqual(vice.count(), 2)
        self.assertTrue(all(m.person.last_name.endswith("(demo)") for m in vice))
        delegates = Membership.objects.filter(group=self.group, role="delegate")
        self.assertEqual(
            sorted(delegates.values_list("member_state__iso3", flat=True)),
            ["BRA", "FRA", "IND", "KEN"],
        )
        self.assertTrue(
            Membership.objects.filter(
                person__username="secretariat", role="secretariat", group=None
            ).exists()
        )

    def test_demo_logins(self):
        for username in ("secretariat", "chair", "delegate"):
            self.assertIsNotNone(authenticate(username=username, password=DEMO_PASSWORD))
        self.assertIsNone(authenticate(username="chair", password="wrong password"))

    def test_meetings_at_itu_headquarters(self):
        m22, m23 = Meeting.objects.filter(group=self.group).order_by("number")
        self.assertEqual(
            (m22.number, m22.start_date, m22.end_date),
            (22, dt.date(2025, 9, 15), dt.date(2025, 9, 16)),
        )
        self.assertEqual(
            (m23.number, m23.start_date, m23.end_date),
            (23, dt.date(2026, 1, 20), dt.date(2026, 1, 20)),
        )
        self.assertEqual({m22.status, m23.status}, {"held"})
        venue = m22.venue
        self.assertEqual(venue, m23.venue)
        phrase = f"{pick(venue.name, 'fr')} à {pick(venue.city, 'fr')} ({venue.country.name('fr')})"
        self.assertEqual(phrase, "siège de l'UIT à Genève (Suisse)")

    def test_reports_are_approved(self):
        r22 = MeetingReport.objects.get(meeting__number=22, meeting__group=self.group)
        r23 = MeetingReport.objects.get(meeting__number=23, meeting__group=self.group)
        self.assertEqual((r22.state, r23.state), ("approved", "approved"))
        self.assertEqual(r22.approved_at_meeting.number, 23)
        self.assertEqual(r22.approved_on, dt.date(2026, 1, 20))
        self.assertIsNone(r23.approved_at_meeting)
        self.assertEqual(r23.approved_on, dt.date(2026, 2, 27))
        self.assertEqual(r22.document.symbol, "CWG-INTERNET-22/5")
        self.assertEqual(r23.document.symbol, "CWG-INTERNET-23/2")
        self.assertEqual(r22.document.document_type, "meeting_report")

    def test_contributions_by_member_states_at_the_22nd_meeting(self):
        contributions = Document.objects.filter(
            meeting__number=22, meeting__group=self.group, document_type="contribution"
        ).order_by("number")
        self.assertEqual(
            [sorted(d.source_states.values_list("iso3", flat=True)) for d in contributions],
            [["FRA"], ["BRA", "KEN"], ["IND"]],
        )
        for document in contributions:
            self.assertEqual(document.source_kind, "member_state")
            self.assertLess(document.submitted_at.date(), dt.date(2025, 9, 15))
            self.assertIsNotNone(document.submitting_state)
        meeting = Meeting.objects.get(group=self.group, number=22)
        self.assertGreater(meeting.next_document_number, 5)

    def test_the_decision_of_the_23rd_meeting(self):
        decision = Decision.objects.get(meeting__group=self.group, meeting__number=23)
        self.assertEqual(decision.status, "approved")
        self.assertEqual(decision.approved_at, dt.date(2026, 1, 20))
        self.assertEqual(f"{decision.noted['fr']} {decision.text['fr']}", SEED_MEASURE)
        self.assertTrue(decision.noted["en"].startswith("Members noted that the WSIS+20 outcome"))
        self.assertIn("requested the Secretariat to contribute", decision.text["en"])
        self.assertEqual(decision.addressee_kind, "secretariat")
        self.assertEqual(
            list(decision.related_groups.values_list("slug", flat=True)), ["cwg-wsis-sdg"]
        )
        action = Action.objects.get(decision=decision)
        self.assertEqual((action.assignee_kind, action.status), ("secretariat", "open"))
        self.assertIn("gap analysis", action.description["en"])

    def test_api_lists_cwg_internet(self):
        slugs = [g["slug"] for g in self.client.get("/api/v1/groups").json()]
        self.assertIn("cwg-internet", slugs)


@FAST_HASHING
class OptionalStepsTests(TestCase):
    def test_missing_modules_are_skipped_and_present_ones_get_the_secretariat(self):
        calls = []
        fake = types.ModuleType("cwg_fake_demo_step")
        fake.load = calls.append
        sys.modules["cwg_fake_demo_step"] = fake
        try:
            original = demo.OPTIONAL_STEPS
            demo.OPTIONAL_STEPS = ("cwg_fake_demo_step", "cwg.nothing_here.demo")
            result = demo.load_demo()
        finally:
            demo.OPTIONAL_STEPS = original
            del sys.modules["cwg_fake_demo_step"]
        self.assertEqual(result.skipped, ["cwg.nothing_here.demo"])
        self.assertEqual([person.username for person in calls], ["secretariat"])
