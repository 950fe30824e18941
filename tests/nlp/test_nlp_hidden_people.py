"""Hidden people keep their mentions, but events and stories leave them out."""
import datetime

import pytest

from archive.models import Mention, Person, StoryCluster
from archive.curation import event_from_cluster
from archive.nlp.stories import similar_article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def person(name: str, *, hidden: bool = False) -> Person:
    slug = name.lower().replace(" ", "-")
    return Person.objects.create(name=name, slug=slug, hidden=hidden)


def mention(article, *people):
    for someone in people:
        Mention.objects.create(article=article, person=someone, surface_forms=[someone.name], count=1,
                               first_position=0)


def test_an_event_made_of_a_story_has_no_hidden_participants():
    hidden = [person(f"Hidden Someone {n}", hidden=True) for n in range(3)]  # the oldest rows
    shown = [person(f"Shown Person {n}") for n in range(20)]
    cluster = StoryCluster.objects.create(label="Flood talks", start_date=datetime.date(2026, 2, 10))
    for n, article_people in enumerate([hidden + shown[:10], shown[10:]]):
        article = make_article(f"Паводок {n}", f"Переговоры о паводке, день {n}.", "ru")
        article.story = cluster
        article.save(update_fields=["story"])
        mention(article, *article_people)
    event = event_from_cluster(cluster, acting_user=None)
    assert set(event.participants.all()) == set(shown)


def test_hidden_mentions_do_not_dilute_the_story_overlap():
    first, second = person("Marta Hrytsenko"), person("Petro Levchuk")
    noise = [person(f"False Name {n}", hidden=True) for n in range(3)]
    earlier = make_article("Нарада", "Марта Гриценко і Петро Левчук провели нараду.", "uk",
                           published=datetime.date(2026, 2, 9))
    mention(earlier, first, second, *noise)
    later = make_article("Нарада тривала", "Гриценко і Левчук продовжили нараду.", "uk")
    mention(later, first, second)
    assert similar_article(later, [first, second]) == earlier
