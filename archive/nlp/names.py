"""Name word forms: candidate nominatives of a word, and first-name equivalences.

A word in a running text may be any case; recognition compares the nominative
candidates pymorphy3 offers (``Уиткоффом`` -> ``уиткофф``, ``Кислиці`` -> ``кислиця``)
with the names the archive knows, by their cross-script keys.
"""
from dataclasses import dataclass
from functools import lru_cache

from archive.text.keys import word_key

from .morph import MORPH_LANGUAGES, parses

# The same first name in Ukrainian, Russian and Latin spellings differs by more
# than letters (Олександр / Александр); the common ones are listed so that the
# first-name check in merging agrees across the two languages.
PLACE_OR_ORG = {"Geox", "Orgn"}

_FIRST_NAME_GROUPS = [
    "Олександр Александр Alexander Oleksandr Aleksandr Alexandre",
    "Сергій Сергей Serhii Sergey Sergei Serhiy", "Андрій Андрей Andrii Andrey Andriy Andrei",
    "Кирило Кирилл Kyrylo Kirill", "Володимир Владимир Volodymyr Vladimir",
    "Олексій Алексей Oleksii Alexei Alexey Aleksei", "Дмитро Дмитрий Dmytro Dmitry Dmitri",
    "Михайло Михаил Mykhailo Mikhail Michael", "Петро Пётр Петр Petro Pyotr Peter",
    "Павло Павел Pavlo Pavel Paul", "Микола Николай Mykola Nikolai Nikolay",
    "Григорій Григорий Hryhorii Grigory", "Юрій Юрий Yurii Yuri Yury",
    "Віталій Виталий Vitalii Vitaly Vitali", "Валерій Валерий Valerii Valery",
    "Василь Василий Vasyl Vasily", "Ігор Игорь Ihor Igor", "Євген Евгений Yevhen Evgeny Yevgeny",
    "Олена Елена Olena Elena Yelena", "Катерина Екатерина Kateryna Ekaterina Yekaterina",
    "Наталія Наталья Nataliia Natalia Natalya", "Анатолій Анатолий Anatolii Anatoly",
    "Іван Иван Ivan", "Федір Фёдор Федор Fedir Fyodor", "Яків Яков Yakiv Yakov",
    "Костянтин Константин Kostiantyn Konstantin", "Ілля Илья Illia Ilya",
    "В'ячеслав Вячеслав Viacheslav Vyacheslav", "Олег Oleh Oleg", "Ольга Olha Olga",
    "Тетяна Татьяна Tetiana Tatiana", "Людмила Liudmyla Lyudmila", "Артем Артём Artem Artyom",
    "Давид Davyd David", "Денис Denys Denis", "Степан Stepan", "Роман Roman", "Максим Maksym Maxim",
]


# English short forms and the names they stand for, as English, Russian and Ukrainian
# write them: Mike Pompeo is Michael Pompeo, «Мэтт Хэнкок» is «Мэттью Хэнкок». Listed,
# not guessed by sound: short names sound too alike (Тим / Том) to be compared by sound keys.
_SHORT_FORMS = [
    ("Mike Майк", "Michael Майкл"),
    ("Matt Мэтт Мэт Метт Мет", "Matthew Мэттью Мэтью Меттью Метью"),
    ("Bill Билл Білл", "William Уильям Вильям Вільям Уїльям"),
    ("Bob Боб Rob Роб", "Robert Роберт"),
    ("Tom Том", "Thomas Томас"),
    ("Jim Джим", "James Джеймс"),
    ("Nick Ник Нік", "Nicholas Николас Ніколас"),
    ("Dave Дэйв Дейв", "David Дэвид Девид Девід"),
    ("Tony Тони Тоні", "Anthony Энтони Ентоні"),
    ("Steve Стив Стів", "Stephen Steven Стивен Стівен"),
    ("Chris Крис Кріс", "Christopher Кристофер Крістофер"),
    ("Ben Бен", "Benjamin Бенджамин Бенджамін"),
    ("Sam Сэм Сем", "Samuel Сэмюэл Сэмюел Семюел"),
    ("Andy Энди Енді", "Andrew Эндрю Ендрю"),
    ("Joe Джо", "Joseph Джозеф"),
    ("Pete Пит Піт", "Peter Питер Пітер"),
    ("Jeff Джефф Джеф", "Jeffrey Джеффри Джеффрі"),
    ("Dan Дэн Ден", "Daniel Дэниел Дэниэл Деніел"),
    ("Phil Фил Філ", "Philip Филип Філіп"),
    ("Tim Тим Тім", "Timothy Тимоти Тімоті"),
    ("Liz Лиз Ліз", "Elizabeth Элизабет Елізабет"),
    ("Kate Кейт", "Katherine Catherine Кэтрин Кетрін Кэтрин"),
]


