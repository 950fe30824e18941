"""The one analyzer: the same function turns documents and queries into index tokens.

Tokens are runs of letters and digits, lowercased, with ``ё`` folded to ``е`` and
apostrophes dropped, so every token is a plain word that PostgreSQL's parser and
SQLite's ``unicode61`` tokenizer both keep whole: the two databases see the same
tokens in the same positions.

* Russian and Ukrainian words become lemmas (pymorphy3, cached in archive.nlp.morph).
* Latin-script words are stemmed as English (Snowball), in every article: Latin
  words in Russian and Ukrainian texts are mostly English names and titles.
* Anything else is kept as written (lowercased).

A document word has one token (its most likely lemma). A query word may have
several candidates: when its language is unknown it is analyzed as every indexed
language, and an ambiguous form gives all of its lemmas.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

from archive.nlp.morph import MORPH_LANGUAGES, parses

#: Languages whose words are lemmatized or stemmed; other languages are indexed as written.
INDEXED_LANGUAGES = ("ru", "uk", "en")

_APOSTROPHES = "'\u2019\u02bc\u2018`"
# A word: letters or digits, with apostrophes allowed inside (Ukrainian "об'єднання").
_WORD = re.compile(r"[^\W_](?:[^\W_]|['\u2019\u02bc\u2018`](?=[^\W_]))*")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-z]")
#: Longest token indexed; longer runs are junk (hashes, base64) and are cut.
MAX_TOKEN_LENGTH = 60

_english = snowballstemmer.stemmer("english")


def normalize(text: str) -> str:
    """NFC, lowercase, ``ё``→``е``, NUL and other control characters removed."""
    text = unicodedata.normalize("NFC", text.replace("\x00", " ")).lower()
    return text.replace("ё", "е")


def words(text: str) -> list[str]:
    """The normalized words of ``text``, in order (apostrophes unified to ``'``)."""
    return [_unify(match.group())[:MAX_TOKEN_LENGTH] for match in _WORD.finditer(normalize(text))]


def _clean(token: str) -> str:
    """An index token: no apostrophes, ``ё`` folded (lemmas can reintroduce it)."""
    return token.replace("'", "").replace("ё", "е")


@lru_cache(maxsize=100_000)
def _stem_english(word: str) -> str:
    return _english.stemWord(word)


def _script(word: str) -> str:
    if _CYRILLIC.search(word):
        return "cyrl"
    if _LATIN.search(word):
        return "latn"
    return "other"


#: Grammemes of proper nouns: "газе" is gas, "Газе" may be Gaza; "Києві" is Kyiv, "києві" a cue.
_PROPER = frozenset({"Geox", "Name", "Surn", "Patr", "Orgn", "Trad"})


def _best_parse(found, proper: bool | None):
    """The most likely parse, preferring (or avoiding) proper nouns as the case suggests."""
    if proper is None or not found:
        return found[0] if found else None
    for parse in found:
        # Guesses for unknown words carry invented name tags ("уиткоффа" as a woman's
        # name): only a dictionary word is promoted to a proper noun.
        if bool(_PROPER & parse.tag.grammemes) == proper and (parse.is_known or not proper):
            return parse
    return found[0]


@lru_cache(maxsize=200_000)
def document_token(word: str, language: str, proper: bool | None = None) -> str:
    """The single index token of a normalized ``word`` in an article in ``language``.

    ``proper``: True when the word was capitalized inside a sentence, False when it was
    lowercase, None when unknown (sentence start).
    """
    script = _script(word)
    if script == "cyrl":
        lang = language if language in MORPH_LANGUAGES else None
        if lang:
            best = _best_parse(parses(word, lang), proper)
            return _clean(best.normal_form if best else word)
        return _clean(word)
    if script == "latn" and (language in INDEXED_LANGUAGES or not language):
        return _clean(_stem_english(word))
    return _clean(word)


_SENTENCE_END = frozenset(".!?…\n\"«»—:;")


def _unify(word: str) -> str:
    for mark in _APOSTROPHES[1:]:
        word = word.replace(mark, "'")
    return word


@lru_cache(maxsize=200_000)
def _raw_token(raw: str, language: str, proper: bool | None) -> str:
    """The index token of a word as written (cached: snippets re-tokenize every hit's text)."""
    return document_token(_unify(normalize(raw))[:MAX_TOKEN_LENGTH], language, proper)


def token_spans(text: str, language: str) -> list[tuple[int, int, str]]:
    """``(start, end, token)`` for every word of ``text`` (NFC; offsets into the NFC text).

    The one place documents are tokenized: the index (:func:`analyze`) and the
    snippets both use it, so a highlighted word is exactly an indexed word.
    """
    text = unicodedata.normalize("NFC", text.replace("\x00", " "))
    spans = []
    for match in _WORD.finditer(text):
        raw = match.group()
        i = match.start() - 1
        while i >= 0 and text[i] in " \t\r\f\v\u00a0":
            i -= 1
        before = text[i] if i >= 0 else ""
        if raw[:1].islower():
            proper = False
        elif not before or before in _SENTENCE_END:
            proper = None
        else:
            proper = True
        token = _raw_token(raw, language, proper)
        if token:
            spans.append((match.start(), match.end(), token))
    return spans


def stored_spans(text: str, language: str, lemmas: str) -> list[tuple[int, int, str]]:
    """:func:`token_spans` of ``text`` from ``lemmas``, what :func:`analyze` stored for it
    (an article's ``body_lemmas``): the words are found, not analyzed again.

    Each word gives one token or none, so when the stored tokens are as many as the words,
    word i has token i; otherwise (a word with no token, lemmas of another text) the text
    is analyzed as usual.
    """
    text = unicodedata.normalize("NFC", text.replace("\x00", " "))
    tokens = lemmas.split(" ") if lemmas else []
    words = [(match.start(), match.end()) for match in _WORD.finditer(text)]
    if not tokens or len(tokens) != len(words) or not all(tokens):
        return token_spans(text, language)
    return [(start, end, token) for (start, end), token in zip(words, tokens)]


def analyze(text: str, language: str) -> str:
    """The lemma text of ``text``: one token per word, space-separated, positions kept."""
    return " ".join(token for _start, _end, token in token_spans(text, language))


@lru_cache(maxsize=20_000)
def query_candidates(word: str) -> tuple[str, ...]:
    """Every token a normalized query ``word`` may have been indexed as.

    Cyrillic words: all Russian and Ukrainian lemmas plus the word itself (articles in
    other languages keep words as written); Latin words: the English stem and the word.
    """
    script = _script(word)
    found: list[str] = []
    if script == "cyrl":
        for lang in MORPH_LANGUAGES:
            options = parses(word, lang)
            # Every dictionary reading ("стали": стать, сталь); of guesses only the best,
            # as the document side (which keeps the best parse) would have indexed.
            known = [parse.normal_form for parse in options if parse.is_known]
            found.extend(known or [parse.normal_form for parse in options[:1]])
    elif script == "latn":
        found.append(_stem_english(word))
    found.append(word)
    unique: list[str] = []
    for token in map(_clean, found):
        if token and token not in unique:
            unique.append(token)
    return tuple(unique)


def prefix_token(word: str) -> str:
    """A query prefix (``уитк*``) as it compares with index tokens: not lemmatized."""
    return _clean(word)
