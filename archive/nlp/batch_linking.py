"""Linking the people of many articles at once: the rules of ``linking``, a few queries per batch.

The bulk import (archive/ingest/bulk.py) analyses a batch of articles in one
transaction. Linking them one by one (``linking.link``) costs several queries per
name (its stored spellings, its surname's namesakes, a new person's slug, its
names); here the names the whole batch can need are read in three queries, kept
in memory while the batch's articles are linked in order, and what the batch
adds (discovered people, their spellings, merge suggestions) is written with one
bulk insert each in :meth:`BatchLinker.flush`. An article later in the batch sees
the people and spellings an earlier one added, as it would one file at a time.

The decisions are ``linking``'s: the same key for an exact name, the same
first-name agreement on a shared surname key, the same merge suggestions, the
same lone-surname rule (mention counts within ``LONE_SURNAME_WINDOW`` days,
the batch's own not yet written mentions included).
"""
from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q

from archive.models import Mention, MergeSuggestion, Person, PersonName

from archive.text.keys import name_key, script_of, word_key
from archive.text.transcription import surname_sound

from . import cross_script
from .gazetteer import name_added
from .linking import (LONE_SURNAME_WINDOW, _first_names_agree, _similar, choose_lone_people, latin_name,
                      named_together, near_surname_keys, resolve)
from .recognize import Found
from .slugs import unique_slugs

#: SQLite parses ``a OR b OR ...`` as nested expressions (its depth limit is 1,000).
_OR_CHUNK = 200
#: Values per ``IN (...)`` list (SQLite allows 32,766 parameters; small lists plan well everywhere).
_IN_CHUNK = 500
_NAMES = (PersonName.Kind.CANONICAL, PersonName.Kind.ALIAS)


def person_key(person: Person):
    """A dict key for a person, saved or still waiting for :meth:`BatchLinker.flush`."""
    return person.pk if person.pk is not None else ("new", id(person))


@dataclass
class _Names:
    """The stored (and batch-added) names the batch can need, by key."""

    exact: dict = field(default_factory=dict)      # name key -> [(order, person)]
    surname: dict = field(default_factory=dict)    # last word key -> [(order, first word, person)], no inflected
    sound: dict = field(default_factory=dict)      # surname sound -> [(order, first word, script, person)], no inflected
    spelled: set = field(default_factory=set)      # (person key, name, language) the person has
    languages: dict = field(default_factory=dict)  # person key -> {language of its names}
    written: dict = field(default_factory=dict)    # person key -> [(name, language)] of its names

    def add(self, person: Person, name: str, language: str, kind: str, order) -> None:
        key = name_key(name)[:200]
        self.exact.setdefault(key, []).append((order, person))
        words = key.split(" ")
        if kind in _NAMES and len(words) > 1:
            self.surname.setdefault(words[-1], []).append((order, name.split()[0], person))
            self.add_sound(person, name, order)
        self.has(person_key(person), name[:200], language)

    def add_sound(self, person: Person, name: str, order) -> None:
        sound = surname_sound(name)
        if sound:
            self.sound.setdefault(sound, []).append((order, name.split()[0], script_of(name), person))

    def has(self, key, name: str, language: str) -> None:
        """Record that the person ``key`` has ``name`` in ``language``."""
        self.spelled.add((key, name, language))
        self.languages.setdefault(key, set()).add(language)
        self.written.setdefault(key, []).append((name, language))


