"""Latin queries find people the archive has met only in Cyrillic (by how names sound)."""
from datetime import date

import pytest

from archive.models import Article, Person, PersonName
from archive.search import search_articles

from tests.factories import make_article, make_person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_engine")]


@pytest.fixture
def cyrillic_people(db):
    """Two discovered people with transliterated Latin names, and articles naming them."""
    hunt = make_person("Dzheremi Khant", "dzheremi-khant", origin=Person.Origin.CURATED)
    PersonName.objects.create(person=hunt, name="Джереми Хант", language="ru")
    maas = make_person("Haiko Maas", "haiko-maas", origin=Person.Origin.CURATED)
    PersonName.objects.create(person=maas, name="Гайко Маас", language="uk")
    PersonName.objects.create(person=maas, name="Хайко Маас", language="ru")
    return {
        "hunt_full": make_article("Визит в Токио", "Министр Джереми Хант прилетел в Токио.", "ru", date(2025, 3, 1)),
        "hunt_alone": make_article("Переговоры", "Хант заявил, что переговоры продолжатся.", "ru", date(2025, 3, 2)),
        "maas_uk": make_article("Зустріч", "Міністр Гайко Маас провів зустріч у Відні.", "uk", date(2025, 3, 3)),
        "maas_ru": make_article("Встреча", "Маас провел встречу в Вене.", "ru", date(2025, 3, 4)),
        "other": make_article("Погода", "В Токио идут дожди, сообщил синоптик.", "ru", date(2025, 3, 5)),
    }


def found(q: str, articles: dict) -> set[str]:
    by_id = {a.pk: key for key, a in articles.items()}
    qs, _ = search_articles(Article.objects.all(), q)
    return {by_id[pk] for pk in qs.values_list("pk", flat=True) if pk in by_id}


def test_latin_surname_finds_the_cyrillic_one(cyrillic_people):
    assert found("Hunt", cyrillic_people) == {"hunt_full", "hunt_alone"}
    assert found("Maas", cyrillic_people) == {"maas_uk", "maas_ru"}


def test_latin_full_name_finds_articles_naming_the_surname_alone(cyrillic_people):
    assert found("Jeremy Hunt", cyrillic_people) == {"hunt_full", "hunt_alone"}
    assert found("Heiko Maas", cyrillic_people) == {"maas_uk", "maas_ru"}


def test_the_sound_expansion_is_shown(cyrillic_people):
    _qs, parsed = search_articles(Article.objects.all(), "Jeremy Hunt")
    shown = {e.word: e.names for e in parsed.expansions}
    assert "Хант" in shown["Hunt"]
    assert shown["Jeremy"] == ("Джереми Хант",)


def test_a_latin_word_that_sounds_like_no_one_expands_to_nothing(cyrillic_people):
    _qs, parsed = search_articles(Article.objects.all(), "Tokyo")
    assert parsed.expansions == ()
