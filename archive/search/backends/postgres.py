"""PostgreSQL: a narrow search table with GIN-indexed tsvectors, kept by a trigger.

``archive_article_search`` holds one row per article: its id, date, language and
outlet (for counts and facets) and two vectors, the whole text (title and body)
and the title alone (for the rank's title tier). A row trigger on
``archive_article`` writes it on every insert, update and delete, whoever writes
the article (admin, loader, ``loaddata``, ``bulk_create``); a statement trigger
empties it when the articles are truncated.

Both vectors also hold the adjacent token pairs of their texts as lexemes
(``ёaёb``; the first ``MAX_PAIRS`` of a text), so a two-word phrase is one exact index lookup and a
longer one is re-checked only on the articles holding all its pairs (Elasticsearch's
``index_phrases`` does the same).

Why a table of its own and not generated columns on ``archive_article``: counting
and grouping tens of thousands of matches then reads ~40-byte rows (the vectors
are moved out of line by ``toast_tuple_target``) instead of the wide article rows.
"""
from __future__ import annotations

from .base import NARROW_COLUMNS, NEWEST_SQL, SAMPLE_CONDITION, SEARCH_TABLE, SearchBackend, Syntax

_FUNCTION = "archive_article_search_sync"
_TRIGGER = "archive_article_search_sync"
_TRUNCATE = "archive_article_search_truncate"
_PAIRS = "archive_lemma_pairs"
#: Marks a pair lexeme. Index tokens never hold it (the analyzer folds "ё" to "е"), so a
#: pair can neither equal a word nor start with a query prefix; PostgreSQL's parser reads
#: it as a letter, so "ёaёb" stays one lexeme in the vector and in the query alike.
PAIR_MARK = "ё"
#: A text's first MAX_PAIRS adjacent pairs are indexed; a longer text's vector gets the
#: lexeme CAPPED instead of the rest. Why a cap: a tsvector holds at most 1 MB of lexemes,
#: and uncapped pairs add about one lexeme per word, so a ~400 KB article (~30,000 distinct
#: pairs) made the trigger raise "string is too long for tsvector" and its import fail.
#: 2,000 pairs of even two 60-letter Cyrillic tokens (the analyzer's longest) stay under
#: 0.5 MB, half the limit, leaving the rest to the words; typical pairs need ~80 KB.
#: Nearly every news article is shorter, so its phrases stay one index lookup.
MAX_PAIRS = 2000
#: Never a token (no "ё") nor a pair (both tokens of a pair are non-empty).
CAPPED = PAIR_MARK + PAIR_MARK
_VECTORS = (
    "to_tsvector('simple'::regconfig, coalesce({row}.title_lemmas, '')) || "
    "to_tsvector('simple'::regconfig, coalesce({row}.body_lemmas, '')) || "
    f"{_PAIRS}({{row}}.title_lemmas) || {_PAIRS}({{row}}.body_lemmas)",
    f"to_tsvector('simple'::regconfig, coalesce({{row}}.title_lemmas, '')) || {_PAIRS}({{row}}.title_lemmas)",
)
_COLUMNS = "article_id, published, language, outlet_id, vector, title_vector"


def _values(row: str) -> str:
    return f"{row}.id, {row}.published, {row}.language, {row}.outlet_id, " + ", ".join(
        v.format(row=row) for v in _VECTORS
    )


