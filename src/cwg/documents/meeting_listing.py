"""The meeting page's document list: one page of rows, sorted and filtered, in a fixed number of queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from html import escape
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, Min, OuterRef, Q
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from cwg.core.access_levels import AccessLevel
from cwg.core.dates import format_day
from cwg.core.i18n import pick, pick_with_language
from cwg.documents.meeting_page import DocumentRow, LanguageSummary, LanguageVersion
from cwg.documents.models import Document, DocumentFile, SourceKind, TranslationStatus
from cwg.documents.queries import visible_at_meeting

PAGE_SIZE = 50
PENDING = (TranslationStatus.REQUESTED, TranslationStatus.IN_PROGRESS)

# Sort keys offered to readers (GET `sort`, a leading "-" reverses): column -> ORM ordering.
# "item" is the order of the meeting itself: the agenda item a document is examined under.
SORTS = {
    "symbol": ("number", "id"),
    "date": ("submitted_at", "number", "id"),
    "item": ("first_item", "number", "id"),
}
DEFAULT_SORT = "symbol"
AGENDA_SHOWN = 10  # documents named under each agenda item; the rest are one link away


@dataclass
class SortLink:
    key: str
    label: str
    url: str
    state: str  # "ascending", "descending" or "none" (aria-sort)


@dataclass
class MeetingDocuments:
    """What the meeting page prints of its documents: ready to render, no lookups left."""

    rows: list[DocumentRow]
    total: int  # documents the reader may see at this meeting, before the filters
    matching: int  # after the filters
    languages: list[LanguageSummary]
    sort: str
    language: str
    item: int | None
    items: list[tuple[int, str]]  # agenda items (number, title) for the filter
    page_number: int
    page_count: int
    page: object = None  # the django Page, for the shared pagination partial
    # Per agenda item number: how many of the reader's documents it has, and the first few.
    item_counts: dict[int, int] = field(default_factory=dict)
    item_documents: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    agenda_items: list = field(default_factory=list)  # the meeting's AgendaItem records, in order
    sort_links: dict[str, SortLink] = field(default_factory=dict)
    clear_url: str = ""

    @property
    def rows_html(self) -> SafeString:
        return document_rows_html(self.rows)

    @property
    def sort_choices(self) -> list[tuple[str, str]]:
        """The orders offered by the form (the column headings are hidden on phones)."""
        return [
            ("symbol", gettext("Symbol, first to last")),
            ("-symbol", gettext("Symbol, last to first")),
            ("-date", gettext("Date, newest first")),
            ("date", gettext("Date, oldest first")),
            ("item", gettext("Agenda item")),
        ]

    @property
    def filtered(self) -> bool:
        return bool(self.language or self.item)


class UrlPattern:
    """Reverse a URL once and fill it in per row: reversing for every row costs more than the query."""

    MARK = "999999937"

    def __init__(self, name: str):
        from django.urls import NoReverseMatch, reverse

        try:
            self.template = reverse(name, args=[self.MARK])
        except NoReverseMatch:
            self.template = ""

    def __call__(self, value) -> str:
        if not self.template:
            return ""
        # An id needs no quoting (a page lists a few hundred file links).
        text = str(value) if isinstance(value, int) else quote(value, safe="/~:@!$&'()*+,;=")
        return self.template.replace(self.MARK, text, 1)


def _available_condition(language: str) -> Exists:
    """A document whose current revision has this language ready to read (not being translated)."""
    return Exists(
        DocumentFile.objects.filter(
            document=OuterRef("pk"), revision=OuterRef("current_revision"), language=language
        ).exclude(translation_status__in=PENDING)
    )


def parse_options(params, item_numbers: set[int]) -> tuple[dict, list[str]]:
    """The reader's sort, filters and page from GET parameters; a bad value is named and ignored."""
    errors = []
    sort = params.get("sort", "") or DEFAULT_SORT
    if sort.lstrip("-") not in SORTS or sort.count("-") > 1:
        errors.append(gettext("The documents cannot be sorted by “%(value)s”.") % {"value": sort})
        sort = DEFAULT_SORT
    language = params.get("language", "")
    if language and language not in settings.UN_LANGUAGES:
        errors.append(gettext("“%(value)s” is not a language of the list.") % {"value": language})
        language = ""
    item = None
    raw_item = params.get("item", "")
    if raw_item:
        if raw_item.isdigit() and len(raw_item) < 6 and int(raw_item) in item_numbers:
            item = int(raw_item)
        else:
            errors.append(
                gettext("This meeting has no agenda item “%(value)s”.") % {"value": raw_item}
            )
    raw_page = params.get("page", "") or "1"
    page = int(raw_page) if raw_page.isdigit() and len(raw_page) < 7 else None
    if page is None or page < 1:
        errors.append(gettext("“%(value)s” is not a page number.") % {"value": raw_page})
        page = 1
    return {"sort": sort, "language": language, "item": item, "page": page}, errors


