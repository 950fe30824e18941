"""From recognized mentions to Person rows: known people, discovered people, merges.

A mention of a curated person links by the gazetteer. Any other name is looked
up by its cross-script key among the names already stored; a stored person with
the same surname key and the same first name (Олександр = Александр) is the same
person (strong evidence: linked, the new spelling added as a name). A similar
but not equal first name files a ``MergeSuggestion`` for editors instead.
Every new person gets a Latin name by the national standard of its language.
"""
import datetime
from itertools import combinations

from django.db.models import Count, Q

from archive.models import Article, Mention, MergeSuggestion, Person, PersonName

from archive.text.keys import name_key, script_of, transliterate, word_key

from . import cross_script
from .gazetteer import name_added
from .names import first_name_class, short_form_pair
from .recognize import Found
from .slugs import unique_slug


def resolve(person: Person) -> Person:
    """Follow ``merged_into`` redirects to the surviving person."""
    seen = set()
    while person.merged_into_id and person.pk not in seen:
        seen.add(person.pk)
        person = person.merged_into
    return person


def latin_name(name: str, language: str) -> str:
    """A Latin display name: as written if Latin, else transliterated (uk 2010 / ru passport)."""
    if script_of(name) == "Latn":
        return name
    return transliterate(name, "uk" if language == "uk" else "ru")


def new_person(latin: str) -> Person:
    """A new discovered person displayed as ``latin``, with a unique slug and no names yet."""
    return Person.objects.create(name=latin, slug=unique_slug(Person, latin, fallback="person"),
                                 origin=Person.Origin.DISCOVERED)


_DEVOICED = str.maketrans("bdvhz", "ptfks")
#: First names at least this long (as keys) may differ in one inner vowel and still agree.
VOWEL_VARIANT_MIN = 6
_KEY_VOWELS = set("aeiou")


def _first_names_agree(a: str, b: str) -> bool:
    """Same first name: the same key class (Олександр = Александр), an English short form and its
    full name (Майк / Майкл), or keys that differ only in a final consonant's voicing
    (Дональд / Дональт, a transcription that heard the end devoiced)."""
    ka, kb = first_name_class(word_key(a)), first_name_class(word_key(b))
    if ka == kb or (len(ka) >= 4 and ka[:-1] == kb[:-1]
                    and ka[-1:].translate(_DEVOICED) == kb[-1:].translate(_DEVOICED)):
        return True
    if short_form_pair(a, b):
        return True  # Майк / Майкл: the same person under the English short form
    # Two transcriptions of one long foreign name that differ in one inner vowel (Шейлеш /
    # Шайлеш); never at either end, where Russian and Ukrainian names mark gender and form
    # (Александр / Александра, Марк / Марко), and never in short names (Алена / Алина).
    if len(ka) < VOWEL_VARIANT_MIN or len(ka) != len(kb):
        return False
    differ = [i for i, (x, y) in enumerate(zip(ka, kb)) if x != y]
    return (len(differ) == 1 and 0 < differ[0] < len(ka) - 1
            and ka[differ[0]] in _KEY_VOWELS and kb[differ[0]] in _KEY_VOWELS)


# Case endings (as keys) a surname the dictionary does not know may keep when its nominative
# is guessed wrong (Рааба for Рааб, Бюхеле for Бюхель, Гренелле for Гренелл).
_CASE_ENDINGS = ("a", "u", "e", "i", "om", "em", "oi", "ia", "iu")
#: A surname key shorter than this never matches another by its ending (Ли / Лиа are two people).
NEAR_SURNAME_MIN = 4


def near_surname_keys(last_key: str) -> list[str]:
    """Keys of the same surname with a case ending added or taken away (raab <-> raaba)."""
    if len(last_key) < NEAR_SURNAME_MIN:
        return []
    near = [last_key + ending for ending in _CASE_ENDINGS]
    near += [last_key[:-len(ending)] for ending in _CASE_ENDINGS
             if last_key.endswith(ending) and len(last_key) - len(ending) >= NEAR_SURNAME_MIN]
    return near


def _similar(a: str, b: str) -> bool:
    """Weak agreement: same initial letter of the keys, or one key contains the other."""
    ka, kb = word_key(a), word_key(b)
    return bool(ka and kb) and (ka[0] == kb[0] or ka in kb or kb in ka)


