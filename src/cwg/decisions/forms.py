"""Forms of the decisions pages: recording a decision, adding an action, moving it along."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cwg.decisions.models import ActionStatus, AddresseeKind


class DecisionForm(forms.Form):
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
    addressee_kind = forms.ChoiceField(label=_("Addressed to"), choices=AddresseeKind.choices)
    addressee_group = forms.CharField(
        label=_("Group addressed (its short name in the address bar)"), required=False
    )
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
            "addressee_group": d["addressee_group"] or None,
            "deliverable": {"en": d["deliverable_en"]},
            "due_date": d["due_date"],
        }


class ActionForm(forms.Form):
    description_en = forms.CharField(
        label=_("What is to be done (English)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    assignee_kind = forms.ChoiceField(label=_("Who does it"), choices=AddresseeKind.choices)
    assignee_group = forms.CharField(
        label=_("Group (its short name in the address bar)"), required=False
    )
    due_date = forms.DateField(
        label=_("By when"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class LinkDocumentsForm(forms.Form):
    symbols = forms.CharField(
        label=_("Documents that fulfil it (symbols, one per line)"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def symbol_list(self) -> list[str]:
        raw = self.cleaned_data.get("symbols") or ""
        return [s.strip() for s in raw.replace(",", "\n").splitlines() if s.strip()]
