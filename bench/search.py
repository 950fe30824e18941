"""Benchmark of the full search (results + all facets + snippets) on a synthetic archive.

    DATABASE_URL=sqlite:///$PWD/bench.sqlite3 .venv/bin/python bench/search.py --articles 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/archive_bench .venv/bin/python bench/search.py --articles 100000

The archive: ~20,000-30,000 lemmas per language (Russian and Ukrainian lemmas with
their real word forms from pymorphy3's dictionaries, composed English words with
-s/-ed/-ing forms), drawn with a Zipf distribution (s=1.0) over lemmas; 60-350 words
per article; the curated people's names in the article's script (and mentions for
them); 30 outlets, 50 events; dates over ten years. Articles are loaded with
precomputed lemmas by bench/build_archive.py (two generating processes; COPY on
PostgreSQL with the search rows' vectors computed in Python, executemany on SQLite; the
search index built once after loading; each step's seconds printed), then ANALYZE. The database given is migrated and filled once; a rerun
with the same --articles reuses it (regenerate: start from an empty database).
The query mix is fixed: very common (> 20% of articles), medium (1-5%), rare
(< 0.1%), two words (AND and OR), names across scripts, phrases and prefixes.
Prints p50/p95/p99 per query class.

``--engine tantivy`` answers the same mix with the embedded search engine: its index is
built from the bench archive first (in ``--engine-path``, by default bench/.cache/engine-*;
the build's seconds printed), then the mix runs with SEARCH_ENGINE=tantivy.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'bench.sqlite3'}")

ENGLISH_ROOTS = """government minister president election parliament war peace talk meeting agreement
country city border army soldier attack missile drone energy gas oil price market bank economy
budget tax law court judge police report statement official source news agency envoy ally
sanction trade export import factory worker strike protest crowd vote party leader opposition
summit conference delegation embassy ambassador security council union treaty plan proposal
ceasefire negotiation region village school hospital doctor patient virus vaccine weather storm
flood fire winter summer harvest grain farmer railway airport flight ship port bridge road
company profit loss share investor technology internet phone record season team match
player coach goal victory defeat museum exhibition film music festival church history family
water power light house garden river forest mountain island coast sea field farm market street
station train truck engine fuel coal steel metal gold silver paper book letter word voice
right claim charge fund loan debt rate wage cost sale deal order control support change
build form figure press print sign mark test check count move turn hold cover return""".split()
ENGLISH_PREFIXES = ["", "", "", "re", "un", "pre", "over", "under", "counter", "inter", "co", "de", "mis",
                    "non", "out", "sub", "super", "trans", "anti", "multi", "post", "semi"]
ENGLISH_SUFFIXES = ["", "", "er", "ment", "ness", "ity", "ion", "al", "ive", "ful", "less", "ly", "ship",
                    "ism", "ist", "able", "ize", "ery", "hood", "ward"]


def english_lemmas(rng) -> dict[str, list[str]]:
    """About 20,000 English-looking lemmas (prefix + root + suffix), each with -s/-ed/-ing forms.

    No English word list is installed; composed words give the stemmer real
    work and a vocabulary as large as the Russian and Ukrainian ones.
    """
    lemmas: dict[str, list[str]] = {}
    for root in ENGLISH_ROOTS:
        for prefix in ENGLISH_PREFIXES:
            for suffix in ENGLISH_SUFFIXES:
                if rng.random() < 0.55:
                    continue
                lemma = prefix + root + suffix
                stem = lemma[:-1] if lemma.endswith("e") else lemma
                plural = lemma + ("es" if lemma.endswith(("s", "x", "ch", "sh")) else "s")
                lemmas.setdefault(lemma, [lemma, plural, stem + "ed", stem + "ing"])
    return lemmas


# Proper nouns, abbreviations and rare registers are left out: the generator wants common words.
_SKIP_GRAMMEMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr", "Init", "Erro",
                             "Dist", "Slng", "Arch", "Infr"})


def morph_lemmas(language: str, per_prefix: int = 90, forms_per_lemma: int = 6) -> dict[str, list[str]]:
    """Lemmas of pymorphy3's dictionary for ``language`` with up to ``forms_per_lemma`` real forms.

    Up to ``per_prefix`` lemmas for each two-letter prefix: ~20,000-30,000 lemmas
    spread over the whole alphabet, read straight from the dictionary in seconds.
    """
    from archive.nlp.morph import analyzer

    dictionary = analyzer(language).dictionary
    letters = "абвгдежзиклмнопрстуфхцчшщэюя" if language == "ru" else "абвгґдежзиіїйклмнопрстуфхцчшщюяє"
    lemmas: dict[str, list[str]] = {}
    for a in letters:
        for b in letters:
            taken: set[str] = set()
            for seen, (word, tag, normal, _para, _idx) in enumerate(dictionary.iter_known_words(a + b)):
                if seen >= per_prefix * 40:
                    break
                if _SKIP_GRAMMEMES & tag.grammemes or not word.isalpha() or len(word) < 3:
                    continue
                if normal not in lemmas:
                    if len(taken) >= per_prefix:
                        continue
                    taken.add(normal)
                    lemmas[normal] = []
                forms = lemmas[normal]
                if len(forms) < forms_per_lemma and word not in forms:
                    forms.append(word)
    return {lemma: forms for lemma, forms in lemmas.items() if forms}


_VOCABULARY: dict = {}


def vocabulary(seed: int = 7) -> dict[str, list[list[str]]]:
    """Per language, lemmas as lists of word forms, most frequent lemma first (deterministic)."""
    if seed not in _VOCABULARY:
        rng = random.Random(seed)
        found = {"ru": morph_lemmas("ru"), "uk": morph_lemmas("uk"), "en": english_lemmas(rng)}
        ranked = {}
        for lang, lemmas in found.items():
            entries = [lemmas[key] for key in sorted(lemmas)]
            rng.shuffle(entries)  # frequency rank independent of the alphabet
            ranked[lang] = entries
        _VOCABULARY[seed] = ranked
    return _VOCABULARY[seed]


#: Zipf exponent over lemma ranks (natural language is close to 1).
ZIPF_S = 1.0
#: Words per article: title and body (the body drawn between these bounds).
TITLE_WORDS = (6, 12)
BODY_WORDS = (60, 340)


def zipf_weights(n: int, s: float = ZIPF_S) -> list[float]:
    total, cumulative = 0.0, []
    for rank in range(1, n + 1):
        total += 1.0 / rank ** s
        cumulative.append(total)
    return cumulative


def expected_share(rank: int, n: int, words: float = 210, s: float = ZIPF_S) -> float:
    """The expected share of articles containing the lemma of ``rank`` (1-based) of ``n``."""
    import math

    p = (1.0 / rank ** s) / sum(1.0 / r ** s for r in range(1, n + 1))
    return 1 - math.exp(-words * p)


def rank_for_share(share: float, n: int) -> int:
    """The lemma rank whose expected article share is closest to ``share``."""
    low, high = 1, n
    while low < high:  # expected_share falls with the rank
        mid = (low + high) // 2
        if expected_share(mid, n) > share:
            low = mid + 1
        else:
            high = mid
    return low


def name_forms() -> list[tuple[int, dict[str, list[str]]]]:
    """(person id, {language: names}) for the curated people with names in ru, uk and en."""
    from archive.models import Person, PersonName

    people = []
    for person in Person.objects.filter(hidden=False, merged_into=None).order_by("pk"):
        names: dict[str, list[str]] = {}
        for name in PersonName.objects.filter(person=person).exclude(kind=PersonName.Kind.INFLECTED):
            names.setdefault(name.language, []).append(name.name)
        if all(names.get(lang) for lang in ("ru", "uk", "en")):
            people.append((person.pk, names))
    return people


def load(n: int, seed: int = 7) -> None:
    """Add ``n`` articles with precomputed lemmas, their mentions and event links (bench/build_archive.py)."""
    from bench.build_archive import build

    build(n, seed)


#: Article shares the query classes aim at (the printed hit counts are what was found).
SHARES = {"very common": (0.95, 0.6), "medium": (0.06, 0.025), "rare": (0.001, 0.0004)}


def query_mix(seed: int = 7) -> dict[str, list[str]]:
    """Fixed queries, picked by expected article share from the generator's vocabulary.

    Words are typed as inflected forms (the last form listed, often not the lemma).
    """
    vocab = vocabulary(seed)
    mix: dict[str, list[str]] = {"very common": [], "medium": [], "rare": [], "two words": [],
                                 "name": [], "phrase/prefix": []}
    for lang in ("ru", "uk", "en"):
        lemmas = vocab[lang]
        n = len(lemmas)

        def word(share, shift=0):
            return lemmas[rank_for_share(share, n) - 1 + shift][-1]

        for name, shares in SHARES.items():
            mix[name] += [word(share) for share in shares]
        mix["two words"] += [f"{word(0.6, 1)} {word(0.06, 1)}", f"{word(0.06, 2)} {word(0.025, 2)}",
                             f"{word(0.025, 3)} OR {word(0.06, 3)}"]
        mix["phrase/prefix"] += [f'"{lemmas[0][0]} {lemmas[1][0]}"', f'"{word(0.6)} {word(0.95)}"',
                                 lemmas[rank_for_share(0.06, n) + 4][0][:4] + "*"]
    mix["name"] = ["Witkoff", "Уиткоффом", "Віткофф", "Рубио", "Макрона", "Зеленский"]
    return mix


def full_search(q: str) -> int:
    from archive.models import Article
    from archive.search.facets import compute_facets
    from archive.search.snippets import snippet
    from archive.web.filters import ArticleFilter

    filterset = ArticleFilter(data={"q": q}, queryset=Article.objects.all())
    assert filterset.is_valid()
    results = filterset.results(prepare=lambda articles: articles.select_related("outlet"))
    page = results[0:20]  # as the search page's paginator reads it
    count = results.count()
    for article in page:
        snippet(article, results.parsed)
    compute_facets(results)
    return count


def search_parts(q: str) -> tuple[int, dict[str, float]]:
    """(matches, ms per part of full_search: page, count, snippets, facets, and the bare index
    count of the match, what any count must pay), best of 3 runs."""
    from archive.models import Article
    from archive.search.facets import compute_facets
    from archive.search.snippets import snippet
    from archive.web.filters import ArticleFilter

    best: dict[str, float] | None = None
    for _ in range(3):
        filterset = ArticleFilter(data={"q": q}, queryset=Article.objects.all())
        assert filterset.is_valid()
        results = filterset.results(prepare=lambda articles: articles.select_related("outlet"))
        marks = [time.perf_counter()]
        page = results[0:20]
        marks.append(time.perf_counter())
        count = results.count()
        marks.append(time.perf_counter())
        for article in page:
            snippet(article, results.parsed)
        marks.append(time.perf_counter())
        compute_facets(results)
        marks.append(time.perf_counter())
        match = getattr(results, "match", None)  # the engine's results carry no database match
        if match is not None and match.positive:
            from django.db import connection

            with connection.cursor() as cursor:  # the index alone
                cursor.execute(f"SELECT count(*) FROM ({match.ids}) m", list(match.params))
        marks.append(time.perf_counter())
        names = ("page", "count", "snippets", "facets", "bare index count")
        parts = {name: (b - a) * 1000 for name, a, b in zip(names, marks, marks[1:])}
        if best is None or sum(parts.values()) < sum(best.values()):
            best = parts
    return count, best


def build_engine(*, rebuild: bool) -> None:
    """The engine index of the bench archive, built unless it holds every article already."""
    from archive.models import Article
    from archive.search.engine import store

    try:
        held = store.searcher().num_docs
    except store.EngineUnavailable:
        held = None
    if held == Article.objects.count() and not rebuild:
        print(f"engine index: {held} articles in {store.index_path()}")
        return
    started = time.perf_counter()
    total = store.rebuild(batch_size=5000, progress=lambda done, total: print(f"engine index: {done}/{total}",
                                                                              flush=True))
    print(f"engine index built: {total} articles in {time.perf_counter() - started:.1f} s "
          f"({store.index_path()})")


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--parts", action="store_true",
                        help="also print where the time goes (page, count, snippets, facets) per query")
    parser.add_argument("--engine", choices=("database", "tantivy"), default="database",
                        help="answer the searches with the database's index or the embedded engine")
    parser.add_argument("--engine-path", help="the engine index's folder (default: bench/.cache/engine-<database>)")
    parser.add_argument("--rebuild-engine", action="store_true", help="build the engine index even if it exists")
    args = parser.parse_args()
    os.environ["SEARCH_ENGINE"] = args.engine
    if args.engine == "tantivy":
        database = hashlib.sha256(os.environ["DATABASE_URL"].encode()).hexdigest()[:12]
        os.environ["SEARCH_ENGINE_PATH"] = args.engine_path or str(ROOT / "bench" / ".cache" / f"engine-{database}")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from archive.models import Article

    call_command("migrate", verbosity=0)
    have = Article.objects.count()
    if have != args.articles:
        if have:
            print(f"Database holds {have} articles, not {args.articles}: use an empty database.")
            return 2
        load(args.articles)
    if args.engine == "tantivy":
        build_engine(rebuild=args.rebuild_engine)
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would, after a bulk load
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    mix = query_mix()
    for queries in mix.values():  # warm caches (morphology, names, database pages)
        for q in queries:
            full_search(q)
    times: dict[str, list[float]] = {name: [] for name in mix}
    counts: dict[str, list[int]] = {name: [] for name in mix}
    for _round in range(args.rounds):
        for name, queries in mix.items():
            for q in queries:
                t = time.perf_counter()
                counts[name].append(full_search(q))
                times[name].append((time.perf_counter() - t) * 1000)
    everything = [t for values in times.values() for t in values]
    print(f"\n{connection.vendor}{' + tantivy' if args.engine == 'tantivy' else ''}, {args.articles} articles, "
          f"{len(everything)} searches "
          f"(results + count + snippets + 5 facets), ms:")
    print(f"{'class':<15}{'hits (median)':>15}{'p50':>9}{'p95':>9}{'p99':>9}")
    for name, values in times.items():
        print(f"{name:<15}{statistics.median(counts[name]):>15.0f}{percentile(values, 50):>9.1f}"
              f"{percentile(values, 95):>9.1f}{percentile(values, 99):>9.1f}")
    print(f"{'all':<15}{'':>15}{percentile(everything, 50):>9.1f}{percentile(everything, 95):>9.1f}"
          f"{percentile(everything, 99):>9.1f}")
    by_class: dict[str, dict[str, list[float]]] = {name: {} for name in mix}
    if args.parts:
        print(f"\n{'class':<15}{'hits':>8}{'page':>8}{'count':>8}{'snip.':>8}{'facets':>8}{'index':>8}"
              "  query (ms, best of 3)")
    for name, queries in mix.items():  # one more round, timed part by part
        for q in queries:
            count, parts = search_parts(q)
            for part, ms in parts.items():
                by_class[name].setdefault(part, []).append(ms)
            if args.parts:
                print(f"{name:<15}{count:>8}" + "".join(f"{parts[key]:>8.1f}" for key in parts) + f"  {q}")
    columns = list(next(iter(by_class.values())))
    print("\nwhere the time goes, median ms per class:")
    print(f"{'class':<15}" + "".join(f"{c:>18}" for c in columns))
    for name, by_part in by_class.items():
        print(f"{name:<15}" + "".join(f"{statistics.median(by_part[c]):>18.1f}" for c in columns))
    return 0


if __name__ == "__main__":
    sys.exit(main())
