"""The engine index's fields, and an article's document built from what the database stores.

The text fields hold the article's ``title_lemmas`` and ``body_lemmas``: the archive's own
analyzer tokens, one per word. They are split on whitespace and lowercased only (the
``lemmas`` tokenizer), with positions, so a term is the analyzer's token and a phrase is
the analyzer's adjacent tokens: the engine never stems or folds them again. Title and body
are two fields, so a phrase never runs from a title into its body (as in FTS5's columns and
PostgreSQL's per-column pairs).

Dates are day numbers (``date.toordinal()``); an undated article has no ``day``. The page
order of equal ranks is one number per article (``newest``: published DESC NULLS LAST, id
DESC as a descending key; ``oldest``: published ASC NULLS LAST, id ASC as an ascending one),
so the engine sorts by a fast field instead of Python sorting the matches.
"""
from __future__ import annotations

from datetime import date

import tantivy

#: Moved on whenever build_schema() changes: an index of another version is rebuilt anew.
SCHEMA_VERSION = 3
#: The tokenizer of the text fields (registered on every Index opened, see :func:`register`).
TOKENIZER = "lemmas"
#: The text fields a term is looked for in.
TEXT_FIELDS = ("title", "body")
#: Ids stay below 2**ID_BITS, so a date and an id share one 64-bit order key.
ID_BITS = 34
#: The day number standing for "no date" in the ascending key (after every real day).
NO_DAY = date.max.toordinal() + 1


def build_schema() -> tantivy.Schema:
    """The index's schema (changing it needs a rebuild: ``rebuild_search_index``)."""
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", stored=True, indexed=True, fast=True)
    for name in TEXT_FIELDS:
        builder.add_text_field(name, tokenizer_name=TOKENIZER, index_option="position")
    builder.add_text_field("language", tokenizer_name="raw", fast=True)
    builder.add_unsigned_field("outlet", indexed=True, fast=True)
    builder.add_unsigned_field("day", indexed=True, fast=True)
    # "2026-01-31 ru" and "2026-01 ru": the date facet's cells, by day and by month, each
    # counted by one terms aggregation (a language sub-aggregation under each day cost ~150 ms
    # for 40,000 matches; a wide range reads the few hundred month cells only).
    builder.add_text_field("day_language", tokenizer_name="raw", fast=True)
    builder.add_text_field("month_language", tokenizer_name="raw", fast=True)
    builder.add_unsigned_field("person", indexed=True, fast=True)
    builder.add_unsigned_field("event", indexed=True, fast=True)
    builder.add_unsigned_field("newest", fast=True)
    builder.add_unsigned_field("oldest", fast=True)
    return builder.build()


def register(index: tantivy.Index) -> None:
    """Register the ``lemmas`` tokenizer on ``index`` (Tantivy keeps tokenizers per Index object)."""
    analyzer = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
                .filter(tantivy.Filter.lowercase()).build())
    index.register_tokenizer(TOKENIZER, analyzer)


def newest_key(article_id: int, published: date | None) -> int:
    """Descending key: later dates first, undated last, then the higher id."""
    day = published.toordinal() if published else 0
    return (day << ID_BITS) + int(article_id)


def oldest_key(article_id: int, published: date | None) -> int:
    """Ascending key: earlier dates first, undated last, then the lower id."""
    day = published.toordinal() if published else NO_DAY
    return (day << ID_BITS) + int(article_id)


def document(row: dict, people: list[int], events: list[int]) -> tantivy.Document:
    """The document of one article: ``row`` has id, title_lemmas, body_lemmas, language,
    outlet_id, published; ``people`` its mentioned person ids, ``events`` the ids of the
    events it counts for."""
    doc = tantivy.Document()
    doc.add_unsigned("id", row["id"])
    doc.add_text("title", row["title_lemmas"] or "")
    doc.add_text("body", row["body_lemmas"] or "")
    doc.add_text("language", row["language"] or "")
    if row["outlet_id"] is not None:
        doc.add_unsigned("outlet", row["outlet_id"])
    published = row["published"]
    if published is not None:
        doc.add_unsigned("day", published.toordinal())
        doc.add_text("day_language", f"{published.isoformat()} {row['language'] or ''}")
        doc.add_text("month_language", f"{published.isoformat()[:7]} {row['language'] or ''}")
    for person in people:
        doc.add_unsigned("person", person)
    for event in events:
        doc.add_unsigned("event", event)
    doc.add_unsigned("newest", newest_key(row["id"], published))
    doc.add_unsigned("oldest", oldest_key(row["id"], published))
    return doc
