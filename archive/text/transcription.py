"""Sound keys: a Latin name and its Russian or Ukrainian transcription get the same key.

``name_key`` (keys.py) folds letters that stand for each other in transliteration;
it cannot know that English ``Hunt`` is written ``Хант``, ``May`` ``Мэй`` or
``Heiko`` ``Хайко``/``Гайко``: Russian and Ukrainian transcribe the *sound* of an
English or German name, not its letters. The sound key keeps what transcription
keeps, the consonants, in classes both alphabets share:

* vowels (and й, ь, ъ, y, w between vowels) are dropped: ``Hunt``/``Хант`` -> ``hnt``;
* h, g, х, г, kh are one class (Russian writes English h as х, Ukrainian as г);
* s, z, c before e/i, ц, and the hushing sounds ш, щ, ж, ч, sh, zh, ch are one class;
  ``j`` is дж (``Jeremy``/``Джереми``) or й (German ``Jürgen``/``Юрген``);
* v, w, f, ф, в are one class (German ``Volker``/``Фолькер``), k, c, q, ck, к another;
* Polish cz, sz, rz are hushing sounds (``Czaputowicz``/``Чапутович``), ``ck`` may be
  ``цк`` (``Morawiecki``/``Моравецкий``), a first ``w`` or ``k`` before ``r``/``n`` is
  silent (``Wright``/``Райт``), ``sch`` before a vowel may be ``сх`` (``Schinas``/``Схинас``);
* th -> t, ph -> f, x -> ks; doubled consonants collapse; a silent ``h`` after a
  consonant or before one (``John``, ``Sarah``) may be dropped, and so may the final
  ``r`` of French ``-ier`` (``Barnier``/``Барнье``); a word-initial ``у`` before a
  vowel is English W (``Уильямсон``).

A Latin word can be read several ways (``ch`` in ``Michel``/``Мишель`` or
``Christopher``/``Кристофер``), so :func:`latin_sound_keys` returns each reading's
key; a Cyrillic word has one (:func:`sound_key`). The key is loose by design: it
only ever compares a query word with the names of people the archive knows.
"""
import unicodedata
from itertools import product

_CYRILLIC = {
    "б": "b", "п": "p", "в": "v", "ф": "v", "д": "d", "т": "t", "г": "h", "ґ": "g", "х": "h",
    "к": "k", "з": "s", "с": "s", "ц": "s", "ш": "s", "щ": "s", "ж": "s", "ч": "s",
    "л": "l", "м": "m", "н": "n", "р": "r",
}
_LATIN = {
    "b": "b", "p": "p", "v": "v", "f": "v", "w": "v", "d": "d", "t": "t", "g": "h", "h": "h",
    "k": "k", "q": "k", "s": "s", "z": "s", "l": "l", "m": "m", "n": "n", "r": "r",
}
_LATIN_VOWELS = set("aeiouy")


def _collapse(consonants: list[str]) -> str:
    out = []
    for ch in consonants:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out).replace("hh", "h")


def _is_cyrillic(word: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in word)


def sound_key(word: str) -> str:
    """The sound key of a Cyrillic word (a Latin word: its first reading)."""
    low = word.lower()
    if not _is_cyrillic(low):
        keys = latin_sound_keys(low)
        return keys[0] if keys else ""
    if len(low) > 1 and low[0] == "у" and low[1] in "аеиоуыэюяіїє":
        low = "в" + low[1:]  # Уильямсон, Уолтер: English W
    return _collapse([_CYRILLIC[ch] for ch in low if ch in _CYRILLIC])


