"""What an editor new to the admin expects of curation (test client, staff user, texts of our own).

The merge confirmation page (both records, the survivor chosen, cancel), a name given to a
discovered person linking the articles that write it, the curation log of a person's edits,
merged people out of every picker, and "View on site".
"""
import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from archive.models import CurationLog, Event, Outlet, Person
from archive.nlp.pipeline import analyze_article
from archive.nlp.reanalysis import reanalyze_articles

from tests.admin_pages import confirm_merge
from tests.factories import make_article

DAY = datetime.date(2026, 3, 2)
CHANGELIST = "admin:archive_person_changelist"


def two_namesakes():
    """Two discovered records of one adviser (Марко / Марк: a suggestion, no automatic merge)."""
    a = make_article("Перша", "Радник Марко Вільчинський виступив. Вільчинський додав деталі.", "uk", DAY)
    b = make_article("Вторая", "Советник Марк Вильчинский выступил в Брюсселе.", "ru", DAY)
    c = make_article("Третья", "Советник Марк Вильчинский снова выступил в Брюсселе.", "ru", DAY)
    for article in (a, b, c):
        analyze_article(article)
    return a.people.get(), b.people.get(), (a, b, c)


def person_form_data(page) -> dict:
    """The person change form as the page filled it, with its names inline unchanged."""
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "merged_into"}
    formset = page.context["inline_admin_formsets"][0].formset
    data.update({f"{formset.prefix}-TOTAL_FORMS": len(formset.initial_forms),
                 f"{formset.prefix}-INITIAL_FORMS": len(formset.initial_forms)})
    for i, name_form in enumerate(formset.initial_forms):
        row = name_form.instance
        data.update({f"{formset.prefix}-{i}-id": row.pk, f"{formset.prefix}-{i}-person": row.person_id,
                     f"{formset.prefix}-{i}-name": row.name, f"{formset.prefix}-{i}-language": row.language,
                     f"{formset.prefix}-{i}-script": row.script, f"{formset.prefix}-{i}-kind": row.kind})
    return data


@pytest.mark.django_db
def test_merge_shows_both_records_and_keeps_the_one_the_editor_chooses(client, editor):
    uk_person, ru_person, (a, b, c) = two_namesakes()
    event = Event.objects.create(slug="brussels-talks", name_en="Brussels talks", start_date=DAY)
    event.participants.add(ru_person)

    response = client.post(reverse(CHANGELIST), {"action": "merge_selected",
                                                 "_selected_action": [uk_person.pk, ru_person.pk]})
    page = client.get(response["Location"])
    html = page.content.decode()
    rows = {person.pk: person for person, _names in page.context["rows"]}
    assert set(rows) == {uk_person.pk, ru_person.pk}
    assert (rows[uk_person.pk].article_count, rows[ru_person.pk].article_count) == (1, 2)
    for text in ("Марко Вільчинський", "Марк Вильчинский", "Brussels talks", uk_person.name, ru_person.name):
        assert text in html
    assert html.count('type="radio" name="survivor"') == 2
    assert Person.objects.filter(pk__in=[uk_person.pk, ru_person.pk], merged_into=None).count() == 2

    # The editor keeps the Russian record, not the preselected older one.
    response = confirm_merge(client, page, survivor=ru_person)
    assert response["Location"] == reverse("admin:archive_person_change", args=[ru_person.pk])
    uk_person.refresh_from_db()
    assert uk_person.merged_into == ru_person
    assert {p for article in (a, b, c) for p in article.people.all()} == {ru_person}
    assert list(event.participants.all()) == [ru_person]
    assert CurationLog.objects.get(action="merge", user=editor).details == {
        "keep": ru_person.pk, "other": uk_person.pk, "mentions": 1}


@pytest.mark.django_db
def test_cancelling_the_merge_changes_nothing(client, editor):
    uk_person, ru_person, (a, b, c) = two_namesakes()
    response = client.post(reverse(CHANGELIST), {"action": "merge_selected",
                                                 "_selected_action": [uk_person.pk, ru_person.pk]})
    page = client.get(response["Location"])
    assert page.status_code == 200
    response = client.post(reverse("admin:archive_person_merge"),
                           {"ids": [uk_person.pk, ru_person.pk], "survivor": uk_person.pk, "cancel": "Cancel"})
    assert response["Location"] == reverse(CHANGELIST)
    assert Person.objects.filter(pk__in=[uk_person.pk, ru_person.pk], merged_into=None).count() == 2
    assert list(a.people.all()) == [uk_person] and list(b.people.all()) == [ru_person]
    assert not CurationLog.objects.filter(action="merge").exists()


