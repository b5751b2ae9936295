"""Demo records of consultations: CWG-Internet's real past rounds, and demonstration rounds."""

from __future__ import annotations

import csv
import datetime as dt
import random
import re
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from cwg.consultations import services
from cwg.consultations.models import Consultation, ConsultationState
from cwg.consultations.services import campaigns as campaign_runs
from cwg.core.audit import record, snapshot
from cwg.groups.models import Group
from cwg.meetings.models import Meeting
from cwg.registry.models import MemberState

DATA = Path(__file__).parent / "data" / "cwg_internet_open_consultations.csv"
GROUP_SLUG = "cwg-internet"
NOT_FOUND = "NOT FOUND"
MULTILINGUAL_DEADLINE = dt.date(2025, 1, 13)
DEMO_23_SLUG = "cwg-internet-oc-demo-23"
# The seed says the group examined "des consultations ouvertes" at both meetings: a second round
# is recorded as examined at each (the 2024 round at the 22nd, a second demo round at the 23rd).
SECOND_ROUND_22_SLUG = "cwg-internet-oc-feb2024"
DEMO_23B_SLUG = "cwg-internet-oc-demo-23b"
DEMO_OPEN_SLUG = "cwg-internet-oc-demo-open"
GENERATED = 300
CAMPAIGN_EVERY = 7  # one response in seven is the form letter


def _slug(row: dict) -> str:
    meeting = re.match(r"(\d+)", row["launched_by_meeting"] or "")
    if meeting:
        return f"cwg-internet-oc-m{int(meeting.group(1)):02d}"
    page = re.search(r"consultation-([a-z]{3}\d{4})", row["sources"])
    if page:
        return f"cwg-internet-oc-{page.group(1)}"
    raise ValueError(f"cannot name the consultation row {row['topic'][:40]!r}")


def _deadline(text: str) -> dt.date | None:
    # Only a stated deadline closes a round ("open as of <date>" does not).
    if "deadline" not in (text or ""):
        return None
    dates = re.findall(r"\d{4}-\d{2}-\d{2}", text)
    return dt.date.fromisoformat(dates[-1]) if dates else None


def _physical_date(text: str) -> dt.date | None:
    found = re.match(r"\s*(\d{4}-\d{2}-\d{2})", text or "")
    return dt.date.fromisoformat(found.group(1)) if found else None


def _notes(row: dict) -> str:
    lines = []
    if row["launched_by_meeting"]:
        lines.append(
            f"Launched by the {row['launched_by_meeting']} meeting ({row['meeting_dates']}); "
            "that meeting is not recorded on this platform."
        )
    if row["online_consultation_period"]:
        lines.append(f"Online consultation: {row['online_consultation_period']}.")
    if row["physical_open_consultation"]:
        lines.append(f"Physical open consultation: {row['physical_open_consultation']}.")
    if row["notes"]:
        lines.append(f"Notes (summaries, not official text): {row['notes']}")
    lines.append(f"Sources: {row['sources']}")
    return "\n".join(lines)


def _meeting(group, number: int):

    return Meeting.objects.filter(group=group, number=number).first()


def load(actor, *, generated: int = GENERATED) -> int:
    """Load what is missing; return how many consultations were created."""

    group = Group.objects.filter(slug=GROUP_SLUG).first()
    if group is None:
        return 0
    created = _load_past_rounds(actor, group)
    _examined_at(actor, group, SECOND_ROUND_22_SLUG, 22)
    if not Consultation.objects.filter(slug=DEMO_23_SLUG).exists():
        _load_demo_round_23(actor, group, generated)
        created += 1
    if not Consultation.objects.filter(slug=DEMO_23B_SLUG).exists():
        _load_second_demo_round_23(actor, group)
        created += 1
    if not Consultation.objects.filter(slug=DEMO_OPEN_SLUG).exists():
        _load_open_demo_round(actor, group)
        created += 1
    return created


def _load_past_rounds(actor, group) -> int:
    created = 0
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        slug = _slug(row)
        if Consultation.objects.filter(slug=slug).exists():
            continue
        topic = row["topic"].strip()
        if topic.startswith(NOT_FOUND):
            topic = "Topic not found in the available sources"
        deadline = _deadline(row["online_consultation_period"])
        closes_at = (
            dt.datetime.combine(deadline, dt.time(23, 59), tzinfo=dt.UTC) if deadline else None
        )
        note = _notes(row)
        if closes_at:
            note += "\nThe closing day is sourced; its time of day (23:59 UTC) is not."
        with transaction.atomic():
            consultation = Consultation.objects.create(
                group=group,
                slug=slug,
                topic={"en": topic},
                languages=["en"],
                state=ConsultationState.CLOSED,
                closes_at=closes_at,
                physical_meeting_date=_physical_date(row["physical_open_consultation"]),
                notes=note,
            )
            if deadline == MULTILINGUAL_DEADLINE:
                meeting = _meeting(group, 22)
                if meeting is not None:
                    # The group examined this round's results at its 22nd meeting.
                    consultation.state = ConsultationState.EXAMINED
                    consultation.examined_at_meeting = meeting
                    consultation.save()
            record(actor, "consultation.create", consultation, after=snapshot(consultation))
        created += 1
    return created


