"""Person recognition, normalization and linking scored on gold-annotated news.

    .venv/bin/python bench/entities.py ../shared/bsnlp [PATH...] [--detect]

PATH is a folder in the BSNLP shared-task layout (``<topic>/raw/<lang>/*.txt`` and
``<topic>/annotated/<lang>/*.out``, matched by the document id on line 1), or a folder
holding such topics. Every raw file is imported into a throwaway database (a SQLite file
in a temporary folder, or a new PostgreSQL database when DATABASE_URL points at one,
dropped at the end) through the real loader, as an editor would upload it: the text is
the title line and the body; the file's date and language are given as import options
(``--detect``: the loader finds them itself). Files are imported in date order.

Scoring, per language and overall:

* **article-level persons**: each gold person (PER entity id) counts once per article;
  each archive person with a mention in the article counts once. An archive person P
  matches gold person G in an article when (1) one of P's surface forms there is one of
  G's gold surface forms there, or P's name key equals the key of one of G's base forms,
  and (2) P's surname agrees with G's (the key of P's last name word shares all but its
  last two letters with the key of G's surname, taken from G's longest base form) and,
  when both have a first name, the first names agree the same way (across uk/ru spellings
  by the archive's first-name table). So a lone surname linked to the wrong person earns
  nothing. Pairs are matched one to one, greedily, best surface overlap first.
* **canonical names**: of the matched pairs, the share where P's name in the article's
  language equals (case- and ё-insensitively) a gold base form of G in that article or
  G's most frequent two-word base form in that language across the data.
* **linking**: over matched (article, G) items, the archive person is the predicted
  cluster and the gold id the true one: pairwise precision/recall and B-cubed
  precision/recall, over same-language pairs and over ru<->uk pairs.
* **Latin queries**: for each gold person whose id reads as a first name and surname
  (``PER-Theresa-May``), the archive's search for ``Theresa May`` and for ``May``: the
  share of the articles mentioning them (gold) that each query returns.
* **speed**: the whole import (articles/s) and recognition alone over the stored texts.
"""
import argparse
import collections
import os
import re
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ingest import throwaway_database  # noqa: E402  (the same throwaway database as bench/ingest.py)


# --- reading the gold data ---------------------------------------------------------------

class Doc:
    def __init__(self, doc_id, topic, language, day, title, body):
        self.id, self.topic, self.language, self.day = doc_id, topic, language, day
        self.title, self.body = title, body
        self.gold = {}  # entity id -> {"surfaces": set, "bases": set}


def _topics(path: Path) -> list[Path]:
    if (path / "raw").is_dir():
        return [path]
    return sorted(p for p in path.iterdir() if (p / "raw").is_dir())


def read_docs(paths: list[str]) -> list[Doc]:
    docs = {}
    for top in paths:
        for topic in _topics(Path(top)):
            for raw in sorted((topic / "raw").glob("*/*.txt")):
                lines = raw.read_text(encoding="utf-8-sig").splitlines()
                doc_id, language, day = lines[0].strip(), lines[1].strip(), lines[2].strip()
                title = lines[4].strip() if len(lines) > 4 else ""
                body = "\n".join(lines[5:]).strip()
                docs[(topic.name, doc_id)] = Doc(doc_id, topic.name, language,
                                                  date.fromisoformat(day), title, body)
            for ann in sorted((topic / "annotated").glob("*/*.out")):
                lines = ann.read_text(encoding="utf-8-sig").splitlines()
                doc = docs.get((topic.name, lines[0].strip()))
                if doc is None:
                    continue
                for line in lines[1:]:
                    parts = line.split("\t")
                    if len(parts) < 4 or parts[2].strip() != "PER":
                        continue
                    entry = doc.gold.setdefault(parts[3].strip(), {"surfaces": set(), "bases": set()})
                    entry["surfaces"].add(parts[0].strip())
                    entry["bases"].add(parts[1].strip())
    return sorted(docs.values(), key=lambda d: (d.day, d.topic, d.id))


# --- matching -----------------------------------------------------------------------------

