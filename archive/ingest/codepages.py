"""Single-byte code pages: which one a file that is not UTF-8 was written in.

Every one of these code pages maps almost every byte to *some* character, so
"does it decode" says nothing. Two kinds of evidence do:

- charset-normalizer's mess measure (:func:`charset_normalizer.md.mess_ratio`):
  accents or symbols where words should be, mixed scripts, odd capitals;
- for Cyrillic readings, :func:`archive.ingest.decode.cyrillic_score`, the letter
  frequencies of Russian and Ukrainian, which tells cp1251, koi8-r/koi8-u and
  mac-cyrillic apart on texts too short for a general detector;
- for Cyrillic readings too, :func:`word_quality`: how many of the words are
  shaped like words (no symbol glued inside or before the letters, sensible
  capitals) and how many the Russian or Ukrainian dictionary knows. cp1251 and
  mac-cyrillic share their lowercase letters, so a short text differs only in a
  capital or two ("Цены" read as "–ены", "Ёлка" as "Элка"): letter frequencies
  cannot see that, words can.

A reading where Latin and Cyrillic letters share words ("Rйunion а Paris") is a
Latin-script text read with a Cyrillic code page. When no reading is clean the
file is rejected: storing a garbled article is worse than asking for it again.
"""
from __future__ import annotations

import re

from charset_normalizer.md import mess_ratio

from archive.ingest.decode import DecodeError, _printable_ratio, cyrillic_score

CYRILLIC = ("cp1251", "koi8-r", "koi8-u", "mac-cyrillic")
LATIN = ("cp1252", "latin-1")
#: Above this mess (a share of suspicious characters) no reading is trusted.
MESS_LIMIT = 0.2
#: Below this Cyrillic plausibility a Cyrillic reading is not trusted.
CYRILLIC_MIN = -4.0
#: Below this share of dictionary words (in a text of at least MIN_WORDS words) no reading is trusted.
KNOWN_MIN = 0.4
MIN_WORDS = 4
#: Two different readings closer than this in score are a guess, not a decision.
MARGIN = 0.05
#: Words looked at (enough to decide; the dictionary lookups stay cheap on long files).
WORDS_LOOKED_AT = 300

_WORD = re.compile(r"[^\W\d_]+")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CYRILLIC_LETTER = re.compile(r"[\u0400-\u04ff]")
_C1_BYTES = re.compile(rb"[\x80-\x9f]")
# Punctuation a word may carry at its edges; anything else glued to letters ("–ены", "кра»на") is a misreading.
_LEADING = "«\"“„‘'([<"
_TRAILING = ".,;:!?»\"”“’')]>…"
_WORD_SHAPE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def choose_code_page(data: bytes) -> tuple[str, str]:
    """The text and the name of the code page ``data`` reads best in; raises DecodeError."""
    readings = {}
    for codec in CYRILLIC + LATIN:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _printable_ratio(text) >= 0.98 and _letter_share(text) >= 0.5:
            readings[codec] = text
    cyrillic = {codec: text for codec, text in readings.items() if codec in CYRILLIC and not _mixed_scripts(text)}
    if cyrillic:
        scores = {codec: _cyrillic_reading_score(text) for codec, text in cyrillic.items()}
        ranked = sorted(cyrillic, key=lambda c: (scores[c], -CYRILLIC.index(c)), reverse=True)
        codec, text = ranked[0], cyrillic[ranked[0]]
        rival = next((c for c in ranked[1:] if cyrillic[c] != text), None)
        if rival is not None and scores[codec] - scores[rival] < MARGIN:
            raise DecodeError(
                f"undecodable bytes: the text reads equally well as {codec} and as {rival}, so the loader "
                "cannot tell which is right; save it as UTF-8 and import it again"
            )
        _, known, words = word_quality(text)
        if words >= MIN_WORDS and known < KNOWN_MIN:
            raise DecodeError(
                f"undecodable bytes: read as {codec}, the text has too few Russian or Ukrainian words to be "
                "trusted; save it as UTF-8 and import it again"
            )
        if cyrillic_score(text) >= CYRILLIC_MIN and mess_ratio(text, 1.0) <= MESS_LIMIT:
            return text, _same_as_koi8_r(data, codec)
    latin = {codec: text for codec, text in readings.items() if codec in LATIN}
    if latin:
        # Latin-1 is cp1252 without its printable 0x80-0x9F (quotes, dashes, the euro sign).
        codec = "cp1252" if _C1_BYTES.search(data) else "latin-1"
        text = latin.get(codec)
        if text is not None and mess_ratio(text, 1.0) <= MESS_LIMIT and not _mostly_accents(text):
            return text, codec
    raise DecodeError(
        "undecodable bytes: the file is not UTF-8, UTF-16 or UTF-32, and it does not read cleanly in any "
        "of the code pages the loader knows (cp1251, koi8-r, koi8-u, mac-cyrillic, cp1252, Latin-1); "
        "save it as UTF-8 and import it again"
    )


