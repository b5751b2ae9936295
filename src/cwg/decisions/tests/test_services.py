"""Decisions are recorded and approved by the secretariat (approval also by the chair); actions are
tracked with their history."""

import datetime as dt

import pytest
from django.utils import timezone

from cwg.core.exceptions import Conflict, InvalidInput, NotAllowed
from cwg.core.models import AuditEvent
from cwg.decisions import services
from cwg.decisions.models import ActionStatus, Decision, DecisionStatus
from cwg.decisions.queries import actions_due
from cwg.testing.factories import DocumentFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def test_a_decision_records_texts_noted_addressee_and_deliverable(decision, wsis):
    assert decision.number == 1
    assert decision.text["fr"] == "Partager les résultats"
    assert decision.addressee_group == wsis
    assert decision.status == DecisionStatus.DRAFT
    event = AuditEvent.objects.get(action="decision.create")
    assert event.after["addressee_group"] == wsis.pk


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"text": {}, "addressee_kind": "council"}, "text"),
        ({"text": {"en": "x"}, "addressee_kind": "nobody"}, "addressee_kind"),
        ({"text": {"en": "x"}, "addressee_kind": "group"}, "addressee_group"),
        (
            {"text": {"en": "x"}, "addressee_kind": "council", "addressee_group": "cwg-wsis-sdg"},
            "addressee_group",
        ),
        (
            {"text": {"en": "x"}, "addressee_kind": "group", "addressee_group": "nope"},
            "addressee_group",
        ),
        ({"text": {"en": "x"}, "addressee_kind": "council", "due_date": "2001-01-01"}, "due_date"),
        ({"text": {"en": "x"}, "addressee_kind": "council", "due_date": "soon"}, "due_date"),
        ({"text": {"en": "x"}, "addressee_kind": "council", "status": "approved"}, "status"),
    ],
)
def test_bad_decisions_are_refused(personas, held, wsis, values, field):
    with pytest.raises(InvalidInput) as err:
        services.record_decision(personas.secretariat, held, **values)
    assert err.value.field == field and err.value.message
    assert not Decision.objects.exists()


def test_a_decision_cannot_be_addressed_to_its_own_group(personas, held):
    with pytest.raises(InvalidInput, match="another group"):
        services.record_decision(
            personas.secretariat,
            held,
            text={"en": "x"},
            addressee_kind="group",
            addressee_group=personas.group.slug,
        )


def test_only_the_secretariat_records_decisions(personas, held):
    for who in ("chair", "delegate", "stakeholder", "anonymous"):
        with pytest.raises(NotAllowed):
            services.record_decision(
                getattr(personas, who), held, text={"en": "x"}, addressee_kind="council"
            )


def test_decisions_are_numbered_per_meeting(personas, held, decision):
    second = services.record_decision(
        personas.secretariat, held, text={"en": "y"}, addressee_kind="council"
    )
    assert second.number == 2


def test_approval_fixes_the_text(personas, held, decision):
    with pytest.raises(NotAllowed):
        services.approve_decision(personas.delegate, decision)
    with pytest.raises(InvalidInput, match="before the meeting began"):
        services.approve_decision(
            personas.chair, decision, approved_on=held.start_date - dt.timedelta(days=1)
        )
    with pytest.raises(InvalidInput, match="future"):
        services.approve_decision(
            personas.chair, decision, approved_on=timezone.localdate() + dt.timedelta(days=3)
        )
    services.approve_decision(personas.chair, decision)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.APPROVED and decision.approved_at == held.start_date
    with pytest.raises(Conflict, match="already approved"):
        services.approve_decision(personas.secretariat, decision)
    with pytest.raises(Conflict, match="cannot be amended"):
        services.update_decision(personas.secretariat, decision, text={"en": "changed"})
    decision.refresh_from_db()
    assert decision.text["en"].startswith("Share")
    assert AuditEvent.objects.filter(action="decision.approve", object_id=str(decision.pk)).exists()


def test_draft_can_be_amended_and_the_change_is_kept(personas, decision):
    services.update_decision(personas.secretariat, decision, addressee_kind="council")
    decision.refresh_from_db()
    assert decision.addressee_kind == "council" and decision.addressee_group is None
    event = AuditEvent.objects.get(action="decision.update")
    assert event.before["addressee_kind"] == "group" and event.after["addressee_kind"] == "council"


