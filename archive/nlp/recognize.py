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
import re
from dataclasses import dataclass, field

from .gazetteer import Gazetteer
from archive.text.keys import name_key, word_key
from .names import first_name_class, is_patronymic, is_role, spelled_language, word_forms
from .tokens import Token, blank_credits, joined, line_of, tokenize

#: How many words before a weak name a role word (министр, речник) may stand and still back it up.
ROLE_REACH = 6
#: The weakness of a name only a role word before it backs up.
ROLE_NEEDED = 2
#: The weakness of a Latin name whose first name the gazetteer does not know: kept only when
#: it names a person the archive already knows, in any script (Jeremy Hunt -> «Джереми Хант»).
KNOWN_ONLY = 3

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
    unresolved: bool = False   # a lone surname nobody in the article has: the archive may know it
    known_only: bool = False   # a Latin name with an unknown first name: linked only to a stored person
    plural_keys: frozenset = field(default_factory=frozenset)  # a plural reading's surname (Скрипалей): a family

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


_ROMAN = re.compile(r"(?:I{1,3}|IV|VI{0,3}|IX|XI{0,3})")


def _ending_moved(word: str, surface: str, nominative: str) -> str:
    """``word`` given the same case ending change as ``surface`` -> ``nominative``.

    Foreign names decline like the name next to them (Гэвина Уильямсона: the
    surname's reading Уильямсон drops ``а``, so the unknown first name does too).
    """
    k = 0
    while k < min(len(surface), len(nominative)) and surface[k].lower() == nominative[k].lower():
        k += 1
    removed, added = surface[k:], nominative[k:]
    if removed and word.endswith(removed) and len(word) - len(removed) >= 2:
        return word[:len(word) - len(removed)] + added
    return word


# Case endings of a foreign masculine surname the dictionary does not know, by the
# case of the first name before it (Бориса Джонсона, Сергея Скрипаля, Ричардом
# Гренеллом); feminine foreign surnames ending in a consonant do not decline.
_MASC_ENDINGS = {
    "gent": (("я", "ь"), ("а", "")), "accs": (("я", "ь"), ("а", "")),
    "datv": (("ю", "ь"), ("у", "")), "ablt": (("ем", "ь"), ("ом", "")),
}
_FEMN_ENDINGS = {"gent": (("ой", "а"),), "datv": (("ой", "а"),), "ablt": (("ой", "а"),), "accs": (("у", "а"),)}


def _declined_surname(word: str, case: str, gender: str) -> str:
    """The nominative of an unknown surname, from the case and gender of its first name."""
    table = _MASC_ENDINGS if gender == "masc" else _FEMN_ENDINGS if gender == "femn" else {}
    for ending, nominative in table.get(case, ()):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[:len(word) - len(ending)] + nominative
    return word


def _pair_readings(first_forms, last_forms):
    """(first, last) nominatives of a first name and a surname that agree in case, best first."""
    # Guessed readings of a word the dictionary does not know give unreliable
    # nominatives (Рааба -> "Рааба"): only dictionary and surname readings count.
    seconds = [r[:4] for r in last_forms.surnames if r[3] or r[4]]
    seconds += [(n, c, g, False) for n, c, g in last_forms.first_names if last_forms.known_name]
    best = None
    for first, case, gender in first_forms.first_names:
        for last, s_case, s_gender, is_surname in seconds:
            if case != s_case or not (is_surname or s_gender in (gender, None)):
                continue  # a common-noun reading of another gender says nothing (Барклі)
            rank = (is_surname and s_gender in (gender, None), is_surname, s_gender == gender, case == "nomn")
            if best is None or rank > best[0]:
                best = (rank, first, last)
    return (best[1], best[2]) if best else None


