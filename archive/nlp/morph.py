"""Russian and Ukrainian morphology (pymorphy3), loaded once per process and cached.

Both the search analyzer and name recognition go through here, so the same word
gets the same lemma wherever the archive looks at it.
"""
from functools import lru_cache

import pymorphy3

#: Languages with a pymorphy3 dictionary installed.
MORPH_LANGUAGES = ("ru", "uk")


@lru_cache(maxsize=None)
def analyzer(language: str) -> pymorphy3.MorphAnalyzer:
    """The shared analyzer for ``language`` ("ru" or "uk")."""
    if language not in MORPH_LANGUAGES:
        raise ValueError(f"no morphology dictionary for {language!r}")
    return pymorphy3.MorphAnalyzer(lang=language)


@lru_cache(maxsize=200_000)
def parses(word: str, language: str) -> tuple:
    """All pymorphy3 parses of a lowercase ``word`` (cached: the hot path of indexing)."""
    return tuple(analyzer(language).parse(word))


def lemma(word: str, language: str) -> str:
    """The most likely dictionary form of ``word``, lowercased."""
    found = parses(word.lower(), language)
    return found[0].normal_form if found else word.lower()
