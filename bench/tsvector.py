"""The search table's two tsvectors, computed in Python exactly as the search trigger's SQL does.

    from bench.tsvector import search_vectors
    vector, title_vector = search_vectors(title_lemmas, body_lemmas)   # tsvector literals

The trigger (``archive/search/backends/postgres.py``) stores

    vector       = to_tsvector('simple', title) || to_tsvector('simple', body)
                   || archive_lemma_pairs(title) || archive_lemma_pairs(body)
    title_vector = to_tsvector('simple', title) || archive_lemma_pairs(title)

The bench builder COPYs these literals with the search rows instead of having the server
evaluate that SQL once per article (~40% of a 100,000-article build). What is reproduced,
from PostgreSQL's ``to_tsany.c`` and ``tsvector_op.c``:

* ``to_tsvector('simple', ...)``: one position per token, from 1; at most 255 positions
  per lexeme (``MAXNUMPOS - 1``), positions capped at 16383 (``MAXENTRYPOS - 1``).
* ``a || b``: b's positions shifted by a's largest position; a lexeme in both keeps a's
  positions followed by b's, up to 256, stopping at a position of 16383.
* ``archive_lemma_pairs``: ``ёaёb`` for each adjacent pair of tokens, the first
  ``MAX_PAIRS`` of them at positions 1..MAX_PAIRS, then ``CAPPED`` if there were more.

The parser is emulated only for plain words, what the analyzer writes nearly always:
lowercase letters and digits, which the parser reads as one word and the 'simple'
dictionary keeps as it is. Any other whitespace-separated chunk (a name's "j." or
"жан-ноэль", or a pair holding one) is parsed by PostgreSQL itself: :func:`unplain_chunks`
lists them, the caller has the server parse them (``to_tsvector('simple', chunk)``, see
``bench/build_archive.py``) and passes the lexemes in position order as ``lexemes``;
without them :func:`search_vectors` refuses such a chunk rather than guess. A lexeme with more than 255 positions is
refused too: its literal would be read back with 255 (``tsvectorin`` caps them), where the
concatenation may hold 256. ``tests/search/test_bench_builder.py`` compares the stored
vectors as text with the trigger's on PostgreSQL.
"""
from __future__ import annotations

from archive.search.backends.postgres import CAPPED, MAX_PAIRS, PAIR_MARK

#: PostgreSQL's limits on a lexeme's positions (tsearch/ts_type.h).
MAXENTRYPOS = 1 << 14
MAXNUMPOS = 256
_DIGITS = frozenset("0123456789")
#: Tokens already seen to be plain words (the vocabulary's, a few hundred thousand).
_PLAIN: set[str] = set()


def _limit(position: int) -> int:
    return min(position, MAXENTRYPOS - 1)


def _plain(word: str) -> bool:
    """Letters (lowercase) and ASCII digits only: one word to the parser, kept as it is by 'simple'."""
    return bool(word) and word == word.lower() and all(c.isalpha() or c in _DIGITS for c in word)


def _all_plain(tokens: list[str]) -> bool:
    if _PLAIN.issuperset(tokens):
        return True
    for token in tokens:
        if token not in _PLAIN:
            if not _plain(token):
                return False
            _PLAIN.add(token)
    return True


def _refuse(chunk: str) -> list[str]:
    raise ValueError(f"{chunk!r} is not a plain lowercase word: the server must parse it")


def _pair_chunks(tokens: list[str]) -> list[str]:
    return [PAIR_MARK + a + PAIR_MARK + b for a, b in zip(tokens[:MAX_PAIRS], tokens[1:MAX_PAIRS + 1])]


def unplain_chunks(*lemma_texts: str | None) -> set[str]:
    """The chunks of these texts (and of their pairs) that the server must parse."""
    found = set()
    for text in lemma_texts:
        tokens = (text or "").split()
        if not _all_plain(tokens):
            found.update(chunk for chunk in tokens + _pair_chunks(tokens) if not _plain(chunk))
    return found


def _words(chunks: list[str], plain: bool, lexemes) -> list[str]:
    if plain:
        return chunks
    return [word for chunk in chunks for word in ([chunk] if _plain(chunk) else lexemes(chunk))]


