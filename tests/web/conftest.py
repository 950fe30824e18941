"""Test data for the reader's pages, built with the ORM (our own texts, three languages)."""
from dataclasses import dataclass
from datetime import date
import hashlib

import pytest

from archive.models import (
    Article, Event, EventArticle, Mention, Outlet, OutletName, Person, PersonName, StoryCluster,
)


def make_article(**fields) -> Article:
    fields.setdefault("original_text", fields["title"] + "\n" + fields["body"])
    fields.setdefault("content_hash", hashlib.sha256(fields["original_text"].encode()).hexdigest())
    article = Article(**fields)
    article.save()
    return article


def mention(article, person, *forms, count=None):
    position = min((article.body.find(form) for form in forms if form in article.body), default=0)
    return Mention.objects.create(
        article=article, person=person, surface_forms=list(forms), count=count or len(forms), first_position=position,
    )


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

    borisov = Person.objects.create(name="Ivan Borisov", slug="ivan-borisov", description="Mayor of a river town.",
                                    origin=Person.Origin.CURATED)
    for name, language in [("Иван Борисов", "ru"), ("Іван Борисов", "uk"), ("Ivan Borisov", "en")]:
        PersonName.objects.create(person=borisov, name=name, language=language, kind=PersonName.Kind.CANONICAL)
    PersonName.objects.create(person=borisov, name="Борисовым", language="ru", kind=PersonName.Kind.INFLECTED)
    kovalenko = Person.objects.create(name="Olena Kovalenko", slug="olena-kovalenko")
    PersonName.objects.create(person=kovalenko, name="Олена Коваленко", language="uk")
    smith = Person.objects.create(name="Anna Smith", slug="anna-smith")
    merged = Person.objects.create(name="I. Borisov", slug="i-borisov", merged_into=borisov)
    hidden = Person.objects.create(name="Stone Bridge", slug="stone-bridge", hidden=True)

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
