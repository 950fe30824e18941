"""Curation edge cases: permissions, stale suggestions, hide/show, splits, edited names, slugs."""
import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from archive.models import MergeSuggestion, Outlet, Person, PersonName, StoryCluster
from archive.curation import merge_people
from archive.text.keys import name_key
from archive.nlp.outlets import resolve_outlet
from archive.nlp.pipeline import analyze_article
from archive.nlp.stories import similar_article
from tests.admin_pages import confirm_merge
from tests.factories import make_article

CHANGELIST = "admin:archive_person_changelist"


def suggested_pair():
    """Two discovered people with one pending merge suggestion (same surname, Олексій / Олег)."""
    a = make_article("Депутат", "Депутат Олексій Гордієнко виступив у Раді.", "uk")
    b = make_article("Депутат", "Депутат Олег Гордієнко виступив у Раді вдруге.", "uk")
    analyze_article(a)
    analyze_article(b)
    return a.people.get(), b.people.get(), MergeSuggestion.objects.get(status="pending")


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.django_db
def test_view_only_staff_neither_sees_nor_runs_curation_actions(client, viewer):
    article = make_article("Заява", "Депутат Ярема Сливчук зробив заяву. Депутат Тарас Гордійчук відповів.", "uk")
    analyze_article(article)
    people = list(article.people.all())
    first, second, suggestion = suggested_pair()

    listing = client.get(reverse(CHANGELIST))
    assert listing.status_code == 200
    for action in ("merge_selected", "hide_selected", "unhide_selected"):
        assert action not in listing.content.decode()
        client.post(reverse(CHANGELIST), {"action": action, "_selected_action": [p.pk for p in people]})
    assert Person.objects.filter(pk__in=[p.pk for p in people], hidden=False, merged_into=None).count() == 2

    name = PersonName.objects.get(person=people[0], kind="canonical", language="uk")
    client.post(reverse("admin:archive_personname_changelist"), {"action": "split_off", "_selected_action": [name.pk]})
    assert PersonName.objects.get(pk=name.pk).person == people[0]

    client.post(reverse("admin:archive_mergesuggestion_changelist"),
                {"action": "accept", "_selected_action": [suggestion.pk]})
    assert MergeSuggestion.objects.get(pk=suggestion.pk).status == "pending"
    assert Person.objects.get(pk=second.pk).merged_into is None

    # The person page opens read-only, without the merge field.
    page = client.get(reverse("admin:archive_person_change", args=[first.pk]))
    assert page.status_code == 200
    assert "merge_with" not in page.content.decode()
    # Nor can the change form be posted to merge.
    client.post(reverse("admin:archive_person_change", args=[first.pk]),
                {"name": first.name, "slug": first.slug, "origin": first.origin, "merge_with": second.pk,
                 "names-TOTAL_FORMS": 0, "names-INITIAL_FORMS": 0})
    assert Person.objects.get(pk=first.pk).merged_into is None


@pytest.mark.django_db
def test_view_only_staff_cannot_make_an_event_of_a_story(client, viewer):
    cluster = StoryCluster.objects.create(label="Proposed story", start_date=datetime.date(2026, 3, 2))
    listing = client.get(reverse("admin:archive_storycluster_changelist"))
    assert listing.status_code == 200 and "create_event" not in listing.content.decode()
    client.post(reverse("admin:archive_storycluster_changelist"),
                {"action": "create_event", "_selected_action": [cluster.pk]})
    cluster.refresh_from_db()
    assert cluster.event is None


@pytest.mark.django_db
def test_accepting_a_suggestion_whose_person_was_merged_elsewhere_merges_the_survivors(client, editor):
    first, second, suggestion = suggested_pair()
    third = Person.objects.get(slug="volodymyr-zelensky")
    merge_people(third, second, acting_user=None)   # meanwhile, another editor merged one of the pair elsewhere
    response = client.post(reverse("admin:archive_mergesuggestion_changelist"),
                           {"action": "accept", "_selected_action": [suggestion.pk]})
    page = client.get(response["Location"])   # the survivors side by side
    assert {person for person, _names in page.context["rows"]} == {first, third}
    assert page.context["survivor"] == third   # the curated one
    confirm_merge(client, page, survivor=third)
    first.refresh_from_db()
    assert first.merged_into == third
    assert not MergeSuggestion.objects.filter(status="pending").exists()


@pytest.mark.django_db
def test_accepting_a_suggestion_about_one_person_already_is_just_accepted(client, editor):
    first, second, _ = suggested_pair()
    merge_people(first, second, acting_user=None)
    # A suggestion still naming the merged-away record (filed before merges retargeted them).
    stale = MergeSuggestion.objects.create(person=second, other=first, reason="old")
    response = client.post(reverse("admin:archive_mergesuggestion_changelist"),
                           {"action": "accept", "_selected_action": [stale.pk]})
    assert response.status_code == 302
    stale.refresh_from_db()
    assert stale.status == "accepted"
    assert Person.objects.get(pk=first.pk).merged_into is None


