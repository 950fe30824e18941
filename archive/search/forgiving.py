"""Forgiving names: spellings close to a known person, words naming an outlet, suggestions.

``expander`` widens a query word the way archive.search.names does, and more:

* a word with the same cross-script key as a known surname (archive.text.keys:
  ``Виткофф`` and ``Witkoff`` are both ``vitkof``) is that person, and is expanded
  to all their names (the results page shows "Виткофф → Witkoff, ...");
* a word naming an outlet by one of its names (``TASS``, ``ТАСС``, ``tass.com``)
  also matches its other one-word names, so ``TASS`` finds the articles that say ``ТАСС``;
* a word naming the place of an event (``Paris``; an event's place in each language and
  its ``place_names``) also matches the place's other names (``Париж``, in any case).

``did_you_mean`` offers the surnames one edit away on that key (``Витков`` ->
Witkoff) without widening the search; ``entity_suggestions`` lists the people,
outlets and events the query words name, for a box linking to each page and filter;
``nearest_names`` gives the closest names when nothing matched.

The tables are small (one row per name), read once per process and re-read when the
names, outlets or places change (the fingerprint of archive.search.names, which covers
these tables too: one check per request serves both modules).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

from django.utils.translation import get_language

from archive.models import Event, Outlet, OutletName, PersonName
from archive.models.person import choose_display_name
from archive.text.keys import word_key

from .analyzer import query_candidates, words
from .names import expand_name, names_fingerprint
from .query import OPERATORS

#: Keys shorter than this are never matched loosely (too many short words are one edit apart).
MIN_FUZZY_KEY = 5
MIN_SAME_KEY = 4

_lock = threading.Lock()
_state: dict = {"fingerprint": None}


@dataclass(frozen=True)
class Known:
    """A person known by a surname: its Latin (or first) display form and the person."""

    person_id: int
    slug: str
    name: str
    surname: str
    #: The person's canonical names and aliases as ``(language, kind, name)``, for :meth:`label`.
    shown_names: tuple[tuple[str, str, str], ...] = ()

    def label(self) -> str:
        """The person's full name in the interface language (as ``Person.name_in`` picks it)."""
        return choose_display_name(self.name, self.shown_names, get_language())


def _build() -> dict:
    by_key: dict[str, dict[int, Known]] = {}
    rows = list(PersonName.objects.of_visible_people()
                .values_list("person_id", "person__slug", "person__name", "name", "language", "kind")
                .order_by("person_id", "id"))
    shown: dict[int, list[tuple[str, str, str]]] = {}
    for person_id, _slug, _person_name, name, language, kind in rows:
        if kind != PersonName.Kind.INFLECTED:
            shown.setdefault(person_id, []).append((language, kind, name))
    for person_id, slug, person_name, name, _language, _kind in rows:
        found = words(name)
        if not found:
            continue
        key = word_key(found[-1])
        if len(key) < MIN_SAME_KEY:
            continue
        surname = (person_name.split() or name.split())[-1]  # as written: "Witkoff"
        by_key.setdefault(key, {})[person_id] = Known(
            person_id, slug, person_name, surname, tuple(shown.get(person_id, ())))
    outlets: dict[str, tuple[int, str, str, list[str]]] = {}
    names_of: dict[int, list[str]] = {}
    for outlet in Outlet.objects.only("id", "slug", "name"):
        names_of[outlet.id] = [outlet.name]
    for outlet_id, name in OutletName.objects.values_list("outlet_id", "name"):
        names_of.setdefault(outlet_id, []).append(name)
    slugs = dict(Outlet.objects.values_list("id", "slug"))
    titles = dict(Outlet.objects.values_list("id", "name"))
    for outlet_id, names in names_of.items():
        single = _one_word_names(names)
        for word in single:
            outlets[word] = (outlet_id, slugs.get(outlet_id, ""), titles.get(outlet_id, ""), list(single.values()))
    return {"by_key": by_key, "outlets": outlets, "places": _places()}


def _one_word_names(names) -> dict[str, str]:
    """{normalized word: the name as written} of the one-word names among ``names``."""
    single: dict[str, str] = {}
    for name in names:
        found = words(name or "")
        if len(found) == 1:
            single.setdefault(found[0], name.strip())
    return single


def _places() -> dict[str, list[str]]:
    """{normalized word: every one-word name of that place}: the events' places in each
    language (``place``, ``place_ru``, ``place_uk``, ``place_names``): Paris, Париж, Київ."""
    places: dict[str, list[str]] = {}
    for event in Event.objects.only("place", "place_ru", "place_uk", "place_names"):
        listed = event.place_names if isinstance(event.place_names, list) else []
        single = _one_word_names([event.place, event.place_ru, event.place_uk,
                                  *(name for name in listed if isinstance(name, str))])
        for word in single:
            for key in {word, *query_candidates(word)}:  # «Києві» is Київ too
                known = places.setdefault(key, [])
                known.extend(name for name in single.values() if name not in known)
    return places


