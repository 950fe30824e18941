"""Benchmark of the full search (results + all facets + snippets) on a synthetic archive.

    DATABASE_URL=sqlite:///$PWD/bench.sqlite3 .venv/bin/python bench/search.py --articles 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/archive_bench .venv/bin/python bench/search.py --articles 100000

The archive: real Russian and Ukrainian word forms from pymorphy3's dictionaries and
English forms, drawn with a Zipf distribution; person names; dates over ten years.
Articles are loaded with bulk_create and precomputed lemmas (the database's triggers
or generated column index them). The database given is migrated and filled once;
a rerun with the same --articles reuses it. Prints p50/p95/p99 per query class.
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

ENGLISH = """government minister president election parliament war peace talk meeting agreement
country city border army soldier attack missile drone energy gas oil price market bank economy
budget tax law court judge police report statement official source news agency envoy ally
sanction trade export import factory worker strike protest crowd vote party leader opposition
summit conference delegation embassy ambassador security council union treaty plan proposal
ceasefire negotiation region village school hospital doctor patient virus vaccine weather storm
flood fire winter summer harvest grain farmer railway airport flight ship port bridge road
company profit loss share investor technology internet phone company record season team match
player coach goal victory defeat museum exhibition film music festival church history family""".split()


def english_forms(rng):
    forms = []
    for word in ENGLISH:
        forms += [word, word + "s", word + "ed", word + "ing"]
    rng.shuffle(forms)
    return forms


def morph_forms(language: str, rng, per_prefix: int = 40) -> list[str]:
    from archive.nlp.morph import analyzer

    morph = analyzer(language)
    letters = "абвгдежзиклмнопрстуфхцчшщэюя" if language == "ru" else "абвгґдежзиіїйклмнопрстуфхцчшщюяє"
    forms: list[str] = []
    for a in letters:
        for b in "аеиоуяілнрст":
            taken = 0
            for i, parse in enumerate(morph.iter_known_word_parses(a + b)):
                if i > per_prefix * 6 or taken >= per_prefix:
                    break
                word = parse.word
                if i % 3 == 0 and word.isalpha() and len(word) > 2:
                    forms.append(word)
                    taken += 1
    rng.shuffle(forms)
    return list(dict.fromkeys(forms))


def vocabulary(rng) -> dict[str, list[str]]:
    """The word forms per language, most frequent first (deterministic for a seeded ``rng``)."""
    return {"ru": morph_forms("ru", rng), "uk": morph_forms("uk", rng), "en": english_forms(rng)}


def zipf_weights(n: int, s: float = 1.05) -> list[float]:
    total, cumulative = 0.0, []
    for rank in range(1, n + 1):
        total += 1.0 / rank ** s
        cumulative.append(total)
    return cumulative


PEOPLE = [
    ("Steve Witkoff", "Стив Уиткофф", "Стів Віткофф"), ("Marco Rubio", "Марко Рубио", "Марко Рубіо"),
    ("Emmanuel Macron", "Эмманюэль Макрон", "Емманюель Макрон"), ("Olaf Scholz", "Олаф Шольц", "Олаф Шольц"),
    ("Keir Starmer", "Кир Стармер", "Кір Стармер"), ("Ursula von der Leyen", "Урсула фон дер Ляйен", "Урсула фон дер Ляєн"),
    ("Jared Kushner", "Джаред Кушнер", "Джаред Кушнер"), ("Andrii Sybiha", "Андрей Сибига", "Андрій Сибіга"),
]


def load(n: int, seed: int = 7) -> None:
    from django.db import transaction

    from archive.models import Article, Event, EventArticle, Mention, Outlet, Person
    from archive.search.analyzer import document_token

    rng = random.Random(seed)
    vocab = vocabulary(rng)
    tokens = {lang: {w: document_token(w, lang, False) for w in words} for lang, words in vocab.items()}
    weights = {lang: zipf_weights(len(words)) for lang, words in vocab.items()}
    print(f"vocabulary: ru {len(vocab['ru'])}, uk {len(vocab['uk'])}, en {len(vocab['en'])} forms", flush=True)
    outlets = [Outlet.objects.get_or_create(slug=f"bench-outlet-{i}", defaults={"name": f"Outlet {i}"})[0]
               for i in range(30)]
    people = list(Person.objects.filter(hidden=False)[:40]) or []
    events = [Event.objects.get_or_create(slug=f"bench-event-{i}", defaults={"name_en": f"Event {i}"})[0]
              for i in range(20)]
    start = date(2016, 1, 1)
    batch = 2000
    t0 = time.perf_counter()
    for offset in range(0, n, batch):
        rows, picked = [], []
        for i in range(offset, min(n, offset + batch)):
            lang = rng.choices(("ru", "uk", "en"), (45, 35, 20))[0]
            words = rng.choices(vocab[lang], cum_weights=weights[lang], k=158)
            name = rng.choice(PEOPLE)
            name_words = (name[0] if lang == "en" else name[1] if lang == "ru" else name[2]).split()
            title_words, body_words = words[:8], words[8:] + name_words
            title = " ".join(title_words).capitalize()
            body = " ".join(body_words)
            rows.append(Article(
                title=title, body=body, language=lang, published=start + timedelta(days=rng.randrange(3653)),
                outlet=rng.choice(outlets), content_hash=hashlib.sha256(f"bench{i}".encode()).hexdigest(),
                original_text="", title_lemmas=" ".join(tokens[lang][w] for w in title_words),
                body_lemmas=" ".join(tokens[lang].get(w) or document_token(w.lower(), lang) for w in body_words),
            ))
            picked.append(i)
        with transaction.atomic():
            created = Article.objects.bulk_create(rows)
            mentions, links = [], []
            for article in created:
                for person in rng.sample(people, k=min(len(people), 2)):
                    mentions.append(Mention(article=article, person=person))
                if rng.random() < 0.1:
                    links.append(EventArticle(event=rng.choice(events), article=article))
            Mention.objects.bulk_create(mentions)
            EventArticle.objects.bulk_create(links)
        print(f"  {offset + len(rows)} articles, {time.perf_counter() - t0:.0f}s", flush=True)


def query_mix(seed: int = 7) -> dict[str, list[str]]:
    """Fixed queries drawn from the vocabulary the archive was generated from."""
    vocab = vocabulary(random.Random(seed))
    mix = {"very common": [], "medium": [], "rare": [], "two words": [], "name": [], "phrase/prefix": []}
    for lang in ("ru", "uk", "en"):
        words = vocab[lang]
        n = len(words)
        mix["very common"] += words[:3]
        mix["medium"] += words[n // 40:n // 40 + 3]
        mix["rare"] += [words[n // 2], words[3 * n // 4], words[-1]]
        mix["two words"] += [f"{words[1]} {words[n // 30]}", f"{words[50]} {words[n // 4]}"]
        mix["phrase/prefix"] += [f'"{words[0]} {words[1]}"', words[n // 20][:4] + "*"]
    mix["name"] = ["Witkoff", "Уиткоффом", "Віткофф", "Рубио", "Макрона"]
    return mix


def full_search(q: str) -> int:
    from archive.models import Article
    from archive.search.facets import compute_facets
    from archive.search.snippets import snippet
    from archive.web.filters import ArticleFilter

    filterset = ArticleFilter(data={"q": q}, queryset=Article.objects.select_related("outlet"))
    assert filterset.is_valid()
    qs = filterset.qs
    page = list(qs[:20])
    count = qs.count()
    for article in page:
        snippet(article, q)
    compute_facets(qs)
    return count


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

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
    if connection.vendor == "postgresql":
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
    print(f"\n{connection.vendor}, {args.articles} articles, {len(everything)} searches "
          f"(results + count + snippets + 5 facets), ms:")
    print(f"{'class':<15}{'hits (median)':>15}{'p50':>9}{'p95':>9}{'p99':>9}")
    for name, values in times.items():
        print(f"{name:<15}{statistics.median(counts[name]):>15.0f}{percentile(values, 50):>9.1f}"
              f"{percentile(values, 95):>9.1f}{percentile(values, 99):>9.1f}")
    print(f"{'all':<15}{'':>15}{percentile(everything, 50):>9.1f}{percentile(everything, 95):>9.1f}"
          f"{percentile(everything, 99):>9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
