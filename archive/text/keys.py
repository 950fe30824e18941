"""Cross-script name keys and national-standard Latin transliteration.

``name_key`` is the matching key stored in ``PersonName.key``: the same name
written in Russian, Ukrainian or Latin letters gets the same key
(``Уиткофф``, ``Віткофф`` and ``Witkoff`` are all ``vitkof``). It folds the
letter correspondences between the three spellings, not the grammar: each word
form keeps its own key (``Уиткоффом`` -> ``vitkofom``), so lemma-level matching
computes the key of the nominative form.

Definition, applied word by word (words joined by one space):

1. lowercase, strip accents and apostrophes, ``ё`` -> ``е``;
2. Latin digraphs first: shch/sch/sh -> s, ch/tz/ts -> c, zh -> z, kh -> h,
   ph -> f, th -> t, ck -> k; then j -> dz, w -> v, y -> i, x -> ks, q -> k,
   g -> h, c -> s before e/i and k elsewhere;
3. Cyrillic letters to one Latin letter each, merging what Russian, Ukrainian
   and transliteration keep apart: и/і/ї/й/ы -> i, е/є/э -> e, г/ґ/х -> h,
   ж -> z, дж -> dz, ш/щ -> s, ц/ч -> c, ю -> iu, я -> ia, ь/ъ dropped;
4. a word-initial ``u`` before a vowel is ``v`` (Russian renders English W as
   ``уи``/``уо``, Ukrainian as ``ві``/``во``);
5. ``i`` between a consonant and a vowel is dropped (Кислица/Кислиця,
   Эмманюэль/Еммануель), and doubled letters collapse (Уиткофф -> vitkof).
"""
import re
import unicodedata
from functools import lru_cache

_CYR = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "h", "д": "d", "е": "e", "є": "e",
    "ё": "e", "ж": "z", "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "c", "ш": "s", "щ": "s", "ъ": "",
    "ы": "i", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}
# Latin is first rewritten into the Cyrillic letters it stands for, so that one
# folding table serves all three spellings.
_LATIN_DIGRAPHS = [
    ("shch", "щ"), ("sch", "ш"), ("sh", "ш"), ("ch", "ч"), ("tz", "ц"), ("ts", "ц"),
    ("zh", "ж"), ("kh", "х"), ("ph", "ф"), ("th", "т"), ("ck", "к"),
]
_LATIN_SINGLE = {"j": "дж", "w": "в", "y": "и", "x": "кс", "q": "к", "g": "г"}
_VOWELS = set("aeiou")
_APOSTROPHES = re.compile(r"['’ʼ`]")


def _fold_latin(word: str) -> str:
    for source, target in _LATIN_DIGRAPHS:
        word = word.replace(source, target)
    out = []
    for i, ch in enumerate(word):
        if ch == "c":
            out.append("с" if i + 1 < len(word) and word[i + 1] in "eiи" else "к")
        else:
            out.append(_LATIN_SINGLE.get(ch, ch))
    return "".join(out)


@lru_cache(maxsize=200_000)
def word_key(word: str) -> str:
    """The matching key of one word form (see the module docstring)."""
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


def name_key(name: str) -> str:
    """The cross-script matching key of a name (each word keyed, joined by spaces)."""
    return " ".join(k for k in (word_key(w) for w in re.split(r"[\s\-‐–]+", name)) if k)


# --- transliteration: Ukrainian by the official 2010 system (Cabinet resolution 55),
# Russian by the passport system (ICAO Doc 9303, used in Russian passports since 2013).
_UK = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "",
    "ю": "iu", "я": "ia", "'": "", "’": "", "ʼ": "",
}
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_RU = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e",
    "ю": "iu", "я": "ia",
}

# Letters of the other language (a Russian ``ы`` in a Ukrainian name, a Ukrainian ``і``
# in a Russian one) fall back to that language's table rather than staying Cyrillic.
_UK_ALL = {**_RU, **_UK}
_RU_ALL = {**{k: v for k, v in _UK.items() if k.isalpha()}, **_RU}
_UK_ONLY = re.compile(r"[іїєґІЇЄҐ]")


def cyrillic_standard(text: str) -> str:
    """The transliteration standard for ``text`` when its language is unknown: uk or ru by its letters."""
    return "uk" if _UK_ONLY.search(text) else "ru"


def script_of(text: str) -> str:
    """ISO 15924 script code of a name (Cyrl or Latn)."""
    return "Cyrl" if any("\u0400" <= ch <= "\u04ff" for ch in text) else "Latn"


def transliterate(text: str, language: str) -> str:
    """Latin spelling of ``text`` by the national standard of ``language`` (uk or ru)."""
    out = []
    for word in re.split(r"(\W+)", text):
        if language == "uk":
            low = word.lower().replace("зг", "zgh")  # зг -> zgh (2010 system), not zh
            latin = "".join(_UK_INITIAL.get(ch, _UK_ALL.get(ch, ch)) if i == 0 else _UK_ALL.get(ch, ch)
                            for i, ch in enumerate(low))
        else:
            latin = "".join(_RU_ALL.get(ch, ch) for ch in word.lower())
        out.append(latin[:1].upper() + latin[1:] if word[:1].isupper() else latin)
    return "".join(out)
