"""SQLite: an FTS5 table over the lemma columns and a narrow search table, kept by triggers.

The FTS5 table uses archive_article as external content (the text is stored
once); the narrow table ``archive_article_search`` copies each article's id,
date, language and outlet, so counts and facets over tens of thousands of
matches read small rows instead of the wide article rows (a 100,000-article
archive is ~600 MB of them). Triggers on insert, update and delete keep both
right whoever writes the rows.
Django rebuilds a SQLite table for most schema changes, which drops its
triggers, so :meth:`SqliteBackend.ensure` runs after every ``migrate`` and puts
them back (rebuilding the index if they were missing).
"""
from __future__ import annotations

import weakref
from collections import deque
from dataclasses import replace

from .base import FTS_TABLE, NARROW_COLUMNS, SAMPLE_CONDITION, SEARCH_TABLE, SearchBackend, Syntax

_TRIGGERS = {
    f"{FTS_TABLE}_ai": f"""
        CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON archive_article BEGIN
            INSERT INTO {FTS_TABLE}(rowid, title_lemmas, body_lemmas)
            VALUES (new.id, new.title_lemmas, new.body_lemmas);
        END""",
    f"{FTS_TABLE}_ad": f"""
        CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON archive_article BEGIN
            INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title_lemmas, body_lemmas)
            VALUES ('delete', old.id, old.title_lemmas, old.body_lemmas);
        END""",
    f"{FTS_TABLE}_au": f"""
        CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE ON archive_article
        WHEN old.title_lemmas IS NOT new.title_lemmas OR old.body_lemmas IS NOT new.body_lemmas
          OR old.id IS NOT new.id
        BEGIN
            INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title_lemmas, body_lemmas)
            VALUES ('delete', old.id, old.title_lemmas, old.body_lemmas);
            INSERT INTO {FTS_TABLE}(rowid, title_lemmas, body_lemmas)
            VALUES (new.id, new.title_lemmas, new.body_lemmas);
        END""",
    f"{SEARCH_TABLE}_ai": f"""
        CREATE TRIGGER IF NOT EXISTS {SEARCH_TABLE}_ai AFTER INSERT ON archive_article BEGIN
            INSERT OR REPLACE INTO {SEARCH_TABLE}(article_id, published, language, outlet_id)
            VALUES (new.id, new.published, new.language, new.outlet_id);
        END""",
    f"{SEARCH_TABLE}_ad": f"""
        CREATE TRIGGER IF NOT EXISTS {SEARCH_TABLE}_ad AFTER DELETE ON archive_article BEGIN
            DELETE FROM {SEARCH_TABLE} WHERE article_id = old.id;
        END""",
    f"{SEARCH_TABLE}_au": f"""
        CREATE TRIGGER IF NOT EXISTS {SEARCH_TABLE}_au AFTER UPDATE OF id, published, language, outlet_id
        ON archive_article BEGIN
            DELETE FROM {SEARCH_TABLE} WHERE article_id = old.id;
            INSERT OR REPLACE INTO {SEARCH_TABLE}(article_id, published, language, outlet_id)
            VALUES (new.id, new.published, new.language, new.outlet_id);
        END""",
}
_CREATE_SEARCH_TABLE = (
    f"CREATE TABLE IF NOT EXISTS {SEARCH_TABLE} (article_id INTEGER PRIMARY KEY, published date, "
    "language varchar(8) NOT NULL, outlet_id integer)"
)
# remove_diacritics 0: "й" and "ї" are letters of their own, as they are on PostgreSQL.
# prefix: indexes of every token's first 2, 3 and 4 letters, so a short prefix ("unde*",
# thousands of tokens) is one lookup instead of a merge of every token's list (~20 ms
# each time a search evaluates it, at 100,000 articles); longer prefixes match few tokens.
_CREATE_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "title_lemmas, body_lemmas, content='archive_article', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0', prefix='2 3 4')"
)
#: Newest first (NULL is below every date in SQLite, so undated rows come last): the order of
#: equal ranks, walked by a ranked page's lowest tier (migration 0016).
_NEWEST = "published DESC, article_id DESC"
_CREATE_NEWEST_INDEX = f"CREATE INDEX IF NOT EXISTS {SEARCH_TABLE}_newest ON {SEARCH_TABLE} ({_NEWEST})"
#: The live copy of the index's SQL, which ensure() runs to repair a missing part (then
#: rebuilds, so the index matches the articles); migration 0003 holds the frozen copy a
#: migrated database was made with. Changing this needs a new migration.
_INSTALL = [
    _CREATE_TABLE,
    _CREATE_SEARCH_TABLE,
    _CREATE_NEWEST_INDEX,
    *_TRIGGERS.values(),
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
    f"DELETE FROM {SEARCH_TABLE}",
    f"INSERT INTO {SEARCH_TABLE}(article_id, published, language, outlet_id) "
    "SELECT id, published, language, outlet_id FROM archive_article",
]


