"""Names that cross scripts: a query word that names a known person matches all their names.

A Latin query word also finds people known only in Cyrillic by the sound key of
their names (archive.text.transcription: ``Hunt`` -> Хант, ``Maas`` -> Маас), and a
Latin first name (``Theresa``, ``Vladimir``) expands to the surnames of the people
with that first name, so ``Theresa May`` finds the articles that say only «Мэй»; a
first name as the archive writes it in any script (``Стив``, ``Стівен``, ``Steve``) does
the same.

The map from tokens to people is built from PersonName rows and kept per process;
it is rebuilt when a person or name changes here (signals) or when a cheap
fingerprint of the tables changes (another process imported, renamed, hid
or merged people). Inside :func:`one_check` (the middleware wraps every request in it)
the fingerprint is read from the database once, however many words and suggestions ask:
one statement per request instead of one per word (13 of a repeated search's 19 queries).
"""
from __future__ import annotations

import threading
from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection

from archive.models import PersonName

from archive.text.transcription import latin_sound_keys, sound_key

from .analyzer import document_token, query_candidates, words

#: Shortest Latin query word matched by sound (shorter ones match too much).
MIN_SOUND_WORD = 3

_lock = threading.Lock()
_state: dict = {"fingerprint": None, "by_token": {}, "people": {}, "by_sound": {}}


#: The fingerprint read in the current :func:`one_check` block ({} before it is read; None outside one).
_checked: ContextVar[dict | None] = ContextVar("archive_names_checked", default=None)


def invalidate(**kwargs) -> None:
    """Forget the map (connected to Person/PersonName save and delete)."""
    with _lock:
        _state["fingerprint"] = None
    checked = _checked.get()
    if checked is not None:  # a change made during this request: read the fingerprint again
        checked.clear()


@contextmanager
def one_check():
    """Within the block the names' fingerprint is read at most once (until a change here).

    For one request: its words, suggestions and facet filtersets all expand with the names
    as they were when it began. Outside such a block every expansion checks, as commands,
    tasks and tests expect.
    """
    token = _checked.set({})
    try:
        yield
    finally:
        _checked.reset(token)


def _surname(name: str) -> str | None:
    found = words(name)
    return found[-1] if found else None


def _is_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def _build() -> tuple[dict, dict, dict]:
    by_token: dict[str, set[int]] = defaultdict(set)
    # sound key -> {person id}: ("last", key) for surnames, ("first", key) for first names,
    # from the Cyrillic names only (Latin names already match by their tokens);
    # ("first-token", token) -> the people whose first name has that token, in any script
    # (Стив, Стів, Steve), so a first name as written in an article finds its people too.
    by_sound: dict[tuple, set[int]] = defaultdict(set)
    people: dict[int, dict] = {}
    rows = PersonName.objects.of_visible_people().values_list(
        "person_id", "person__merged_into_id", "name", "language", "kind"
    )
    for person_id, merged_into, name, language, kind in rows:
        surname = _surname(name)
        if not surname:
            continue
        person_id = merged_into or person_id
        entry = people.setdefault(person_id, {"tokens": set(), "names": [], "full": [], "by_first": {}})
        # The token the surname has in an article of the name's language, plus every
        # reading of it as a query word, so any script and case of it finds the person.
        entry["tokens"].add(document_token(surname, language or ""))
        key = surname.replace("'", "")
        display = name.split()[-1]
        if kind != PersonName.Kind.INFLECTED and display not in entry["names"]:
            entry["names"].append(display)
        by_token[key].add(person_id)
        by_token[document_token(surname, language or "")].add(person_id)
        parts = words(name)
        if kind != PersonName.Kind.INFLECTED and len(parts) > 1:
            first = parts[0]
            for token in {document_token(first, language or ""), first.replace("'", "")}:
                by_sound[("first-token", token)].add(person_id)
                entry["by_first"].setdefault(token, name)  # "Стив" is shown as «Стив Уиткофф»
        if kind != PersonName.Kind.INFLECTED and _is_cyrillic(name):
            by_sound[("last", sound_key(surname))].add(person_id)
            if len(parts) > 1:
                by_sound[("first", sound_key(parts[0]))].add(person_id)
                if name not in entry["full"]:
                    entry["full"].append(name)
    return dict(by_token), people, dict(by_sound)