@pytest.mark.django_db
def test_view_only_staff_cannot_open_the_merge_page(client, viewer):
    uk_person, ru_person, _ = two_namesakes()
    url = reverse("admin:archive_person_merge") + f"?ids={uk_person.pk}&ids={ru_person.pk}"
    assert client.get(url).status_code == 403
    client.post(reverse("admin:archive_person_merge"),
                {"ids": [uk_person.pk, ru_person.pk], "survivor": uk_person.pk, "confirm": "Merge"})
    assert Person.objects.get(pk=ru_person.pk).merged_into is None


def discovered_minister():
    """A discovered person, and an article naming him in a way recognition alone does not take.

    «Навін Пара» is two words no dictionary knows as a name: backed up by the role word
    in the first article, unbacked (so no person) in the second.
    """
    first = make_article("Уельс", "Міністр у справах Уельсу Навін Пара приїхав до Києва.", "uk", DAY)
    analyze_article(first)
    person = first.people.get()
    assert person.origin == Person.Origin.DISCOVERED
    second = make_article("Визит", "В Киев приехал Навин Пара. Визит продлится два дня.", "ru", DAY)
    analyze_article(second)
    assert list(second.people.all()) == []
    return person, second


@pytest.mark.django_db
def test_a_name_added_to_a_discovered_person_links_the_articles_that_write_it_at_once(client, editor):
    person, second = discovered_minister()
    url = reverse("admin:archive_person_change", args=[person.pk])
    data = person_form_data(client.get(url))
    n = data["names-TOTAL_FORMS"]
    data.update({"names-TOTAL_FORMS": n + 1, f"names-{n}-person": person.pk, f"names-{n}-name": "Навин Пара",
                 f"names-{n}-language": "ru", f"names-{n}-kind": "alias"})
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:3000]

    person.refresh_from_db()
    assert person.origin == Person.Origin.DISCOVERED   # no need to make it curated
    assert list(second.people.all()) == [person]
    assert person.names.get(name="Навин Пара", language="ru").from_editor
    entry = CurationLog.objects.get(action="add_name")
    assert (entry.user, entry.details["name"]) == (editor, "Навин Пара")

    # Re-analysis keeps the link, and a later article in another case form is linked on import.
    reanalyze_articles([second], redetect_language=False)
    assert list(second.people.all()) == [person]
    third = make_article("Отъезд", "Визит Навина Пары завершился.", "ru", DAY)
    analyze_article(third)
    assert list(third.people.all()) == [person]


@pytest.mark.django_db
def test_origin_and_hidden_changed_on_the_person_form_are_in_the_curation_log(client, editor):
    person, second = discovered_minister()
    url = reverse("admin:archive_person_change", args=[person.pk])
    data = person_form_data(client.get(url))
    data.update({"origin": "curated", "hidden": "on"})
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:3000]
    person.refresh_from_db()
    assert (person.origin, person.hidden) == ("curated", True)
    # All of a curated person's names are known: the article recognition alone missed is linked.
    assert list(second.mentions.values_list("person_id", flat=True)) == [person.pk]
    origin = CurationLog.objects.get(action="set_origin")
    assert (origin.user, origin.details) == (editor, {"person": person.pk, "before": "discovered",
                                                     "origin": "curated", "articles": 2})
    assert "from Discovered to Curated" in origin.summary
    assert CurationLog.objects.filter(action="hide", user=editor).count() == 1

    # Saving the form again unchanged logs nothing more.
    client.post(url, person_form_data(client.get(url)))
    assert CurationLog.objects.filter(action__in=["set_origin", "hide", "unhide"]).count() == 2


@pytest.mark.django_db
def test_removing_a_name_on_the_person_form_is_logged(client, editor):
    person, _second = discovered_minister()
    url = reverse("admin:archive_person_change", args=[person.pk])
    data = person_form_data(client.get(url))
    index = next(i for i in range(data["names-TOTAL_FORMS"]) if data[f"names-{i}-name"] == "Navin Para")
    data[f"names-{index}-DELETE"] = "on"
    assert client.post(url, data).status_code == 302
    assert not person.names.filter(name="Navin Para").exists()
    entry = CurationLog.objects.get(action="remove_name")
    assert entry.details == {"person": person.pk, "name": "Navin Para"}