DEMO_QUESTIONS = [
    {"text": {"en": "Demo question 1: which public-policy measures would help the Internet grow "
              "in your region?", "fr": "Question de démonstration 1 : quelles mesures de "
              "politique publique aideraient l'Internet à se développer dans votre région ?"}},
    {"text": {"en": "Demo question 2: what should the working group examine first?",
              "fr": "Question de démonstration 2 : que devrait examiner d'abord le groupe ?"}},
]  # fmt: skip

FIRST = ["Amina", "Bruno", "Chen", "Daniela", "Emeka", "Fatima", "Gustavo", "Hiroshi", "Ines",
         "Jonas", "Kavya", "Lucía", "Mehdi", "Nadia", "Olga", "Pedro", "Quentin", "Rania",
         "Sipho", "Tomasz", "Uma", "Victor", "Wanjiru", "Yusuf", "Zofia"]  # fmt: skip
LAST = ["(demo)"]
ORGS = ["Community Network Alliance (demo)", "Open Standards Lab (demo)",
        "Rural Connect Cooperative (demo)", "University Internet Policy Centre (demo)",
        "Regional ISP Association (demo)", "Digital Rights Forum (demo)", ""]  # fmt: skip
CATEGORIES = ["civil_society"] * 5 + ["private_sector"] * 3 + ["academia"] * 3 + [
    "technical_community"] * 3 + ["individual"] * 4 + ["government", "intergovernmental"]  # fmt: skip
PLACES = ["the highlands", "our island", "the suburbs", "river valleys", "mountain villages",
          "coastal provinces", "border towns", "the plains", "desert oases", "market towns",
          "camps", "fishing ports", "forest districts", "new estates", "college towns"]  # fmt: skip
SUBJECTS = ["backhaul", "local websites", "spectrum licences", "base stations", "school links",
            "women's access", "email in local scripts", "exchange points", "public access",
            "cloud prices", "rural fibre", "satellite terminals", "mobile data", "device taxes"]  # fmt: skip
VERDICTS = ["cost too much", "are rare", "fail often", "lag behind", "improved slowly",
            "are blocked", "need money", "were cut", "stay scarce", "keep rising"]  # fmt: skip
ACTORS = ["regulators", "ministries", "councils", "the secretariat", "operators",
          "universities", "lenders", "standards bodies", "donors", "parliaments"]  # fmt: skip
ACTIONS = ["map coverage", "fund co-operatives", "build exchange points", "require IPv6",
           "train teachers", "translate services", "cut duties", "share ducts", "open data",
           "subsidise power", "license spectrum", "audit prices"]  # fmt: skip
PEOPLE = ["households", "students", "firms", "teachers", "farmers", "librarians", "nurses"]
FINDINGS = ["price matters most", "language matters", "outages annoy them", "phones are shared",
            "speed is fine", "trust is low", "fees confuse them", "skills are missing"]  # fmt: skip
CONNECTORS = ["Also,", "Besides,", "Moreover,", "Still,", "Yet", "And", "So", "Frankly,"]
FORM_LETTER = (
    "As a member of the public I ask the working group to put meaningful connectivity first. "
    "Every village deserves an affordable, open and secure Internet. Governments should remove "
    "barriers for small and community operators and publish their plans for consultation."
)
FORM_ENDINGS = ["", " Thank you.", " Thank you for listening.", " Regards.", " Please act now."]


def _individual_answers(rng: random.Random) -> dict:
    """A response of its own: short phrases from many small pools, in a random order."""

    def clause() -> str:
        return (
            f"in {rng.choice(PLACES)} {rng.choice(SUBJECTS)} {rng.choice(VERDICTS)}, "
            f"so {rng.choice(ACTORS)} should {rng.choice(ACTIONS)} by {rng.randint(2026, 2040)}"
        )

    def evidence() -> str:
        return (
            f"{rng.randint(20, 5000)} {rng.choice(PEOPLE)} asked in {rng.randint(2019, 2025)} "
            f"say {rng.choice(FINDINGS)}"
        )

    first = [clause(), evidence(), clause()]
    rng.shuffle(first)
    return {
        "1": ". ".join(f"{rng.choice(CONNECTORS)} {part}" for part in first) + ".",
        "2": f"{rng.choice(CONNECTORS)} {evidence()}. {rng.choice(CONNECTORS)} {clause()}.",
    }


def _generated(rng: random.Random, states: list, count: int = GENERATED) -> list[dict]:
    rows = []
    for i in range(count):
        in_campaign = i % CAMPAIGN_EVERY == 0
        country = rng.choice(states) if rng.random() < 0.93 else None
        row = {
            "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "organisation": "" if in_campaign else rng.choice(ORGS),
            "category": "individual" if in_campaign else rng.choice(CATEGORIES),
            "country": country.iso3 if country else "",
            "country_other": "" if country else rng.choice(["Puerto Rico", "New Caledonia"]),
            "language": rng.choice(["en", "en", "en", "fr"]),
            "consent_to_publication": rng.random() < 0.85,
        }
        if in_campaign:
            row["answers"] = {"1": FORM_LETTER + rng.choice(FORM_ENDINGS)}
        else:
            row["answers"] = _individual_answers(rng)
        rows.append(row)
    return rows


