"""The foundation step of the demo: people, roles, resolutions, groups, meetings, reports, decision.

Each record is looked up by its natural key and written only when it is missing or differs,
with an audit event for every write, so that a second run writes nothing. Past meetings cannot
be recorded through the submission services (they refuse documents for a meeting that has
ended), so the records are written directly, as an import of existing records would be.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group as AuthGroup
from django.contrib.auth.models import Permission
from django.db import models
from django.db.models import F
from django.db.models.functions import Greatest

from cwg.core import audit
from cwg.decisions.models import (
    Action,
    ActionStatus,
    AddresseeKind,
    Decision,
    DecisionStatus,
)
from cwg.demo import records as R
from cwg.demo.files import attach_language_files
from cwg.documents.models import (
    Document,
    DocumentRevision,
    DocumentType,
    MeetingReport,
    ReportState,
)
from cwg.groups.models import Group, GroupResolution, Resolution
from cwg.meetings.models import Meeting, MeetingStatus, Venue
from cwg.registry.loader import load_registry
from cwg.registry.models import Membership, MemberState, Organisation, Person


class _Writer:
    """Writes records idempotently and counts what it wrote."""

    def __init__(self):
        self.actor = None
        self.changes = 0

    def ensure(
        self,
        model: type[models.Model],
        lookup: dict[str, Any],
        values: dict[str, Any] | None = None,
        *,
        action: str,
        group_id: int | None = None,
        exclude: tuple[str, ...] = (),
    ):
        values = values or {}
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            obj.save()
            self.changes += 1
            audit.record(
                self.actor,
                f"{action}.created",
                obj,
                group_id=group_id,
                after=audit.snapshot(obj, exclude=exclude),
            )
            return obj
        differing = {key: value for key, value in values.items() if getattr(obj, key) != value}
        if differing:
            before = audit.snapshot(obj, exclude=exclude)
            for key, value in differing.items():
                setattr(obj, key, value)
            obj.save()
            self.changes += 1
            audit.record(
                self.actor,
                f"{action}.updated",
                obj,
                group_id=group_id,
                before=before,
                after=audit.snapshot(obj, exclude=exclude),
            )
        return obj

    def create(
        self, model: type[models.Model], values: dict[str, Any], *, action: str, group_id=None
    ):
        obj = model(**values)
        obj.save()
        self.changes += 1
        audit.record(
            self.actor, f"{action}.created", obj, group_id=group_id, after=audit.snapshot(obj)
        )
        return obj

    def ensure_m2m(self, obj, field: str, wanted: list, *, action: str, group_id=None) -> None:
        manager = getattr(obj, field)
        current = {item.pk for item in manager.all()}
        if current != {item.pk for item in wanted}:
            manager.set(wanted)
            self.changes += 1
            audit.record(
                self.actor,
                f"{action}.updated",
                obj,
                group_id=group_id,
                before={field: sorted(current)},
                after={field: sorted(item.pk for item in wanted)},
            )


def load_foundation():
    """Write the foundation records; return the demo secretariat (the actor of later steps)
    and the number of records written."""

    if MemberState.objects.count() < 194:
        load_registry()
    writer = _Writer()
    people = _people(writer)
    writer.actor = people["secretariat"]
    resolutions = _resolutions(writer)
    groups = _groups(writer, resolutions)
    _roles(writer, people, groups)
    _admin_rights(writer, people["secretariat"])
    meetings = _meetings(writer, groups["cwg-internet"])
    documents = _documents(writer, meetings, people)
    # Before the reports are approved: an approved report's files cannot change.
    writer.changes += attach_language_files(writer.actor, documents)
    _reports(writer, meetings, documents)
    _decision(writer, meetings[23], groups)
    return people["secretariat"], writer.changes


def _state(iso3: str | None):
    return MemberState.objects.get(iso3=iso3) if iso3 else None


def _people(writer: _Writer) -> dict:
    name, category = R.STAKEHOLDER_ORGANISATION
    organisation = writer.ensure(
        Organisation, {"name": name, "category": category}, action="organisation"
    )
    people = {}
    encoded_password = None
    for username, first, last, iso3, language, staff in R.PEOPLE:
        person = Person.objects.filter(username=username).first()
        values = {
            "first_name": first,
            "last_name": last,
            "email": f"{username}@demo.cwg.invalid",
            "country": _state(iso3),
            "organisation": organisation if username == "stakeholder" else None,
            "preferred_language": language,
            "is_staff": staff,
            "is_active": True,
        }
        if person is None:
            person = Person(username=username, **values)
            # The password is set once, at creation: hashing it again would change the
            # record on every run. The demo password is public, so one argon2 hash (about a
            # second of work) serves every demo account.
            if encoded_password is None:
                encoded_password = make_password(R.DEMO_PASSWORD)
            person.password = encoded_password
            person.save()
            writer.changes += 1
            audit.record(
                writer.actor,
                "person.created",
                person,
                after=audit.snapshot(person, exclude=("password", "last_login", "email")),
            )
        else:
            person = writer.ensure(
                Person,
                {"username": username},
                values,
                action="person",
                exclude=("password", "last_login"),
            )
        people[username] = person
    return people


def _resolutions(writer: _Writer) -> dict:
    result = {}
    for key, instrument, number, kind, year, place, title in R.RESOLUTIONS:
        result[key] = writer.ensure(
            Resolution,
            {"instrument": instrument, "number": number, "revision_kind": kind, "year": year},
            {"place": place, "title": title},
            action="resolution",
        )
    return result


def _groups(writer: _Writer, resolutions: dict) -> dict:
    groups = {}
    for spec, basis in (
        (R.CWG_INTERNET, R.CWG_INTERNET_LEGAL_BASIS),
        (R.CWG_WSIS_SDG, R.CWG_WSIS_SDG_LEGAL_BASIS),
    ):
        values = {key: value for key, value in spec.items() if key != "slug"}
        group = writer.ensure(Group, {"slug": spec["slug"]}, values, action="group")
        group_id = group.pk
        for order, (key, role, summary) in enumerate(basis):
            writer.ensure(
                GroupResolution,
                {"group": group, "resolution": resolutions[key], "role": role},
                {"order": order, "summary": summary},
                action="group.legal_basis",
                group_id=group_id,
            )
        groups[spec["slug"]] = group
    return groups


def _roles(writer: _Writer, people: dict, groups: dict) -> None:
    for username, role, slug, iso3 in R.ROLES:
        group = groups[slug] if slug else None
        writer.ensure(
            Membership,
            {
                "person": people[username],
                "role": role,
                "group": group,
                "member_state": _state(iso3),
            },
            action="membership",
            group_id=group.pk if group else None,
        )


def _admin_rights(writer: _Writer, secretariat) -> None:
    """The demo secretariat may use the admin for the platform's records."""

    apps = ["registry", "groups", "meetings", "documents", "decisions", "consultations"]
    permissions = list(
        Permission.objects.filter(content_type__app_label__in=apps)
        # The audit trail is read in the admin, never changed (its admin refuses changes).
        | Permission.objects.filter(content_type__app_label="core", codename="view_auditevent")
    )
    team, created = AuthGroup.objects.get_or_create(name="Secretariat")
    if created:
        writer.changes += 1
    if {p.pk for p in team.permissions.all()} != {p.pk for p in permissions}:
        team.permissions.set(permissions)
        writer.changes += 1
        audit.record(
            writer.actor,
            "auth_group.permissions_set",
            team,
            after={"permissions": len(permissions)},
        )
    if not secretariat.groups.filter(pk=team.pk).exists():
        secretariat.groups.add(team)
        writer.changes += 1
        audit.record(
            writer.actor, "person.auth_group_added", secretariat, after={"group": team.name}
        )