def find_person(found: Found, *, exclude: Person | None = None) -> tuple[Person | None, list[tuple[Person, str]]]:
    """The stored person a discovered name belongs to, and weaker candidates with reasons.

    ``exclude``: a person not to be found (re-analysis asks who else a record's name names).
    """
    key = name_key(found.name)
    names = PersonName.objects.exclude(person=exclude) if exclude is not None else PersonName.objects.all()
    names = names.filter(person__hidden=False) if exclude is not None else names
    row = (names.filter(key=key).select_related("person__merged_into")
           .order_by("person__merged_into", "id").first())
    if row and resolve(row.person) != exclude:
        return resolve(row.person), []
    last_key = word_key(found.last)
    rows = (names.filter(key__endswith=" " + last_key)
            .exclude(kind=PersonName.Kind.INFLECTED).select_related("person__merged_into"))
    strong, weak = None, []
    for row in rows:
        first = row.name.split()[0]
        person = resolve(row.person)
        if person == exclude:
            continue
        if _first_names_agree(first, found.first):
            strong = strong or person
        elif _similar(first, found.first) and person not in [p for p, _ in weak]:
            weak.append((person, f"same surname key {last_key!r}; first names {first} / {found.first}"))
    if strong is None and not weak:
        strong = _near_surname_person(found, last_key, names)
    if strong is None and not weak:
        strong, weak = _cross_script_person(found, names)
    return strong, ([] if strong else weak)


def _cross_script_person(found: Found, names) -> tuple[Person | None, list[tuple[Person, str]]]:
    """The one person known in the other script whose surname and first name sound like
    ``found``'s (Jeremy Hunt -> «Джереми Хант»), else merge candidates when several do.

    A Cyrillic name looks only at people with no Cyrillic name yet (met in Latin text
    only): two people named in Cyrillic are told apart by their Cyrillic names, never
    by the looser sound keys of their transliterations.
    """
    latin = cross_script.is_latin(found.last)
    rows = (names.filter(surname_sound__in=cross_script.surname_sounds(found.last),
                         script="Cyrl" if latin else "Latn")
            .exclude(kind=PersonName.Kind.INFLECTED).select_related("person__merged_into").order_by("id"))
    people = {}
    for row in rows:
        if cross_script.first_names_sound_alike(row.name.split()[0], found.first):
            person = resolve(row.person)
            people.setdefault(person.pk, person)
    if not latin and people:
        named_in_cyrillic = set(PersonName.objects.filter(person__in=list(people), script="Cyrl")
                                .values_list("person_id", flat=True))
        people = {pk: person for pk, person in people.items() if pk not in named_in_cyrillic}
    if len(people) == 1:
        return next(iter(people.values())), []
    reason = f"same name in another script: {found.name}"
    return None, [(person, reason) for person in people.values()]


def _near_surname_person(found: Found, last_key: str, names) -> Person | None:
    """The one stored person with the same first name and the surname with another case ending.

    A foreign surname whose nominative was guessed wrong in one article (Доминика Рааба ->
    "Доминик Рааба") is the person another article named right (Доминик Рааб); with the same
    first name the evidence is strong. Two or more such people: none (no guess).
    """
    near = near_surname_keys(last_key)
    if not near or not found.first:
        return None
    match = Q()
    for key in near:
        match |= Q(key__endswith=" " + key)
    people = {}
    for row in (names.filter(match).exclude(kind=PersonName.Kind.INFLECTED)
                .select_related("person__merged_into").order_by("id")):
        if _first_names_agree(row.name.split()[0], found.first):
            person = resolve(row.person)
            people[person.pk] = person
    return next(iter(people.values())) if len(people) == 1 else None


def create_person(found: Found, language: str) -> Person:
    """A new discovered person for ``found``, with a Latin name."""
    latin = latin_name(found.name, language)
    person = new_person(latin)
    # A new person has no names yet, and the two differ by language or text: plain
    # inserts, no get_or_create lookups.
    _insert_name(person, found.name, language, PersonName.Kind.CANONICAL)
    if latin != found.name:
        _insert_name(person, latin, "en", PersonName.Kind.CANONICAL)
    return person


def _insert_name(person: Person, name: str, language: str, kind: str) -> PersonName:
    return PersonName.objects.create(person=person, name=name[:200], language=language, kind=kind)


def add_name(person: Person, name: str, language: str, kind: str) -> PersonName:
    """Add a name form to ``person`` unless it already has it."""
    row, created = PersonName.objects.get_or_create(person=person, name=name[:200], language=language,
                                                    defaults={"kind": kind})
    if created:
        name_added(person, kind)  # a curated person's new spelling: the known-name index must learn it
    return row


def suggest_merge(person: Person, other: Person, reason: str, score: float = 0.5) -> None:
    """File a merge suggestion once per pair (an editor's rejection is kept)."""
    a, b = sorted([person, other], key=lambda p: p.pk)
    if a.pk == b.pk:
        return
    MergeSuggestion.objects.get_or_create(person=a, other=b, defaults={"score": score, "reason": reason})


def known_people(found: list[Found]) -> dict[int, Person]:
    """The gazetteer's people among ``found``, by id, in one query (for :func:`link`)."""
    return Person.objects.select_related("merged_into").in_bulk({f.person_id for f in found if f.person_id})


