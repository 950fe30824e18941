"""Name word forms: candidate nominatives of a word, and first-name equivalences.

A word in a running text may be any case; recognition compares the nominative
candidates pymorphy3 offers (``Уиткоффом`` -> ``уиткофф``, ``Кислиці`` -> ``кислиця``)
with the names the archive knows, by their cross-script keys.
"""
from dataclasses import dataclass
from functools import lru_cache

from .keys import word_key
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
    surnames: tuple           # (nominative, case, gender, is_surname_tag) per noun parse
    known_word: bool          # in the dictionary as something other than a name
    place_or_org: bool


def _title(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


@lru_cache(maxsize=200_000)
def word_forms(word: str, language: str) -> WordForms:
    """Nominative candidates and name readings of ``word`` in ``language`` (cached)."""
    low = word.lower()
    keys = {word_key(low)}
    first_names, surnames = [], []
    known_word = place_or_org = False
    if language in MORPH_LANGUAGES and not low.isascii():
        for parse in parses(low, language):
            tag = parse.tag
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
                first_names.append((_title(nom_word), tag.case, tag.gender))
            elif "Patr" in tag.grammemes:
                continue
            else:
                if tag.grammemes & PLACE_OR_ORG:
                    place_or_org = True
                elif "Surn" not in tag.grammemes and parse.is_known and parse.score > 0.2:
                    known_word = True
                surnames.append((_title(nom_word), tag.case, tag.gender, "Surn" in tag.grammemes))
    elif low.endswith(("'s", "’s")):
        keys.add(word_key(low[:-2]))
    return WordForms(frozenset(keys), tuple(first_names), tuple(surnames), known_word, place_or_org)


def is_patronymic(word: str, language: str) -> bool:
    """Whether ``word`` reads as a patronymic (Владимирович, Олександрівна)."""
    return language in MORPH_LANGUAGES and any("Patr" in p.tag.grammemes for p in parses(word.lower(), language))
