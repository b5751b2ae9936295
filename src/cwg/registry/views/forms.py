"""Forms of the registry pages: the Member States directory filter."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cwg.core.i18n import pick


class StatesFilterForm(forms.Form):
    """Region and name filter; region choices are given by the view from the regions read."""

    region = forms.ChoiceField(
        label=_("ITU region"),
        required=False,
        error_messages={"invalid_choice": _("There is no ITU region with this code.")},
    )
    q = forms.CharField(label=_("Name or ISO code"), required=False, max_length=100)

    def __init__(self, *args, regions=(), **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All regions"))] + [
            (r.code, f"{r.code} – {pick(r.name)}") for r in regions
        ]
