"""``reanalyze --all`` merges the records an older recognizer split one person into."""
import pytest
from django.core.management import call_command

from archive.models import MergeSuggestion, Mention, Person, PersonName

from tests.factories import make_article

pytestmark = pytest.mark.django_db

TEXT = "Міністр Стівен Барклі прибув до Відня. Стівена Барклі запросили на переговори."


def old_record(name: str, latin: str, article, words, *, origin=Person.Origin.DISCOVERED) -> Person:
    """A person as an older recognizer stored it: a wrong nominative, the article's words."""
    person = Person.objects.create(name=latin, slug=latin.lower().replace(" ", "-"), origin=origin)
    PersonName.objects.create(person=person, name=name, language="uk", kind=PersonName.Kind.CANONICAL)
    Mention.objects.create(article=article, person=person, surface_forms=words)
    return person


def test_a_split_record_is_merged_into_the_person_its_words_now_name():
    article = make_article("Візит", TEXT, "uk")
    split = old_record("Стівен Баркля", "Stiven Barklia", article, ["Стівена Барклі"])
    call_command("reanalyze", "--all", verbosity=0)
    (person,) = article.people.all()
    assert person.name == "Stiven Barkli"
    split.refresh_from_db()
    assert split.merged_into == person
    assert ("Стівен Баркля", "uk") in set(person.names.values_list("name", "language"))


def test_curated_people_are_never_merged_by_analysis():
    article = make_article("Візит", TEXT, "uk")
    curated = old_record("Стівен Баркля", "Stiven Barklia", article, ["Стівена Барклі"],
                         origin=Person.Origin.CURATED)
    call_command("reanalyze", "--all", verbosity=0)
    curated.refresh_from_db()
    assert curated.merged_into is None


def test_words_that_went_to_two_people_give_suggestions_not_a_merge():
    article = make_article("Візит", TEXT + " Також прибула Ольга Барклі.", "uk")
    split = old_record("Стівен Баркля", "Stiven Barklia", article, ["Стівена Барклі", "Ольга Барклі"])
    call_command("reanalyze", "--all", verbosity=0)
    split.refresh_from_db()
    assert split.merged_into is None
    assert MergeSuggestion.objects.filter(person=split).count() + MergeSuggestion.objects.filter(other=split).count() >= 2


def test_records_split_by_a_case_ending_are_merged_into_the_one_named_more():
    # The wrong record's article is not re-analysed, so its mention stays: only the lookup
    # of the re-analysed person's names by linking's rules can find the two are one.
    first = make_article("Візит", "Міністр Хорхе Пелаес прибув до Відня. Пелаес провів переговори.", "uk")
    second = make_article("Переговори", "Речник Хорхе Пелаес підтвердив зустріч.", "uk")
    third = make_article("Інтерв'ю", "Інтерв'ю дав міністр Хорхе Пелаес.", "uk")
    right = old_record("Хорхе Пелаес", "Khorkhe Pelaes", first, ["Хорхе Пелаес", "Пелаес"])
    Mention.objects.create(article=second, person=right, surface_forms=["Хорхе Пелаес"])
    wrong = old_record("Хорхе Пелаеса", "Khorkhe Pelaesa", third, ["Хорхе Пелаеса"])
    call_command("reanalyze", str(first.pk), verbosity=0)
    wrong.refresh_from_db()
    assert wrong.merged_into == right
    assert {p.pk for a in (first, second, third) for p in a.people.all()} == {right.pk}
    assert ("Хорхе Пелаеса", "uk") in set(right.names.values_list("name", "language"))


def test_records_an_editor_kept_apart_are_not_merged_by_analysis():
    article = make_article("Візит", "Міністр Хорхе Пелаес прибув до Відня.", "uk")
    other = make_article("Візит", "Посол Хорхе Пелаеса прибув до Відня.", "uk")
    right = old_record("Хорхе Пелаес", "Khorkhe Pelaes", article, ["Хорхе Пелаес"])
    wrong = old_record("Хорхе Пелаеса", "Khorkhe Pelaesa", other, ["Хорхе Пелаеса"])
    MergeSuggestion.objects.create(person=right, other=wrong, score=0.5, reason="test",
                                   status=MergeSuggestion.Status.REJECTED)
    call_command("reanalyze", str(article.pk), verbosity=0)
    wrong.refresh_from_db(), right.refresh_from_db()
    assert wrong.merged_into is None and right.merged_into is None
