"""Forms of consultation pages: the public submission form and the secretariat's small forms."""

from __future__ import annotations

import datetime as dt
import re
import uuid

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cwg.consultations import intake
from cwg.consultations.models import ConsultationState
from cwg.core.i18n import LANGUAGE_NAMES, pick
from cwg.core.pickers import PickerField, PickerInput, ReaderForm, sorted_by_name
from cwg.meetings.models import Venue
from cwg.meetings.queries import find_meeting, visible_meetings
from cwg.registry.models import MemberState, OrganisationCategory
from cwg.registry.queries import find_member_state


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
    # Used once to send the receipt and never stored: it is not in submission_data().
    email = forms.EmailField(
        label=_("E-mail address for your receipt (optional)"),
        required=False,
        max_length=254,
        help_text=_(
            "We send the receipt of your response to this address. It is not stored or published."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
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
        # One of the two is required: the pair is marked as such, the list being the usual way.
        self.fields["country"].marked_required = True
        self.fields["category"].choices = [("", "—")] + [
            (value, _(label)) for value, label in OrganisationCategory.choices
        ]
        states = sorted_by_name(
            MemberState.objects.only("iso3", "names"), lambda s: s.name(language)
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

    def clean(self):
        data = super().clean()
        country, other = data.get("country"), (data.get("country_other") or "").strip()
        if "country" not in self.errors and "country_other" not in self.errors:
            if country and other:
                self.add_error(
                    "country_other",
                    _("Choose a Member State or write another country or territory, not both."),
                )
            elif not country and not other:
                self.add_error(
                    "country",
                    _("Choose your country, or write it in “Other country or territory”."),
                )
        return data

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


class IdListField(forms.Field):
    """Several record numbers under one name (ticked boxes); each checked, none trusted."""

    widget = forms.MultipleHiddenInput  # reads every value of the name, not the last

    def to_python(self, value):
        values = value or []
        if not all(isinstance(v, str) and v.isdigit() and len(v) < 19 for v in values):
            raise forms.ValidationError(_("A response number is not valid."), code="invalid")
        return [int(v) for v in values]

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")


class BulkModerationForm(forms.Form):
    """Hide or restore many responses with one reason (the campaign review page)."""

    submission = IdListField(
        label=_("Responses"), error_messages={"required": _("Tick at least one response.")}
    )
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[("hide", _("Hide from the public")), ("restore", _("Restore"))],
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class SplitForm(forms.Form):
    """Split the ticked responses, or all the near copies, off a campaign (campaign review page)."""

    submission = IdListField(label=_("Responses"), required=False)
    near_copies = forms.BooleanField(label=_("Split off the near copies"), required=False)
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        if not data.get("near_copies") and not data.get("submission"):
            self.add_error("submission", _("Tick at least one response."))
        return data


class StateForm(ReaderForm):
    state = forms.ChoiceField(label=_("New state"), choices=ConsultationState.choices)
    meeting = PickerField(
        label=_("Meeting"),
        required=False,
        url_name="meetings:pick",
        resolve=None,
        help_text=_("Its number, or its name as the list shows it."),
    )

    def __init__(self, *args, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [
            (value, _(label)) for value, label in ConsultationState.choices
        ]

        def resolve(user, text, language):
            # A bare number is the meeting's number in the consultation's group.
            if text.isdigit() and group is not None:
                return visible_meetings(user, group).filter(number=int(text)).first()
            return find_meeting(user, text, language, group)

        self.fields["meeting"].resolve = resolve


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    category = forms.ChoiceField(label=_("Category"), required=False)
    country = forms.CharField(
        label=_("Country"),
        required=False,
        max_length=100,
        widget=PickerInput("registry:pick"),
    )

    def clean_country(self) -> str:
        """A Member State named in any language (or by ISO code) is searched by its code."""
        text = (self.cleaned_data.get("country") or "").strip()
        state = find_member_state(None, text, None) if text else None
        return state.iso3 if state is not None else text

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


# The secretariat's consultation form --------------------------------------------------------

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def _language_label(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def _offered_languages(data, initial_languages) -> list[str]:
    """The languages ticked on the page (or stored), which decide which text boxes come first."""
    if data is not None and hasattr(data, "getlist"):
        chosen = [c for c in data.getlist("languages") if c in settings.UN_LANGUAGES]
    else:
        chosen = [c for c in (initial_languages or []) if c in settings.UN_LANGUAGES]
    return chosen or list(settings.UN_LANGUAGES)


def _split_by_language(form, prefix: str, languages: list[str]) -> tuple[list, list]:
    """Boxes of the offered languages (and of any already filled in) first; the rest folded."""
    first, rest = [], []
    for code in settings.UN_LANGUAGES:
        bound = form[f"{prefix}{code}"]
        (first if code in languages or bound.value() else rest).append(bound)
    order = {code: index for index, code in enumerate(languages)}
    first.sort(key=lambda b: order.get(b.name.rsplit("_", 1)[-1], len(order)))
    return first, rest


# The Latin comma, and the Arabic and the full-width (Chinese) ones people type in those scripts.
SPEAKER_COMMA = re.compile("[,\u060c\uff0c]")


def parse_speakers(raw: str) -> list[dict]:
    """One speaker per line, "name, organisation"; the organisation is optional."""
    speakers = []
    for number, line in enumerate((raw or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        name, _comma, organisation = SPEAKER_COMMA.sub(",", line, count=1).partition(",")
        if not name.strip():
            raise forms.ValidationError(
                _("Line %(n)s has no name before the comma.") % {"n": number}, code="no_name"
            )
        if len(name.strip()) > 200:
            raise forms.ValidationError(
                _("The name on line %(n)s is longer than 200 characters.") % {"n": number},
                code="too_long",
            )
        if len(organisation.strip()) > 300:
            raise forms.ValidationError(
                _("The organisation on line %(n)s is longer than 300 characters.") % {"n": number},
                code="too_long",
            )
        speakers.append({"name": name.strip(), "organisation": organisation.strip()})
    return speakers


def format_speakers(speakers: list[dict]) -> str:
    return "\n".join(
        f"{s.get('name', '')}, {s['organisation']}" if s.get("organisation") else s.get("name", "")
        for s in speakers or []
    )


class ConsultationForm(forms.Form):
    """Topic, languages, open period and physical meeting; questions come in QuestionFormSet.

    Instants are typed and shown in the secretariat's own time zone (`zone_name`) and go to the
    services in UTC. Fields the services would refuse in the consultation's state are disabled,
    so their posted values are ignored.
    """

    slug = forms.SlugField(
        label=_("Short name in addresses"),
        max_length=80,
        help_text=_(
            "Lower-case letters, digits and hyphens, e.g. internet-2026. It cannot change."
        ),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages in which responses are taken"),
        choices=list(LANGUAGE_NAMES.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    opens_at = forms.DateTimeField(
        label=_("Opens"),
        required=False,
        widget=forms.DateTimeInput(format=DATETIME_LOCAL, attrs={"type": "datetime-local"}),
    )
    closes_at = forms.DateTimeField(
        label=_("Closes"),
        required=False,
        widget=forms.DateTimeInput(format=DATETIME_LOCAL, attrs={"type": "datetime-local"}),
    )
    physical_meeting_date = forms.DateField(
        label=_("Date of the physical consultation meeting"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    physical_meeting_venue = forms.ModelChoiceField(
        label=_("Venue of the physical consultation meeting"), queryset=None, required=False
    )
    speakers = forms.CharField(
        label=_("Speakers at the physical consultation meeting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            'One speaker per line: "name, organisation" (the organisation may be left out).'
        ),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    # Form fields and the service field each one feeds.
    SERVICE_FIELDS = {
        "languages": "languages",
        "opens_at": "opens_at",
        "closes_at": "closes_at",
        "physical_meeting_date": "physical_meeting_date",
        "physical_meeting_venue": "physical_meeting_venue",
        "speakers": "physical_meeting_speakers",
        "notes": "notes",
    }

    def __init__(self, *args, zone_name: str, changeable=None, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)

        self.creating = creating
        self.changeable = changeable
        self.fields["physical_meeting_venue"].queryset = Venue.objects.all()
        for code in settings.UN_LANGUAGES:
            self.fields[f"topic_{code}"] = forms.CharField(
                label=_("Topic (%(language)s)") % {"language": _language_label(code)},
                required=False,
                max_length=500,
                widget=forms.TextInput(attrs={"lang": code, "dir": "auto"}),
            )
        zone_help = _("In your time zone, %(zone)s.") % {"zone": zone_name}
        self.fields["opens_at"].help_text = zone_help
        self.fields["closes_at"].help_text = zone_help
        if not creating:
            del self.fields["slug"]
        if changeable is not None:
            for name, field in self.fields.items():
                service_field = "topic" if name.startswith("topic_") else self.SERVICE_FIELDS[name]
                if service_field not in changeable:
                    field.disabled = True
                    field.help_text = _("Can no longer be changed in this state.")
        # A disabled box is not posted: the stored languages still decide the layout.
        posted = self.is_bound and not self.fields["languages"].disabled
        self.offered = _offered_languages(
            self.data if posted else None, self.initial.get("languages")
        )

    def topic_fields(self) -> tuple[list, list]:
        return _split_by_language(self, "topic_", self.offered)

    def clean_speakers(self):
        return parse_speakers(self.cleaned_data.get("speakers", ""))

    def clean(self):
        data = super().clean()
        if not self.fields[f"topic_{settings.UN_LANGUAGES[0]}"].disabled and not any(
            (data.get(f"topic_{code}") or "").strip() for code in settings.UN_LANGUAGES
        ):
            self.add_error(self.topic_error_field(), _("Give the topic in at least one language."))
        opens_at, closes_at = data.get("opens_at"), data.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("The closing instant must come after the opening."))
        return data

    def topic_error_field(self) -> str:
        return f"topic_{self.offered[0]}"

    def values(self) -> dict:
        """Keyword arguments for the services, limited to the fields that may change."""
        data = self.cleaned_data
        values = {
            "topic": {
                code: data[f"topic_{code}"].strip()
                for code in settings.UN_LANGUAGES
                if (data.get(f"topic_{code}") or "").strip()
            },
            "languages": [c for c in settings.UN_LANGUAGES if c in data.get("languages", [])],
            "opens_at": _utc(data.get("opens_at")),
            "closes_at": _utc(data.get("closes_at")),
            "physical_meeting_date": data.get("physical_meeting_date"),
            "physical_meeting_venue": data.get("physical_meeting_venue"),
            "physical_meeting_speakers": data.get("speakers") or [],
            "notes": data.get("notes", ""),
        }
        if self.changeable is not None:
            values = {k: v for k, v in values.items() if k in self.changeable}
        return values

    def add_domain_error(self, field: str | None, message: str) -> bool:
        """Show a service's refusal next to its field; False if it belongs to the questions."""
        if field == "questions":
            return False
        reverse = {service: name for name, service in self.SERVICE_FIELDS.items()}
        name = self.topic_error_field() if field == "topic" else reverse.get(field, field)
        if name in self.fields and not self.fields[name].disabled:
            self.add_error(name, message)
        else:
            self.add_error(None, message)
        return True


def _utc(value):
    return value.astimezone(dt.UTC) if value is not None else None


class QuestionForm(forms.Form):
    """One question, with its text in each language side by side."""

    def __init__(self, *args, languages: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.offered = languages or list(settings.UN_LANGUAGES)
        for code in settings.UN_LANGUAGES:
            self.fields[f"text_{code}"] = forms.CharField(
                label=_language_label(code),
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2, "lang": code, "dir": "auto"}),
            )

    def language_parts(self) -> tuple[list, list]:
        return _split_by_language(self, "text_", self.offered)

    def texts(self) -> dict[str, str]:
        data = getattr(self, "cleaned_data", {})
        return {
            code: data[f"text_{code}"].strip()
            for code in settings.UN_LANGUAGES
            if (data.get(f"text_{code}") or "").strip()
        }


class BaseQuestionFormSet(forms.BaseFormSet):
    """Questions in the order of their position boxes; removed and untouched blank ones dropped."""

    def __init__(self, *args, languages: list[str] | None = None, **kwargs):
        kwargs["form_kwargs"] = {**(kwargs.get("form_kwargs") or {}), "languages": languages}
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields[forms.formsets.ORDERING_FIELD_NAME].label = _("Position")
        form.fields[forms.formsets.DELETION_FIELD_NAME].label = _("Remove this question")

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        for index, form in enumerate(self.forms):
            if self.can_delete and self._should_delete_form(form):
                continue
            if not form.texts() and index < self.initial_form_count():
                form.add_error(
                    None, _("This question has no text: write it, or tick “Remove this question”.")
                )

    def questions(self) -> list[dict]:
        """The questions to store, numbered from 1 in the chosen order."""
        return [{"text": form.texts()} for form in self.ordered_forms if form.texts()]


QuestionFormSet = forms.formset_factory(
    QuestionForm,
    formset=BaseQuestionFormSet,
    extra=2,
    can_order=True,
    can_delete=True,
    max_num=50,
    validate_max=True,
)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Responses (JSON lines)"),
        help_text=_(
            "One JSON object a line, with the fields of the submission API (name, organisation, "
            "category, country or country_other, language, consent_to_publication, answers) and "
            "an optional submitted_at. A bad line stops the import: nothing is stored then."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".jsonl,.json,.txt,application/json"}),
    )


class CompileForm(forms.Form):
    """What the secretariat asks of the compilation: how many individual answers its annex shows."""

    annex = forms.ChoiceField(
        label=_("Individual answers in the annex"),
        choices=[
            ("all", _("Every individual answer")),
            ("sample", _("A sample per category, with counts")),
        ],
        initial="all",
    )
    sample = forms.IntegerField(
        label=_("Answers per category in a sample"), min_value=1, max_value=10_000, initial=20
    )
