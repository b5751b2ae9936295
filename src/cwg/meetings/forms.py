"""Forms of the meetings pages: meeting details, agenda items, status and subscriptions."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from cwg.core.access_levels import AccessLevel
from cwg.core.i18n import document_language
from cwg.core.pickers import PickerInput, filterable
from cwg.meetings.models import MeetingStatus, ParticipantKind, Venue
from cwg.registry.models import MemberState, Person
from cwg.registry.queries import states_by_name


class MeetingForm(forms.Form):
    number = forms.IntegerField(label=_("Number"), min_value=1, required=False)
    start_date = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    venue = forms.ModelChoiceField(label=_("Venue"), queryset=Venue.objects.all(), required=False)
    access_level = forms.ChoiceField(
        label=_("Who may see it"), choices=AccessLevel.choices, initial=AccessLevel.INHERIT
    )
    contribution_deadline_days = forms.IntegerField(
        label=_("Contributions due (days before the first day)"),
        min_value=0,
        max_value=90,
        initial=12,
    )
    title_en = forms.CharField(label=_("Title (English)"), required=False, max_length=300)
    title_fr = forms.CharField(label=_("Title (French)"), required=False, max_length=300)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The last day cannot be before the first day."))
        return data

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        title = {"en": data.pop("title_en", ""), "fr": data.pop("title_fr", "")}
        data["title"] = {k: v for k, v in title.items() if v}
        if data.get("number") is None:
            data.pop("number", None)
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        # The labels of the model's choices are message ids: shown in the reader's language.
        choices=[(value, _(label)) for value, label in MeetingStatus.choices],
    )


class AgendaItemForm(forms.Form):
    title_en = forms.CharField(label=_("Title (English)"), max_length=500)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=500, required=False)
    number = forms.IntegerField(label=_("Position"), min_value=1, required=False)
    documents = forms.CharField(
        label=_("Documents examined (symbols, separated by commas)"),
        required=False,
        max_length=2000,
        # Searched as one types (picker.js); each choice adds the document's symbol to the list.
        widget=PickerInput(
            "documents:pick", attrs={"data-picker-multiple": "", "maxlength": "2000"}
        ),
    )

    def symbols(self) -> list[str]:
        raw = self.cleaned_data.get("documents") or ""
        return [line.strip() for line in raw.replace(",", "\n").splitlines() if line.strip()]


class ParticipantForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=None)
    kind = forms.ChoiceField(label=_("As"), choices=ParticipantKind.choices)
    member_state = forms.ModelChoiceField(
        label=_("Member State (for delegates)"),
        queryset=None,
        required=False,
        widget=filterable(forms.Select()),
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)

        # Anyone who holds a role in the group or across the platform, plus registered stakeholders.
        self.fields["person"].queryset = (
            Person.objects.filter(is_active=True, memberships__isnull=False)
            .filter(models.Q(memberships__group=group) | models.Q(memberships__group__isnull=True))
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["member_state"].queryset = MemberState.objects.all()
        language = document_language()
        self.fields["member_state"].choices = [("", "—")] + [
            (state.pk, state.name(language)) for state in states_by_name(language)
        ]


class SubscriptionForm(forms.Form):
    new_documents = forms.BooleanField(label=_("New documents"), required=False, initial=True)
    deadlines = forms.BooleanField(label=_("Contribution deadlines"), required=False, initial=True)
    changes = forms.BooleanField(
        label=_("Changes of meetings and decisions"), required=False, initial=True
    )