def meeting_documents(user, meeting, params, language: str) -> MeetingDocuments:
    """One page of the meeting's documents the reader may see, as asked by GET `params`.

    A fixed number of queries whatever the number of documents: agenda items, the meeting's
    index (ids, dates, agenda links), language counts, the page's rows (with a COUNT when a
    language filter makes the database page them), their files, sources and sources' names.
    """
    # Read whole: the meeting page prints the agenda from them too (`agenda_items`).
    agenda_items = list(meeting.agenda_items.order_by("number"))
    items = [(item.number, pick(item.title, language)) for item in agenda_items]
    options, errors = parse_options(params, {number for number, _ in items})
    seen = visible_at_meeting(user, meeting)
    listed = seen
    if options["language"]:
        listed = listed.filter(_available_condition(options["language"]))
    if options["item"] is not None:
        # One filter call: the item is this meeting's item of that number (one join).
        listed = listed.filter(agenda_items__meeting=meeting, agenda_items__number=options["item"])
    languages = _language_summary(listed)
    index = _meeting_index(seen, agenda_items)
    if options["language"] or options["sort"].lstrip("-") == "date":
        # Readable in a language (a condition on the files) or by date (a column the index
        # leaves out: reading 2,000 dates costs more than the database's sort): the database
        # pages the list.
        paginator = Paginator(_ordered(listed, options["sort"], meeting), PAGE_SIZE)
        page = paginator.get_page(options["page"])  # past the end: the last page
        docs = list(page.object_list)
    else:
        # Everything else is known from the index: page its ids, then read only those rows.
        paginator = Paginator(_sorted_ids(index, options["item"], options["sort"]), PAGE_SIZE)
        page = paginator.get_page(options["page"])
        by_id = {
            doc.id: doc
            for doc in _with_row_fields(Document.objects.filter(pk__in=page.object_list))
        }
        docs = [by_id[pk] for pk in page.object_list if pk in by_id]
    total = len(index.ids)
    listing = MeetingDocuments(
        rows=_rows(docs, meeting, language),
        total=total,
        matching=paginator.count,
        languages=languages,
        sort=options["sort"],
        language=options["language"],
        item=options["item"],
        items=items,
        page_number=page.number,
        page_count=paginator.num_pages,
        page=page,
        errors=errors,
        item_counts=index.item_counts,
        item_documents=index.item_documents,
        agenda_items=agenda_items,
    )
    _add_links(listing)
    return listing


ROW_FIELDS = (
    "id",
    "symbol",
    "title",
    "source_kind",
    "access_level",
    "current_revision",
    "is_late",
    "withdrawn",
    "submitted_at",
)


def _with_row_fields(documents):
    """What a row prints, as named tuples: building model instances cost more than the query."""
    return documents.values_list(*ROW_FIELDS, named=True)


def _ordered(documents, sort: str, meeting):
    """The documents in the order asked for, by the database (the filtered path)."""
    key = sort.lstrip("-")
    ordering = SORTS[key]
    if sort.startswith("-"):
        ordering = tuple(f"-{name}" for name in ordering)
    if key == "item":
        documents = documents.annotate(
            first_item=Min("agenda_items__number", filter=Q(agenda_items__meeting=meeting))
        )
        # Documents under no item after the others (reversed: before), on both engines.
        first = F("first_item")
        ordering = (
            first.desc(nulls_first=True) if sort.startswith("-") else first.asc(nulls_last=True),
            *ordering[1:],
        )
    return _with_row_fields(documents).order_by(*ordering)