#: The ids of dear matches (phrases), kept for the statements of one search: temporary
#: tables, so they belong to one connection (no other sees them, they go with the connection)
#: and live in the temporary database (writing them takes no lock on the archive's file).
#: Each search's ids are a table of their own, ``archive_match_ids_<search>``, whose INTEGER
#: PRIMARY KEY is the article id: FTS5 lists rowids in ascending order, so the insert appends
#: to the table's B-tree (about a third of the cost of one shared (search, article_id) key).
KEPT_IDS = "archive_match_ids"
#: Searches whose ids a connection keeps: keeping a new one drops the oldest beyond these.
#: A request runs a few searches at most (the results, facets counted without a filter).
KEPT_SEARCHES = 8
#: The searches kept per connection, oldest first (by the Django connection; the database
#: connection it holds is compared too: a new one starts with no temporary table).
_kept: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def kept_table(search: int) -> str:
    """The temporary table holding the kept ids of ``search``."""
    return f"{KEPT_IDS}_{int(search)}"


def _terms(tree):
    if hasattr(tree, "variants"):
        yield tree
        return
    for child in tree.children:
        yield from _terms(child)


def _quote(token: str) -> str:
    # Tokens are letters and digits only (archive.search.analyzer); quoting makes
    # FTS5 read them as strings, never as operators (AND, NEAR, column filters).
    return '"' + token.replace('"', '""') + '"'


#: FTS5 MATCH text from analyzer tokens only.
SYNTAX = Syntax(
    all_of=" AND ", any_of=" OR ", but_not="({positive}) NOT ({negative})",
    word=_quote, prefix=lambda token: _quote(token) + "*", phrase=lambda variant: _quote(" ".join(variant)),
)


