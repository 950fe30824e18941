"""Recognition and linking on articles written for these tests (ru, uk, en)."""
import pytest

from archive.models import MergeSuggestion, Person
from archive.text.keys import name_key, transliterate
from archive.nlp.pipeline import analyze_article, preview_people

from tests.factories import make_article


def names_of(article):
    return sorted(p.name for p in article.people.all())


def test_keys_join_scripts_and_transliteration_follows_national_standards():
    assert name_key("Уиткофф") == name_key("Віткофф") == name_key("Witkoff")
    assert name_key("Кислица") == name_key("Кислиця") == name_key("Kyslytsia")
    assert name_key("Зеленский") == name_key("Зеленський") == name_key("Zelensky")
    assert transliterate("Сергій Кислиця", "uk") == "Serhii Kyslytsia"
    assert transliterate("Юлія Згурська", "uk") == "Yuliia Zghurska"
    assert transliterate("Сергей Кислица", "ru") == "Sergei Kislitsa"


@pytest.mark.django_db
def test_new_person_in_ukrainian_and_russian_articles_is_one_person():
    uk = make_article("Міністр провів зустріч", "Міністр енергетики Остап Дзюбенко зустрівся з партнерами. "
                      "Дзюбенко заявив, що ремонти тривають.", "uk")
    ru = make_article("Министр провел встречу", "Министр энергетики Остап Дзюбенко встретился с партнерами. "
                      "По словам Дзюбенко, ремонты продолжаются.", "ru")
    analyze_article(uk)
    analyze_article(ru)
    people = Person.objects.filter(origin=Person.Origin.DISCOVERED)
    assert people.count() == 1
    person = people.get()
    assert person.name == "Ostap Dziubenko"
    assert set(uk.people.all()) == set(ru.people.all()) == {person}
    assert uk.mentions.get().count == 2 and ru.mentions.get().count == 2
    forms = set(person.names.values_list("name", "language"))
    assert ("Остап Дзюбенко", "uk") in forms and ("Остап Дзюбенко", "ru") in forms


@pytest.mark.django_db
def test_russian_and_ukrainian_first_names_agree_across_languages():
    uk = make_article("Радник", "Радник міністра Олександр Ткачишин прибув до Львова.", "uk")
    ru = make_article("Советник", "Советник министра Александр Ткачишин прибыл во Львов.", "ru")
    analyze_article(uk)
    analyze_article(ru)
    assert Person.objects.filter(origin=Person.Origin.DISCOVERED).count() == 1


@pytest.mark.django_db
def test_different_first_name_with_same_surname_is_a_suggestion_not_a_merge():
    a = make_article("Депутат", "Депутат Олексій Гордієнко виступив у Раді.", "uk")
    b = make_article("Депутат", "Депутат Олег Гордієнко виступив у Раді вдруге.", "uk")
    analyze_article(a)
    analyze_article(b)
    assert Person.objects.filter(origin=Person.Origin.DISCOVERED).count() == 2
    assert MergeSuggestion.objects.filter(status=MergeSuggestion.Status.PENDING).count() == 1


@pytest.mark.django_db
def test_feminine_names_are_normalized_with_their_gender():
    ru = make_article("Посол", "Встреча с Ольгой Стефанишиной и Мариной Кравчук прошла в Вашингтоне.", "ru")
    assert preview_people(title=ru.title, body=ru.body, language="ru") == ["Ольга Стефанишина", "Марина Кравчук"]
    analyze_article(ru)
    assert "Olga Stefanishyna" in names_of(ru)   # curated, matched in the instrumental case
    assert "Marina Kravchuk" in names_of(ru)      # discovered, feminine nominative


@pytest.mark.django_db
def test_feminine_foreign_name_is_the_woman_not_a_man():
    text = "Премьер Италии Джорджа Мелони прибыла в Киев. Мелони встретилась с Зеленским."
    assert preview_people(title="Визит", body=text, language="ru") == ["Джорджа Мелони", "Владимир Зеленский"]


@pytest.mark.django_db
def test_surname_only_mention_links_to_full_name_in_the_same_article():
    uk = make_article("Гордійчук: переговори тривають", "Заступник міністра Тарас Гордійчук розповів про "
                      "переговори. За словами Гордійчука, наступний раунд буде у березні.", "uk")
    analyze_article(uk)
    person = Person.objects.get(origin=Person.Origin.DISCOVERED)
    assert person.name == "Taras Hordiichuk"
    mention = uk.mentions.get(person=person)
    assert mention.count == 3 and mention.first_position == 0
    assert {"Гордійчук", "Гордійчука"} <= set(mention.surface_forms)


@pytest.mark.django_db
def test_photo_credit_byline_breadcrumb_and_sentence_starts_make_no_person():
    body = ("Головна Світ Політика\nОксана Литвиненко\nДжерело\n"
            "Прем'єр зустрівся з партнерами © Sean Gallup/ Getty Images\n"
            "Нагадаємо, зустріч відбулася у Брюсселі. Дякую Америці за підтримку, сказав він.\n"
            "фото: Олена Мельник\n")
    article = make_article("Новини", body, "uk")
    analyze_article(article)
    assert names_of(article) == []
    assert not Person.objects.filter(origin=Person.Origin.DISCOVERED).exists()


@pytest.mark.django_db
def test_english_article_links_known_people_and_skips_credit():
    body = ("Photo: John Smith / Reuters\nUS envoy Steve Witkoff met Volodymyr Zelensky in Paris. "
            "Witkoff said talks would go on.")
    assert preview_people(title="Talks", body=body, language="en") == ["Steve Witkoff", "Volodymyr Zelensky"]


@pytest.mark.django_db
def test_hidden_person_stays_out_after_reanalysis_and_shown_again_has_its_articles():
    from archive.curation import set_hidden

    article = make_article("Заява", "Депутат Ярема Сливчук зробив заяву.", "uk")
    analyze_article(article)
    person = Person.objects.get(origin=Person.Origin.DISCOVERED)
    set_hidden(person, True, acting_user=None)
    analyze_article(article)
    assert list(article.people.filter(hidden=False)) == []
    assert Person.objects.filter(origin=Person.Origin.DISCOVERED).count() == 1   # no new person either
    set_hidden(person, False, acting_user=None)
    assert names_of(article) == ["Yarema Slyvchuk"]