def test_cancelled_meeting_takes_no_decision(personas):
    cancelled = MeetingFactory(group=personas.group, status="cancelled")
    with pytest.raises(Conflict):
        services.record_decision(
            personas.secretariat, cancelled, text={"en": "x"}, addressee_kind="council"
        )


# Actions --------------------------------------------------------------------------------------


def _action(personas, decision, **kw):
    values = {"description": {"en": "Send a liaison note"}, "assignee_kind": "secretariat"}
    values.update(kw)
    return services.add_action(personas.secretariat, decision, **values)


def test_action_moves_through_its_states_with_history(personas, decision):
    action = _action(personas, decision)
    assert action.status == ActionStatus.OPEN
    services.set_action_status(personas.chair, action, "in_progress", note="Drafting")
    services.set_action_status(personas.secretariat, action, "done")
    with pytest.raises(Conflict, match="cannot become open"):
        services.set_action_status(personas.secretariat, action, "open")
    with pytest.raises(Conflict, match="already done"):
        services.set_action_status(personas.secretariat, action, "done")
    services.set_action_status(personas.secretariat, action, "in_progress", note="Reopened")
    with pytest.raises(InvalidInput, match="why"):
        services.set_action_status(personas.secretariat, action, "dropped")
    services.set_action_status(personas.secretariat, action, "dropped", note="Overtaken by events")
    moves = [
        (e.before["status"], e.after["status"])
        for e in AuditEvent.objects.filter(action="action.status", object_id=str(action.pk))
    ]
    assert moves == [
        ("open", "in_progress"),
        ("in_progress", "done"),
        ("done", "in_progress"),
        ("in_progress", "dropped"),
    ]


def test_action_refusals(personas, decision, wsis):
    with pytest.raises(NotAllowed):
        services.add_action(
            personas.delegate, decision, description={"en": "x"}, assignee_kind="secretariat"
        )
    with pytest.raises(InvalidInput, match="description"):
        _action(personas, decision, description={})
    with pytest.raises(InvalidInput) as err:
        _action(personas, decision, assignee_kind="group")
    assert err.value.field == "assignee_group"
    assert (
        _action(personas, decision, assignee_kind="group", assignee_group=wsis).assignee_group
        == wsis
    )
    action = _action(personas, decision)
    with pytest.raises(InvalidInput, match="status must be one of"):
        services.set_action_status(personas.secretariat, action, "finished")
    with pytest.raises(NotAllowed):
        services.set_action_status(personas.delegate, action, "done")


def test_actions_link_the_documents_that_fulfil_them(personas, decision, held):
    action = _action(personas, decision)
    doc = DocumentFactory(meeting=held)
    services.link_documents(personas.secretariat, action, [doc.pk])
    assert list(action.fulfilled_by.all()) == [doc]
    with pytest.raises(InvalidInput, match="no document with id 999999"):
        services.link_documents(personas.secretariat, action, [999999])
    with pytest.raises(InvalidInput):
        services.link_documents(personas.secretariat, action, ["x"])
    event = AuditEvent.objects.get(action="action.documents")
    assert event.after == {"fulfilled_by": [doc.pk]}


def test_actions_due_lists_open_actions_in_the_window_soonest_first(personas, decision, held):
    services.approve_decision(personas.secretariat, decision)
    today = timezone.localdate()
    soon = _action(personas, decision, due_date=today + dt.timedelta(days=5))
    overdue = _action(personas, decision, due_date=today)
    _action(personas, decision, due_date=today + dt.timedelta(days=90))  # outside the window
    _action(personas, decision)  # no due date
    done = _action(personas, decision, due_date=today + dt.timedelta(days=1))
    services.set_action_status(personas.secretariat, done, "done")
    assert list(actions_due(personas.secretariat, within_days=30)) == [overdue, soon]
    assert list(
        actions_due(personas.secretariat, within_days=30, today=today + dt.timedelta(days=3))
    ) == [overdue, soon]
    held.access_level = "members"
    held.save()
    assert list(actions_due(personas.stakeholder)) == []
    assert list(actions_due(personas.delegate)) == [overdue, soon]
