"""One record per person when articles spell or decline a foreign name differently.

A wrong nominative in one article (Пелаеса for Пелаес), a first name heard devoiced
(Дональт) or written with other vowels (Шайлеш / Шейлеш) must not make a second person;
different people with close names must stay apart.
"""
import pytest

from archive.nlp.batch_linking import BatchLinker
from archive.nlp.linking import _first_names_agree, link, near_surname_keys
from archive.nlp.recognize import Found

pytestmark = pytest.mark.django_db


def person_of(first: str, last: str, language: str = "ru"):
    return link(Found(f"{first} {last}", 0, first, last), language)


def test_a_surname_with_a_case_ending_left_on_is_the_same_person():
    right = person_of("Хорхе", "Пелаес")
    assert person_of("Хорхе", "Пелаеса") == right
    assert person_of("Хорхе", "Пелаесом") == right


def test_the_batch_linker_of_the_bulk_path_follows_the_same_rule():
    right = person_of("Хорхе", "Пелаес")
    wrong = Found("Хорхе Пелаеса", 0, "Хорхе", "Пелаеса")
    assert BatchLinker([[wrong]], set()).link(wrong, "ru") == right
    other = Found("Мануэль Пелаеса", 0, "Мануэль", "Пелаеса")
    assert BatchLinker([[other]], set()).link(other, "ru") != right


def test_a_case_ending_taken_off_finds_the_person_named_with_it():
    wrong_first = person_of("Гюнтер", "Бюхеле")
    assert person_of("Гюнтер", "Бюхел") == wrong_first


def test_another_first_name_or_a_short_surname_is_another_person():
    pelaez = person_of("Хорхе", "Пелаес")
    assert person_of("Мануэль", "Пелаеса") != pelaez
    li = person_of("Ван", "Ли")
    assert person_of("Ван", "Лиа") != li
    assert near_surname_keys("li") == []


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("Дональд", "Дональт", True), ("Шейлеш", "Шайлеш", True), ("Олександр", "Александр", True),
        ("Ян", "Яна", False), ("Анна", "Инна", False), ("Мария", "Марина", False), ("Дональд", "Рональд", False),
        ("Марк", "Марко", False), ("Александр", "Александра", False), ("Алена", "Алина", False),
    ],
)
def test_first_names_agree_across_transcriptions_not_across_people(a, b, same):
    assert _first_names_agree(a, b) is same


@pytest.mark.parametrize("short, full", [("Майк", "Майкл"), ("Мэтт", "Мэттью"), ("Метт", "Меттью"),
                                         ("Mike", "Michael"), ("Стів", "Стівен")])
def test_an_english_short_form_is_the_same_person(short, full):
    person = person_of(full, "Пемберли")
    assert person_of(short, "Пемберли") == person
    mention = Found(f"{short} Пемберли", 0, short, "Пемберли")
    assert BatchLinker([[mention]], set()).link(mention, "ru") == person


@pytest.mark.parametrize("a, b", [("Тим", "Томас"), ("Майк", "Марк"), ("Дэн", "Дина")])
def test_names_that_only_sound_alike_are_not_short_forms(a, b):
    person = person_of(b, "Пемберли")
    assert person_of(a, "Пемберли") != person
