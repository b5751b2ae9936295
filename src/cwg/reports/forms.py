"""The secretariat's form to ask for a report."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cwg.core.exceptions import DomainError
from cwg.core.i18n import LANGUAGE_NAMES
from cwg.reports.models import CouncilOutcome, ReportFormat, ReportKind


class ReportRefusals:
    """Where a report service's refusal lands on a form: the gaps in the records above it, else
    next to the field the service names (`SERVICE_FIELDS` maps its names to the form's)."""

    SERVICE_FIELDS: dict[str, str | None] = {}

    def add_domain_error(self, error: DomainError) -> None:
        name = self.SERVICE_FIELDS.get(error.field, error.field)
        gaps = getattr(error, "gaps", None)
        if gaps:
            self.add_error(None, _("The records lack what the report must state:"))
            for gap in gaps:
                self.add_error(None, gap)
        elif name in self.fields:
            self.add_error(name, error.message)
        else:
            self.add_error(None, error.message)


class ReportRequestForm(ReportRefusals, forms.Form):
    SERVICE_FIELDS = {
        "lang": "language",
        "format": "file_format",
        "from": "from_year",
        "to": "to_year",
    }

    group = forms.ChoiceField(label=_("Group"))
    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices)
    meetings = forms.CharField(
        label=_("Meetings"),
        required=False,
        help_text=_("For the Chair's report: meeting numbers, e.g. 22,23"),
    )
    from_year = forms.IntegerField(label=_("From year"), required=False, min_value=1865)
    to_year = forms.IntegerField(label=_("To year"), required=False, max_value=2200)
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[(code, LANGUAGE_NAMES[code]) for code in settings.UN_LANGUAGES],
    )
    file_format = forms.ChoiceField(label=_("Format"), choices=ReportFormat.choices)
    store = forms.BooleanField(
        label=_("Post the Chair's report as a document of the group instead of downloading it"),
        required=False,
    )

    def __init__(self, *args, groups=(), may_store=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [(g.slug, g.display_acronym()) for g in groups]
        if not may_store:
            del self.fields["store"]

    def clean(self):
        data = super().clean()
        if data.get("kind") == ReportKind.CHAIR and not data.get("meetings"):
            self.add_error("meetings", _("Name the meetings the report covers, e.g. 22,23."))
        if data.get("kind") == ReportKind.CYCLE:
            for name in ("from_year", "to_year"):
                if data.get(name) is None:
                    self.add_error(name, _("Give the years of the cycle."))
        if data.get("store"):
            if data.get("kind") != ReportKind.CHAIR:
                self.add_error("store", _("Only the Chair's report is posted as a document."))
            if data.get("file_format") == ReportFormat.HTML:
                self.add_error("store", _("A posted report is a DOCX or a PDF file."))
        return data


# ---------------------------------------------------------------- Council sessions

DATE_WIDGET = forms.DateInput(attrs={"type": "date"})


class CouncilSessionForm(forms.Form):
    code = forms.CharField(label=_("Session"), max_length=20, help_text=_("e.g. C26"))
    start_date = forms.DateField(label=_("First day"), widget=DATE_WIDGET)
    end_date = forms.DateField(label=_("Last day"), widget=DATE_WIDGET)
    venue = forms.CharField(label=_("Venue (in English)"), max_length=300, required=False)


class CouncilAgendaItemForm(forms.Form):
    number = forms.CharField(label=_("Agenda item"), max_length=20, help_text=_("e.g. 7"))
    title = forms.CharField(label=_("Title (in English)"), max_length=300)


class CouncilSubmissionForm(ReportRefusals, forms.Form):
    SERVICE_FIELDS = {"date": "document_date", "lang": "original_language", "session": None}

    group = forms.ChoiceField(label=_("Group"))
    meetings = forms.CharField(
        label=_("Meetings"), max_length=200, help_text=_("Meeting numbers, e.g. 22,23")
    )
    agenda_item = forms.ChoiceField(label=_("Council session and agenda item"))
    document_date = forms.DateField(
        label=_("Date of the document"),
        widget=DATE_WIDGET,
        help_text=_("The date the Council document carries."),
    )
    original_language = forms.ChoiceField(
        label=_("Original language"),
        choices=[(code, LANGUAGE_NAMES[code]) for code in settings.UN_LANGUAGES],
    )

    def __init__(self, *args, groups=(), items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [(g.slug, g.display_acronym()) for g in groups]
        self.fields["agenda_item"].choices = [
            (str(item.pk), f"{item.session.code} – {item.number}") for item in items
        ]


class CouncilOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Council's outcome"), choices=CouncilOutcome.choices)
    reference = forms.CharField(label=_("Decision reference"), max_length=120, required=False)
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)


class AnnexForm(forms.Form):
    """The secretariat annexes one of the group's texts to a kind of report."""

    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices)
    text = forms.ChoiceField(label=_("Text agreed by the group"))

    def __init__(self, *args, texts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].choices = [(text.slug, str(text)) for text in texts]