def _meetings(writer: _Writer, group) -> dict:
    venue_spec = R.VENUE
    venue = Venue.objects.filter(name__en=venue_spec["name"]["en"], is_virtual=False).first()
    values = {
        "name": venue_spec["name"],
        "city": venue_spec["city"],
        "country": _state(venue_spec["country"]),
    }
    if venue is None:
        venue = writer.create(Venue, values, action="venue")
    else:
        venue = writer.ensure(Venue, {"pk": venue.pk}, values, action="venue")
    meetings = {}
    for number, (start, end) in R.MEETINGS.items():
        meetings[number] = writer.ensure(
            Meeting,
            {"group": group, "number": number},
            {
                "start_date": start,
                "end_date": end,
                "venue": venue,
                "status": MeetingStatus.HELD,
            },
            action="meeting",
            group_id=group.pk,
        )
    return meetings


def _documents(writer: _Writer, meetings: dict, people: dict) -> dict:
    documents = {}
    for number, specs in R.DOCUMENTS.items():
        meeting = meetings[number]
        group = meeting.group
        for doc_number, doc_type, source, states, submitter, title, submitted_at in specs:
            symbol = f"{meeting.symbol_prefix}/{doc_number}"
            state_objs = [_state(iso3) for iso3 in states]
            original = "fr" if "FRA" in states else "en"
            document = writer.ensure(
                Document,
                {"symbol": symbol},
                {
                    "group": group,
                    "meeting": meeting,
                    "number": doc_number,
                    "document_type": doc_type,
                    "source_kind": source,
                    "submitting_state": state_objs[0] if state_objs else None,
                    "title": title,
                    "original_language": original,
                    "submitted_by": people[submitter],
                    "submitted_at": submitted_at,
                    "is_late": False,
                    "withdrawn": False,
                },
                action="document",
                group_id=group.pk,
                exclude=("search_text",),
            )
            writer.ensure_m2m(
                document, "source_states", state_objs, action="document", group_id=group.pk
            )
            writer.ensure(
                DocumentRevision,
                {"document": document, "revision": 0},
                {"title": title, "created_at": submitted_at, "created_by": people[submitter]},
                action="document.revision",
                group_id=group.pk,
            )
            documents[(number, doc_number)] = document
        # Keep the meeting's symbol counter past the numbers loaded here.
        top = max(spec[0] for spec in specs)
        Meeting.objects.filter(pk=meeting.pk, next_document_number__lte=top).update(
            next_document_number=Greatest(F("next_document_number"), top + 1)
        )
    return documents


