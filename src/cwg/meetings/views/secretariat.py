"""Pages where the secretariat schedules meetings, edits the agenda and sets a meeting's status."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cwg.core.exceptions import DomainError, InvalidInput
from cwg.core.forms_views import act_and_go_back, form_page
from cwg.groups.permissions import get_group_for
from cwg.meetings import agenda_documents, services
from cwg.meetings.forms import AgendaItemForm, MeetingForm, ParticipantForm, StatusForm
from cwg.meetings.permissions import can_manage_meetings, get_agenda_item_for, get_meeting_for


def _refuse_unless_secretariat(user, group) -> None:
    # Outsiders learn nothing: a page they cannot use does not exist for them.
    if not can_manage_meetings(user, group):
        raise Http404("No such page.")


@login_required
def create(request, group_slug: str):
    group = get_group_for(request.user, group_slug)
    _refuse_unless_secretariat(request.user, group)

    def save(form):
        meeting = services.create_meeting(request.user, group, **form.values())
        messages.success(request, _("The meeting has been scheduled."))
        return redirect("meetings:detail", meeting.pk)

    form = MeetingForm(request.POST or None)
    return form_page(request, form, save, "meetings/edit.html", {"group": group})


@login_required
def edit(request, meeting_id: int):
    meeting = get_meeting_for(request.user, meeting_id)
    _refuse_unless_secretariat(request.user, meeting.group)
    initial = {
        "number": meeting.number,
        "start_date": meeting.start_date,
        "end_date": meeting.end_date,
        "venue": meeting.venue,
        "access_level": meeting.access_level,
        "contribution_deadline_days": meeting.contribution_deadline_days,
        "title_en": meeting.title.get("en", ""),
        "title_fr": meeting.title.get("fr", ""),
    }

    def save(form):
        services.update_meeting(request.user, meeting, **form.values())
        messages.success(request, _("The meeting has been updated."))
        return redirect("meetings:detail", meeting.pk)

    form = MeetingForm(request.POST or None, initial=initial)
    context = {"group": meeting.group, "meeting": meeting}
    return form_page(request, form, save, "meetings/edit.html", context)


@login_required
@require_POST
def set_status(request, meeting_id: int):
    meeting = get_meeting_for(request.user, meeting_id)
    _refuse_unless_secretariat(request.user, meeting.group)
    form = StatusForm(request.POST)
    return act_and_go_back(
        request,
        lambda: services.set_meeting_status(request.user, meeting, form.cleaned_data["status"]),
        done=_("The status of the meeting has been changed."),
        back=redirect("meetings:detail", meeting.pk),
        form=form,
        invalid=_("Choose a valid status."),
    )


@login_required
def add_agenda_item(request, meeting_id: int):
    meeting = get_meeting_for(request.user, meeting_id)
    _refuse_unless_secretariat(request.user, meeting.group)

    def save(form):
        symbols = form.symbols()
        found = agenda_documents.provider().ids_by_symbol(meeting, symbols)
        missing = [s for s in symbols if s not in found]
        if missing:
            raise InvalidInput(
                _("No document %(symbol)s in this group.") % {"symbol": missing[0]},
                field="documents",
            )
        services.add_agenda_item(
            request.user,
            meeting,
            title={"en": form.cleaned_data["title_en"], "fr": form.cleaned_data["title_fr"]},
            number=form.cleaned_data["number"],
            documents=list(found.values()),
        )
        messages.success(request, _("The agenda item has been added."))
        return redirect("meetings:detail", meeting.pk)

    form = AgendaItemForm(request.POST or None)
    return form_page(request, form, save, "meetings/agenda_item.html", {"meeting": meeting})


@login_required
def register_participant(request, meeting_id: int):
    meeting = get_meeting_for(request.user, meeting_id)
    _refuse_unless_secretariat(request.user, meeting.group)

    def save(form):
        data = form.cleaned_data
        services.register_participant(
            request.user,
            meeting,
            data["person"],
            kind=data["kind"],
            member_state=data["member_state"],
            organisation=data["person"].organisation if data["kind"] == "observer" else None,
        )
        messages.success(request, _("The participant has been registered."))
        return redirect("meetings:detail", meeting.pk)

    form = ParticipantForm(request.POST or None, group=meeting.group)
    return form_page(request, form, save, "meetings/participant.html", {"meeting": meeting})


@login_required
@require_POST
def change_agenda_item(request, item_id: int):
    """Move an agenda item one place, or remove it."""

    item = get_agenda_item_for(request.user, item_id)
    meeting = item.meeting
    _refuse_unless_secretariat(request.user, meeting.group)
    try:
        if request.POST.get("remove"):
            services.remove_agenda_item(request.user, item)
            messages.success(request, _("The agenda item has been removed."))
        else:
            move = request.POST.get("move", "")
            if not move.isdigit():
                messages.error(request, _("Say where the item goes."))
            else:
                services.update_agenda_item(request.user, item, number=int(move))
                messages.success(request, _("The agenda item has been moved."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("meetings:detail", meeting.pk)