def _new_full(run, i, language, gazetteer) -> tuple[str, str, int, int] | None:
    """(first, last, words used, weak) for a first name followed by a surname-like word.

    ``weak``: 0 for a sure name; 1 when neither word is a name the dictionary knows
    (Хайко Маас, Пайплайн Компани), kept only when the article backs it up;
    ``ROLE_NEEDED`` when only a role word before it may back it up.
    """
    if i + 1 >= len(run):
        return None
    first_word = run[i].text
    first_forms = word_forms(first_word, language)
    j = i + 1
    if j + 1 < len(run) and is_patronymic(run[j].text, language):
        j += 1
    last_word = run[j].text
    if _ROMAN.fullmatch(last_word) and j == i + 1:
        # a monarch or pope: Елизаветы II -> Елизавета II
        if first_forms.known_name and not first_word.isascii():
            return first_forms.first_names[0][0], last_word, 2, False
        return None
    if len(last_word) < 2 or last_word.isupper():
        return None  # an initial or an acronym (Рада ЄС), not a surname
    last_forms = word_forms(last_word, language)
    if last_word.isascii() or first_word.isascii():
        # Latin script: a first name the gazetteer knows, then a capitalized word; any other
        # two Latin words only if the linker finds them among the people already stored.
        if last_word.isascii() and first_word.isascii():
            known_first = first_forms.keys & gazetteer.first_keys
            return first_word, last_word, j - i + 1, (False if known_first else KNOWN_ONLY)
        return None
    if (not first_forms.first_names and first_forms.in_dictionary and not first_forms.surname_tag
            or first_forms.place_known):
        # a known word that is no first name, or a place (Дании); a word read only as a
        # surname may be a foreign first name (uk Гайко) and is weighed as an unknown one
        return None
    if last_forms.known_name and not first_forms.known_name and not last_forms.surname_tag:
        return None  # the name starts at the second word (Євроради Дональд)
    ambiguous = first_forms.known_word  # also a common word: Тому, Рада, Роман
    strong_first = first_forms.known_name and not ambiguous
    foreign_first = not first_forms.in_dictionary  # no dictionary reading, at most guessed ones (Рамеш)
    common_last = last_forms.known_word and not (last_forms.surname_tag or last_forms.known_name or strong_first)
    if common_last and not (foreign_first and any(r[1] == "nomn" for r in last_forms.surnames)):
        # a common word (Менеджмент, Берлін in the Ukrainian dictionary); after an unknown
        # word only a nominative may still be a surname (Шейлеш Вара, not Форин Офисе)
        return None
    if ambiguous and not (last_forms.surname_tag or not last_forms.in_dictionary):
        return None
    if ambiguous and last_forms.place_or_org:
        return None
    # A first name no dictionary knows before a surname that is also a common word
    # (Шейлеш Вара: uk «вара») is kept only after a role word (міністр ... Шейлеш Вара):
    # a common word seen again is no evidence (Блю Стрим ... Турецкий Стрим).
    weak = ROLE_NEEDED if common_last else int(
        not first_forms.first_names or (not strong_first and not last_forms.surname_tag))
    if first_forms.known_name:
        pair = _pair_readings(first_forms, last_forms)
        if pair:
            return pair[0], pair[1], j - i + 1, weak
        # An unknown surname declines like its first name: the reading of the first
        # name that explains the surname's ending wins (Доминика Рааба -> Доминик Рааб).
        first, case, gender = first_forms.first_names[0]
        last = last_word
        for f, c, g in first_forms.first_names:
            declined = _declined_surname(last_word, c, g)
            if declined != last_word:
                first, last = f, declined
                break
        return first, _title(last), j - i + 1, weak
    # An unknown (foreign) first name: it declines like the surname's best reading.
    # A surname that can be read as a nominative stays as written (Шрале, Маас);
    # otherwise its surname reading gives the nominative (Уильямсона -> Уильямсон).
    last = last_word
    readings = [r[:4] for r in last_forms.surnames] + [(n, c, g, False) for n, c, g in last_forms.first_names]
    surnames = [r for r in readings if r[3]]
    if surnames and not any(r[1] == "nomn" for r in readings):
        last = surnames[0][0]
    elif not surnames and first_word[-1:].lower() in "оеиую":
        # an indeclinable masculine first name (Хайко, Гайко): the surname carries the case
        for case in ("ablt", "datv", "gent"):
            declined = _declined_surname(last_word, case, "masc")
            if declined != last_word:
                last = declined
                break
    return _title(_ending_moved(first_word, last_word, last)), last, j - i + 1, weak


