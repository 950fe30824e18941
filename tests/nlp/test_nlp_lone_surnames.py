"""A surname alone links to the full name in its article, else to a person the archive knows
from the same weeks; a word that is no surname never becomes a person."""
import datetime

import pytest

from archive.nlp.pipeline import analyze_article
from archive.nlp.recognize import find_people
from archive.nlp.gazetteer import Gazetteer

from tests.factories import make_article

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 10)


def names(article):
    return sorted(p.name for p in article.people.all())


def test_lone_surname_links_to_the_full_name_in_the_same_article():
    found = find_people("Министр Кевин Брандон выступил в парламенте. Брандона поддержали депутаты.", "ru",
                        Gazetteer())
    assert [(f.surface, f.name) for f in found if not f.unresolved] == [("Кевин Брандон", "Кевин Брандон"),
                                                    ("Брандона", "Кевин Брандон")]


def test_lone_surname_links_to_the_person_known_from_the_same_weeks():
    first = make_article("Парламент", "Министр Кевин Брандон выступил в парламенте.", "ru", DAY)
    analyze_article(first)
    (person,) = first.people.all()
    later = make_article("Голосование", "Брандон заявил, что голосование перенесут.", "ru",
                        DAY + datetime.timedelta(days=3))
    analyze_article(later)
    assert list(later.people.all()) == [person]


def test_with_two_namesakes_the_one_in_the_news_those_weeks_wins():
    old = make_article("Архив", "Писательница Анна Брандон выпустила роман.", "ru", DAY - datetime.timedelta(days=400))
    analyze_article(old)
    for n in range(2):
        article = make_article(f"Парламент {n}", f"Министр Кевин Брандон выступил в парламенте {n + 1} раз.", "ru",
                              DAY + datetime.timedelta(days=n))
        analyze_article(article)
    later = make_article("Голосование", "Брандон заявил, что голосование перенесут.", "ru",
                        DAY + datetime.timedelta(days=5))
    analyze_article(later)
    assert names(later) == ["Kevin Brandon"]


def test_namesakes_equally_in_the_news_are_left_alone():
    for first_name, n in (("Кевин", 0), ("Анна", 1)):
        article = make_article(f"Новость {n}", f"Депутат {first_name} Брандон выступил{'а' if n else ''} утром.", "ru",
                              DAY + datetime.timedelta(days=n))
        analyze_article(article)
    later = make_article("Голосование", "Брандон заявил, что голосование перенесут.", "ru",
                        DAY + datetime.timedelta(days=2))
    analyze_article(later)
    assert names(later) == []


def test_a_lone_word_nobody_is_called_is_no_person():
    article = make_article("Погода", "Синоптики предупредили о дожде. Брандон упомянут не был.", "ru", DAY)
    analyze_article(article)
    assert names(article) == []


def _two_brandons(*, together: bool):
    """Кевин and Анна Брандон, named in one article (a family) or only apart."""
    texts = (["Кевин Брандон и его жена Анна Брандон приехали в Лондон."] if together
             else ["Министр Кевин Брандон выступил в парламенте.", "Писательница Анна Брандон выпустила роман."])
    for n, text in enumerate(texts):
        analyze_article(make_article(f"Лондон {n}", text, "ru", DAY))
    return DAY + datetime.timedelta(days=2)


def test_a_plural_surname_names_the_family_the_archive_knows():
    later = make_article("Суд", "Дело Брандонов рассмотрят в суде. Брандоны не пришли.", "ru", _two_brandons(together=True))
    analyze_article(later)
    assert names(later) == ["Anna Brandon", "Kevin Brandon"]


def test_the_bulk_path_names_the_family_too(tmp_path):
    from django.core.management import call_command

    from archive.models import Article

    _two_brandons(together=True)
    (tmp_path / "sud.txt").write_text("date 2026-03-12 Суд\n\nДело Брандонов рассмотрят в суде в четверг.\n",
                                      encoding="utf-8")
    call_command("import_articles", str(tmp_path))
    assert names(Article.objects.get(title="Суд")) == ["Anna Brandon", "Kevin Brandon"]


def test_namesakes_never_named_together_are_no_family():
    later = make_article("Суд", "Дело Брандонов рассмотрят в суде.", "ru", _two_brandons(together=False))
    analyze_article(later)
    assert len(names(later)) < 2