class BatchLinker:
    """Links the mention groups of a batch's articles to people (see the module docstring).

    ``found_lists``: each article's recognized mentions (``recognize.find_people``),
    so the names the batch needs are read up front; ``known_ids``: the gazetteer's
    people among them, read in one query.
    """

    def __init__(self, found_lists: list[list[Found]], known_ids: set[int]):
        self.known = Person.objects.select_related("merged_into").in_bulk(known_ids) if known_ids else {}
        self.names = _Names()
        self.new_people: list[Person] = []
        self.new_names: list[PersonName] = []
        self.suggestions: list[tuple[Person, Person, str]] = []
        self.pending_mentions: list[tuple[object, datetime.date | None]] = []  # (person key, article date)
        self.pending_articles: list[frozenset] = []  # the person keys of each article linked so far
        self.renamed: dict = {}  # person key -> (person, the transliteration it was displayed by)
        self._sequence = 10**12  # orders batch-added names after every stored one
        keys, surnames, sounds = set(), set(), set()
        for found in found_lists:
            for f in found:
                if f.person_id:
                    continue
                if f.unresolved:
                    surnames.update(k for k in f.keys if len(k) >= 3)
                elif f.first:
                    keys.add(name_key(f.name))
                    surnames.add(word_key(f.last))
                    surnames.update(near_surname_keys(word_key(f.last)))  # for _near_surname_person
                    sounds.update(cross_script.surname_sounds(f.last))  # for _cross_script_person
        self._load(keys, surnames, sounds)

    def _load(self, keys: set[str], surnames: set[str], sounds: set[str]) -> None:
        rows = list(PersonName.objects.filter(key__in=keys).select_related("person__merged_into")) if keys else []
        ordered = sorted(surnames - {""})
        for start in range(0, len(ordered), _OR_CHUNK):
            match = Q()
            for last in ordered[start:start + _OR_CHUNK]:
                match |= Q(key__endswith=" " + last)
            rows += list(PersonName.objects.filter(match).exclude(kind=PersonName.Kind.INFLECTED)
                         .select_related("person__merged_into"))
        ordered = sorted(sounds - {""})
        for start in range(0, len(ordered), _IN_CHUNK):
            rows += list(PersonName.objects.filter(surname_sound__in=ordered[start:start + _IN_CHUNK])
                         .exclude(kind=PersonName.Kind.INFLECTED).select_related("person__merged_into"))
        seen_rows, people = set(), {}
        for row in rows:
            if row.pk in seen_rows:
                continue
            seen_rows.add(row.pk)
            # The order of find_person's exact lookup: people not merged away first, then the oldest name.
            order = (row.person.merged_into_id is not None, row.person.merged_into_id or 0, row.pk)
            self.names.exact.setdefault(row.key, []).append((order, row.person))
            words = row.key.split(" ")
            if row.kind in _NAMES and len(words) > 1:
                self.names.surname.setdefault(words[-1], []).append((order, row.name.split()[0], row.person))
                self.names.add_sound(row.person, row.name, order)
            people[row.person_id] = row.person
            target = resolve(row.person)
            people[target.pk] = target
        # Which names and languages these people already have (add_name's lookups, in one query).
        if people:
            for person_id, name, language in PersonName.objects.filter(person_id__in=people).values_list(
                "person_id", "name", "language"
            ):
                self.names.has(person_id, name, language)

    def _order(self):
        self._sequence += 1
        return (False, 0, self._sequence)

    # -- linking.link and its helpers, against the batch's names ------------------------------

    def link(self, found: Found, language: str) -> Person | None:
        """``linking.link`` for one mention group of an article of the batch."""
        if found.person_id:
            person = self.known.get(found.person_id)
            if person is None:
                person = Person.objects.select_related("merged_into").get(pk=found.person_id)
                self.known[found.person_id] = person
            return resolve(person)
        if not found.first:
            return None
        person, weak = self._find(found)
        if person is None and found.known_only:
            return None  # two Latin words that name nobody the archive knows (Nord Stream)
        if person is None:
            person = self._create(found, language)
            for other, reason in weak:
                self.suggestions.append((person, other, reason))
        elif self._adopt_english_spelling(person, found.name, language):
            self._add_name(person, found.name, language, PersonName.Kind.CANONICAL)
        else:
            has_language = language in self.names.languages.get(person_key(person), set())
            self._add_name(person, found.name, language,
                           PersonName.Kind.ALIAS if has_language else PersonName.Kind.CANONICAL)
        return person

    def _find(self, found: Found) -> tuple[Person | None, list[tuple[Person, str]]]:
        exact = self.names.exact.get(name_key(found.name))
        if exact:
            return resolve(min(exact, key=lambda pair: pair[0])[1]), []
        last_key = word_key(found.last)
        strong, weak = None, []
        for _order, first, row_person in sorted(self.names.surname.get(last_key, []), key=lambda t: t[0]):
            person = resolve(row_person)
            if _first_names_agree(first, found.first):
                strong = strong or person
            elif _similar(first, found.first) and all(person_key(p) != person_key(person) for p, _ in weak):
                weak.append((person, f"same surname key {last_key!r}; first names {first} / {found.first}"))
        if strong is None and not weak:
            strong = self._near_surname_person(found, last_key)
        if strong is None and not weak:
            strong, weak = self._cross_script_person(found)
        return strong, ([] if strong else weak)

    def _cross_script_person(self, found: Found) -> tuple[Person | None, list[tuple[Person, str]]]:
        """``linking._cross_script_person`` against the batch's names: Jeremy Hunt -> «Джереми Хант»."""
        latin = cross_script.is_latin(found.last)
        people = {}
        for sound in cross_script.surname_sounds(found.last):
            for _order, first, script, row_person in sorted(self.names.sound.get(sound, []), key=lambda t: t[0]):
                if (script == "Cyrl") == latin and cross_script.first_names_sound_alike(first, found.first):
                    person = resolve(row_person)
                    people.setdefault(person_key(person), person)
        if not latin:  # only people met in Latin text alone (see linking._cross_script_person)
            people = {key: person for key, person in people.items()
                      if not any(script_of(name) == "Cyrl" for name, _ in self.names.written.get(key, ()))}
        if len(people) == 1:
            return next(iter(people.values())), []
        reason = f"same name in another script: {found.name}"
        return None, [(person, reason) for person in people.values()]

    def _adopt_english_spelling(self, person: Person, name: str, language: str) -> bool:
        """``linking.adopt_english_spelling`` in memory; :meth:`flush` writes it."""
        key = person_key(person)
        if not cross_script.adopts_english_spelling(person, name, language, self.names.written.get(key, ())):
            return False
        self.renamed.setdefault(key, (person, person.name))
        old = person.name
        person.name = name[:200]
        for row in self.new_names:  # a person the batch created: its names are not written yet
            if row.person is person and row.language == cross_script.ENGLISH and row.name == old:
                row.kind = PersonName.Kind.ALIAS
        return True

    def _near_surname_person(self, found: Found, last_key: str) -> Person | None:
        """``linking._near_surname_person`` against the batch's names: the one person with the same
        first name and the surname with another case ending (Хорхе Пелаеса -> Хорхе Пелаес)."""
        people = {}
        for key in near_surname_keys(last_key):
            for _order, first, row_person in sorted(self.names.surname.get(key, []), key=lambda t: t[0]):
                if _first_names_agree(first, found.first):
                    person = resolve(row_person)
                    people.setdefault(person_key(person), person)
        return next(iter(people.values())) if len(people) == 1 else None

    def _create(self, found: Found, language: str) -> Person:
        latin = latin_name(found.name, language)
        person = Person(name=latin, origin=Person.Origin.DISCOVERED)
        self.new_people.append(person)
        self._add_name(person, found.name, language, PersonName.Kind.CANONICAL, new=True)
        if latin != found.name:
            self._add_name(person, latin, "en", PersonName.Kind.CANONICAL, new=True)
        return person

    def _add_name(self, person: Person, name: str, language: str, kind: str, *, new: bool = False) -> None:
        if (person_key(person), name[:200], language) in self.names.spelled:
            return
        self.new_names.append(PersonName.derived(person=person, name=name[:200], language=language, kind=kind))
        self.names.add(person, name, language, kind, self._order())
        if not new:
            name_added(person, kind)

    def add_forms(self, person: Person, forms: list[str], language: str) -> None:
        """The inflected forms an article wrote the person's name in (``pipeline.store_forms``)."""
        for form in dict.fromkeys(f[:200] for f in forms):
            if (person_key(person), form, language) not in self.names.spelled:
                self.new_names.append(PersonName.derived(person=person, name=form, language=language,
                                                         kind=PersonName.Kind.INFLECTED))
                self.names.add(person, form, language, PersonName.Kind.INFLECTED, self._order())

    def lone_people(self, lone: list[Found], day) -> dict[int, list[Person]]:
        """``linking.lone_people`` against the batch's names and its unwritten mentions."""
        if not lone:
            return {}
        candidates: dict[str, set] = {}
        people: dict = {}
        for f in lone:
            for k in f.keys:
                if len(k) < 3:
                    continue
                for _order, _first, row_person in self.names.surname.get(k, []):
                    person = resolve(row_person)
                    if person.hidden:
                        continue
                    people[person_key(person)] = person
                    candidates.setdefault(k, set()).add(person_key(person))
        counts: Counter = Counter()
        if day and any(len(ids) > 1 for ids in candidates.values()):
            window = datetime.timedelta(days=LONE_SURNAME_WINDOW)
            saved = [pk for pk in people if not isinstance(pk, tuple)]
            counts.update(dict(
                Mention.objects.filter(person_id__in=saved, article__published__range=(day - window, day + window))
                .values_list("person_id").annotate(n=Count("id")).values_list("person_id", "n")
            ))
            counts.update(pk for pk, published in self.pending_mentions
                          if pk in people and published and abs((published - day).days) <= LONE_SURNAME_WINDOW)
        chosen = choose_lone_people(lone, candidates, counts, self._named_together)
        return {start: [people[key] for key in keys] for start, keys in chosen.items()}

    def _named_together(self, keys: list) -> list:
        """``linking.named_together``, counting the batch's own articles too."""
        together = set()
        for article_people in self.pending_articles:
            found = article_people & set(keys)
            if len(found) > 1:
                together |= found
        together.update(named_together([key for key in keys if not isinstance(key, tuple)]))
        return sorted(together, key=str)

    def record_article(self, person_keys, published: datetime.date | None) -> None:
        """The people an article of the batch mentions (their mentions are written after the batch)."""
        self.pending_mentions += [(key, published) for key in person_keys]
        self.pending_articles.append(frozenset(person_keys))

    def flush(self) -> None:
        """Write the people, names and merge suggestions the batch added (before its mentions)."""
        if self.new_people:
            for person, slug in zip(self.new_people, unique_slugs(Person, [p.name for p in self.new_people],
                                                                 fallback="person")):
                person.slug = slug
            Person.objects.bulk_create(self.new_people)
        stored = [(person, old) for key, (person, old) in self.renamed.items() if not isinstance(key, tuple)]
        if stored:
            Person.objects.bulk_update([person for person, _ in stored], ["name"])
            for person, old in stored:  # the transliteration stays, as an alias
                PersonName.objects.filter(person=person, language=cross_script.ENGLISH, name=old).update(
                    kind=PersonName.Kind.ALIAS)
        PersonName.objects.bulk_create(self.new_names, ignore_conflicts=True)
        pairs = {}
        for person, other, reason in self.suggestions:
            a, b = sorted([person, other], key=lambda p: p.pk)
            if a.pk != b.pk:
                pairs.setdefault((a.pk, b.pk), MergeSuggestion(person=a, other=b, score=0.5, reason=reason))
        MergeSuggestion.objects.bulk_create(pairs.values(), ignore_conflicts=True)
