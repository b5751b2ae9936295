"""Where a service's refusal lands on a form, whatever the form calls its fields."""

from __future__ import annotations

from django import forms

from cwg.core.exceptions import Conflict, InvalidInput
from cwg.core.forms_views import show_domain_error


class DecisionLikeForm(forms.Form):
    text_en = forms.CharField(required=False)
    text_fr = forms.CharField(required=False)
    due_date = forms.CharField(required=False)


class MappingForm(forms.Form):
    language = forms.CharField(required=False)

    def add_domain_error(self, error) -> None:
        self.add_error({"lang": "language"}.get(error.field), error.message)


def refused(form, error):
    form.is_valid()
    show_domain_error(form, error)
    return form.errors


def test_the_refusal_goes_next_to_the_field_the_service_names():
    errors = refused(DecisionLikeForm(data={}), InvalidInput("too early", field="due_date"))
    assert errors == {"due_date": ["too early"]}


def test_a_value_asked_one_language_at_a_time_gets_it_on_its_first_field():
    errors = refused(DecisionLikeForm(data={}), InvalidInput("no text", field="text"))
    assert errors == {"text_en": ["no text"]}


def test_a_refusal_of_no_field_of_the_form_stands_above_it():
    errors = refused(DecisionLikeForm(data={}), Conflict("meeting cancelled", field="meeting"))
    assert errors == {"__all__": ["meeting cancelled"]}
    assert refused(DecisionLikeForm(data={}), Conflict("no")) == {"__all__": ["no"]}


def test_a_form_that_names_its_fields_otherwise_maps_them_itself():
    errors = refused(MappingForm(data={}), InvalidInput("unknown language", field="lang"))
    assert errors == {"language": ["unknown language"]}