def _strip_accents(word: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", word) if unicodedata.category(ch) != "Mn")


def _latin_units(word: str) -> list[tuple[str, ...]]:
    """The word as a list of sound units, each with its possible consonant classes ("" = silent)."""
    w = _strip_accents(word.lower())
    units: list[tuple[str, ...]] = []
    i = 0
    while i < len(w):
        rest = w[i:]
        prev = w[i - 1] if i else ""
        nxt = w[i + 1] if i + 1 < len(w) else ""
        if i == 0 and rest.startswith(("wr", "kn")) and len(w) > 3:
            i += 1  # a silent first letter: Wright -> Райт, Knight -> Найт
        elif rest.startswith("tsch"):
            units.append(("s",))
            i += 4
        elif rest.startswith("sch"):
            units.append(("s", "sh") if w[i + 3:i + 4] in _LATIN_VOWELS and w[i + 3:i + 4] else ("s",))
            i += 3  # German Schmidt -> Шмидт; Greek or Dutch Schinas, Schiphol -> Схинас
        elif rest.startswith(("cz", "sz", "rz")) and i + 2 < len(w):
            # Polish: Czaputowicz -> Чапутович, Mateusz -> Матеуш, Brzezinski -> Бжезинский
            units.append(("s",) if rest[0] != "r" else ("s", "rs"))
            i += 2
        elif rest.startswith("cz") or rest.startswith("sz"):
            units.append(("s",))  # a final Polish cz / sz (Morawiecki's Mateusz)
            i += 2
        elif rest.startswith(("sh", "zh", "ts", "tz")):
            units.append(("s",))
            i += 2
        elif rest.startswith("ch"):
            units.append(("s", "k", "h"))
            i += 2
        elif rest.startswith(("th", "dh")):
            units.append(("t",) if rest[0] == "t" else ("d",))
            i += 2
        elif rest.startswith("ph"):
            units.append(("v",))
            i += 2
        elif rest.startswith(("kh", "gh")):
            units.append(("h", ""))
            i += 2
        elif rest.startswith("ck"):
            units.append(("k", "sk"))  # English Dickens -> Диккенс; Polish Morawiecki -> Моравецкий
            i += 2
        elif rest.startswith("qu"):
            units.append(("k",))
            units.append(("v", ""))
            i += 2
        elif rest.startswith("x"):
            units.append(("k",))
            units.append(("s",))
            i += 1
        elif rest[0] == "j":
            # дж (English), й (German, Dutch, Scandinavian), ж (French Jean -> Жан), х (Spanish José -> Хосе)
            units.append(("ds", "", "s", "h"))
            i += 1
        elif rest[0] == "c":
            units.append(("s",) if nxt and nxt in "eiy" else ("k",))
            i += 1
        elif rest[0] == "g" and nxt and nxt in "ei":
            units.append(("h", "ds"))  # George -> Джордж, Gerhard -> Герхард
            i += 1
        elif rest[0] == "h":
            if prev and (prev not in _LATIN_VOWELS or nxt not in _LATIN_VOWELS):
                units.append(("", "h"))  # John, Sarah: often silent
            else:
                units.append(("h",))
            i += 1
        elif rest[0] == "w" and prev in _LATIN_VOWELS and nxt not in _LATIN_VOWELS:
            units.append(("", "v"))  # Andrew, Matthews: a vowel; Polish Jarosław -> Ярослав
            i += 1
        elif rest == "r" and w.endswith("ier"):
            units.append(("r", ""))  # French Barnier -> Барнье
            i += 1
        elif rest[0] in _LATIN:
            units.append((_LATIN[rest[0]],))
            i += 1
        else:
            i += 1  # a vowel or anything else
    return units


def latin_sound_keys(word: str, limit: int = 32) -> list[str]:
    """Every sound key a Latin word may have in Cyrillic transcription (first: the likeliest)."""
    units = _latin_units(word)
    keys: list[str] = []
    for combo in product(*units):
        key = _collapse([c for part in combo for c in part if c])
        if key not in keys:
            keys.append(key)
        if len(keys) >= limit:
            break
    return keys


def sound_keys(word: str) -> list[str]:
    """The sound keys of a word in either script."""
    if _is_cyrillic(word):
        return [sound_key(word)]
    return latin_sound_keys(word)


#: Longest stored surname sound key (``PersonName.surname_sound``).
SURNAME_SOUND_LENGTH = 32


def surname_sound(name: str) -> str:
    """The sound key of a full name's surname (its last word), "" for a one-word name.

    Stored on each name (``PersonName.surname_sound``), so a name in the other script
    finds it by an index lookup; a Latin surname stores its likeliest reading.
    """
    parts = name.split()
    if len(parts) < 2:
        return ""
    return sound_key(parts[-1].strip("'’-"))[:SURNAME_SOUND_LENGTH]