def _norm(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


def _agree(a: str, b: str) -> bool:
    if not a or not b:
        return False
    n = min(len(a), len(b))
    keep = max(n - 2, min(n, 3))
    return a[:keep] == b[:keep]


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s]+", name.strip()) if w]


def full_names(docs) -> dict:
    """(entity id, language) -> the most frequent base form of two or more words."""
    counts = collections.defaultdict(collections.Counter)
    for doc in docs:
        for entity, entry in doc.gold.items():
            for base in entry["bases"]:
                if len(_words(base)) >= 2:
                    counts[(entity, doc.language)][base] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in counts.items()}


def gold_name(entity, doc, fulls) -> str:
    name = fulls.get((entity, doc.language))
    if name:
        return name
    return max(doc.gold[entity]["bases"], key=lambda b: (len(_words(b)), b))


def identity_agrees(system_name: str, gold: str) -> bool:
    from archive.text.keys import word_key
    from archive.nlp.names import first_name_class

    sw, gw = _words(system_name), _words(gold)
    if not sw or not gw:
        return False
    if not _agree(word_key(sw[-1]), word_key(gw[-1])):
        # a gold mention by first name alone (Терезу) still names the same person
        if not (len(gw) == 1 and len(sw) > 1 and _agree(word_key(sw[0]), word_key(gw[0]))):
            return False
    if len(sw) > 1 and len(gw) > 1:
        a, b = word_key(sw[0]), word_key(gw[0])
        return first_name_class(a) == first_name_class(b) or _agree(a, b)
    return True


def match_article(doc, system: dict, fulls) -> list[tuple]:
    """[(person id, entity id)] one to one; ``system``: person id -> (name, surfaces)."""
    from archive.text.keys import name_key

    candidates = []
    for pid, (name, surfaces) in system.items():
        own = {_norm(s) for s in surfaces}
        for entity, entry in doc.gold.items():
            overlap = len(own & {_norm(s) for s in entry["surfaces"]})
            same_key = name_key(name) in {name_key(b) for b in entry["bases"]}
            if not (overlap or same_key):
                continue
            if not identity_agrees(name, gold_name(entity, doc, fulls)):
                continue
            candidates.append((overlap + same_key, pid, entity))
    used_p, used_e, pairs = set(), set(), []
    for _, pid, entity in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if pid in used_p or entity in used_e:
            continue
        used_p.add(pid)
        used_e.add(entity)
        pairs.append((pid, entity))
    return pairs


# --- metrics ------------------------------------------------------------------------------

def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def linking_scores(items, scope) -> dict:
    """items: [(language, system id, gold id)]; scope(a, b) says which pairs count."""
    tp = sys_pairs = gold_pairs = 0
    bp = br = 0.0
    n = 0
    by_sys = collections.defaultdict(list)
    by_gold = collections.defaultdict(list)
    for i, (_, s, g) in enumerate(items):
        by_sys[s].append(i)
        by_gold[g].append(i)
    for i, (lang, s, g) in enumerate(items):
        same_s = [j for j in by_sys[s] if j != i and scope(lang, items[j][0])]
        same_g = [j for j in by_gold[g] if j != i and scope(lang, items[j][0])]
        both = len(set(same_s) & set(same_g))
        tp += both
        sys_pairs += len(same_s)
        gold_pairs += len(same_g)
        if not same_s and not same_g:
            continue  # an item with nothing in scope says nothing about linking
        n += 1
        bp += (both + 1) / (len(same_s) + 1)
        br += (both + 1) / (len(same_g) + 1)
    return {
        "pair_p": tp / sys_pairs if sys_pairs else 1.0, "pair_r": tp / gold_pairs if gold_pairs else 1.0,
        "b3_p": bp / n if n else 1.0, "b3_r": br / n if n else 1.0, "pairs": gold_pairs // 2,
    }


# --- the run --------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--detect", action="store_true", help="let the loader detect date and language")
    parser.add_argument("--errors", type=int, default=0, help="print up to N false and missed persons")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, throwaway_database(tmp):
        run(args)