#: The live copy of the index's SQL, which ensure() runs to repair a missing part; migration
#: 0003 holds the frozen copy a migrated database was made with. Changing this needs a new
#: migration (test_search_index compares a migrated database with it).
_INSTALL = [
    # Adjacent token pairs of a lemma text as lexemes ("ёaёb"): a two-word phrase is then
    # one exact index lookup, where "a <-> b" re-read the vector of every article holding
    # both words (~500 ms for two common words in 100,000 articles). Pairs never cross
    # from the title into the body, as FTS5 phrases do not cross columns on SQLite.
    # Only the first MAX_PAIRS pairs, and CAPPED when there were more (see MAX_PAIRS).
    f"""CREATE OR REPLACE FUNCTION {_PAIRS}(lemmas text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT to_tsvector('simple'::regconfig, coalesce(string_agg(pair, ' ') FILTER (WHERE n <= {MAX_PAIRS}), '')
               || CASE WHEN count(*) > {MAX_PAIRS} THEN ' {CAPPED}' ELSE '' END)
        FROM (SELECT '{PAIR_MARK}' || token || '{PAIR_MARK}' || lead(token) OVER (ORDER BY at) AS pair,
                     row_number() OVER (ORDER BY at) AS n
              FROM unnest(regexp_split_to_array(coalesce(lemmas, ''), '\\s+')) WITH ORDINALITY AS t(token, at)
              WHERE token <> '') pairs
        WHERE pair IS NOT NULL
    $$""",
    # toast_tuple_target: vectors go out of line, so a scan of the table reads only the small columns.
    f"""CREATE TABLE IF NOT EXISTS {SEARCH_TABLE} (
        article_id integer PRIMARY KEY,
        published date,
        language varchar(8) NOT NULL,
        outlet_id integer,
        vector tsvector NOT NULL,
        title_vector tsvector NOT NULL
    ) WITH (toast_tuple_target = 128)""",
    f"CREATE INDEX IF NOT EXISTS {SEARCH_TABLE}_vector ON {SEARCH_TABLE} USING gin (vector)",
    f"CREATE INDEX IF NOT EXISTS {SEARCH_TABLE}_title ON {SEARCH_TABLE} USING gin (title_vector)",
    # The facets' sample of the ids (SAMPLE_CONDITION): its bitmap ANDed with the GIN one leaves
    # only the sampled matches to read from the heap (migration 0017).
    f"CREATE INDEX IF NOT EXISTS {SEARCH_TABLE}_sample ON {SEARCH_TABLE} (((article_id * 2654435761) % 4294967296))",
    # Newest first: the order of equal ranks, walked by a ranked page's lowest tier (migration 0016).
    f"CREATE INDEX IF NOT EXISTS {SEARCH_TABLE}_newest ON {SEARCH_TABLE} ({NEWEST_SQL})",
    f"""CREATE OR REPLACE FUNCTION {_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND NEW.id <> OLD.id) THEN
            DELETE FROM {SEARCH_TABLE} WHERE article_id = OLD.id;
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        INSERT INTO {SEARCH_TABLE} ({_COLUMNS}) VALUES ({_values("NEW")})
        ON CONFLICT (article_id) DO UPDATE SET
            published = EXCLUDED.published, language = EXCLUDED.language, outlet_id = EXCLUDED.outlet_id,
            vector = EXCLUDED.vector, title_vector = EXCLUDED.title_vector;
        RETURN NEW;
    END $$""",
    f"DROP TRIGGER IF EXISTS {_TRIGGER} ON archive_article",
    # Only the columns the search table copies: linking a story or a person leaves it alone.
    f"""CREATE TRIGGER {_TRIGGER}
        AFTER INSERT OR DELETE OR UPDATE OF id, published, language, outlet_id, title_lemmas, body_lemmas
        ON archive_article FOR EACH ROW EXECUTE FUNCTION {_FUNCTION}()""",
    # Row triggers do not fire on TRUNCATE (Django's flush, the test runner's cleanup) and the
    # search table has no foreign key to cascade: empty it with the articles.
    f"""CREATE OR REPLACE FUNCTION {_TRUNCATE}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE {SEARCH_TABLE};
        RETURN NULL;
    END $$""",
    f"DROP TRIGGER IF EXISTS {_TRUNCATE} ON archive_article",
    f"""CREATE TRIGGER {_TRUNCATE} AFTER TRUNCATE ON archive_article
        FOR EACH STATEMENT EXECUTE FUNCTION {_TRUNCATE}()""",
    # (Re)fill from the articles, so a repaired index matches them.
    f"TRUNCATE {SEARCH_TABLE}",
    f"INSERT INTO {SEARCH_TABLE} ({_COLUMNS}) SELECT {_values('a')} FROM archive_article a",
]


def _lexeme(token: str) -> str:
    # Tokens are letters and digits only (archive.search.analyzer); quoting is belt and braces.
    return "'" + token.replace("'", "''").replace("\\", "\\\\") + "'"


def _pairs(variant: tuple[str, ...]) -> list[str]:
    return [_lexeme(PAIR_MARK + a + PAIR_MARK + b) for a, b in zip(variant, variant[1:])]