@lru_cache(maxsize=1)
def _short_form_pairs() -> frozenset:
    pairs = set()
    for shorts, fulls in _SHORT_FORMS:
        for short in shorts.split():
            for full in fulls.split():
                pairs.add((word_key(short), word_key(full)))
    return frozenset(pairs)


def short_form_pair(a: str, b: str) -> bool:
    """Whether one first name is the English short form of the other (Майк / Майкл, Mike / Michael)."""
    ka, kb = word_key(a), word_key(b)
    pairs = _short_form_pairs()
    return (ka, kb) in pairs or (kb, ka) in pairs


@lru_cache(maxsize=1)
def _first_name_classes() -> dict[str, str]:
    classes = {}
    for group in _FIRST_NAME_GROUPS:
        keys = [word_key(name) for name in group.split()]
        for key in keys:
            classes[key] = keys[0]
    return classes


def first_name_class(key: str) -> str:
    """One key for every spelling of the same first name (Олександр = Александр)."""
    return _first_name_classes().get(key, key)


@dataclass(frozen=True)
class WordForms:
    """What recognition needs to know about one word."""

    keys: frozenset           # keys of the word itself and of its nominative candidates
    first_names: tuple        # (nominative, case, gender) per first-name parse
    surnames: tuple           # (nominative, case, gender, is_surname_tag, from_dictionary) per noun parse
    known_word: bool          # in the dictionary as something other than a name
    place_or_org: bool
    known_name: bool = False  # the dictionary (not a guess) reads it as a first name
    in_dictionary: bool = False  # some reading comes from the dictionary
    surname_tag: bool = False    # some reading is tagged as a surname (Surn)
    place_known: bool = False    # the dictionary reads it as a place or organisation rather than a name (Дании)
    plural_keys: frozenset = frozenset()  # keys of the singular of a plural reading (Скрипалей -> скрипаль)


