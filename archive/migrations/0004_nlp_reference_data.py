"""Load the curated people and events (fixtures/people.json, fixtures/events.json).

The code is frozen here on purpose, as in 0003: the loader and the name key below are
copies of ``archive.nlp.reference.load_people``/``load_events`` and
``archive.nlp.keys.name_key``/``script_of`` as they were when this migration was
written, so a later change to those modules cannot change what a fresh ``migrate``
stores. A new key rule needs a new data migration that re-keys the names.
The people and events themselves are still read from the fixture files, which are
the curated list a fresh archive starts from.
"""
import json
import re
import unicodedata
from datetime import date
from pathlib import Path

from django.db import migrations

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"

# --- archive.nlp.keys.name_key and script_of, frozen -------------------------------

_CYR = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "h", "д": "d", "е": "e", "є": "e",
    "ё": "e", "ж": "z", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "c", "ш": "s", "щ": "s", "ъ": "",
    "ы": "i", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}
_LATIN_DIGRAPHS = [
    ("shch", "щ"), ("sch", "ш"), ("sh", "ш"), ("ch", "ч"), ("tz", "ц"), ("ts", "ц"),
    ("zh", "ж"), ("kh", "х"), ("ph", "ф"), ("th", "т"), ("ck", "к"),
]
_LATIN_SINGLE = {"j": "дж", "w": "в", "y": "и", "x": "кс", "q": "к", "g": "г"}
_VOWELS = set("aeiou")
_APOSTROPHES = re.compile(r"['’ʼ`]")


def _fold_latin(word):
    for source, target in _LATIN_DIGRAPHS:
        word = word.replace(source, target)
    out = []
    for i, ch in enumerate(word):
        if ch == "c":
            out.append("с" if i + 1 < len(word) and word[i + 1] in "eiи" else "к")
        else:
            out.append(_LATIN_SINGLE.get(ch, ch))
    return "".join(out)


def _word_key(word):
    word = _APOSTROPHES.sub("", word.lower().replace("ё", "е"))
    word = "".join(
        ch for ch in unicodedata.normalize("NFD", word) if unicodedata.category(ch) != "Mn"
    ) if not any("\u0400" <= ch <= "\u04ff" for ch in word) else unicodedata.normalize("NFC", word)
    if any("a" <= ch <= "z" for ch in word):
        word = _fold_latin(word)
    word = word.replace("дж", "dz")
    word = "".join(_CYR.get(ch, ch) for ch in word)
    word = "".join(ch for ch in word if ch.isalnum())
    if len(word) > 1 and word[0] == "u" and word[1] in _VOWELS:
        word = "v" + word[1:]
    chars = []
    for i, ch in enumerate(word):
        if (ch == "i" and chars and chars[-1] not in _VOWELS and i < len(word) - 1
                and word[i + 1] in _VOWELS):
            continue
        if chars and chars[-1] == ch:
            continue
        chars.append(ch)
    return "".join(chars)


def name_key(name):
    """The cross-script matching key of a name, as ``archive.nlp.keys.name_key`` defined it here."""
    return " ".join(k for k in (_word_key(w) for w in re.split(r"[\s\-‐–]+", name)) if k)


def script_of(text):
    """ISO 15924 script code of a name (Cyrl or Latn)."""
    return "Cyrl" if any("\u0400" <= ch <= "\u04ff" for ch in text) else "Latn"


# --- archive.nlp.reference.load_people and load_events, frozen ---------------------

def load_people(Person, PersonName):
    data = json.loads((FIXTURES / "people.json").read_text(encoding="utf-8"))
    for item in data:
        person, _ = Person.objects.update_or_create(
            slug=item["slug"],
            defaults={"name": item["name"], "description": item.get("description", ""), "origin": "curated"},
        )
        for language, names in item["names"].items():
            for position, name in enumerate(names):
                PersonName.objects.get_or_create(
                    person=person, name=name, language=language,
                    # The historical model has no PersonName.save(): key and script set here.
                    defaults={"kind": "canonical" if position == 0 else "alias",
                              "key": name_key(name), "script": script_of(name)},
                )


def load_events(Event, Person):
    data = json.loads((FIXTURES / "events.json").read_text(encoding="utf-8"))
    for item in data:
        fields = {k: item.get(k, "") for k in ("name_en", "name_ru", "name_uk", "place", "description")}
        event, _ = Event.objects.update_or_create(
            slug=item["slug"],
            defaults={**fields, "key_terms": item.get("key_terms", {}),
                      "place_names": item.get("place_names", []),
                      "start_date": date.fromisoformat(item["start_date"]) if item.get("start_date") else None,
                      "end_date": date.fromisoformat(item["end_date"]) if item.get("end_date") else None},
        )
        event.participants.add(*Person.objects.filter(slug__in=item.get("participants", [])))


def load(apps, schema_editor):
    load_people(apps.get_model("archive", "Person"), apps.get_model("archive", "PersonName"))
    load_events(apps.get_model("archive", "Event"), apps.get_model("archive", "Person"))


class Migration(migrations.Migration):
    dependencies = [("archive", "0003_search_index")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