@pytest.mark.django_db
def test_a_merged_person_is_no_choice_in_any_picker(client, editor):
    uk_person, ru_person, (a, _b, _c) = two_namesakes()
    response = client.post(reverse(CHANGELIST), {"action": "merge_selected",
                                                 "_selected_action": [uk_person.pk, ru_person.pk]})
    confirm_merge(client, client.get(response["Location"]), survivor=uk_person)

    # The event's participant picker.
    event = Event.objects.create(slug="brussels-talks", name_en="Brussels talks", start_date=DAY)
    form = client.get(reverse("admin:archive_event_change", args=[event.pk])).context["adminform"].form
    choices = set(form.fields["participants"].queryset)
    assert uk_person in choices and ru_person not in choices
    # The article's mention autocomplete.
    autocomplete = client.get(reverse("admin:autocomplete"), {
        "term": "Вильчинский", "app_label": "archive", "model_name": "mention", "field_name": "person"})
    assert [row["id"] for row in autocomplete.json()["results"]] == [str(uk_person.pk)]
    # The raw-id lookup of a person's name, and the name form's own validation.
    popup = client.get(reverse(CHANGELIST), {"_popup": "1", "_to_field": "id", "q": "Вильчинский"})
    assert list(popup.context["cl"].result_list) == [uk_person]
    name_form = client.get(reverse("admin:archive_personname_add")).context["adminform"].form
    assert ru_person not in set(name_form.fields["person"].queryset)
    # The "Merge this person into" choice.
    other = Person.objects.get(slug="volodymyr-zelensky")
    form = client.get(reverse("admin:archive_person_change", args=[other.pk])).context["adminform"].form
    assert ru_person not in set(form.fields["merge_with"].queryset)


@pytest.mark.django_db
def test_view_on_site_leads_from_the_admin_to_the_readers_pages(client, editor):
    article = make_article("Заява міністра", "Міністр у справах Уельсу Навін Пара приїхав до Києва.", "uk", DAY,
                           outlet=Outlet.objects.create(name="Вісті Полісся", slug="visti-polissia"))
    analyze_article(article)
    person = article.people.get()
    event = Event.objects.create(slug="kyiv-visit", name_en="Kyiv visit", start_date=DAY)
    for obj, admin_name, reader_url in [
        (article, "article", reverse("web:article", args=[article.pk])),
        (person, "person", reverse("web:person", args=[person.slug])),
        (event, "event", reverse("web:event", args=[event.slug])),
        (article.outlet, "outlet", reverse("web:outlet", args=["visti-polissia"])),
    ]:
        page = client.get(reverse(f"admin:archive_{admin_name}_change", args=[obj.pk])).content.decode()
        shortcut = reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(obj).pk, obj.pk])
        assert f'href="{shortcut}"' in page and "View on site" in page, admin_name
        redirect = client.get(shortcut)
        assert redirect.status_code == 302 and redirect["Location"].endswith(reader_url), admin_name
        assert client.get(reader_url).status_code == 200, admin_name


@pytest.mark.django_db
def test_a_ukrainian_form_inside_a_russian_text_links_to_the_known_person():
    arakhamia = Person.objects.get(slug="davyd-arakhamia")   # curated: «Давид Арахамия», «Давид Арахамія»
    article = make_article("Переговоры", "По словам Давида Арахамії, делегация вылетит в среду.", "ru", DAY)
    analyze_article(article)
    assert list(article.people.all()) == [arakhamia]
    assert not Person.objects.filter(name__startswith="David Arakham").exists()   # no duplicate record


@pytest.mark.django_db
def test_a_ukrainian_form_inside_a_russian_text_links_to_a_discovered_person_and_back():
    uk = make_article("Сесія", "Депутат Юрій Білик виступив на сесії міськради.", "uk", DAY)
    analyze_article(uk)
    person = uk.people.get()
    ru = make_article("Сессия", "Выступление Юрія Білика на сессии горсовета обсуждали весь день.", "ru", DAY)
    analyze_article(ru)
    assert list(ru.people.all()) == [person]
    # And a Russian spelling inside a Ukrainian text (no Ukrainian word is written with «ы»).
    ru_first = make_article("Сессия", "Депутат Сергей Рыбаков выступил на сессии горсовета.", "ru", DAY)
    analyze_article(ru_first)
    rybakov = ru_first.people.get()
    uk_quote = make_article("Сесія", "Заяву Сергея Рыбакова обговорювали весь день.", "uk", DAY)
    analyze_article(uk_quote)
    assert list(uk_quote.people.all()) == [rybakov]


def test_a_latin_alias_on_a_person_met_only_in_cyrillic_links_english_articles(client, editor):
    """The trap as editors met it: "Alexei Polishchuk" added to a discovered «Олексій Поліщук»."""
    first = make_article("Рада", "Депутат Олексій Поліщук виступив у Раді.", "uk", DAY)
    analyze_article(first)
    person = first.people.get()
    assert person.origin == Person.Origin.DISCOVERED
    url = reverse("admin:archive_person_change", args=[person.pk])
    data = person_form_data(client.get(url))
    n = data["names-TOTAL_FORMS"]
    data.update({"names-TOTAL_FORMS": n + 1, f"names-{n}-person": person.pk, f"names-{n}-name": "Alexei Polishchuk",
                 f"names-{n}-language": "en", f"names-{n}-kind": "alias"})
    assert client.post(url, data).status_code == 302
    english = make_article("Parliament", "The deputy Alexei Polishchuk spoke in parliament on Tuesday.", "en", DAY)
    analyze_article(english)
    assert list(english.people.all()) == [person]
    person.refresh_from_db()
    assert person.origin == Person.Origin.DISCOVERED
