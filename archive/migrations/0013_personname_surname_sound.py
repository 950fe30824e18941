"""PersonName.surname_sound: the sound key of the surname, filled for the stored names.

A frozen copy of archive/text/transcription.py as it was when this field was added
(migrations never import the project's live code: tests/test_migrations_frozen.py).
"""
import unicodedata

from django.db import migrations, models

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
        return _first_reading(low)
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




def _first_reading(word: str) -> str:
    return _collapse([ch for unit in _latin_units(word) for ch in unit[0]])


def _surname_sound(name: str) -> str:
    parts = name.split()
    if len(parts) < 2:
        return ""
    return sound_key(parts[-1].strip("'’-"))[:32]


def fill(apps, schema_editor):
    PersonName = apps.get_model("archive", "PersonName")
    batch = []
    for row in PersonName.objects.only("id", "name").iterator(chunk_size=2000):
        row.surname_sound = _surname_sound(row.name)
        if row.surname_sound:
            batch.append(row)
        if len(batch) >= 2000:
            PersonName.objects.bulk_update(batch, ["surname_sound"])
            batch = []
    PersonName.objects.bulk_update(batch, ["surname_sound"])


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0012_saved_searches"),
    ]

    operations = [
        migrations.AddField(
            model_name="personname",
            name="surname_sound",
            field=models.CharField(blank=True, db_index=True, editable=False, help_text="Sound key of the surname: archive.text.transcription.surname_sound(name), Хант and Hunt -> hnt", max_length=32),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
