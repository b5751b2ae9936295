"""Forms of the gap-analysis pages: workspace, document import, suggestion run, review."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cwg.analysis.models import Classification, Mandate, Ranker
from cwg.groups.models import Resolution
from cwg.registry.models import Organisation, OrganisationCategory

LANGUAGE_CHOICES = [(code, code) for code in settings.UN_LANGUAGES]


class AnalysisForm(forms.Form):
    group = forms.ChoiceField(label=_("Group"))
    title = forms.CharField(label=_("Title"), max_length=300)
    document_symbol = forms.CharField(
        label=_("Symbol of the document analysed"),
        max_length=80,
        required=False,
        help_text=_("For example A/RES/80/173"),
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = {str(g.pk): g for g in groups}
        self.fields["group"].choices = [(str(g.pk), str(g)) for g in groups]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Outcome document"), help_text=_("A DOCX, PDF or plain-text file")
    )
    language = forms.ChoiceField(
        label=_("Language of the file"), choices=LANGUAGE_CHOICES, initial="en"
    )


class RunForm(forms.Form):
    ranker = forms.ChoiceField(label=_("Ranker"), choices=Ranker.choices, initial=Ranker.COMBINED)
    top = forms.IntegerField(
        label=_("Suggestions per paragraph"), min_value=1, max_value=10, initial=3
    )


class ReviewForm(forms.Form):
    classification = forms.ChoiceField(
        label=_("Classification"), choices=Classification.choices, widget=forms.RadioSelect
    )
    mandates = forms.MultipleChoiceField(
        label=_("Mandates"), required=False, widget=forms.CheckboxSelectMultiple
    )
    organisations = forms.MultipleChoiceField(
        label=_("Organisations"), required=False, widget=forms.CheckboxSelectMultiple
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mandates"].choices = [
            (m.code, f"{m.code} – {m.title}")
            for m in Mandate.objects.filter(active=True)
            .exclude(children__isnull=False)
            .order_by("order", "code")
        ]
        self.fields["organisations"].choices = [
            (str(o.pk), o.acronym or o.name)
            for o in Organisation.objects.filter(
                category=OrganisationCategory.INTERGOVERNMENTAL
            ).order_by("acronym", "name")
        ]


class ResolutionClausesForm(forms.Form):
    resolution = forms.ChoiceField(label=_("Resolution"))
    file = forms.FileField(
        label=_("Text of the resolution"),
        help_text=_("DOCX, PDF or plain text; each numbered operative paragraph becomes a clause"),
    )

    def __init__(self, *args, **kwargs):

        super().__init__(*args, **kwargs)
        self.resolutions = {str(r.pk): r for r in Resolution.objects.all()}
        self.fields["resolution"].choices = [(k, str(r)) for k, r in self.resolutions.items()]