def _title(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


def _backed_up(weak, singles, found, tokens, index, language, *, role_only=False) -> bool:
    """Whether the article backs up a weak name: its surname alone elsewhere, the
    same surname in another name, or a role word (министр, речник) just before it
    (``role_only``: only the role counts)."""
    found_f, first_token = weak
    keys = found_f.keys
    for token in singles if not role_only else ():
        forms = word_forms(token.text, language)
        if (token.start != found_f.start and not forms.known_word and not forms.place_or_org
                and forms.keys & keys):
            return True
    if not role_only and any(f is not found_f and f.last and (f.keys & keys) and f.start != found_f.start
                             for f in found):
        return True
    k = index.get(first_token.start, 0)
    # The role may carry its complement between it and the name: «міністр у справах
    # Північної Ірландії Шейлеш Вара», «глава МИД ФРГ Хайко Маас».
    for back in range(k - 1, max(-1, k - 1 - ROLE_REACH), -1):
        if is_role(tokens[back].text, language):
            return True
        if tokens[back + 1].sentence_start:
            break
    return False


# Latin letters that look like Cyrillic ones, typed inside Cyrillic words (Cергей).
_HOMOGLYPHS = str.maketrans("AaBCcEeHKMOoPpTXxy", "АаВСсЕеНКМОоРрТХху")
_MIXED = re.compile(r"[A-Za-z][А-Яа-яЁёІіЇїЄєҐґ]|[А-Яа-яЁёІіЇїЄєҐґ][A-Za-z]")


def fix_homoglyphs(text: str) -> str:
    """``text`` with Latin look-alike letters inside Cyrillic words made Cyrillic (same offsets)."""
    if not _MIXED.search(text):
        return text
    chars = list(text)
    for match in _MIXED.finditer(text):
        start, end = match.start(), match.end()
        while start > 0 and chars[start - 1].isalpha():
            start -= 1
        while end < len(chars) and chars[end].isalpha():
            end += 1
        chars[start:end] = list(text[start:end].translate(_HOMOGLYPHS))
    return "".join(chars)


def find_people(text: str, language: str, gazetteer: Gazetteer) -> list[Found]:
    """Every person mention in ``text``, normalized to the nominative."""
    text = fix_homoglyphs(blank_credits(text))
    found: list[Found] = []
    singles: list[Token] = []
    weak: list[tuple[Found, Token]] = []
    tokens = tokenize(text)
    article_language = language
    for run in _runs(text, tokens):
        # A name written in the other of Russian and Ukrainian (a quote: «Давида Арахамії» in a
        # Russian text) is read in that language as a whole, first name and surname alike.
        language = spelled_language(" ".join(t.text for t in run), article_language)
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
                first, last, length, is_weak = new
                words = run[i:i + length]
                surface = text[words[0].start:words[-1].end]
                line = line_of(text, words[0].start)
                if line != surface:   # a lone unknown name on its own line is a byline
                    mention = Found(surface, words[0].start, first, last,
                                    keys=word_forms(words[-1].text, language).keys | {word_key(last)})
                    if is_weak == KNOWN_ONLY:
                        mention.known_only = True
                        found.append(mention)
                    elif is_weak:
                        weak.append((mention, words[0], is_weak))
                    else:
                        found.append(mention)
                i += length
                continue
            singles.append(run[i])
            i += 1
    language = article_language
    if weak:
        index = {t.start: n for n, t in enumerate(tokens)}
        candidates = found + [f for f, _, _ in weak]
        found.extend(f for f, first, level in weak
                     if _backed_up((f, first), singles, candidates, tokens, index, language,
                                   role_only=level == ROLE_NEEDED))
    found.extend(_lone_surnames(singles, found, language, gazetteer))
    found.sort(key=lambda f: f.start)
    return found


def _full_for(token, keys, fulls):
    """The full-name mention a lone surname stands for, chosen in a fixed order.

    A full name whose nominative surname is one of the word's readings beats one
    matched through another form; then the nearest full name before the word, then
    the nearest after it. Never depends on set iteration order (hash seeds).
    """
    best = None
    for f, last_key in fulls:
        exact = last_key in keys
        if not (exact or keys & f.keys):
            continue
        rank = (exact, f.start < token.start, -abs(token.start - f.start))
        if best is None or rank > best[0]:
            best = (rank, f)
    return best[1] if best else None


def _lone_surnames(singles, found, language, gazetteer) -> list[Found]:
    """Lone surnames: linked to a full name of the same article, else a unique curated one."""
    out = []
    fulls = [(f, word_key(f.last)) for f in found if f.last]
    for token in singles:
        if _ROMAN.fullmatch(token.text):
            continue  # a numeral (этап II), never a surname
        keys = word_forms(token.text, language).keys
        full = _full_for(token, keys, fulls)
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
        elif _surname_like(token, forms := word_forms(token.text, language)):
            out.append(Found(token.text, token.start, "", token.text, surname_only=True,
                             keys=keys, unresolved=True, plural_keys=forms.plural_keys))
    return out


def _surname_like(token: Token, forms) -> bool:
    """Whether a lone Cyrillic word may be a surname the archive knows (Мэй, Джонсона, Меркель)."""
    if token.text.isascii() or len(token.text) < 3 or token.text.isupper():
        return False  # Latin words alone are too often something else ("in May")
    if forms.known_word or forms.place_known:
        return False
    return forms.surname_tag or forms.known_name or not forms.in_dictionary


def mention_key(found: Found) -> str:
    """The cross-script key of the nominative full name of a mention."""
    return name_key(found.name)
