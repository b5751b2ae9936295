"""Template filters of the page shell: multilingual text, locale dates, paging.

Apps above core add their own filters to this library in their AppConfig.ready (groups adds
`cite`), so every template keeps loading one library and core imports no app.
"""

from __future__ import annotations

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from django import template
from django.utils import timezone

from cwg.core.dates import DAY_FORMAT, INSTANT_FORMAT, babel_locale, format_day, format_days
from cwg.core.i18n import pick as pick_text

register = template.Library()


@register.filter
def pick(texts, language=None):
    """{{ group.name|pick }}: the text in the reader's language, else the first available."""
    return pick_text(texts, language)


@register.filter
def date_span(start, end=None):
    """{{ start|date_span:end }}: one day or a span of days in the reader's locale."""
    return format_days(start, end)


@register.filter
def local_date(value, style=DAY_FORMAT):
    """{{ value|local_date }}: a date in the reader's locale (style short/medium/long/full)."""
    return format_day(value, style=style)


@register.filter
def local_datetime(value, style=INSTANT_FORMAT):
    """{{ value|local_datetime }}: an instant in the reader's time zone and locale, with the zone.

    The date follows `style` (short, medium, long, full); the time is hours and minutes.
    """
    if not value:
        return ""
    zone = timezone.get_current_timezone()
    if timezone.is_aware(value):
        value = value.astimezone(zone)
    locale = babel_locale()
    style = style if style in ("short", "medium", "long", "full") else "medium"
    date = babel_dates.format_date(value.date(), style, locale=locale)
    time = babel_dates.format_time(value, "short", tzinfo=zone, locale=locale)
    pattern = str(babel_dates.Locale.parse(locale).datetime_formats[style])
    text = pattern.replace("{1}", date).replace("{0}", time).replace("'", "")
    return f"{text} ({zone})"


@register.filter
def local_number(value):
    """{{ value|local_number }}: a number with the reader's digit grouping and decimal sign."""
    if value is None or value == "":
        return ""
    return babel_numbers.format_decimal(value, locale=babel_locale())


@register.filter
def elided_pages(page_obj):
    """The page numbers to link, elided around the current page."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)


# Widgets whose role takes aria-required (textbox, combobox, listbox, spinbutton); a date, file,
# box or radio button says it is required with the native attribute alone.
ARIA_REQUIRED_WIDGETS = {
    "text",
    "email",
    "url",
    "number",
    "password",
    "search",
    "tel",
    "textarea",
    "select",
    "selectmultiple",
    "picker",
}


def marked_required(bound_field) -> bool:
    """Required, or one of a pair of which one must be given (`field.marked_required = True`)."""
    return bool(bound_field.field.required or getattr(bound_field.field, "marked_required", False))


@register.filter
def is_marked_required(bound_field) -> bool:
    return marked_required(bound_field)


@register.filter
def widget_for_people(bound_field):
    """The field's widget, saying it is required to assistive technology where its role allows."""
    if marked_required(bound_field) and bound_field.widget_type in ARIA_REQUIRED_WIDGETS:
        return bound_field.as_widget(attrs={"aria-required": "true"})
    return bound_field.as_widget()


@register.filter
def has_required_fields(form) -> bool:
    return any(marked_required(f) for f in form.visible_fields())