class SqliteBackend(SearchBackend):
    name = "sqlite-fts5"
    syntax = SYNTAX

    def ensure(self):
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
            present = {row[0] for row in cursor.fetchall()}
            if "archive_article" not in present:
                return False
            missing = any(name not in present for name in (FTS_TABLE, SEARCH_TABLE, *_TRIGGERS))
            if missing:
                for sql in _INSTALL:
                    cursor.execute(sql)
            return missing

    def ids(self, match, *, title=False):
        # A column filter runs on the same index; no auxiliary function (bm25) per matching row.
        match = f"title_lemmas : {match}" if title else match
        return f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match]

    def sampled_rows(self, match):
        # The hash is tested on the rowids FTS5 returns, so the IN list holds the sample only
        # and only sampled ids are looked up in the narrow table.
        sample = SAMPLE_CONDITION.format(id="rowid")
        return (f"SELECT {NARROW_COLUMNS} FROM {SEARCH_TABLE} WHERE article_id IN "
                f"(SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND {sample})", [match])

    def is_expensive(self, tree):
        # A phrase makes FTS5 read the positions of every article holding all its words
        # (~30 ms for a phrase in 26,000 of 100,000 articles, each time it is evaluated).
        return any(len(variant) > 1 for term in _terms(tree) for variant in term.variants)

    def keep_ids(self, match, search):
        table = f"temp.{kept_table(search)}"
        with self.connection.cursor() as cursor:
            kept = _kept.get(self.connection)
            if kept is None or kept[0] is not self.connection.connection:
                kept = _kept[self.connection] = (self.connection.connection, deque())
            while len(kept[1]) >= KEPT_SEARCHES:
                cursor.execute(f"DROP TABLE IF EXISTS temp.{kept_table(kept[1].popleft())}")
            cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {kept_table(search)} (article_id INTEGER PRIMARY KEY)")
            # ORDER BY rowid is FTS5's own order (no sort): it tells SQLite the ids come ascending.
            cursor.execute(f"INSERT INTO {table} (article_id) SELECT rowid FROM ({match.ids}) m ORDER BY rowid",
                           list(match.params))
            count = cursor.rowcount
            kept[1].append(search)
        ids = f"SELECT article_id FROM {table}"
        sampled_ids = f"{ids} WHERE {SAMPLE_CONDITION.format(id='article_id')}"
        rows = f"SELECT {NARROW_COLUMNS} FROM {SEARCH_TABLE} WHERE article_id IN "
        return replace(match, ids=ids, params=(), rows=rows + f"({ids})", row_params=(),
                       sampled_rows=rows + f"({sampled_ids})", sampled_params=(), expensive=False), count

    # -- the first page of a ranked search (base.SearchBackend.top_page) ----------
    newest_sql = _NEWEST
    #: Each row of the match is checked against the window's ids (~0.2 us a row, against ~2 us to
    #: rank and sort it), and the window's ids are put in a temporary index first.
    topk_max_window = 5_000

    def titled_rows(self, match, titles):
        text = f"title_lemmas : {titles}" if match is None else f"({match}) AND (title_lemmas : {titles})"
        return (f"SELECT article_id, published FROM {SEARCH_TABLE} WHERE article_id IN "
                f"(SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)", [text])

    def untitled_newest(self, match, titles, window, limit):
        # FTS5 lists the match's rowids cheaply (~0.05 us each) and each is looked up in the
        # window's few ids; "+rowid" keeps FTS5 from being asked once per window id instead
        # (~100 us a probe). The other way round, "id IN (the whole match)", builds a temporary
        # index of every match first (~0.6 us each).
        newest = f"SELECT article_id FROM {SEARCH_TABLE} ORDER BY {_NEWEST} LIMIT {int(window)}"
        sql = (f"SELECT s.article_id, s.published FROM {SEARCH_TABLE} s WHERE s.article_id IN ("
               f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND +rowid IN ({newest})) "
               f"ORDER BY {_NEWEST} LIMIT {int(limit)}")
        return sql, [f"({match}) NOT (title_lemmas : {titles})"]

    def top_page(self, parsed, stop, *, matches, rank, kept=None):
        """:meth:`SearchBackend.top_page`; ``kept``: the Match of this search's kept ids
        (:meth:`keep_ids`), which the untitled tier then reads instead of evaluating the phrase
        again in FTS5 (once for the match, once more for "not in a title")."""
        backend = self if kept is None else _KeptIdsPage(self.connection, kept)
        return SearchBackend.top_page(backend, parsed, stop, matches=matches, rank=rank)


class _KeptIdsPage(SqliteBackend):
    """The SQLite backend writing a first page's untitled tier over a search's kept ids."""

    def __init__(self, connection, kept):
        super().__init__(connection)
        self.kept = kept

    def untitled_newest(self, match, titles, window, limit):
        # The window's few ids are each looked up in the kept ids (their INTEGER PRIMARY KEY)
        # and in the titled tier's rows, the "titled" set SearchBackend.top_page materializes
        # first in the same statement: neither the match nor the titles are read from FTS5 again.
        newest = (f"SELECT article_id, published FROM {SEARCH_TABLE} ORDER BY {_NEWEST} LIMIT {int(window)}")
        sql = (f"SELECT s.article_id, s.published FROM ({newest}) s WHERE s.article_id IN ({self.kept.ids}) "
               f"AND s.article_id NOT IN (SELECT article_id FROM titled) ORDER BY {_NEWEST} LIMIT {int(limit)}")
        return sql, list(self.kept.params)