def _cyrillic_reading_score(text: str) -> float:
    """Higher for the right reading: word shapes and dictionary words first, then letter frequencies and mess."""
    shaped, known, _ = word_quality(text)
    return 3.0 * shaped + 3.0 * known + cyrillic_score(text) - 10 * mess_ratio(text, 1.0)


def word_quality(text: str) -> tuple[float, float, int]:
    """(share of well-shaped words, share of dictionary words, number of words) of a Cyrillic reading.

    A word is a whitespace-separated token with letters in it, its edge punctuation
    removed. It is well shaped when only letters remain (hyphens and apostrophes
    inside allowed) and each part is lowercase, capitalized or all capitals; it is a
    dictionary word when pymorphy3 knows it in Russian or Ukrainian.
    """
    from archive.nlp.morph import analyzer

    ru, uk = analyzer("ru"), analyzer("uk")
    words = [token.lstrip(_LEADING).rstrip(_TRAILING) for token in text.split()[:WORDS_LOOKED_AT]]
    words = [word for word in words if any(ch.isalpha() for ch in word)]
    if not words:
        return 0.0, 0.0, 0
    shaped = [word for word in words if _WORD_SHAPE.fullmatch(word) and all(map(_cased_like_a_word, re.split(r"[-'’]", word)))]
    known = sum(1 for word in shaped if ru.word_is_known(word.lower()) or uk.word_is_known(word.lower()))
    return len(shaped) / len(words), known / len(words), len(words)


def _cased_like_a_word(part: str) -> bool:
    return part.islower() or part.isupper() or (part[:1].isupper() and part[1:].islower())


def _letter_share(text: str) -> float:
    """Letters among the characters that are not spaces: text is mostly words."""
    visible = [ch for ch in text if not ch.isspace()]
    return sum(ch.isalpha() for ch in visible) / len(visible) if visible else 0.0


def _mixed_scripts(text: str) -> bool:
    """Do Latin and Cyrillic letters share words in a noticeable share of the words that have Cyrillic?"""
    cyrillic_words = [w for w in _WORD.findall(text) if _CYRILLIC_LETTER.search(w)]
    if not cyrillic_words:
        return True  # nothing Cyrillic at all: not a Cyrillic reading
    mixed = sum(1 for w in cyrillic_words if _LATIN_LETTER.search(w))
    return mixed > 0.2 * len(cyrillic_words)


def _mostly_accents(text: str) -> bool:
    """Cyrillic read as Latin: words made of accented letters only ("Ñîþçíèêè")."""
    words = [w for w in _WORD.findall(text) if re.search(r"[^\x00-\x7f]", w)]
    accented_only = sum(1 for w in words if len(w) > 3 and not re.search(r"[A-Za-z]", w))
    return bool(words) and accented_only > 0.3 * len(words)


def _same_as_koi8_r(data: bytes, codec: str) -> str:
    """koi8-u differs from koi8-r only in the Ukrainian letters: with none of them, say koi8-r."""
    if codec == "koi8-u" and data.decode("koi8-u") == data.decode("koi8-r", errors="replace"):
        return "koi8-r"
    return codec