def _title(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


#: Letters only one of the two languages writes: a word with one is read in that language.
_ONLY_UKRAINIAN = frozenset("іїєґ")
_ONLY_RUSSIAN = frozenset("ыэъё")


def spelled_language(word: str, language: str) -> str:
    """The language whose dictionary reads ``word``: ``language``, unless the word is spelled
    in the other of Russian and Ukrainian (a Ukrainian «Арахамії» quoted inside a Russian
    text is read as Ukrainian, and so finds its nominative «Арахамія»)."""
    letters = set(word.lower())
    if language == "ru" and letters & _ONLY_UKRAINIAN and not letters & _ONLY_RUSSIAN:
        return "uk"
    if language == "uk" and letters & _ONLY_RUSSIAN and not letters & _ONLY_UKRAINIAN:
        return "ru"
    return language


@lru_cache(maxsize=200_000)
def word_forms(word: str, language: str) -> WordForms:
    """Nominative candidates and name readings of ``word`` in ``language`` (cached); a word
    spelled in the other of Russian and Ukrainian is read in that one (:func:`spelled_language`)."""
    low = word.lower()
    language = spelled_language(low, language)
    keys = {word_key(low)}
    first_names, surnames, plurals = [], [], set()
    known_word = place_or_org = known_name = in_dictionary = surname_tag = False
    place_score = name_score = 0.0
    if language in MORPH_LANGUAGES and not low.isascii():
        for parse in parses(low, language):
            tag = parse.tag
            in_dictionary = in_dictionary or parse.is_known
            keys.add(word_key(parse.normal_form))
            if tag.POS != "NOUN":
                if parse.is_known and parse.score > 0.2:
                    known_word = True
                continue
            nominative = parse.inflect({"nomn"})
            nom_word = nominative.word if nominative else parse.normal_form
            keys.add(word_key(nom_word))
            if language == "uk" and nom_word.endswith(("ів", "їв")):
                # Ukrainian surnames alternate о/і in the nominative (Гнатов, gen. Гнатова,
                # is read as Гнатів): keep both, the gazetteer decides.
                keys.add(word_key(nom_word[:-2] + ("ов" if nom_word.endswith("ів") else "єв")))
            if "Name" in tag.grammemes:
                known_name = known_name or parse.is_known
                name_score += parse.score
                if tag.number == "plur":
                    continue  # Александры is Александра's genitive, not a plural of Александр
                first_names.append((_title(nom_word), tag.case, tag.gender))
            elif "Patr" in tag.grammemes:
                continue
            else:
                if tag.number == "plur":
                    plurals.add(word_key(parse.normal_form))
                surname_tag = surname_tag or "Surn" in tag.grammemes
                if tag.grammemes & PLACE_OR_ORG:
                    place_or_org = True
                    place_score += parse.score if parse.is_known else 0.0
                elif "Surn" not in tag.grammemes and parse.is_known and parse.score > 0.2:
                    known_word = True
                surnames.append((_title(nom_word), tag.case, tag.gender, "Surn" in tag.grammemes, parse.is_known))
    elif low.endswith(("'s", "’s")):
        keys.add(word_key(low[:-2]))
    if not known_name and word_key(low) in _first_name_classes():
        # a first name of the uk/ru table the dictionary reads otherwise (uk Володимир: a town)
        known_name = True
        first_names.append((_title(low), "nomn", None))
    return WordForms(frozenset(keys), tuple(first_names), tuple(surnames), known_word, place_or_org,
                     known_name, in_dictionary, surname_tag, place_score > name_score, frozenset(plurals))


def is_patronymic(word: str, language: str) -> bool:
    """Whether ``word`` reads as a patronymic (Владимирович, Олександрівна)."""
    return language in MORPH_LANGUAGES and any("Patr" in p.tag.grammemes for p in parses(word.lower(), language))


# Words for what a person is or does, which stand just before a name ("министр
# иностранных дел Германии Хайко Маас"): the context that makes two words no
# dictionary knows a person's name rather than a company's.
ROLE_LEMMAS = frozenset("""
министр премьер премьер-министр президент канцлер глава лидер депутат посол спикер госсекретарь
секретарь председатель комиссар еврокомиссар журналист политик эксперт директор гендиректор
представитель сенатор мэр губернатор король королева принц принцесса господин госпожа
аналитик экономист профессор советник помощник вице-премьер вице-президент генсек генеральный
исполнительный основатель владелец заместитель замглавы экс-премьер экс-министр экс-президент
министерка міністр прем'єр прем'єр-міністр президентка канцлерка голова лідер речник речниця
держсекретар секретар голова комісар єврокомісар журналіст журналістка політик експерт директор
представник представниця сенатор мер губернатор король королева принц принцеса пан пані
аналітик економіст професор радник радниця помічник віце-прем'єр віце-президент генсек
засновник власник заступник заступниця екс-прем'єр екс-міністр екс-президент
""".split())


def is_role(word: str, language: str) -> bool:
    """Whether ``word`` names a role that often precedes a person's name (министр, речник)."""
    low = word.lower()
    if low in ROLE_LEMMAS:
        return True
    if language not in MORPH_LANGUAGES or low.isascii():
        return False
    return any(p.normal_form in ROLE_LEMMAS for p in parses(low, language)[:3])