@dataclass
class MeetingIndex:
    ids: list[int]  # the reader's documents of the meeting, in symbol order
    links: list[tuple[int, int]]  # (document id, agenda item number), in symbol order
    item_counts: dict[int, int]
    item_documents: dict[int, list[tuple[int, str]]]

    @cached_property
    def items_of(self) -> dict[int, set[int]]:
        """Document id -> its agenda item numbers (when it has some); only the item filter and
        order need it."""
        items_of: dict[int, set[int]] = {}
        for doc_id, item in self.links:
            items_of.setdefault(doc_id, set()).add(item)
        return items_of


def _sorted_ids(index: MeetingIndex, item: int | None, sort: str) -> list[int]:
    """Ids under `item` (or all) by symbol or agenda item, as `_ordered` would sort them."""
    ids = index.ids
    if item is not None:
        ids = [pk for pk in ids if item in index.items_of.get(pk, ())]
    if sort.lstrip("-") == "item":
        never = 10**9  # documents under no item come after the others
        rank = {pk: min(index.items_of[pk]) if pk in index.items_of else never for pk in ids}
        ids = sorted(ids, key=rank.__getitem__)  # stable: symbol order within an item
    return ids[::-1] if sort.startswith("-") else ids


def _meeting_index(seen, agenda_items: list) -> MeetingIndex:
    """One pass over the reader's documents of the meeting, in symbol order: their ids and
    agenda items, and per item their count and the first AGENDA_SHOWN (id, symbol)."""
    ids: list[int] = []
    links: list[tuple[int, int]] = []
    first: dict[int, list[tuple[int, str]]] = {}
    last = None
    # The items' numbers come from this meeting's items, already read, not from a join per row.
    number_of = {item.pk: item.number for item in agenda_items}
    # The loop runs once per document (thousands): it does only what every row needs.
    for doc_id, item_id, symbol, revision in seen.order_by("number", "id").values_list(
        "id", "agenda_items", "symbol", "current_revision"
    ):
        if doc_id != last:  # a document under several items comes once per item, together
            ids.append(doc_id)
            last = doc_id
        item = number_of.get(item_id)
        if item is None:  # under no item, or under an item of another meeting's agenda
            continue
        links.append((doc_id, item))
        shown = first.get(item)
        if shown is None:
            first[item] = shown = []
        if len(shown) < AGENDA_SHOWN:
            shown.append((doc_id, f"{symbol} (Rev.{revision})" if revision else symbol))
    counts = dict(Counter(item for _, item in links))
    return MeetingIndex(ids, links, counts, first)


def _language_summary(documents) -> list[LanguageSummary]:
    """Per language, how many listed documents have it ready and how many are being translated."""
    summary = {code: LanguageSummary(code) for code in settings.UN_LANGUAGES}
    # One row per language, the statuses counted by a filter: grouping by language and status
    # sorted twice as many rows. No DISTINCT needed: a document has one file per language and
    # revision (document_file_unique_version), and the index document_file_status_idx
    # answers the whole join without reading the files.
    counts = (
        documents.filter(files__revision=F("current_revision"))
        .values_list("files__language")
        .annotate(
            versions=Count("files__id"),
            pending=Count("files__id", filter=Q(files__translation_status__in=PENDING)),
        )
        .order_by()
    )
    for code, versions, pending in counts:
        entry = summary.get(code)
        if entry is not None:
            entry.available += versions - pending
            entry.pending += pending
    return list(summary.values())


