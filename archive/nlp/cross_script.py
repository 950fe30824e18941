"""One person across scripts: an English "Jeremy Hunt" and a Russian «Джереми Хант».

The name key (archive/text/keys.py) folds letters, so it cannot tell that ``Hunt``
is written ``Хант``; the sound key (archive/text/transcription.py) can. When a name
finds no stored person by its key, the linkers (``linking.find_person`` and
``batch_linking.BatchLinker``) look for a person known only in the other script
whose surname and first name both sound the same. These are the pure rules they
share; the lookups are theirs.

A discovered person met first in Cyrillic is displayed by a transliteration
("Dzheremi Khant"); when an English article names them, the archive adopts the
English spelling (:func:`adopts_english_spelling`).
"""
from __future__ import annotations

from functools import lru_cache

from archive.text.keys import script_of, transliterate
from archive.text.transcription import latin_sound_keys, sound_key

#: The article language whose Latin spelling of a name becomes a discovered person's display name.
ENGLISH = "en"
#: A first name must keep at least this many consonant classes to count as agreeing by sound.
MIN_FIRST_SOUND = 2
_FEMININE_CYRILLIC_ENDINGS = ("а", "я")


def is_latin(name: str) -> bool:
    return script_of(name) == "Latn"


def surname_sounds(found_last: str) -> list[str]:
    """The ``PersonName.surname_sound`` values a name in the other script may have.

    A Latin surname: each reading's key (Hunt -> Хант, Гант); a Cyrillic one: its key,
    which a Latin name stores as its likeliest reading.
    """
    word = found_last.strip("'’-")
    return latin_sound_keys(word) if is_latin(word) else [sound_key(word)]


@lru_cache(maxsize=4096)
def _latin_keys(latin: str) -> frozenset:
    return frozenset(latin_sound_keys(latin))


def sounds_as(word: str, latin: str) -> bool:
    """Whether ``word``, in any script, is the Latin first name ``latin`` (Джереми = Jeremy).

    A Latin word must be that name; a Cyrillic one must have the sound key of one of its
    readings and agree on a feminine ending (Alexandra / Александра, not Александр), since
    sound keys drop the vowels that mark gender.
    """
    if script_of(word) != "Cyrl":
        return word.lower() == latin.lower()
    key = sound_key(word)
    if not key or key not in _latin_keys(latin.lower()):
        return False
    return word.lower().endswith(_FEMININE_CYRILLIC_ENDINGS) == latin.lower().endswith("a")


def first_names_sound_alike(a: str, b: str) -> bool:
    """Whether first names in two scripts are one name: Jeremy / Джереми, Theresa / Тереза
    (one Latin, one Cyrillic; the rule of :func:`sounds_as`)."""
    latin, cyrillic = (a, b) if is_latin(a) else (b, a)
    if not is_latin(latin) or is_latin(cyrillic):
        return False
    return len(sound_key(cyrillic)) >= MIN_FIRST_SOUND and sounds_as(cyrillic, latin)


def is_transliteration(display: str, names) -> bool:
    """Whether ``display`` is the machine transliteration of one of ``names``,
    ``(name, language)`` pairs of the person (so no article spelled it so)."""
    for name, language in names:
        if script_of(name) == "Cyrl" and transliterate(name, "uk" if language == "uk" else "ru") == display:
            return True
    return False


def adopts_english_spelling(person, found_name: str, language: str, names) -> bool:
    """Whether the mention ``found_name`` in an article of ``language`` should become ``person``'s
    display name: an English article's Latin spelling of a discovered person who is shown
    by a transliteration of their Cyrillic name (``names``: their ``(name, language)`` pairs).
    Editors' names (curated people) are never replaced."""
    return (language == ENGLISH and person.origin == person.Origin.DISCOVERED and is_latin(found_name)
            and found_name != person.name and is_transliteration(person.name, names))
