"""Linking articles to events: date window, the event's key terms, place, participants.

Key terms are compared as lemma sequences, so every case form counts
(``коалиции желающих``, ``коалицией желающих`` -> ``коалиция желать``), and the
terms of all languages are tried (a Russian outlet may quote the Ukrainian
name). An article links to an event when its date is near the event, it names
the event (a key term) or its day (``3 января``, ``7 січня``), and the score of
term + day + place + participant overlap reaches the threshold.
"""
import re
from datetime import timedelta
from functools import lru_cache

from archive.models import Article, Event, EventArticle

from .morph import MORPH_LANGUAGES, lemma
from .runcache import RunCache
from .tokens import WORD_RE

WINDOW_DAYS = 7
THRESHOLD = 3.0
MONTH_STEMS = [  # ru, uk, en: a month written after a day number
    ("январ", "січ", "jan"), ("феврал", "лют", "feb"), ("март", "берез", "mar"),
    ("апрел", "квіт", "apr"), ("ма[йя]", "трав", "may"), ("июн", "черв", "jun"),
    ("июл", "лип", "jul"), ("август", "серп", "aug"), ("сентябр", "верес", "sep"),
    ("октябр", "жовт", "oct"), ("ноябр", "листопад", "nov"), ("декабр", "груд", "dec"),
]


def lemmas(text: str, language: str) -> list[str]:
    """The words of ``text`` as lemmas (lowercase words for languages without morphology)."""
    words = [w.lower() for w in WORD_RE.findall(text)]
    if language in MORPH_LANGUAGES:
        return [lemma(w, language) for w in words]
    return words


@lru_cache(maxsize=4096)
def _phrase(term: str, language: str) -> list[str]:
    """The lemmas of an event's key term or place (every article compares with the same few)."""
    return lemmas(term, language)


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


def mentions_day(text: str, day) -> bool:
    """Whether ``text`` names the calendar day ``day`` ("3 января", "с 3 по 5 января", "January 3")."""
    month = "|".join(MONTH_STEMS[day.month - 1])
    d = day.day
    pattern = (rf"(?<!\d){d}(?:\s*(?:по|до|і|и|та|and|[-–—])\s*\d{{1,2}})?\s+(?:{month})"
               rf"|(?:{month})[a-z]*\s+{d}(?!\d)")
    return re.search(pattern, text.lower()) is not None


def score_event(event: Event, *, text: str, words: list[str], published, people_ids: set) -> float:
    """How strongly an article reports ``event`` (0 when it does not)."""
    start = event.start_date
    end = event.end_date or start
    if published and start and not (start - timedelta(days=WINDOW_DAYS) <= published <= end + timedelta(days=WINDOW_DAYS)):
        return 0.0
    term_hit = any(
        _contains(words, _phrase(term, language))
        for language, terms in (event.key_terms or {}).items() for term in terms
    )
    day_hit = bool(start) and mentions_day(text, start)
    if not (term_hit or day_hit):
        return 0.0
    place_hit = any(_contains(words, _phrase(place, lang)) for place in event.place_names or []
                    for lang in ("ru", "uk"))
    participants = {person.pk for person in event.participants.all()}  # prefetched by _events()
    overlap = len(participants & people_ids) / len(participants) if participants else 0.0
    return 2.0 * term_hit + 1.5 * day_hit + 1.0 * place_hit + 2.0 * overlap


# The events of the run in progress: analysis never changes events or their
# participants, so a run over many articles reads them once.
_cache = RunCache("events_run")


def events_run():
    """Read the events once for every article analysed inside the block (nested runs share it)."""
    return _cache.run()


def _events() -> list[Event]:
    """Every event with its participants prefetched: the current run's, else fresh."""
    return _cache.get("events", lambda: list(Event.objects.prefetch_related("participants")))


def event_text(article: Article) -> str:
    """The text events are looked for in."""
    return "\n".join((article.title, article.lead, article.body))


def link_events(article: Article, people, *, fresh: bool = False, words: list[str] | None = None) -> list[Event]:
    """Rebuild the article's automatic event links; editors' links and rejections stay.

    ``fresh``: the article was created in this transaction, so it has no links
    yet and there is nothing to keep or clear. ``words``: ``lemmas(event_text(article),
    article.language)`` when the caller computed them already (the bulk import, in
    its analysis processes).
    """
    text = event_text(article)
    if words is None:
        words = lemmas(text, article.language)
    people_ids = {p.pk for p in people}
    kept = {} if fresh else dict(
        EventArticle.objects.filter(article=article).exclude(source=EventArticle.Source.AUTO)
        .values_list("event_id", "source"))
    scored = []
    for event in _events():
        score = score_event(event, text=text, words=words, published=article.published, people_ids=people_ids)
        if score >= THRESHOLD and event.pk not in kept:
            scored.append((score, event))
    if fresh:
        EventArticle.objects.bulk_create([EventArticle(event=event, article=article, source=EventArticle.Source.AUTO,
                                                       score=score) for score, event in scored])
    else:
        EventArticle.objects.filter(article=article, source=EventArticle.Source.AUTO).exclude(
            event__in=[e for _, e in scored]).delete()
        for score, event in scored:
            EventArticle.objects.update_or_create(event=event, article=article,
                                                  defaults={"source": EventArticle.Source.AUTO, "score": score})
    editor = [eid for eid, source in kept.items() if source == EventArticle.Source.EDITOR]
    # The article's main story first: the strongest event, nearer days preferred.
    def rank(pair):
        score, event = pair
        days = abs((article.published - event.start_date).days) if article.published and event.start_date else 0
        return -(score - 0.5 * days)

    linked = [e for _, e in sorted(scored, key=rank)]
    return linked + (list(Event.objects.filter(pk__in=editor)) if editor else [])  # no query for none