def link(found: Found, language: str, *, known: dict[int, Person] | None = None) -> Person | None:
    """The Person of one mention group (``found`` carries its nominative full name).

    ``known``: the people of the gazetteer's matches, from :func:`known_people`
    (spares a query per mention). A hidden (false) person is returned too: its
    mentions are kept, so showing it again brings its articles back, and
    pages, search and the rest of analysis leave hidden people out.
    """
    if found.person_id:
        person = (known or {}).get(found.person_id)
        if person is None:
            person = Person.objects.select_related("merged_into").get(pk=found.person_id)
        person = resolve(person)
    elif not found.first:
        return None
    else:
        person, weak = find_person(found)
        if person is None and found.known_only:
            return None  # two Latin words that name nobody the archive knows (Nord Stream)
        if person is None:
            person = create_person(found, language)
            for other, reason in weak:
                suggest_merge(person, other, reason)
        elif adopt_english_spelling(person, found.name, language):
            add_name(person, found.name, language, PersonName.Kind.CANONICAL)
        else:
            kind = (PersonName.Kind.ALIAS if person.names.filter(language=language).exists()
                    else PersonName.Kind.CANONICAL)
            add_name(person, found.name, language, kind)
    return person


def adopt_english_spelling(person: Person, name: str, language: str) -> bool:
    """Display a discovered person by an English article's spelling ``name`` instead of the
    transliteration of their Cyrillic name ("Dzheremi Khant" -> "Jeremy Hunt"); the
    transliteration stays as an alias, the slug stays (links keep working)."""
    if language != cross_script.ENGLISH or person.origin != Person.Origin.DISCOVERED:
        return False  # the cheap tests first: most mentions are in other languages
    names = list(person.names.values_list("name", "language"))
    if not cross_script.adopts_english_spelling(person, name, language, names):
        return False
    old = person.name
    person.name = name[:200]
    person.save(update_fields=["name"])
    person.names.filter(language=cross_script.ENGLISH, name=old).update(kind=PersonName.Kind.ALIAS)
    return True


#: Days around an article's date in which a lone surname looks for the person it names.
LONE_SURNAME_WINDOW = 30


#: A plural surname names a family of at most this many stored people (more: a common surname).
MAX_FAMILY = 6


def lone_people(lone: list[Found], day) -> dict[int, list[Person]]:
    """The stored people each lone surname (no full name in its article) names, by mention start.

    Candidates are the people with a full name ending in that surname (its keys).
    One candidate: that person. Several: the one mentioned most in articles within
    ``LONE_SURNAME_WINDOW`` days, when it is mentioned more than every other
    («Джонсон» in a week of articles about Boris Johnson). A plural surname
    («Скрипалей») names every candidate named in one article with another of them
    (a family: Sergei and Yulia Skripal). See :func:`choose_lone_people`.
    """
    keys = {k for f in lone for k in f.keys if len(k) >= 3}
    if not keys:
        return {}
    match = Q()
    for key in sorted(keys):
        match |= Q(key__endswith=" " + key)
    candidates: dict[str, set[int]] = {}
    people: dict[int, Person] = {}
    rows = (PersonName.objects.filter(match).exclude(kind=PersonName.Kind.INFLECTED)
            .select_related("person__merged_into"))
    for row in rows:
        person = resolve(row.person)
        if person.hidden:
            continue
        people[person.pk] = person
        candidates.setdefault(row.key.rsplit(" ", 1)[-1], set()).add(person.pk)
    counts: dict[int, int] = {}
    if day and any(len(ids) > 1 for ids in candidates.values()):
        window = datetime.timedelta(days=LONE_SURNAME_WINDOW)
        counts = dict(Mention.objects.filter(person_id__in=people, article__published__range=(day - window, day + window))
                      .values_list("person_id").annotate(n=Count("id")).values_list("person_id", "n"))
    chosen = choose_lone_people(lone, candidates, counts, named_together)
    return {start: [people[pid] for pid in ids] for start, ids in chosen.items()}


def choose_lone_people(lone: list[Found], candidates: dict, counts: dict, together) -> dict[int, list]:
    """The decision of :func:`lone_people` (and of the batch linker's): by mention start, the ids
    of the people each lone surname names.

    ``candidates``: surname key -> ids of the people with that surname; ``counts``: id ->
    mentions in the window; ``together(ids)``: those of ``ids`` named in one article with
    another of them, sorted.
    """
    out = {}
    for f in lone:
        family = sorted({pid for k in f.plural_keys for pid in candidates.get(k, ())}, key=str)
        if 1 < len(family) <= MAX_FAMILY:
            members = together(family)
            if len(members) > 1:
                out[f.start] = members
                continue
        ids = sorted({pid for k in f.keys for pid in candidates.get(k, ())}, key=str)
        if len(ids) == 1:
            out[f.start] = ids
        elif len(ids) > 1:
            ranked = sorted(ids, key=lambda pid: -counts.get(pid, 0))
            if counts.get(ranked[0], 0) > counts.get(ranked[1], 0):
                out[f.start] = ranked[:1]
    return out


def named_together(ids: list[int]) -> list[int]:
    """Those of the stored people ``ids`` named in one article with another of them, sorted."""
    together = set()
    for a, b in combinations(ids, 2):
        if not {a, b} <= together and Article.objects.filter(people=a).filter(people=b).exists():
            together |= {a, b}
    return sorted(together)