@pytest.mark.django_db
def test_merging_moves_pending_suggestions_to_the_survivor():
    first, second, suggestion = suggested_pair()
    third = Person.objects.get(slug="volodymyr-zelensky")
    merge_people(third, second, acting_user=None)
    suggestion.refresh_from_db()
    assert suggestion.status == "pending"
    assert {suggestion.person, suggestion.other} == {first, third}


@pytest.mark.django_db
def test_hide_then_show_brings_the_articles_back(client, editor):
    article = make_article("Заява депутата", "Депутат Ярема Сливчук зробив заяву.", "uk")
    analyze_article(article)
    person = article.people.get()
    page = reverse("web:person", args=[person.slug])
    assert "Заява депутата" in client.get(page).content.decode()

    client.post(reverse(CHANGELIST), {"action": "hide_selected", "_selected_action": [person.pk]})
    assert client.get(page).status_code == 404
    client.post(reverse(CHANGELIST), {"action": "unhide_selected", "_selected_action": [person.pk]})
    assert "Заява депутата" in client.get(page).content.decode()


@pytest.mark.django_db
def test_splitting_off_a_cyrillic_name_gives_a_latin_person_and_relinks_its_articles(client, editor):
    article = make_article("Нарада", "Радниця Ганна Бойчук виступила на нараді.", "uk")
    analyze_article(article)
    zelensky = Person.objects.get(slug="volodymyr-zelensky")
    merge_people(zelensky, article.people.get(), acting_user=None)   # a wrong merge
    assert set(article.people.all()) == {zelensky}

    name = zelensky.names.get(name="Ганна Бойчук", language="uk")
    response = client.post(reverse("admin:archive_personname_changelist"),
                           {"action": "split_off", "_selected_action": [name.pk]})
    assert response.status_code == 302
    new = PersonName.objects.get(pk=name.pk).person
    assert new.name == "Hanna Boichuk"
    assert new.slug.startswith("hanna-boichuk")
    assert set(article.people.all()) == {new}
    assert not zelensky.names.filter(key=name_key("Ганна Бойчук")).exists()
    analyze_article(article)   # and it stays so
    assert set(article.people.all()) == {new}


@pytest.mark.django_db
def test_a_person_cannot_be_merged_into_itself_from_the_form(client, editor):
    person = Person.objects.get(slug="volodymyr-zelensky")
    data = {"name": person.name, "slug": person.slug, "origin": person.origin, "merge_with": person.pk,
            "names-TOTAL_FORMS": 0, "names-INITIAL_FORMS": 0}
    response = client.post(reverse("admin:archive_person_change", args=[person.pk]), data)
    assert response.status_code == 200
    assert "cannot be merged into itself" in response.content.decode()


@pytest.mark.django_db
def test_a_name_edited_on_its_own_page_gets_its_new_key(client, editor):
    person = Person.objects.get(slug="volodymyr-zelensky")
    row = PersonName.objects.create(person=person, name="Володимир Зеленськй", language="uk")
    assert row.key == name_key("Володимир Зеленськй")
    response = client.post(reverse("admin:archive_personname_change", args=[row.pk]),
                           {"person": person.pk, "name": "Володимир Олександрович", "language": "uk",
                            "script": "Cyrl", "kind": "alias"})
    assert response.status_code == 302, response.content[:2000]
    row.refresh_from_db()
    assert row.key == name_key("Володимир Олександрович")


@pytest.mark.django_db
def test_a_new_cyrillic_outlet_gets_a_slug_by_the_national_standard():
    assert resolve_outlet("Вечірній Тернопіль", create=True).slug == "vechirnii-ternopil"
    assert resolve_outlet("Вечерний Ярославль", create=True).slug == "vechernii-iaroslavl"
    assert resolve_outlet("Вечірній Тернопіль!", create=True).slug == "vechirnii-ternopil-2"
    assert Outlet.objects.filter(slug__startswith="vech").count() == 3


@pytest.mark.django_db
def test_a_story_candidate_is_found_in_one_query(django_assert_num_queries):
    body = "Премьер Дарина Коваленко-Шульга и министр Степан Приходько провели совещание."
    for n in range(5):
        analyze_article(make_article(f"Совещание {n}", body + f" День {n}.", "ru"))
    article = make_article("Совещание", body, "ru")
    analyze_article(article)
    people = list(article.people.all())
    with django_assert_num_queries(1):
        other = similar_article(article, people)
    assert other is not None and other.pk != article.pk
