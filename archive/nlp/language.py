"""Which language an article is written in (ISO 639-1).

Letter and function-word rules rather than a statistical library: the archive's
hard case is Russian vs Ukrainian on short texts (a headline, a two-line
note), and there the evidence is exact: Ukrainian writes і ї є ґ and never
ы э ъ ё; Russian the reverse; the commonest short words (и/і, что/що, это/це,
не/та) settle texts with none of those letters. General detectors (langdetect,
lingua) are probabilistic on short inputs, need large models and still confuse
the two; these rules are deterministic, instant and easy to extend. Other
scripts are told by their alphabet, Latin-script languages by function words.
"""
from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")

_RU_ONLY = set("ыэъё")
_UK_ONLY = set("іїєґ")
_RU_WORDS = {"и", "что", "это", "как", "он", "она", "они", "его", "был", "была", "были", "который", "которые",
             "также", "если", "или", "уже", "еще", "ещё", "когда", "после", "для", "при", "между", "года"}
_UK_WORDS = {"і", "й", "що", "це", "та", "як", "він", "вона", "вони", "його", "був", "була", "були", "який",
             "які", "також", "якщо", "або", "вже", "ще", "коли", "після", "для", "між", "року", "із", "зі"}

_LATIN_WORDS = {
    "en": {"the", "and", "of", "to", "in", "is", "that", "for", "on", "with", "was", "as", "by", "it", "said",
           "will", "at", "from", "are", "this", "be", "has", "have", "an", "who", "would"},
    "de": {"der", "die", "das", "und", "ist", "nicht", "mit", "sich", "auf", "für", "dem", "den", "ein", "eine",
           "zu", "von", "im", "auch", "wird", "sagte"},
    "fr": {"le", "la", "les", "et", "des", "est", "du", "un", "une", "que", "pour", "dans", "qui", "sur", "pas",
           "au", "aux", "avec", "a", "été"},
    "es": {"el", "la", "los", "las", "y", "de", "que", "en", "es", "por", "para", "con", "una", "del", "se", "su",
           "al", "como", "más"},
    "it": {"il", "la", "di", "che", "e", "è", "per", "un", "una", "del", "della", "con", "non", "sono", "gli",
           "nel", "alla", "anche"},
    "pt": {"o", "a", "os", "as", "de", "que", "e", "do", "da", "em", "para", "com", "não", "uma", "um", "dos",
           "das", "no", "na", "foi"},
    "pl": {"i", "w", "na", "się", "nie", "z", "że", "do", "to", "jest", "jak", "po", "przez", "oraz", "dla",
           "był", "być", "od", "ale"},
    "nl": {"de", "het", "een", "en", "van", "is", "dat", "op", "te", "niet", "met", "voor", "zijn", "ook", "werd"},
}
_SCRIPTS = [
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("ka", re.compile(r"[\u10a0-\u10ff]")),
    ("hy", re.compile(r"[\u0530-\u058f]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
]
UNDETERMINED = "und"


def detect_language(text: str) -> str:
    """The ISO 639-1 code of ``text``'s language ("ru", "uk", "en", ...), or "und"."""
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return UNDETERMINED
    cyrillic = sum(1 for w in words if re.match(r"[\u0400-\u04ff]", w))
    latin = sum(1 for w in words if re.match(r"[a-zà-ÿąćęłńóśźżčšž]", w))
    if cyrillic >= latin and cyrillic:
        return _cyrillic_language([w for w in words if re.match(r"[\u0400-\u04ff]", w)])
    if latin:
        return _latin_language([w for w in words if re.match(r"[a-zà-ÿąćęłńóśźżčšž]", w)])
    counts = {code: len(pattern.findall(text)) for code, pattern in _SCRIPTS}
    code, count = max(counts.items(), key=lambda item: item[1])
    if code == "zh" and counts["ja"]:
        return "ja"
    return code if count else UNDETERMINED


def _cyrillic_language(words: list[str]) -> str:
    letters = "".join(words)
    if "ў" in letters:
        return "be"
    if re.search("[ђћљњџ]", letters):
        return "sr"
    if re.search("[ѓќѕ]", letters):
        return "mk"
    if re.search("[әғқңөұүһ]", letters):
        return "kk"
    ru = sum(1 for ch in letters if ch in _RU_ONLY) + 2 * sum(1 for w in words if w in _RU_WORDS)
    uk = sum(1 for ch in letters if ch in _UK_ONLY) + 2 * sum(1 for w in words if w in _UK_WORDS)
    if uk > ru:
        return "uk"
    if ru > uk:
        return "ru"
    # No distinctive letter or word either way: Russian is far more common in the archive's sources.
    return "ru"


def _latin_language(words: list[str]) -> str:
    scores = {code: sum(1 for w in words if w in vocab) for code, vocab in _LATIN_WORDS.items()}
    diacritics = "".join(words)
    if re.search("[ąćęłńśźż]", diacritics):
        scores["pl"] += 3
    if re.search("[äöüß]", diacritics):
        scores["de"] += 2
    if re.search("[ñ¿¡]", diacritics):
        scores["es"] += 2
    if re.search("[ãõç]", diacritics):
        scores["pt"] += 1
    if re.search("[èêëœ]", diacritics):
        scores["fr"] += 1
    code, score = max(scores.items(), key=lambda item: item[1])
    return code if score else "en"
