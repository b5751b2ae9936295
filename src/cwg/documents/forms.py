"""Forms of the document pages; they only shape input, the services decide."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cwg.core.access_levels import AccessLevel
from cwg.core.dates import format_day
from cwg.core.i18n import document_language
from cwg.core.pickers import filterable
from cwg.documents.models import DocumentType, Language, ReportState, SourceKind
from cwg.registry.models import MemberState
from cwg.registry.queries import states_by_name

LANGUAGE_CHOICES = [(code, label) for code, label in Language.choices]


def original_language_field() -> forms.ChoiceField:
    return forms.ChoiceField(choices=LANGUAGE_CHOICES, initial="en", label=_("Original language"))


def title_field() -> forms.CharField:
    return forms.CharField(max_length=500, label=_("Title (in the original language)"))


def access_level_field(inherit_label) -> forms.ChoiceField:
    """Who may see a document: as what it belongs to (named by `inherit_label`), public or members."""
    return forms.ChoiceField(
        choices=[
            (AccessLevel.INHERIT, inherit_label),
            (AccessLevel.PUBLIC, _("Public")),
            (AccessLevel.MEMBERS, _("Members only")),
        ],
        initial=AccessLevel.INHERIT,
        label=_("Who may see it"),
    )


class ContributionForm(forms.Form):
    state = forms.ModelChoiceField(
        queryset=MemberState.objects.none(),
        label=_("On behalf of"),
        empty_label=None,
    )
    co_sponsors = forms.ModelMultipleChoiceField(
        queryset=MemberState.objects.all(),
        required=False,
        label=_("Co-sponsoring Member States"),
        widget=filterable(forms.SelectMultiple(attrs={"size": 8})),
    )
    original_language = original_language_field()
    title = title_field()
    access_level = access_level_field(_("As the meeting"))
    file = forms.FileField(required=False, label=_("File"))

    def __init__(self, *args, states=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Built per request so the text is in the reader's language.
        self.fields["file"].help_text = gettext(
            "PDF, DOCX, ODT or plain UTF-8 text, up to %(size)s MB."
        ) % {"size": max(1, settings.CWG_MAX_UPLOAD_BYTES // (1024 * 1024))}
        self.fields["state"].queryset = MemberState.objects.filter(pk__in=list(states))
        # 194 names in the reader's language, in the order a reader of that language expects.
        language = document_language()
        self.fields["co_sponsors"].choices = [
            (state.pk, state.name(language)) for state in states_by_name(language)
        ]


class UploadForm(forms.Form):
    language = forms.ChoiceField(choices=LANGUAGE_CHOICES, label=_("Language"))
    file = forms.FileField(label=_("File"))


class RevisionForm(forms.Form):
    note = forms.CharField(
        max_length=500, required=False, label=_("What changed"), widget=forms.Textarea({"rows": 3})
    )
    title = forms.CharField(
        max_length=500,
        required=False,
        label=_("New title (in the original language)"),
        help_text=_("Leave empty to keep the title."),
    )
    language = forms.ChoiceField(choices=LANGUAGE_CHOICES, label=_("Language of the file"))
    file = forms.FileField(label=_("File of the revision"))

    def __init__(self, *args, document, **kwargs):
        super().__init__(*args, **kwargs)
        # The revised file is most often the original language's, not the first in the list.
        self.fields["language"].initial = document.original_language


class ReportStateForm(forms.Form):
    state = forms.ChoiceField(choices=ReportState.choices, label=_("New state"))
    approved_at_meeting = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None, label=_("Approved at meeting")
    )
    approved_on = forms.DateField(
        required=False,
        label=_("Date of approval"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_at_meeting"].choices = [("", "—")] + [
            (
                meeting.pk,
                _("Meeting %(number)s (%(date)s)")
                % {"number": meeting.number, "date": format_day(meeting.start_date)},
            )
            for meeting in meetings
        ]


class AccessLevelForm(forms.Form):
    access_level = forms.ChoiceField(
        choices=[
            (AccessLevel.INHERIT, _("As the meeting or group")),
            (AccessLevel.PUBLIC, _("Public")),
            (AccessLevel.MEMBERS, _("Members only")),
        ],
        label=_("Who may see it"),
    )


class TranslationRequestForm(forms.Form):
    language = forms.ChoiceField(choices=LANGUAGE_CHOICES, label=_("Language"))
    status = forms.ChoiceField(
        choices=[
            ("requested", _("Translation requested")),
            ("in_progress", _("Translation in progress")),
        ],
        label=_("Status"),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(max_length=500, required=False, label=_("Reason"))


class PostDocumentForm(forms.Form):
    """The secretariat posts a document of a meeting or of the group, in several languages."""

    POSTED_TYPES = (
        DocumentType.INFORMATION,
        DocumentType.AGENDA,
        DocumentType.CONTRIBUTION,
        DocumentType.CHAIR_REPORT,
        DocumentType.ANNUAL_REPORT,
    )

    meeting = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None, label=_("Meeting")
    )
    document_type = forms.ChoiceField(label=_("Kind of document"))
    source_kind = forms.ChoiceField(label=_("Source"))
    original_language = original_language_field()
    title = title_field()
    access_level = access_level_field(_("As the meeting or group"))

    def __init__(self, *args, meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = [("", gettext("None: a document of the group"))] + [
            (
                meeting.pk,
                gettext("Meeting %(number)s (%(date)s)")
                % {"number": meeting.number, "date": format_day(meeting.start_date)},
            )
            for meeting in meetings
        ]
        self.fields["document_type"].choices = [
            (kind.value, gettext(kind.label)) for kind in self.POSTED_TYPES
        ]
        self.fields["source_kind"].choices = [
            (kind.value, gettext(kind.label))
            for kind in SourceKind
            if kind != SourceKind.MEMBER_STATE
        ]
        # One file box per language: every version there is, posted at once.
        for code, name in LANGUAGE_CHOICES:
            self.fields[f"file_{code}"] = forms.FileField(
                required=False,
                label=gettext("File in %(language)s") % {"language": name},
            )

    def language_fields(self):
        return [self[f"file_{code}"] for code, _name in LANGUAGE_CHOICES]

    def versions(self) -> dict:
        return {
            code: self.cleaned_data[f"file_{code}"]
            for code, _name in LANGUAGE_CHOICES
            if self.cleaned_data.get(f"file_{code}")
        }


class ReportStartForm(forms.Form):
    original_language = forms.ChoiceField(
        choices=LANGUAGE_CHOICES, initial="en", label=_("Original language")
    )
    title = forms.CharField(max_length=500, label=_("Title (in the original language)"))
    access_level = forms.ChoiceField(
        choices=[
            (AccessLevel.INHERIT, _("As the meeting")),
            (AccessLevel.PUBLIC, _("Public")),
            (AccessLevel.MEMBERS, _("Members only")),
        ],
        initial=AccessLevel.INHERIT,
        required=False,  # left out: as the meeting
        label=_("Who may see it"),
        help_text=_(
            "Once approved. While a draft, the report is seen by the secretariat and the "
            "officers; once circulated, by the group's members."
        ),
    )
    file = forms.FileField(required=False, label=_("File of the draft"))