# A cheap summary of everything the query parser's expansions depend on, in one statement:
# names added, removed, renamed or moved between people, people hidden or merged (also by
# other processes); and for archive.search.forgiving, the outlets, their names and the
# events' places.
_FINGERPRINT_SQL = """
    SELECT
      (SELECT COUNT(*) FROM archive_personname),
      (SELECT COALESCE(MAX(id), 0) + COALESCE(SUM(LENGTH(name)), 0) * 7 + COALESCE(SUM(person_id), 0) * 13
         FROM archive_personname),
      (SELECT COUNT(*) + COALESCE(SUM(CASE WHEN hidden THEN 1 ELSE 0 END), 0) * 1000003
              + COALESCE(SUM(COALESCE(merged_into_id, 0) * id), 0)
         FROM archive_person),
      (SELECT COUNT(*) FROM archive_outlet), (SELECT COUNT(*) FROM archive_outletname),
      (SELECT COUNT(*) + COALESCE(SUM(LENGTH(place) + LENGTH(place_ru) + LENGTH(place_uk)
              + LENGTH(CAST(place_names AS TEXT))), 0) FROM archive_event)
"""


def names_fingerprint() -> tuple:
    """A cheap value that changes whenever a person's names, hidden flag or merge change,
    or an outlet, an outlet's name or an event's place (read once per :func:`one_check`)."""
    checked = _checked.get()
    if checked:
        return checked["fingerprint"]
    with connection.cursor() as cursor:
        cursor.execute(_FINGERPRINT_SQL)
        fingerprint = tuple(cursor.fetchone())
    if checked is not None:
        checked["fingerprint"] = fingerprint
    return fingerprint


def _current() -> tuple[dict, dict, dict]:
    fingerprint = names_fingerprint()
    with _lock:
        if _state["fingerprint"] == fingerprint:
            return _state["by_token"], _state["people"], _state["by_sound"]
    by_token, people, by_sound = _build()
    with _lock:
        _state.update(fingerprint=fingerprint, by_token=by_token, people=people, by_sound=by_sound)
    return by_token, people, by_sound


def _by_sound(word: str, by_sound: dict) -> tuple[set[int], set[int]]:
    """People whose Cyrillic surname sounds like Latin ``word``, and people whose first name
    sounds like it or is written so (in any script: ``Стив``, ``Steve``)."""
    firsts: set[int] = set()
    if len(word) >= MIN_SOUND_WORD:
        for token in query_candidates(word):
            firsts |= by_sound.get(("first-token", token), set())
    if not (word.isascii() and word.isalpha() and len(word) >= MIN_SOUND_WORD):
        return set(), firsts
    surnames: set[int] = set()
    for key in latin_sound_keys(word):
        if key:
            surnames |= by_sound.get(("last", key), set())
            firsts |= by_sound.get(("first", key), set())
    return surnames, firsts - surnames


def expand_name(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Extra tokens and display names for a normalized query ``word`` naming a person."""
    by_token, people, by_sound = _current()
    if not by_token:
        return (), ()
    person_ids: set[int] = set()
    for token in query_candidates(word):
        person_ids |= by_token.get(token, set())
    by_surname, by_first = _by_sound(word, by_sound)
    person_ids |= by_surname
    tokens: list[str] = []
    names: list[str] = []
    for person_id in sorted(person_ids | by_first):
        entry = people.get(person_id)
        if not entry:
            continue
        # a first name matches its people's surnames: "Theresa May" finds «Мэй» alone
        tokens.extend(sorted(entry["tokens"]))
        if person_id in person_ids:
            names.extend(entry["names"])
        else:
            as_written = [entry["by_first"][t] for t in query_candidates(word) if t in entry["by_first"]]
            names.extend([*as_written[:1], *entry["full"][:1]])
    own = set(query_candidates(word))
    shown = tuple(dict.fromkeys(n for n in names if n.lower().replace("ё", "е") not in own))
    return tuple(dict.fromkeys(t for t in tokens if t not in own)), shown
