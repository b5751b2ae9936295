"""Template filters of the page shell: multilingual text, locale dates, paging.

Apps above core add their own filters to this library in their AppConfig.ready (groups adds
`cite`), so every template keeps loading one library and core imports no app.
"""

from __future__ import annotations

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from cwg.core.dates import DAY_FORMAT, INSTANT_FORMAT, babel_locale, format_day, format_days
from cwg.core.i18n import Picked, pick_with_language
from cwg.core.i18n import pick as pick_text

register = template.Library()


@register.filter
def pick(texts, language=None):
    """{{ group.name|pick }}: the text in the reader's language, else the first available."""
    return pick_text(texts, language)


@register.simple_tag
def picked(texts, language=None) -> Picked:
    """{% picked group.mandate as mandate %}: the text, its language and whether it is a fallback.

    For blocks (`|linebreaks`), put `{{ mandate|lang_attrs }}` on the element that holds it.
    """
    return pick_with_language(texts, language)


@register.filter
def lang_attrs(value: Picked) -> str:
    """` lang="en" dir="ltr"` when a picked text is in another language than the page, else ""."""
    if not isinstance(value, Picked) or not value.is_fallback:
        return ""
    return format_html(' lang="{}" dir="{}"', value.html_lang, value.direction)


@register.filter
def language_note(value: Picked) -> str:
    """A visible note naming a fallback text's language, in the reader's language: "(anglais)"."""
    if not isinstance(value, Picked) or not value.is_fallback:
        return ""
    name = Locale.parse(babel_locale()).languages.get(value.language, value.language)
    return format_html(' <span class="lang-note">({})</span>', name)


@register.filter
def pick_lang(texts, mode=""):
    """{{ resolution.title|pick_lang }}: the text in the reader's language; a text shown in
    another language is wrapped in `<span lang dir>` (WCAG 3.1.2), and `pick_lang:"note"` also
    names that language visibly. For the body of a page only: never in attributes or <title>."""
    value = pick_with_language(texts)
    if not value.is_fallback:
        return value.text
    marked = format_html(
        '<span lang="{}" dir="{}">{}</span>', value.html_lang, value.direction, value.text
    )
    if mode == "note":
        return mark_safe(marked + language_note(value))  # both parts are escaped above
    return marked


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
