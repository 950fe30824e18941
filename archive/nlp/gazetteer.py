"""The known names: an in-memory index of the curated people's names, by key.

It holds every canonical name and alias of the curated people and, of every other
person (discovered by analysis), the names an editor gave it (``PersonName.from_editor``):
an editor who adds «Alexei Polishchuk» to a discovered person means that name, in
any case form, to be that person, as for a curated one. Analysis's own spellings of
discovered people stay out: they are linked by ``linking.find_person``, by key.

Recognition looks every capitalized word up here, so the index is a pair of
dicts (first+last key, last key). Building it costs one query but tens of
milliseconds for thousands of names, so a run over many articles (an import
batch, a reanalysis) builds it once, at its start, inside :func:`gazetteer_run`:
editors' changes made meanwhile (in another process) are seen by the next run,
never half-way through one. Outside a run every call builds a fresh index, so
a lone ``analyze_article`` or preview can never see stale curated names.
"""
from dataclasses import dataclass, field

from django.db.models import Q

from archive.models import Person, PersonName

from archive.text.keys import name_key
from .runcache import RunCache


@dataclass
class Gazetteer:
    """Known people's names by key; ``display`` gives a person's name per language."""

    full: dict = field(default_factory=dict)       # (first key, last key) -> {person id}
    surname: dict = field(default_factory=dict)    # last key -> {person id}
    first_keys: set = field(default_factory=set)   # every first-name key (for Latin text)
    display: dict = field(default_factory=dict)    # (person id, language) -> name
    hidden: set = field(default_factory=set)

    def add(self, person_id: int, name: str, language: str, *, canonical: bool) -> None:
        words = name_key(name).split()
        if not words:
            return
        last = words[-1]
        self.surname.setdefault(last, set()).add(person_id)
        if len(words) > 1:
            self.full.setdefault((words[0], last), set()).add(person_id)
            self.first_keys.add(words[0])
        if canonical or (person_id, language) not in self.display:
            self.display[(person_id, language)] = name

    def name_of(self, person_id: int, language: str) -> str | None:
        return self.display.get((person_id, language))


def build_gazetteer() -> Gazetteer:
    """A fresh index of the known names: the curated people's canonical names and aliases,
    and the names editors gave any person (never of a merged-away record)."""
    gazetteer = Gazetteer()
    rows = PersonName.objects.filter(
        Q(person__origin=Person.Origin.CURATED) | Q(from_editor=True),
        person__merged_into__isnull=True,
        kind__in=[PersonName.Kind.CANONICAL, PersonName.Kind.ALIAS],
    ).values_list("person_id", "name", "language", "kind", "person__hidden")
    for person_id, name, language, kind, hidden in rows:
        gazetteer.add(person_id, name, language, canonical=kind == PersonName.Kind.CANONICAL)
        if hidden:
            gazetteer.hidden.add(person_id)
    return gazetteer


# The index of the run in progress in this thread/context (clear_cache() drops it
# for the rest of the run).
_cache = RunCache("gazetteer_run")


def gazetteer_run():
    """Use one index for every article analysed inside the block (nested runs share it)."""
    return _cache.run()


def load_gazetteer() -> Gazetteer:
    """The index of curated names: the current run's, else a freshly built one."""
    return _cache.get("gazetteer", build_gazetteer)


def name_added(person: Person, kind: str) -> None:
    """Analysis gave ``person`` a new name: if the index holds it, rebuild before the next use.

    Only curated people's canonical names and aliases are indexed. This is rare
    (a curated person found under a new spelling), so a rebuild is cheaper than
    reproducing the build's precedence of display names by hand.
    """
    if person.origin == Person.Origin.CURATED and kind in (PersonName.Kind.CANONICAL, PersonName.Kind.ALIAS):
        clear_cache()


def clear_cache() -> None:
    """Forget the current run's index: curation changed names, or a file's writes were rolled back."""
    _cache.clear()