def _load_demo_round_23(actor, group, generated: int) -> Consultation:
    opens = dt.datetime(2025, 10, 1, 12, 0, tzinfo=dt.UTC)
    closes = dt.datetime(2025, 12, 15, 23, 59, tzinfo=dt.UTC)
    consultation = _open_demo_round(
        actor,
        group,
        DEMO_23_SLUG,
        topic={
            "en": "Demo round examined at the 23rd meeting (its real topic is not in the "
            "available sources)",
            "fr": "Consultation de démonstration examinée à la 23e réunion (son sujet réel "
            "ne figure pas dans les sources disponibles)",
        },
        opens=opens,
        closes=closes,
        notes="Demonstration data: the 23rd meeting examined the results of open consultations, "
        "but the topic and the responses of that round are not in the available sources. "
        f"The {generated} responses here are generated, with one small form-letter campaign.",
    )
    rng = random.Random(23)
    states = list(MemberState.objects.order_by("iso3"))
    span = (closes - opens).total_seconds()
    for i, row in enumerate(_generated(rng, states, generated)):
        when = opens + dt.timedelta(seconds=span * (i + 1) / (generated + 2))
        services.submit(actor, consultation, row, now=when)
    if campaign_runs.engine_module() is not None:
        job = campaign_runs.request_full_run(actor, consultation)
        campaign_runs.run_full(job.pk)
    return _examined_at_23(actor, group, consultation, after_close=closes + dt.timedelta(minutes=1))


def _open_demo_round(actor, group, slug: str, *, topic: dict, opens, closes, notes: str):
    """A demonstration round in English and French on the demo questions, opened at `opens`."""
    consultation = services.create_consultation(
        actor,
        group=group,
        slug=slug,
        topic=topic,
        languages=["en", "fr"],
        questions=DEMO_QUESTIONS,
        opens_at=opens,
        closes_at=closes,
        is_demo=True,
        notes=notes,
    )
    return services.transition(actor, consultation, ConsultationState.OPEN, now=opens)


def _examined_at_23(actor, group, consultation, *, after_close) -> Consultation:
    """The round closed and compiled just after its close, and examined at the 23rd meeting
    when that meeting is recorded."""
    for state in (ConsultationState.CLOSED, ConsultationState.COMPILED):
        consultation = services.transition(actor, consultation, state, now=after_close)
    meeting = _meeting(group, 23)
    if meeting is not None:
        consultation = services.transition(
            actor, consultation, ConsultationState.EXAMINED, meeting=meeting
        )
    return consultation


def _examined_at(actor, group, slug: str, number: int) -> None:
    """Record a past round as examined at a meeting, once (a later load leaves it as it is)."""
    meeting = _meeting(group, number)
    consultation = Consultation.objects.filter(slug=slug, examined_at_meeting=None).first()
    if meeting is None or consultation is None:
        return
    with transaction.atomic():
        before = snapshot(consultation)
        consultation.state = ConsultationState.EXAMINED
        consultation.examined_at_meeting = meeting
        consultation.notes += (
            f"\nDemonstration data: recorded as examined at meeting {number}, as the seed says the "
            "group examined the results of open consultations there (which rounds is not sourced)."
        )
        consultation.save()
        record(
            actor, "consultation.update", consultation, before=before, after=snapshot(consultation)
        )


def _load_second_demo_round_23(actor, group) -> Consultation:
    opens = dt.datetime(2025, 10, 15, 12, 0, tzinfo=dt.UTC)
    closes = dt.datetime(2025, 12, 1, 23, 59, tzinfo=dt.UTC)
    consultation = _open_demo_round(
        actor,
        group,
        DEMO_23B_SLUG,
        topic={
            "en": "Second demo round examined at the 23rd meeting (its real topic is not in the "
            "available sources)",
            "fr": "Seconde consultation de démonstration examinée à la 23e réunion (son sujet réel "
            "ne figure pas dans les sources disponibles)",
        },
        opens=opens,
        closes=closes,
        notes="Demonstration data: the seed says the 23rd meeting examined the results of open "
        "consultations (plural); this round stands for the second one, without responses.",
    )
    return _examined_at_23(actor, group, consultation, after_close=closes + dt.timedelta(minutes=1))


def _load_open_demo_round(actor, group) -> Consultation:
    now = timezone.now().replace(microsecond=0)
    consultation = services.create_consultation(
        actor,
        group=group,
        slug=DEMO_OPEN_SLUG,
        topic={
            "en": "Demo open consultation (practice round: responses are not examined)",
            "fr": "Consultation ouverte de démonstration (essai : les réponses ne sont pas examinées)",
        },
        languages=["en", "fr", "es", "ru", "zh", "ar"],
        questions=DEMO_QUESTIONS,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=90),
        is_demo=True,
        notes="A practice round of the demonstration, open so that anyone can try responding.",
    )
    return services.transition(actor, consultation, ConsultationState.OPEN, now=now)
