"""The shared partials other pages include: form, field, progress, pagination, badge, date range."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation


class SampleForm(forms.Form):
    email = forms.EmailField(label="E-mail", help_text="We write to it once.")
    agree = forms.BooleanField(label="I agree")


def test_field_shows_the_error_next_to_the_field_and_links_it():
    form = SampleForm(data={"email": "not an address"})
    assert not form.is_valid()
    html = render_to_string("partials/field.html", {"field": form["email"]})
    assert 'id="id_email_error"' in html
    assert 'id="id_email_helptext"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert "field--invalid" in html
    assert '<label for="id_email">' in html


def test_field_renders_a_checkbox_with_its_label_after_the_box():
    html = render_to_string("partials/field.html", {"field": SampleForm()["agree"]})
    assert html.index('type="checkbox"') < html.index("I agree")
    assert "field__errors" not in html


def test_progress_polls_while_running_and_stops_when_done():
    running = render_to_string(
        "partials/progress.html",
        {"progress_url": "/en/jobs/7/", "state": "running", "percent": 40, "message": "Comparing"},
    )
    assert 'hx-get="/en/jobs/7/"' in running
    assert 'hx-trigger="every 2s"' in running
    assert 'value="40"' in running
    assert 'aria-busy="true"' in running
    done = render_to_string(
        "partials/progress.html",
        {"progress_url": "/en/jobs/7/", "state": "done", "result_url": "/en/result/"},
    )
    assert "hx-get" not in done
    assert 'href="/en/result/"' in done
    failed = render_to_string(
        "partials/progress.html",
        {"progress_url": "/en/jobs/7/", "state": "failed", "message": "No submissions"},
    )
    assert "hx-get" not in failed and 'role="alert"' in failed


def test_progress_without_a_percentage_shows_an_indeterminate_bar():
    html = render_to_string(
        "partials/progress.html", {"progress_url": "/x/", "state": "queued", "percent": None}
    )
    assert "<progress>" in html
    assert "hx-get" in html


def test_pagination_keeps_the_filters_and_elides_long_ranges():
    request = RequestFactory().get("/en/documents/", {"q": "internet", "page": "10"})
    page = Paginator(list(range(500)), 10).page(10)
    html = render_to_string(
        "partials/pagination.html", {"page_obj": page, "request": request}, request=request
    )
    assert "?q=internet&amp;page=11" in html
    assert "?q=internet&amp;page=9" in html
    assert 'aria-current="page"' in html
    assert "…" in html
    assert "page=30" not in html  # far pages are elided


def test_pagination_renders_nothing_on_a_single_page():
    page = Paginator([1, 2], 10).page(1)
    assert render_to_string("partials/pagination.html", {"page_obj": page}).strip() == ""


def test_badge_and_date_range_in_the_readers_language():
    badge = render_to_string(
        "partials/status_badge.html", {"status": "in_progress", "label": "In progress"}
    )
    assert 'class="badge badge--in_progress"' in badge
    start, end = dt.date(2025, 5, 12), dt.date(2025, 5, 13)
    with translation.override("fr"):
        html = render_to_string("partials/date_range.html", {"start": start, "end": end})
    assert "12–13 mai 2025" in html
    assert 'datetime="2025-05-12"' in html
    with translation.override("en"):
        html = render_to_string("partials/date_range.html", {"start": start, "end": start})
    assert "12 May 2025" in html


class UploadSampleForm(forms.Form):
    note = forms.CharField(label="Note")
    file = forms.FileField(label="File")


def test_form_draws_errors_every_field_in_order_and_one_button():
    form = SampleForm(data={"email": "not an address"})
    form.is_valid()
    form.add_error(None, "The service refused it.")
    html = render_to_string(
        "partials/form.html", {"form": form, "button": "Send", "action": "subscribe"}
    )
    assert 'role="alert"' in html and "The service refused it." in html
    assert html.index('name="email"') < html.index('name="agree"') < html.index(">Send</button>")
    assert 'id="id_email_error"' in html
    assert '<input type="hidden" name="action" value="subscribe">' in html
    assert "multipart" not in html


def test_form_with_a_file_is_sent_as_multipart_and_without_action_names_none():
    html = render_to_string("partials/form.html", {"form": UploadSampleForm(), "button": "Add"})
    assert 'enctype="multipart/form-data"' in html
    assert 'name="action"' not in html
    assert "alert" not in html


class RequiredForm(forms.Form):
    name = forms.CharField(label="Name")
    day = forms.DateField(label="Day", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="Note", required=False)
    either = forms.ChoiceField(label="Either", required=False, choices=[("", "—"), ("a", "A")])
    agree = forms.BooleanField(label="I agree")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["either"].marked_required = True


def test_required_fields_are_marked_for_eyes_and_for_screen_readers():
    form = RequiredForm()
    html = render_to_string("partials/field.html", {"field": form["name"]})
    assert 'aria-required="true"' in html and "field__required" in html
    optional = render_to_string("partials/field.html", {"field": form["note"]})
    assert "aria-required" not in optional and "field__required" not in optional
    # One of a pair: marked although the form lets it be empty on its own.
    either = render_to_string("partials/field.html", {"field": form["either"]})
    assert 'aria-required="true"' in either and "field__required" in either
    # A date input and a box have no role that takes aria-required: the native attribute says it.
    day = render_to_string("partials/field.html", {"field": form["day"]})
    assert "aria-required" not in day and " required" in day and "field__required" in day
    box = render_to_string("partials/field.html", {"field": form["agree"]})
    assert "aria-required" not in box


def test_the_form_says_what_the_star_means_in_the_readers_language():
    request = RequestFactory().get("/")
    with translation.override("fr"):
        html = render_to_string(
            "partials/form.html", {"form": RequiredForm(), "button": "OK"}, request=request
        )
    assert "Les champs marqués d’un * sont obligatoires." in html
    html = render_to_string(
        "partials/form.html",
        {"form": RequiredForm(), "button": "OK", "to": "/elsewhere/", "inline": True},
        request=request,
    )
    assert 'action="/elsewhere/"' in html and "form--inline" in html
    assert "are required" not in html
