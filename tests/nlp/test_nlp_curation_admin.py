"""Curation in the admin (test client, staff user): merges, detaching events, proposed stories."""
import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from archive.models import (CurationLog, Event, EventArticle, MergeSuggestion, Person,
                            StoryCluster)
from archive.text.keys import name_key
from archive.nlp.pipeline import analyze_article

from tests.admin_pages import confirm_merge
from tests.factories import make_article

#: The day of the articles in these tests.
DAY = datetime.date(2026, 3, 2)



@pytest.mark.django_db
def test_merge_in_admin_moves_all_names_and_mentions_and_keeps_a_redirect(client, editor):
    a = make_article("Перша", "Радник Марко Вільчинський виступив. Вільчинський додав деталі.", "uk", DAY)
    b = make_article("Вторая", "Советник Марк Вильчинский выступил в Брюсселе.", "ru", DAY)
    analyze_article(a)
    analyze_article(b)
    uk_person = a.people.get()
    ru_person = b.people.get()
    assert uk_person != ru_person   # Марко / Марк: not merged automatically
    assert MergeSuggestion.objects.filter(status="pending").count() == 1

    response = client.post(reverse("admin:archive_person_changelist"),
                           {"action": "merge_selected", "_selected_action": [uk_person.pk, ru_person.pk]})
    page = client.get(response["Location"])   # the confirmation page: nothing merged yet
    assert Person.objects.get(pk=ru_person.pk).merged_into is None
    assert page.context["survivor"] == uk_person   # the older record is preselected
    response = confirm_merge(client, page, survivor=uk_person)
    assert response.status_code == 302
    ru_person.refresh_from_db()
    assert ru_person.merged_into == uk_person
    assert set(a.people.all()) == set(b.people.all()) == {uk_person}
    assert a.mentions.get().count == 2
    assert ru_person.names.count() == 0
    assert uk_person.names.filter(name="Марк Вильчинский", language="ru").exists()
    assert MergeSuggestion.objects.get().status == "accepted"
    assert CurationLog.objects.filter(action="merge", user=editor).exists()
    assert LogEntry.objects.filter(object_id=str(ru_person.pk)).exists()

    analyze_article(b)   # curation survives re-analysis
    assert set(b.people.all()) == {uk_person}
    assert Person.objects.filter(origin=Person.Origin.DISCOVERED, merged_into__isnull=True).count() == 1


@pytest.mark.django_db
def test_merge_through_the_person_form_keeps_a_name_edited_in_the_same_form(client, editor):
    a = make_article("Перша", "Радниця Ганна Бойчук виступила.", "uk", DAY)
    analyze_article(a)
    wrong = a.people.get()
    target = Person.objects.get(slug="volodymyr-zelensky")
    url = reverse("admin:archive_person_change", args=[wrong.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "merged_into"}
    row = wrong.names.get(name="Ганна Бойчук")
    data.update({"merge_with": target.pk, "names-TOTAL_FORMS": 1, "names-INITIAL_FORMS": 1,
                 "names-0-id": row.pk, "names-0-person": wrong.pk, "names-0-name": "Ганна Бойчук-Левченко",
                 "names-0-language": "uk", "names-0-script": "Cyrl", "names-0-kind": "canonical"})
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    assert set(a.people.all()) == {wrong}   # saved; the merge waits for the confirmation page
    page = client.get(response["Location"])
    assert page.context["survivor"] == target   # the person chosen in the form is preselected
    confirm_merge(client, page, survivor=target)
    assert set(a.people.all()) == {target}
    row.refresh_from_db()   # the edit is saved, and the merge then moves the name
    assert (row.person, row.name) == (target, "Ганна Бойчук-Левченко")
    assert row.key == name_key("Ганна Бойчук-Левченко")


@pytest.mark.django_db
def test_detached_event_link_does_not_come_back(client, editor):
    article = make_article("Саммит", "Встреча «коалиции желающих» прошла в Париже 6 января.", "ru",
                           published=datetime.date(2026, 1, 6))
    analyze_article(article)
    event = Event.objects.get(slug="coalition-of-the-willing-paris-2026-01-06")
    link = EventArticle.objects.get(event=event, article=article)
    assert link.source == "auto"

    url = reverse("admin:archive_event_change", args=[event.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["participants"] = [p.pk for p in form.initial["participants"]]
    data.update({"eventarticle_set-TOTAL_FORMS": 1, "eventarticle_set-INITIAL_FORMS": 1,
                 "eventarticle_set-0-id": link.pk, "eventarticle_set-0-event": event.pk,
                 "eventarticle_set-0-article": article.pk, "eventarticle_set-0-source": "auto",
                 "eventarticle_set-0-DELETE": "on"})
    data["key_terms"] = '{"ru": ["коалиция желающих"]}'
    data["place_names"] = '["Париж"]'
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:3000]
    assert EventArticle.objects.get(event=event, article=article).source == "rejected"
    analyze_article(article)
    assert not event.articles.filter(eventarticle__source="auto").exists()
    assert list(article.events.filter(eventarticle__source="auto")) == []


@pytest.mark.django_db
def test_proposed_story_becomes_an_event(client, editor):
    body_uk = "Прем'єр Дарина Коваленко-Шульга і міністр Степан Приходько провели нараду в Одесі."
    body_ru = "Премьер Дарина Коваленко-Шульга и министр Степан Приходько провели совещание в Одессе."
    a = make_article("Нарада в Одесі", body_uk, "uk", DAY)
    b = make_article("Совещание в Одессе", body_ru, "ru", DAY)
    analyze_article(a)
    analyze_article(b)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.story_id and a.story_id == b.story_id
    cluster = StoryCluster.objects.get(pk=a.story_id)
    assert cluster.event is None
    listing = client.get(reverse("admin:archive_storycluster_changelist") + "?proposed=yes")
    assert cluster.label in listing.content.decode()
    client.post(reverse("admin:archive_storycluster_changelist"),
                {"action": "create_event", "_selected_action": [cluster.pk]})
    cluster.refresh_from_db()
    assert cluster.event is not None
    assert set(cluster.event.articles.all()) == {a, b}
    analyze_article(a)   # editor links survive
    assert set(cluster.event.articles.all()) == {a, b}
