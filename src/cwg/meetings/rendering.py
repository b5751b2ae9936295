"""An agenda item's document links as HTML, built in Python: an item can list hundreds."""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

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