def run(args) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from archive.ingest.service import ImportOptions, InputFile, import_inputs
    from archive.models import Article, ImportRecord, Mention, PersonName
    from archive.nlp.gazetteer import load_gazetteer
    from archive.nlp.pipeline import article_text
    from archive.nlp.recognize import find_people
    from archive.search import search_articles

    docs = read_docs(args.paths)
    name_of = {}
    started = time.perf_counter()
    if args.detect:
        import_inputs([InputFile(name=f"{d.topic}/{d.id}", data=f"{d.title}\n\n{d.body}\n".encode())
                       for d in docs], options=ImportOptions(), origin="command")
    else:
        groups = collections.defaultdict(list)
        for d in docs:
            groups[(d.day, d.language)].append(d)
        for (day, language), group in sorted(groups.items()):
            import_inputs([InputFile(name=f"{d.topic}/{d.id}", data=f"{d.title}\n\n{d.body}\n".encode())
                           for d in group],
                          options=ImportOptions(language=language, default_date=day), origin="command")
    whole = time.perf_counter() - started

    records = {r.source_name: r for r in ImportRecord.objects.all()}
    article_of = {}
    for d in docs:
        record = records.get(f"{d.topic}/{d.id}")
        if record and record.article_id:
            article_of[(d.topic, d.id)] = record.article_id
    imported = sum(1 for r in records.values() if r.status == "imported")

    # names in each language, and the mentions of each article
    names = collections.defaultdict(dict)
    for pid, merged, name, language, kind in PersonName.objects.exclude(kind="inflected").values_list(
            "person_id", "person__merged_into_id", "name", "language", "kind").order_by("id"):
        slot = names[pid]
        if language not in slot or (kind == "canonical" and slot[language][1] != "canonical"):
            slot[language] = (name, kind)
    mentions = collections.defaultdict(dict)
    for aid, pid, merged, surfaces, hidden in Mention.objects.values_list(
            "article_id", "person_id", "person__merged_into_id", "surface_forms", "person__hidden"):
        if hidden:
            continue
        mentions[aid][merged or pid] = surfaces
    from archive.models import Person
    display = dict(Person.objects.values_list("id", "name"))

    def person_name(pid, language):
        slot = names.get(pid, {})
        return (slot.get(language) or slot.get("en") or (display.get(pid, ""),))[0]

    fulls = full_names(docs)
    counts = collections.defaultdict(lambda: collections.Counter())
    items = []
    errors = []
    for d in docs:
        aid = article_of.get((d.topic, d.id))
        system = {}
        if aid:
            for pid, surfaces in mentions.get(aid, {}).items():
                system[pid] = (person_name(pid, d.language), surfaces)
        pairs = match_article(d, system, fulls)
        c = counts[d.language]
        c["tp"] += len(pairs)
        c["fp"] += len(system) - len(pairs)
        c["fn"] += len(d.gold) - len(pairs)
        matched_p = {p for p, _ in pairs}
        matched_e = {e for _, e in pairs}
        for pid, entity in pairs:
            name = person_name(pid, d.language)
            good = {_norm(b) for b in d.gold[entity]["bases"]}
            if (entity, d.language) in fulls:
                good.add(_norm(fulls[(entity, d.language)]))
            c["canon_ok"] += _norm(name) in good
            if _norm(name) not in good and len(errors) < 10 * args.errors:
                errors.append(("name", d.language, d.id, name, gold_name(entity, d, fulls)))
            items.append((d.language, pid, entity, aid))
        for pid in set(system) - matched_p:
            errors.append(("false", d.language, d.id, system[pid][0], system[pid][1][:3]))
        for entity in set(d.gold) - matched_e:
            errors.append(("missed", d.language, d.id, gold_name(entity, d, fulls),
                           sorted(d.gold[entity]["surfaces"])[:3]))

    print(f"database: {connection.vendor}; {len(docs)} articles, imported {imported} "
          f"({imported / max(1, len(docs)):.1%}); options: {'detected' if args.detect else 'given date and language'}")
    print(f"{'':6} {'gold':>5} {'found':>5} {'P':>6} {'R':>6} {'F1':>6} {'names':>6}")
    total = collections.Counter()
    for language in sorted(counts):
        total.update(counts[language])
    for label, c in [*sorted(counts.items()), ("all", total)]:
        p, r, f = prf(c["tp"], c["fp"], c["fn"])
        canon = c["canon_ok"] / c["tp"] if c["tp"] else 0.0
        print(f"{label:6} {c['tp'] + c['fn']:5} {c['tp'] + c['fp']:5} {p:6.3f} {r:6.3f} {f:6.3f} {canon:6.3f}")

    link_items = [(lang, pid, entity) for lang, pid, entity, _ in items]
    for label, scope in [("same language", lambda a, b: a == b), ("ru<->uk", lambda a, b: a != b),
                         ("all", lambda a, b: True)]:
        s = linking_scores(link_items, scope)
        print(f"linking {label:14} pairwise P {s['pair_p']:.3f} R {s['pair_r']:.3f}  "
              f"B-cubed P {s['b3_p']:.3f} R {s['b3_r']:.3f}  ({s['pairs']} gold pairs)")
    gold_clusters = {e for _, _, e in link_items}
    print(f"people: {len(gold_clusters)} gold persons matched, {len({p for _, p, _ in link_items})} archive records")

    # Latin queries built from the gold id's English name
    articles_of = collections.defaultdict(set)
    for d in docs:
        aid = article_of.get((d.topic, d.id))
        if aid:
            for entity in d.gold:
                articles_of[entity].add(aid)
    full_hits = surname_hits = wanted = 0
    top_full = top_surname = top_wanted = 0
    ranked = sorted(articles_of, key=lambda e: (-len(articles_of[e]), e))
    top = set(ranked[:30])
    for entity in ranked:
        parts = entity.split("-")[1:]
        if len(parts) < 2 or not all(p.isalpha() and p.isascii() for p in parts):
            continue
        want = articles_of[entity]
        full_q = f"{parts[0]} {parts[-1]}"
        got_full = set(search_articles(Article.objects.all(), full_q)[0].values_list("id", flat=True)) & want
        got_last = set(search_articles(Article.objects.all(), parts[-1])[0].values_list("id", flat=True)) & want
        if args.errors and len(got_full) < len(want):
            errors.append(("latin", full_q, f"{len(got_full)}/{len(want)}", f"surname {len(got_last)}"))
        wanted += len(want)
        full_hits += len(got_full)
        surname_hits += len(got_last)
        if entity in top:
            top_wanted += len(want)
            top_full += len(got_full)
            top_surname += len(got_last)
    if wanted:
        print(f"Latin queries: first name + surname finds {full_hits / wanted:.1%}, surname alone "
              f"{surname_hits / wanted:.1%} of {wanted} (person, article) pairs; 30 most named: "
              f"{top_full / max(1, top_wanted):.1%} / {top_surname / max(1, top_wanted):.1%}")

    # speed: recognition alone over the stored texts (caches warm from the import)
    texts = list(Article.objects.values_list("title", "lead", "body", "language"))
    gazetteer = load_gazetteer()
    started = time.perf_counter()
    for title, lead, body, language in texts:
        find_people(article_text(title, lead, body), language or "ru", gazetteer)
    alone = time.perf_counter() - started
    print(f"whole import: {len(docs) / whole:.1f} articles/s; recognition alone: "
          f"{len(texts) / alone:.1f} articles/s ({len(texts)} articles, "
          f"{sum(len(b) for _, _, b, _ in texts) / max(1, len(texts)):.0f} characters on average)")

    if args.errors:
        records = collections.defaultdict(set)
        for lang, pid, entity, _ in items:
            records[entity].add(pid)
        for entity, pids in sorted(records.items()):
            if len(pids) > 1:
                print("split", entity, [display.get(pid, "") for pid in sorted(pids)])
        shown = collections.Counter()
        for kind, *rest in errors:
            if shown[kind] < args.errors:
                shown[kind] += 1
                print(kind, *rest)
    connection.close()


if __name__ == "__main__":
    main()