def _reports(writer: _Writer, meetings: dict, documents: dict) -> None:
    for number, (approved_at, approved_on, circulated_at) in R.REPORT_APPROVALS.items():
        report_document = next(
            document
            for (meeting_number, _), document in documents.items()
            if meeting_number == number and document.document_type == DocumentType.MEETING_REPORT
        )
        writer.ensure(
            MeetingReport,
            {"meeting": meetings[number]},
            {
                "document": report_document,
                "state": ReportState.APPROVED,
                "approved_at_meeting": meetings[approved_at] if approved_at else None,
                "approved_on": approved_on,
                "circulated_at": circulated_at,
                "approved_revision": 0,
            },
            action="meeting_report",
            group_id=meetings[number].group_id,
        )


def _decision(writer: _Writer, meeting, groups: dict) -> None:
    decision = writer.ensure(
        Decision,
        {"meeting": meeting, "number": 1},
        {
            "status": DecisionStatus.APPROVED,
            "noted": R.DECISION_23_NOTED,
            "text": R.DECISION_23_TEXT,
            "addressee_kind": AddresseeKind.SECRETARIAT,
            "addressee_group": None,
            "deliverable": R.DECISION_23_DELIVERABLE,
            "due_date": None,
            "approved_at": meeting.start_date,
        },
        action="decision",
        group_id=meeting.group_id,
    )
    writer.ensure_m2m(
        decision,
        "related_groups",
        [groups["cwg-wsis-sdg"]],
        action="decision",
        group_id=meeting.group_id,
    )
    existing = Action.objects.filter(decision=decision, assignee_kind=AddresseeKind.SECRETARIAT)
    lookup = {"pk": existing.first().pk} if existing.exists() else None
    values = {
        "decision": decision,
        "description": R.ACTION_23,
        "assignee_kind": AddresseeKind.SECRETARIAT,
    }
    if lookup:
        writer.ensure(Action, lookup, values, action="action", group_id=meeting.group_id)
    else:
        writer.create(
            Action,
            {**values, "status": ActionStatus.OPEN},
            action="action",
            group_id=meeting.group_id,
        )
