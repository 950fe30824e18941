"""Person recognition in Russian, Ukrainian and English text, without the database.

Rules, in order, over runs of capitalized words:

1. a first name and a surname (optionally a patronymic or middle name between)
   that the gazetteer knows -> that person, in any case form;
2. a first-name reading (pymorphy3 ``Name``) followed by a surname-like word in
   the same grammatical case -> a new name, put in the nominative with the first
   name's gender (``Ольги Стефанишиной`` -> ``Ольга Стефанишина``);
3. a lone surname -> the full name with that surname in the same article, else
   a curated person whose surname is unique in the gazetteer.

A lone word is never a new person, so sentence starts (``Нагадаємо``), headings
and breadcrumbs (``Головна Світ Політика``) cannot become people; a name alone
on its own line that nobody knows is a byline, and photo credits are blanked.
"""
from dataclasses import dataclass, field

from .gazetteer import Gazetteer
from .keys import name_key, word_key
from .names import first_name_class, is_patronymic, word_forms
from .tokens import Token, blank_credits, joined, line_of, tokenize

PARTICLES = {"von", "van", "der", "de", "den", "la", "le", "di", "da", "al", "bin", "фон", "дер", "ван", "де", "ди", "да", "ла", "ле", "аль", "бен"}


@dataclass
class Found:
    """One recognized mention of a person."""

    surface: str
    start: int
    first: str          # nominative first name ("" for a lone surname)
    last: str           # nominative surname
    person_id: int | None = None
    surname_only: bool = False
    keys: frozenset = field(default_factory=frozenset)   # surname keys, for lone-surname linking

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}".strip()

    @property
    def identity(self):
        """What makes two mentions the same person within one article."""
        if self.person_id:
            return ("person", self.person_id)
        return ("name", first_name_class(word_key(self.first)), word_key(self.last))


def _runs(text: str, tokens: list[Token]) -> list[list[Token]]:
    runs, current = [], []
    for i, token in enumerate(tokens):
        particle = (token.text.lower() in PARTICLES and current and i + 1 < len(tokens)
                    and tokens[i + 1].capitalized and joined(text, token, tokens[i + 1]))
        if (token.capitalized or particle) and current and joined(text, current[-1], token):
            current.append(token)
            continue
        if current:
            runs.append(current)
        current = [token] if token.capitalized else []
    if current:
        runs.append(current)
    return runs


def _known_full(run, i, language, gazetteer) -> tuple[int, int] | None:
    """(person id, words used) when words from ``i`` make a known full name."""
    for length in (4, 3, 2):
        if i + length > len(run):
            continue
        first = word_forms(run[i].text, language).keys
        last = word_forms(run[i + length - 1].text, language).keys
        found = {pid for fk in first for lk in last for pid in gazetteer.full.get((fk, lk), ())}
        if len(found) == 1:
            return found.pop(), length
    return None


def _new_full(run, i, language, gazetteer) -> tuple[str, str, int] | None:
    """(first, last, words used) for a first name followed by a surname-like word."""
    first_forms = word_forms(run[i].text, language)
    if i + 1 >= len(run):
        return None
    j = i + 1
    if j + 1 < len(run) and is_patronymic(run[j].text, language):
        j += 1
    last_word = run[j].text
    last_forms = word_forms(last_word, language)
    if last_forms.first_names and not last_forms.surnames:
        return None
    if not first_forms.first_names:
        # Latin script: a first name the gazetteer knows, then a capitalized word.
        if last_word.isascii() and run[i].text.isascii() and (first_forms.keys & gazetteer.first_keys):
            return run[i].text, last_word, j - i + 1
        return None
    if last_forms.place_or_org:
        return None
    surnames = last_forms.surnames
    if not surnames:
        if last_forms.known_word:
            return None
        return first_forms.first_names[0][0], last_word, j - i + 1
    best = None
    for first, case, gender in first_forms.first_names:
        for last, s_case, s_gender, is_surname in surnames:
            if case != s_case:
                continue
            rank = (is_surname and s_gender in (gender, None), is_surname, s_gender == gender)
            if best is None or rank > best[0]:
                best = (rank, first, last)
    if best:
        return best[1], best[2], j - i + 1
    if last_forms.known_word:
        return None
    # An indeclinable foreign surname (Мелони) that pymorphy3 reads as anything.
    return first_forms.first_names[0][0], last_word, j - i + 1


def find_people(text: str, language: str, gazetteer: Gazetteer) -> list[Found]:
    """Every person mention in ``text``, normalized to the nominative."""
    text = blank_credits(text)
    found: list[Found] = []
    singles: list[Token] = []
    for run in _runs(text, tokenize(text)):
        i = 0
        while i < len(run):
            known = _known_full(run, i, language, gazetteer)
            if known:
                person_id, length = known
                words = run[i:i + length]
                name = gazetteer.name_of(person_id, language) or gazetteer.name_of(person_id, "en") or ""
                first, _, last = name.partition(" ")
                found.append(Found(text[words[0].start:words[-1].end], words[0].start,
                                   first, last, person_id=person_id,
                                   keys=word_forms(words[-1].text, language).keys))
                i += length
                continue
            new = _new_full(run, i, language, gazetteer)
            if new:
                first, last, length = new
                words = run[i:i + length]
                surface = text[words[0].start:words[-1].end]
                line = line_of(text, words[0].start)
                if line != surface:   # a lone unknown name on its own line is a byline
                    found.append(Found(surface, words[0].start, first, last,
                                       keys=word_forms(words[-1].text, language).keys))
                i += length
                continue
            singles.append(run[i])
            i += 1
    found.extend(_lone_surnames(singles, found, language, gazetteer))
    found.sort(key=lambda f: f.start)
    return found


def _full_for(token, keys, found):
    """The full-name mention a lone surname stands for, chosen in a fixed order.

    A full name whose nominative surname is one of the word's readings beats one
    matched through another form; then the nearest full name before the word, then
    the nearest after it. Never depends on set iteration order (hash seeds).
    """
    best = None
    for f in found:
        if not f.last:
            continue
        exact = word_key(f.last) in keys
        if not (exact or keys & f.keys):
            continue
        rank = (exact, f.start < token.start, -abs(token.start - f.start))
        if best is None or rank > best[0]:
            best = (rank, f)
    return best[1] if best else None


def _lone_surnames(singles, found, language, gazetteer) -> list[Found]:
    """Lone surnames: linked to a full name of the same article, else a unique curated one."""
    out = []
    for token in singles:
        keys = word_forms(token.text, language).keys
        full = _full_for(token, keys, found)
        if full:
            out.append(Found(token.text, token.start, full.first, full.last,
                             person_id=full.person_id, surname_only=True, keys=keys))
            continue
        people = {pid for k in keys for pid in gazetteer.surname.get(k, ())}
        if len(people) == 1:
            person_id = people.pop()
            name = gazetteer.name_of(person_id, language) or gazetteer.name_of(person_id, "en") or ""
            first, _, last = name.partition(" ")
            out.append(Found(token.text, token.start, first, last, person_id=person_id,
                             surname_only=True, keys=keys))
    return out


def mention_key(found: Found) -> str:
    """The cross-script key of the nominative full name of a mention."""
    return name_key(found.name)