def _rows(docs: list, meeting, language: str) -> list[DocumentRow]:
    """The rows of `docs` (named tuples of ROW_FIELDS), with their files and sources."""
    ids = [doc.id for doc in docs]
    files: dict[int, list[tuple]] = {}
    if ids:
        for doc_id, file_id, revision, lang, status in (
            DocumentFile.objects.filter(document_id__in=ids)
            .order_by("language")
            .values_list("document_id", "id", "revision", "language", "translation_status")
        ):
            files.setdefault(doc_id, []).append((file_id, revision, lang, status))
    # Each source's name comes with the link (one query): pick() from its names, as
    # MemberState.name does, without loading the states as models.
    sources: dict[int, list[str]] = {}
    if ids:
        through = Document.source_states.through
        names: dict[int, str] = {}
        for doc_id, state_id, iso3, state_names in (
            through.objects.filter(document_id__in=ids)
            .order_by("id")
            .values_list("document_id", "memberstate_id", "memberstate__iso3", "memberstate__names")
        ):
            if state_id not in names:
                names[state_id] = pick(state_names, language) or iso3
            sources.setdefault(doc_id, []).append(names[state_id])
    notes = {
        TranslationStatus.REQUESTED: gettext("translation requested"),
        TranslationStatus.IN_PROGRESS: gettext("translation in progress"),
    }
    kind_labels = {value: gettext(label) for value, label in SourceKind.choices}
    doc_url = UrlPattern("documents:detail")
    file_url = UrlPattern("documents:download")
    meeting_access = meeting.effective_access()
    rows = []
    days: dict = {}  # Babel formatting costs more than the rest of a row; documents share days
    for doc in docs:
        names = sources.get(doc.id, ())
        versions = []
        for file_id, revision, lang, status in files.get(doc.id, ()):
            if revision != doc.current_revision:
                continue
            note = notes.get(status, "")
            versions.append(LanguageVersion(lang, status, "" if note else file_url(file_id), note))
        title = pick_with_language(doc.title, language)
        row = DocumentRow(
            id=doc.id,
            symbol=f"{doc.symbol} (Rev.{doc.current_revision})"  # as Document.display_symbol
            if doc.current_revision
            else doc.symbol,
            title=title.text,
            title_language=title.html_lang if title.is_fallback else "",
            access=doc.access_level if doc.access_level != AccessLevel.INHERIT else meeting_access,
            url=doc_url(doc.symbol),
            sources=", ".join(names) if names else kind_labels.get(doc.source_kind, ""),
            is_late=doc.is_late,
            withdrawn=doc.withdrawn,
            languages=versions,
        )
        day = doc.submitted_at.date() if doc.submitted_at else None
        if day not in days:
            days[day] = format_day(day) if day else ""
        row.date = days[day]
        rows.append(row)
    return rows


def _query(listing: MeetingDocuments, **changes) -> str:
    """The page's address with the current options and `changes` (defaults left out)."""
    values = {
        "sort": listing.sort if listing.sort != DEFAULT_SORT else "",
        "language": listing.language,
        "item": listing.item or "",
        "page": listing.page_number if listing.page_number != 1 else "",
    }
    values.update(changes)
    kept = {k: v for k, v in values.items() if v not in ("", None) and not (k == "page" and v == 1)}
    return ("?" + urlencode(kept) if kept else "?") + "#documents"


def _add_links(listing: MeetingDocuments) -> None:
    labels = {"symbol": gettext("Symbol"), "date": gettext("Date"), "item": gettext("Agenda item")}
    current = listing.sort.lstrip("-")
    descending = listing.sort.startswith("-")
    for key, label in labels.items():
        if key == current:
            state = "descending" if descending else "ascending"
            target = key if descending else f"-{key}"
        else:
            state, target = "none", key
        listing.sort_links[key] = SortLink(
            key,
            label,
            _query(listing, sort=target if target != DEFAULT_SORT else "", page=""),
            state,
        )
    listing.clear_url = _query(listing, language="", item="", page="")


def document_rows_html(rows) -> SafeString:
    """The rows as HTML, built here: the template engine's per-row cost dominated the page."""
    late = f' <span class="badge badge--late">{escape(gettext("late"))}</span>'
    withdrawn = f' <span class="badge badge--withdrawn">{escape(gettext("withdrawn"))}</span>'
    public = escape(gettext("Public"))
    members = f'<span class="badge badge--members">{escape(gettext("Members only"))}</span>'
    # Each cell names its column, for the phone layout where the rows reflow (site.css).
    symbol_cell, date_cell, title_cell, source_cell, languages_cell, access_cell = (
        f'<td data-label="{escape(gettext(name))}">'
        for name in ("Symbol", "Date", "Title", "Source", "Languages", "Access")
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
        add(
            f"</td>{date_cell}<time>{row.date}</time></td>{title_cell}{title}</td>"
            f"{source_cell}{escape(row.sources)}</td>{languages_cell}"
        )
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


def meeting_page_documents(user, meeting, params, language, so_far) -> dict:
    """The meeting page's document list (a cwg.core.sections part of "meeting_documents")."""
    return {"listing": meeting_documents(user, meeting, params, language)}
