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
