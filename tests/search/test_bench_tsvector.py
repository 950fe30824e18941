"""bench/tsvector.py computes the search trigger's vectors as PostgreSQL does.

The bench builder COPYs these literals instead of letting the trigger's SQL compute them;
a literal that differed would make the million-article benchmark search other vectors than
the archive stores. Each text here is compared, as text, with what the trigger's own
expressions give for it, including the limits (255 positions of a lexeme in a text, 256
after a concatenation, MAX_PAIRS pairs then CAPPED, position 16383) and the chunks the
server must parse (names with a full stop or a hyphen).
"""
import pytest
from django.db import connection

from archive.search.backends.postgres import _VECTORS, MAX_PAIRS
from bench.tsvector import search_vectors, unplain_chunks


SQL = ("SELECT " + ", ".join(f"({v.format(row='r')})::text" for v in _VECTORS)
       + " FROM (SELECT %s::text AS title_lemmas, %s::text AS body_lemmas) r")

TEXTS = [
    ("", ""),
    (None, "слово"),
    ("a  b a", ""),
    ("вибори у києві", "вибори відбулися у києві 2024 року b2b"),
    ("x " * 254, "x y"),  # 254 + 1 positions of "x": 255 after the concatenation
    ("", "a b " * (MAX_PAIRS // 2 + 10)),  # more pairs than MAX_PAIRS: CAPPED
    ("", " ".join(str(i) for i in range(17000))),  # positions beyond 16383
    ("j. d. vance", "сказал жан-ноэль барро и j. d. vance"),  # parsed by the server
]


def server_lexemes(chunks):
    with connection.cursor() as cursor:
        cursor.execute("SELECT c, array_agg(l.lexeme ORDER BY p) FROM unnest(%s::text[]) AS c, "
                       "unnest(to_tsvector('simple'::regconfig, c)) AS l, unnest(l.positions) AS p GROUP BY c",
                       [sorted(chunks)])
        return dict(cursor.fetchall())


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's tsvectors")
@pytest.mark.parametrize("title, body", TEXTS)
def test_vectors_equal_the_triggers(title, body):
    with connection.cursor() as cursor:
        cursor.execute(SQL, [title, body])
        expected = cursor.fetchone()
    lexemes = server_lexemes(unplain_chunks(title, body))
    assert search_vectors(title, body, lambda chunk: lexemes.get(chunk, [])) == expected
    unordered = search_vectors(title, body, lambda chunk: lexemes.get(chunk, []), ordered=False)
    with connection.cursor() as cursor:  # as COPY reads it: the server orders the lexemes
        cursor.execute("SELECT %s::tsvector::text, %s::tsvector::text", list(unordered))
        assert cursor.fetchone() == expected


def test_a_name_is_refused_without_the_servers_parse():
    assert unplain_chunks("j. d. vance", "") == {"j.", "d.", "ёj.ёd.", "ёd.ёvance"}
    with pytest.raises(ValueError):
        search_vectors("j. d. vance", "")


def test_a_lexeme_beyond_255_positions_is_refused():
    with pytest.raises(ValueError):  # its literal would be read back with 255 of its 256
        search_vectors("x " * 255, "x")