def _vector(words: list[str]) -> dict[str, list[int]]:
    """{lexeme: positions} of words at positions 1, 2, ...: to_tsvector's uniqueWORD."""
    vector: dict[str, list[int]] = {}
    if len(words) < MAXENTRYPOS - 1:  # no position reaches the cap: the common, fast case
        for at, word in enumerate(words, 1):
            positions = vector.get(word)
            if positions is None:
                vector[word] = [at]
            elif len(positions) < MAXNUMPOS - 1:
                positions.append(at)
        return vector
    for at, word in enumerate(words, 1):
        positions = vector.get(word)
        if positions is None:
            vector[word] = [_limit(at)]
        elif len(positions) < MAXNUMPOS - 1 and positions[-1] != MAXENTRYPOS - 1 and positions[-1] != _limit(at):
            positions.append(_limit(at))
    return vector


def to_tsvector(tokens: list[str], lexemes=_refuse) -> dict[str, list[int]]:
    """``to_tsvector('simple', ' '.join(tokens))`` as {lexeme: positions}.

    ``lexemes(chunk)``: the lexemes the server made of a chunk that is not a plain word.
    """
    return _vector(_words(tokens, _all_plain(tokens), lexemes))


def concat(a: dict[str, list[int]], b: dict[str, list[int]]) -> dict[str, list[int]]:
    """``a || b`` (a new dict; a and b are left alone). Positions lists are increasing."""
    if not b:
        return dict(a)
    shift = max((positions[-1] for positions in a.values()), default=0)
    out = dict(a)
    if shift + max(positions[-1] for positions in b.values()) < MAXENTRYPOS - 1:  # no cap reached
        for lexeme, positions in b.items():
            mine = out.get(lexeme)
            if mine is None:
                out[lexeme] = [p + shift for p in positions]
            else:
                out[lexeme] = (mine + [p + shift for p in positions])[:max(MAXNUMPOS, len(mine))]
        return out
    for lexeme, positions in b.items():
        mine = out.get(lexeme)
        merged = list(mine) if mine else []
        for p in positions:
            if len(merged) >= MAXNUMPOS or (merged and merged[-1] == MAXENTRYPOS - 1):
                break
            merged.append(_limit(p + shift))
        out[lexeme] = merged
    return out


def lemma_pairs(tokens: list[str], lexemes=_refuse, plain: bool | None = None) -> dict[str, list[int]]:
    """``archive_lemma_pairs(' '.join(tokens))``: the adjacent pairs, capped at MAX_PAIRS."""
    chunks = _pair_chunks(tokens) + ([CAPPED] if len(tokens) - 1 > MAX_PAIRS else [])
    return _vector(_words(chunks, _all_plain(tokens) if plain is None else plain, lexemes))


def _quoted(lexeme: str) -> str:
    if "'" in lexeme or "\\" in lexeme:
        lexeme = lexeme.replace("\\", "\\\\").replace("'", "''")
    return "'" + lexeme + "'"


def literal(vector: dict[str, list[int]], *, ordered: bool = True) -> str:
    """The tsvector's text form; ``ordered``: lexemes in PostgreSQL's order (by their UTF-8 bytes),
    as the server prints it (its input sorts them itself)."""
    lexemes = sorted(vector, key=str.encode) if ordered else vector
    return " ".join(_quoted(lexeme) + ":" + ",".join(map(str, vector[lexeme])) for lexeme in lexemes)


def search_vectors(title_lemmas: str | None, body_lemmas: str | None, lexemes=_refuse, *,
                   ordered: bool = True) -> tuple[str, str]:
    """(vector, title_vector) literals of an article's lemma columns, as the trigger computes them.

    ``lexemes``: as for :func:`to_tsvector`, for the chunks :func:`unplain_chunks` listed.
    """
    title, body = (title_lemmas or "").split(), (body_lemmas or "").split()
    title_plain, body_plain = _all_plain(title), _all_plain(body)
    title_words = _vector(_words(title, title_plain, lexemes))
    title_pairs = lemma_pairs(title, lexemes, title_plain)
    vector = concat(concat(concat(title_words, _vector(_words(body, body_plain, lexemes))), title_pairs),
                    lemma_pairs(body, lexemes, body_plain))
    title_vector = concat(title_words, title_pairs)
    if any(len(positions) > MAXNUMPOS - 1 for positions in vector.values()):
        raise ValueError("a lexeme with more than 255 positions does not survive its text form")
    return literal(vector, ordered=ordered), literal(title_vector, ordered=ordered)
