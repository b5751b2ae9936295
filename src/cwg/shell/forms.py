"""Forms of the site shell: the signed-in person's profile."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cwg.registry.services import NAME_MAX_LENGTH


def _time_zone_choices() -> list[tuple[str, str]]:
    # Area/City names only: the legacy aliases (US/Eastern, Etc/GMT+3, …) would triple the list.
    names = sorted(
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/"))
    )
    return [("UTC", "UTC"), *((name, name.replace("_", " ")) for name in names)]


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=NAME_MAX_LENGTH, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=NAME_MAX_LENGTH, required=False)
    language = forms.ChoiceField(label=_("Preferred language"), choices=())
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=(),
        help_text=_("Dates and times on the pages and in e-mails are shown in this zone."),
    )

    def __init__(self, *args, person=None, **kwargs):
        if person is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "first_name": person.first_name,
                "last_name": person.last_name,
                "language": person.preferred_language,
                "time_zone": person.time_zone,
            }
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = list(settings.LANGUAGES)
        choices = _time_zone_choices()
        current = (person.time_zone if person is not None else "") or "UTC"
        if current not in dict(choices):
            # A zone set before (or by the admin) stays selectable rather than silently changing.
            choices.append((current, current))
        self.fields["time_zone"].choices = choices
