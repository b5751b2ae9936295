"""The documents table of a meeting page as HTML, built in Python.

A meeting can have thousands of documents; the template engine's per-row cost (variable lookups,
auto-escaping, nested tags) dominated the page's render time, so the rows are written here with the
standard library's escaping. Every string is still translated with gettext.
"""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext


def document_rows_html(rows) -> SafeString:
    late = f' <span class="badge badge--late">{escape(gettext("late"))}</span>'
    withdrawn = f' <span class="badge badge--withdrawn">{escape(gettext("withdrawn"))}</span>'
    public = escape(gettext("Public"))
    members = f'<span class="badge badge--members">{escape(gettext("Members only"))}</span>'
    # Each cell names its column, for the phone layout where the rows reflow (site.css).
    symbol_cell, title_cell, source_cell, languages_cell, access_cell = (
        f'<td data-label="{escape(gettext(name))}">'
        for name in ("Symbol", "Title", "Source", "Languages", "Access")
    )
    out: list[str] = []
    add = out.append
    for row in rows:
        # A symbol never breaks at its hyphens or slashes ("CWG-/INTERNET-23/1").
        symbol = f'<span class="symbol">{escape(row.symbol)}</span>'
        add(
            f'<tr id="doc-{row.id}" class="withdrawn">'
            if row.withdrawn
            else f'<tr id="doc-{row.id}">'
        )
        add(
            f'{symbol_cell}<a href="{escape(row.url)}">{symbol}</a>'
            if row.url
            else f"{symbol_cell}{symbol}"
        )
        if row.is_late:
            add(late)
        if row.withdrawn:
            add(withdrawn)
        # A title in another language than the page says which (WCAG 3.1.2).
        title = (
            f'<span lang="{row.title_language}" dir="{"rtl" if row.title_language == "ar" else "ltr"}">'
            f"{escape(row.title)}</span>"
            if row.title_language
            else escape(row.title)
        )
        add(f"</td>{title_cell}{title}</td>{source_cell}{escape(row.sources)}</td>{languages_cell}")
        if row.languages:
            for v in row.languages:
                if v.url:
                    add(
                        f'<a class="lang" href="{escape(v.url)}" hreflang="{v.language}">{v.code}</a>'
                    )
                else:
                    add(f'<span class="lang lang--{v.status}">{v.code}</span>')
                if v.note:
                    add(f" <small>({escape(v.note)})</small>")
                add(" ")
        else:
            add("—")
        add(f"</td>{access_cell}{public if row.public else members}</td></tr>\n")
    return mark_safe("".join(out))


SHOWN_PER_ITEM = 10


def agenda_documents_html(
    documents: list[tuple[int, str]], item_number: int, count: int | None = None
) -> SafeString:
    """Links to the documents examined under an agenda item, in the list filtered to that item.

    The list is paginated, so each link opens it filtered to the item (where the first documents
    by symbol are on the first page); past the first few, one link to all of them.
    """
    count = len(documents) if count is None else count
    link = f"?item={int(item_number)}"
    shown = ", ".join(
        f'<a href="{link}#doc-{int(pk)}" class="symbol">{escape(symbol)}</a>'
        for pk, symbol in documents[:SHOWN_PER_ITEM]
    )
    if count > SHOWN_PER_ITEM:
        more = escape(
            ngettext(
                "and %(count)d more document",
                "and %(count)d more documents",
                count - SHOWN_PER_ITEM,
            )
            % {"count": count - SHOWN_PER_ITEM}
        )
        shown += f' <a href="{link}#documents">{more}</a>'
    # Safe: ids and numbers are integers and symbols are escaped.
    return mark_safe(shown)
