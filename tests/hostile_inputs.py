"""Hostile inputs for the search page, the JSON API and the feeds, each with its exact answer.

One list, shared by ``tests/search``, ``tests/web``, ``tests/api`` and the feed tests, so a
new nasty value is tried everywhere at once. Nothing here depends on a test archive: the
queries are grouped by what they must find *relative to other queries* (the whole archive,
nothing, or what a plain word finds), and the parameter cases name no slug that exists.

The statuses are the answers a reader gets today, measured on both databases:
200 for a page, 400 for a parameter the filter form refuses (with the reason), 404 for an
API page past the end. A server error is never an answer.
"""
from __future__ import annotations

from typing import NamedTuple

import pytest

from archive.web.filters import MAX_PAGE

#: The three ways to run a search: the HTML page, the JSON API and the Atom feed.
SEARCH_URLS = {"page": "/search/", "api": "/api/articles/", "feed": "/search/feed/"}

# --- query strings ---------------------------------------------------------------

#: Apostrophes and marks that make words of their own, or none (U+02BC is a letter the
#: analyzer drops, U+0301 a combining accent, ь a soft sign, "123" digits only).
ODD_MARKS = ["\u02bc", "\u2019", "'", "\u02b9", "\u02bb", "\u02c8", "\u0301", "\u044c", "\u02bc\u0301", "123"]


def mark_queries(word: str) -> list[str]:
    """Each odd mark alone, doubled, as a prefix, excluded, OR-ed and in a phrase next to ``word``."""
    return [query for mark in ODD_MARKS for query in (
        mark, mark * 2, mark * 2 + "*", f"{word} -{mark}", f"{word} OR {mark}", f"{mark} OR {word}",
        f'"{mark} {word}"', f'"{mark} {mark}"', f'-"{mark} {word}"', f"-{mark}")]


#: Syntax with no searchable word in it: FTS5 and tsquery operators, unbalanced quotes and
#: parentheses, a private-use character. Each searches as the empty query does (every article).
NO_WORD_QUERIES = [
    '"', "'", "!", "&|", "*", "-", "OR", "OR OR OR", "AND NOT", "(", ")", "(" * 500 + ")" * 500,
    "\ue000", "%", "_", " ",
]

#: Words no archive has, wrapped in syntax: column filters, NEAR, SQL, a 10,000-character
#: word, a prefix past the longest token, digits of other scripts, mathematical letters.
NO_MATCH_QUERIES = [
    '"unbalanced', "a:b", "NEAR(a b)", "title_lemmas:x", "a OR", "^a", "a\\b",
    "'; DROP TABLE archive_article; --", "x" * 10_000, "a" * 61 + "*", "1e5", "\u0663",
    "\U0001d518\U0001d52b\U0001d526\U0001d520\U0001d52c\U0001d521\U0001d522",
]


def wrapped_queries(word: str) -> list[str]:
    """``word`` inside syntax that must not change what it finds: deep and unbalanced
    parentheses, brackets, SQL comment marks, a zero-width space, a right-to-left override,
    capitals, a trailing operator."""
    return [
        f"(({word}))", f"{word})", f"({word}", "(" * 300 + word + ")" * 300, f"{{{word}}}", f"[{word}]",
        f"{word};", f"{word} --", f"/* {word} */", f"{word}\u200b", f"\u202e{word}", word.upper(),
        f"{word} OR", f"{word} AND (",
    ]


#: A NUL byte cannot reach the database (PostgreSQL refuses it in text): the form says so.
NUL_QUERIES = ["\x00", "a\x00", "a\x00b"]

# --- other parameters ------------------------------------------------------------


class Answer(NamedTuple):
    """The status each way to search gives for one set of parameters."""

    page: int
    api: int
    feed: int


EVERYWHERE_200 = Answer(200, 200, 200)
EVERYWHERE_400 = Answer(400, 400, 400)

#: Values no slug field accepts: the form answers "Select a valid choice" (400).
UNKNOWN_SLUGS = ["no-such-slug", "\x00", "'; DROP TABLE archive_outlet; --", "x" * 5_000, "../", "%", " "]

#: Dates the form cannot read, or the calendar does not have.
BAD_DATES = ["2026-02-30", "2026-13-01", "soon", "10000-01-01", "99999999999999999999", "1e5", "-1", "\x00", " "]
#: Dates at the ends of the calendar: valid, so the search runs (and finds nothing there).
EDGE_DATES = ["0001-01-01", "9999-12-31"]

#: ``parameters -> Answer``: every value a reader could type, with what each way to search answers.
PARAMETER_CASES: list[tuple[dict[str, str], Answer]] = [
    *[({"q": q}, EVERYWHERE_400) for q in NUL_QUERIES],
    # Languages: any well-formed code is a (possibly empty) choice; anything else is refused.
    *[({"language": code}, EVERYWHERE_200) for code in ("ru", "xx", "abc", "")],
    *[({"language": code}, EVERYWHERE_400) for code in ("RU", "ru-RU", "'", "1e5", "../", " ", "\x00", "x" * 5_000)],
    *[({name: slug}, EVERYWHERE_400) for name in ("outlet", "person", "event", "cites") for slug in UNKNOWN_SLUGS],
    *[({name: ""}, EVERYWHERE_200) for name in ("outlet", "person", "event", "cites")],
    *[({name: day}, EVERYWHERE_400) for name in ("date_from", "date_to") for day in BAD_DATES],
    *[({name: day}, EVERYWHERE_200) for name in ("date_from", "date_to") for day in EDGE_DATES],
    ({"date_from": "2026-02-01", "date_to": "2026-01-01"}, EVERYWHERE_400),  # the range runs backwards
    *[({"sort": value}, EVERYWHERE_200) for value in ("relevance", "newest", "oldest", "")],
    *[({"sort": value}, EVERYWHERE_400) for value in ("RELEVANCE", "bogus", " ", "\x00")],
    # Pages: refused below 1 and above the cap everywhere.
    *[({"page": value}, EVERYWHERE_400)
      for value in ("0", "-3", "abc", "last", "\x00", " ", "%", "9" * 40, str(MAX_PAGE + 1))],
    ({"page": "1"}, EVERYWHERE_200),
    # Past the last page but within the cap: the page and the feed show the last page, the API says 404.
    ({"page": str(MAX_PAGE)}, Answer(page=200, api=404, feed=200)),
    # A decimal page number: the page and the feed serve page 1, the API refuses it.
    ({"page": "1.5"}, Answer(page=200, api=400, feed=200)),
    # page_size is the API's alone; the page and the feed ignore it.
    ({"page_size": "25"}, EVERYWHERE_200),
    *[({"page_size": value}, Answer(page=200, api=400, feed=200))
      for value in ("0", "-1", "1000", "abc", "1.5", " ", "\x00")],
]


def case_id(params: dict[str, str]) -> str:
    """A short, printable test id for a set of parameters (long values cut, NUL spelled out)."""
    return "&".join(f"{name}={value[:24]!r}" for name, value in params.items())


def parameter_cases(surface: str) -> list:
    """``pytest.param(params, status)`` for one of ``page``, ``api``, ``feed``."""
    return [pytest.param(params, getattr(answer, surface), id=case_id(params)) for params, answer in PARAMETER_CASES]


#: Header dates in an article file that no calendar has (the parser ignores them and says so).
IMPOSSIBLE_HEADER_DATES = ["99999-01-01", "0-01-01", "12345678-12-31", "2026-02-30", "2026-13-01"]