def _phrase(variant: tuple[str, ...]) -> str:
    """Its pair lexemes (exact index lookups); beyond two words, the positions are re-checked too.

    A text longer than MAX_PAIRS pairs lacks the pairs of its tail but holds CAPPED: there
    the positions decide ("a <-> b"), so a phrase in the tail is still found. Only the
    few capped articles holding every word are re-read; the others answer from the index.
    """
    pairs = " & ".join(_pairs(variant))
    positions = "(" + " <-> ".join(_lexeme(t) for t in variant) + ")"
    capped = f"({_lexeme(CAPPED)} & {positions})"
    if len(variant) == 2:
        return f"({pairs} | {capped})"
    return f"((({pairs}) & {positions}) | {capped})"


#: tsquery text from analyzer tokens only.
SYNTAX = Syntax(
    all_of=" & ", any_of=" | ", but_not="({positive}) & !({negative})",
    word=_lexeme, prefix=lambda token: _lexeme(token) + ":*", phrase=_phrase,
)


class PostgresBackend(SearchBackend):
    name = "postgresql"
    syntax = SYNTAX

    def ensure(self):
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('archive_article'), to_regclass(%s), "
                           "(SELECT count(*) FROM pg_trigger WHERE tgname IN (%s, %s))",
                           [SEARCH_TABLE, _TRIGGER, _TRUNCATE])
            article, table, triggers = cursor.fetchone()
            if article is None or (table is not None and triggers == 2):
                return False
            for sql in _INSTALL:
                cursor.execute(sql)
            return True

    def ids(self, match, *, title=False):
        # The tsquery is a subquery's value, unknown when planning: the planner then assumes
        # few matches and takes the GIN index, always the right path here. Given the constant,
        # a word in half the articles (estimated right) or the prefix "unde*" (estimated at
        # ~70% for ~20%: the frequencies of the lexemes it matches are combined as if
        # independent, while they crowd into the same English articles) was planned as a
        # scan filtering on the vectors, which decompresses every one the scan reads (the
        # planner does not cost that): ~600-700 ms against ~10-40 through the index.
        column = "title_vector" if title else "vector"
        sql = f"SELECT article_id FROM {SEARCH_TABLE} WHERE {column} @@ (SELECT to_tsquery('simple'::regconfig, %s))"
        return sql, [match]

    def rows(self, match):
        return (f"SELECT {NARROW_COLUMNS} FROM {SEARCH_TABLE} "
                "WHERE vector @@ (SELECT to_tsquery('simple'::regconfig, %s))", [match])

    def sampled_rows(self, match):
        # The vector and the narrow columns share a row here, so the sample is one more
        # condition of the same scan.
        sample = SAMPLE_CONDITION.format(id="article_id")
        return (f"SELECT {NARROW_COLUMNS} FROM {SEARCH_TABLE} "
                f"WHERE vector @@ (SELECT to_tsquery('simple'::regconfig, %s)) AND {sample}", [match])
    #: The exact count of a word in most articles builds the GIN bitmap of every match and reads
    #: every heap page holding one (31 ms for 40,000 of 100,000 articles, ~100-140 ms projected
    #: at a million); counting threshold + 1 reads ~250 of those pages, the sample a share of them.
    estimates_counts = True

    # -- the first page of a ranked search (base.SearchBackend.top_page) ----------
    #: Each row of the window is tested by reading its vector (the walk stops at the page's
    #: last row): a few microseconds a row, against ranking and sorting every match.
    topk_max_window = 1_000

    def titled_rows(self, match, titles):
        sql = (f"SELECT article_id, published FROM {SEARCH_TABLE} "
               "WHERE title_vector @@ (SELECT to_tsquery('simple'::regconfig, %s))")
        if match is None:
            return sql, [titles]
        return sql + " AND vector @@ (SELECT to_tsquery('simple'::regconfig, %s))", [titles, match]

    def untitled_newest(self, match, titles, window, limit):
        # The window is the newest rows in the index's order; the match is tested on each row's
        # own vectors as the walk goes, so the plan never depends on the planner's estimate of
        # the match count (a subquery's tsquery is a guess to it) and stops at the page's end.
        sql = (f"SELECT w.article_id, w.published FROM (SELECT article_id, published, vector, title_vector "
               f"FROM {SEARCH_TABLE} ORDER BY {NEWEST_SQL} LIMIT {int(window)}) w "
               "WHERE w.vector @@ (SELECT to_tsquery('simple'::regconfig, %s)) "
               "AND NOT w.title_vector @@ (SELECT to_tsquery('simple'::regconfig, %s)) "
               f"ORDER BY w.published DESC NULLS LAST, w.article_id DESC LIMIT {int(limit)}")
        return sql, [match, titles]
