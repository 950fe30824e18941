"""Test data for the reader's pages, built with the ORM (our own texts, three languages)."""
from dataclasses import dataclass
from datetime import date

import pytest

from archive.models import (
    Article, Event, EventArticle, Outlet, OutletName, Person, PersonName, StoryCluster,
)
from tests.factories import make_article, make_person, mention


@dataclass
class Archive:
    outlet_ru: Outlet
    outlet_uk: Outlet
    cited: Outlet
    borisov: Person
    kovalenko: Person
    smith: Person
    merged: Person
    hidden: Person
    summit: Event
    ru: Article
    uk: Article
    en: Article
    ru_later: Article


@pytest.fixture
def archive(db) -> Archive:
    outlet_ru = Outlet.objects.create(name="Вечерний вестник", slug="vechernii-vestnik", language="ru",
                                      kind=Outlet.Kind.NEWSPAPER, domain="vestnik.example")
    OutletName.objects.create(outlet=outlet_ru, name="Вестник", key="вестник")
    outlet_uk = Outlet.objects.create(name="Ранкова газета", slug="rankova-gazeta", language="uk")
    cited = Outlet.objects.create(name="Northern Wire", slug="northern-wire", kind=Outlet.Kind.AGENCY)

    borisov = make_person("Ivan Borisov", "ivan-borisov",
                          {"ru": ["Иван Борисов"], "uk": ["Іван Борисов"], "en": ["Ivan Borisov"]},
                          description="Mayor of a river town.", origin=Person.Origin.CURATED)
    PersonName.objects.create(person=borisov, name="Борисовым", language="ru", kind=PersonName.Kind.INFLECTED)
    kovalenko = make_person("Olena Kovalenko", "olena-kovalenko", {"uk": ["Олена Коваленко"]}, kind=PersonName.Kind.ALIAS)
    smith = make_person("Anna Smith", "anna-smith")
    merged = make_person("I. Borisov", "i-borisov", merged_into=borisov)
    hidden = make_person("Stone Bridge", "stone-bridge", hidden=True)

    story = StoryCluster.objects.create(label="River bridge opening")
    ru = make_article(
        title="Борисов открыл новый мост через реку",
        lead="Мэр Иван Борисов перерезал ленту.",
        body="Мэр Иван Борисов открыл мост в понедельник.\n\nС Борисовым была Олена Коваленко, сообщает Northern Wire."
             "\n\nМост назвали Stone Bridge.",
        published=date(2026, 1, 6), language="ru", outlet=outlet_ru, author="Пётр Сидоров",
        tags=["мост", "город"], story=story, source_name="most.txt",
    )
    ru.cited_outlets.add(cited)
    uk = make_article(
        title="Іван Борисов відкрив міст",
        body="Міський голова Іван Борисов та Олена Коваленко відкрили міст.",
        published=date(2026, 1, 7), date_inferred=True, language="uk", outlet=outlet_uk, story=story,
    )
    en = make_article(
        title="Mayor opens the river bridge",
        body="Mayor Ivan Borisov opened the bridge, Anna Smith reported.",
        published=date(2026, 1, 7), language="en", story=story,
    )
    ru_later = make_article(
        title="Городской совет обсудил бюджет",
        body="Совет собрался без мэра.",
        published=date(2026, 2, 3), language="ru", outlet=outlet_ru,
    )
    mention(ru, borisov, "Иван Борисов", "Борисовым", "Борисов")
    mention(ru, kovalenko, "Олена Коваленко")
    mention(ru, hidden, "Stone Bridge")
    mention(uk, borisov, "Іван Борисов")
    mention(uk, kovalenko, "Олена Коваленко")
    mention(en, borisov, "Ivan Borisov")
    mention(en, smith, "Anna Smith")

    summit = Event.objects.create(slug="bridge-opening", name_en="Bridge opening", name_ru="Открытие моста",
                                  name_uk="Відкриття мосту", start_date=date(2026, 1, 6), place="Riverton")
    summit.participants.add(borisov, kovalenko, hidden)
    for article in (ru, uk, en):
        EventArticle.objects.create(event=summit, article=article)
    story.event = summit
    story.save()
    return Archive(outlet_ru, outlet_uk, cited, borisov, kovalenko, smith, merged, hidden, summit, ru, uk, en, ru_later)
