"""Forms of consultation pages: the public submission form and the secretariat's small forms."""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cwg.consultations import intake
from cwg.consultations.models import ConsultationState
from cwg.core.i18n import pick
from cwg.registry.models import MemberState, OrganisationCategory

LANGUAGE_NAMES = {
    "ar": "العربية",
    "zh": "中文",
    "en": "English",
    "fr": "Français",
    "ru": "Русский",
    "es": "Español",
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class SubmissionForm(forms.Form):
    """Identity, answers and files; the service does the real checks and reports by field."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    organisation = forms.CharField(label=_("Organisation"), max_length=300, required=False)
    category = forms.ChoiceField(label=_("Stakeholder category"))
    country = forms.ChoiceField(
        label=_("Country (ITU Member State)"),
        required=False,
        help_text=_("Leave empty and fill in the next field if your country is not listed."),
    )
    country_other = forms.CharField(
        label=_("Other country or territory"), max_length=100, required=False
    )
    language = forms.ChoiceField(label=_("Language of your response"))
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("PDF, DOCX, ODT or plain text; up to %(n)s files.")
        % {"n": intake.MAX_ATTACHMENTS},
    )
    consent_to_publication = forms.BooleanField(
        label=_("I agree that my response is published with my name and organisation"),
        required=False,
    )
    # Spam protection: a field people never see and a signed record of when the form was shown.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput)
    token = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, consultation, *args, language: str = "en", **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.fields["category"].choices = [("", "—")] + [
            (value, _(label)) for value, label in OrganisationCategory.choices
        ]
        states = sorted(
            MemberState.objects.only("iso3", "names"), key=lambda s: s.name(language).casefold()
        )
        self.fields["country"].choices = [("", "—")] + [(s.iso3, s.name(language)) for s in states]
        languages = consultation.languages or settings.UN_LANGUAGES
        self.fields["language"].choices = [(c, LANGUAGE_NAMES.get(c, c)) for c in languages]
        self.fields["attachments"].help_text = _(
            "PDF, DOCX, ODT or plain text; up to %(n)s files of at most %(mb)s MB each."
        ) % {"n": intake.MAX_ATTACHMENTS, "mb": settings.CWG_MAX_UPLOAD_BYTES // (1024 * 1024)}
        self.question_fields = []
        for question in consultation.questions.all():
            name = f"answer_{question.number}"
            self.fields[name] = forms.CharField(
                label=_("Question %(n)s: %(text)s")
                % {"n": question.number, "text": pick(question.text, language)},
                required=False,
                max_length=intake.MAX_ANSWER_CHARS,
                widget=forms.Textarea(attrs={"rows": 6}),
            )
            self.question_fields.append(name)
        if not self.is_bound:
            self.initial.setdefault("started", intake.form_started_token())
            self.initial.setdefault("token", uuid.uuid4().hex)
            if language in languages:
                self.initial.setdefault("language", language)

    def answer_fields(self):
        return [self[name] for name in self.question_fields]

    def submission_data(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "organisation": data.get("organisation", ""),
            "category": data["category"],
            "country": data.get("country", ""),
            "country_other": data.get("country_other", ""),
            "language": data["language"],
            "consent_to_publication": bool(data.get("consent_to_publication")),
            "answers": {
                name.removeprefix("answer_"): data.get(name, "") for name in self.question_fields
            },
        }

    def add_domain_error(self, field: str | None, message: str) -> None:
        """Show a service's refusal next to the field it names."""
        if field == "answers" and self.question_fields:
            field = self.question_fields[0]
        if field in self.fields and field not in ("started", "token", "website"):
            self.add_error(field, message)
        else:
            self.add_error(None, message)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class StateForm(forms.Form):
    state = forms.ChoiceField(label=_("New state"), choices=ConsultationState.choices)
    meeting = forms.IntegerField(label=_("Meeting number"), required=False, min_value=1)


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    category = forms.ChoiceField(label=_("Category"), required=False)
    country = forms.CharField(label=_("Country (ISO code)"), required=False, max_length=100)
    region = forms.ChoiceField(
        label=_("ITU region"),
        required=False,
        choices=[("", "—"), *[(c, c) for c in "ABCDE"]],
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", "—"), *LANGUAGE_NAMES.items()],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—")] + [
            (value, _(label)) for value, label in OrganisationCategory.choices
        ]