def _place_names(word: str, places: dict) -> list[str]:
    """The names of the place ``word`` (in any grammatical case) names, if it names one."""
    for key in (word, *query_candidates(word)):
        if key in places:
            return places[key]
    return []


def _tables() -> dict:
    fingerprint = names_fingerprint()  # people's names, outlets and places alike
    with _lock:
        if _state["fingerprint"] == fingerprint:
            return _state
    built = _build()
    with _lock:
        _state.update(built, fingerprint=fingerprint)
        return _state


def _same_key_people(word: str) -> list[Known]:
    key = word_key(word)
    if len(key) < MIN_SAME_KEY:
        return []
    return list(_tables()["by_key"].get(key, {}).values())


def expander(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Extra tokens and display names for a normalized query ``word`` (see the module docstring)."""
    tokens, names = expand_name(word)
    if not tokens:
        for known in _same_key_people(word):
            surname = (words(known.surname) or [known.surname])[-1]
            more_tokens, more_names = expand_name(surname)
            own = query_candidates(surname)
            tokens = (*tokens, *own, *more_tokens)
            names = (*names, known.surname, *more_names)
    tables = _tables()
    outlet = tables["outlets"].get(word)
    own = set(query_candidates(word))
    # An outlet's or a place's other one-word names, as written (TASS -> ТАСС, Paris -> Париж).
    for other in [*(outlet[3] if outlet is not None else ()), *_place_names(word, tables["places"])]:
        found = words(other)
        if found and found[0] != word and found[0] not in own:
            tokens = (*tokens, *query_candidates(found[0]))
            names = (*names, other)
    own = set(query_candidates(word))
    tokens = tuple(dict.fromkeys(t for t in tokens if t not in own))
    names = tuple(dict.fromkeys(n for n in names if n.lower() != word))
    return tokens, names


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one substitution, insertion or deletion (not zero)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)):] == b[i + 1:]


def _distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _query_words(text: str) -> list[str]:
    return [word for word in words(" ".join(w for w in text.split() if w.strip("()-\"") not in OPERATORS))]


def did_you_mean(text: str) -> list[dict]:
    """``[{"word", "name", "slug"}]``: query words one edit (on the cross-script key) from a known surname."""
    tables = _tables()
    found = []
    for word in _query_words(text):
        key = word_key(word)
        if len(key) < MIN_FUZZY_KEY or key in tables["by_key"] or expand_name(word)[0]:
            continue
        for other, people in tables["by_key"].items():
            if _one_edit(key, other):
                for known in people.values():
                    found.append({"word": word, "name": known.surname, "slug": known.slug})
    return _unique(found)


def nearest_names(text: str, *, limit: int = 5) -> list[dict]:
    """The known people whose surname keys are closest (at most two edits) to the query words."""
    tables = _tables()
    scored = []
    for word in _query_words(text):
        key = word_key(word)
        if len(key) < MIN_SAME_KEY:
            continue
        for other, people in tables["by_key"].items():
            if abs(len(other) - len(key)) > 2:
                continue
            distance = _distance(key, other)
            if distance <= 2:
                for known in people.values():
                    scored.append((distance, known.name, {"word": word, "name": known.label(), "slug": known.slug}))
    scored.sort(key=lambda item: (item[0], item[1]))
    return _unique([item[2] for item in scored])[:limit]


def entity_suggestions(text: str) -> list[dict]:
    """``[{"kind", "label", "slug"}]``: the people, outlets and events the query words name."""
    tables = _tables()
    found = []
    query_words = _query_words(text)
    for word in query_words:
        for known in _same_key_people(word):
            found.append({"kind": "person", "label": known.label(), "slug": known.slug})
        outlet = tables["outlets"].get(word)
        if outlet is not None:
            found.append({"kind": "outlet", "label": outlet[2], "slug": outlet[1]})
    if query_words:
        wanted = set(query_words)
        for event in Event.objects.only("slug", "name_en", "name_ru", "name_uk"):
            names = [event.name_en, event.name_ru, event.name_uk]
            if any(wanted & set(words(name)) and len(set(words(name)) - wanted) == 0 for name in names if name):
                found.append({"kind": "event", "label": event.name_en, "slug": event.slug, "event": event})
    return _unique(found, key=lambda item: (item["kind"], item["slug"]))


def _unique(items: list[dict], key=lambda item: (item.get("word"), item["slug"])) -> list[dict]:
    seen, kept = set(), []
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            kept.append(item)
    return kept
