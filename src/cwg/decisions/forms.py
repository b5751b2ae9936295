"""Forms of the decisions pages: recording a decision, adding an action, moving it along."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cwg.core.dates import format_day
from cwg.core.pickers import PickerField, PickerInput, ReaderForm
from cwg.decisions.models import ActionStatus, AddresseeKind
from cwg.documents.queries import find_document
from cwg.groups.queries import find_group


def translated(choices) -> list:
    # The labels of the model's choices are message ids: shown in the reader's language.
    return [(value, _(label)) for value, label in choices]


def group_field(label) -> PickerField:
    return PickerField(
        label=label,
        required=False,
        url_name="groups:pick",
        resolve=find_group,
        help_text=_("Type the group's short or full name and choose it from the list."),
    )


class AddresseeForm(ReaderForm):
    """A decision or action addressed to someone: the group is named when, and only when, asked."""

    kind_field = group_field_name = ""

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting

    def clean(self):
        data = super().clean()
        kind = data.get(self.kind_field)
        group = data.get(self.group_field_name)
        if self.group_field_name in self.errors:
            return data
        if kind == AddresseeKind.GROUP and group is None:
            self.add_error(self.group_field_name, _("Choose the group it is addressed to."))
        elif kind and kind != AddresseeKind.GROUP and group is not None:
            self.add_error(
                self.group_field_name,
                _("Name a group only when it is addressed to another group."),
            )
        elif group is not None and self.meeting is not None and group.pk == self.meeting.group_id:
            self.add_error(self.group_field_name, _("Choose another group than this one."))
        due = data.get("due_date")
        if due and self.meeting is not None and due < self.meeting.start_date:
            self.add_error(
                "due_date",
                _("The date cannot be before the meeting began (%(date)s).")
                % {"date": format_day(self.meeting.start_date)},
            )
        return data


class DecisionForm(AddresseeForm):
    kind_field, group_field_name = "addressee_kind", "addressee_group"

    text_en = forms.CharField(
        label=_("Decision (English)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    text_fr = forms.CharField(
        label=_("Decision (French)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    noted_en = forms.CharField(
        label=_("What members noted (English)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    addressee_kind = forms.ChoiceField(
        label=_("Addressed to"), choices=translated(AddresseeKind.choices)
    )
    addressee_group = group_field(_("Group addressed"))
    deliverable_en = forms.CharField(label=_("What is to be delivered (English)"), required=False)
    due_date = forms.DateField(
        label=_("By when"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def values(self) -> dict:
        d = self.cleaned_data
        return {
            "text": {"en": d["text_en"], "fr": d["text_fr"]},
            "noted": {"en": d["noted_en"]},
            "addressee_kind": d["addressee_kind"],
            "addressee_group": d["addressee_group"],
            "deliverable": {"en": d["deliverable_en"]},
            "due_date": d["due_date"],
        }


class ActionForm(AddresseeForm):
    kind_field, group_field_name = "assignee_kind", "assignee_group"

    description_en = forms.CharField(
        label=_("What is to be done (English)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    assignee_kind = forms.ChoiceField(
        label=_("Who does it"), choices=translated(AddresseeKind.choices)
    )
    assignee_group = group_field(_("Group"))
    due_date = forms.DateField(
        label=_("By when"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ApproveForm(forms.Form):
    approved_on = forms.DateField(
        label=_("Approved on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting

    def clean_approved_on(self):
        day = self.cleaned_data.get("approved_on")
        if day and self.meeting is not None and day < self.meeting.start_date:
            raise forms.ValidationError(
                _("The date cannot be before the meeting began (%(date)s).")
                % {"date": format_day(self.meeting.start_date)}
            )
        return day


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=translated(ActionStatus.choices))
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class LinkDocumentsForm(ReaderForm):
    symbols = forms.CharField(
        label=_("Documents that fulfil it (symbols or titles, separated by commas)"),
        max_length=2000,
        error_messages={"required": _("Name at least one document.")},
        widget=PickerInput(
            "documents:pick", attrs={"data-picker-multiple": "", "maxlength": "2000"}
        ),
    )

    def clean_symbols(self) -> list:
        """The documents named, each as its reader may see it; a name not found is refused."""
        raw = self.cleaned_data.get("symbols") or ""
        names = [s.strip() for s in raw.replace(",", "\n").splitlines() if s.strip()]
        if not names:
            raise forms.ValidationError(_("Name at least one document."))
        if len(names) > 50:
            raise forms.ValidationError(_("Name at most 50 documents at a time."))
        found = []
        for name in names:
            document = find_document(self.reader, name, None)
            if document is None:
                raise forms.ValidationError(
                    _("No document “%(name)s” was found: choose one from the list.")
                    % {"name": name}
                )
            found.append(document)
        return found

    def documents(self) -> list:
        return self.cleaned_data["symbols"]
