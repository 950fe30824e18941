"""One person across scripts: an English article's "Jeremy Hunt" is the «Джереми Хант» of
Russian articles, and the archive then shows the English spelling instead of a
transliteration ("Dzheremi Khant"). Both linkers (per file and the bulk path's batch
linker) follow the same rules."""
from pathlib import Path

import pytest
from django.core.management import call_command

from archive.models import Article, Person, PersonName
from archive.nlp import cross_script
from archive.nlp.batch_linking import BatchLinker
from archive.nlp.linking import link
from archive.nlp.recognize import Found
from archive.search import search_articles

pytestmark = pytest.mark.django_db


def found(name: str, *, known_only: bool = False) -> Found:
    first, last = name.split()
    return Found(name, 0, first, last, known_only=known_only)


def link_per_file(name: str, language: str, **kw) -> Person | None:
    return link(found(name, **kw), language)


def link_in_batch(name: str, language: str, **kw) -> Person | None:
    mention = found(name, **kw)
    linker = BatchLinker([[mention]], set())
    person = linker.link(mention, language)
    linker.flush()
    return person


LINKERS = pytest.mark.parametrize("linker", [link_per_file, link_in_batch], ids=["per-file", "batch"])


@pytest.mark.parametrize("latin, cyrillic, same", [
    ("Jeremy", "Джереми", True),
    ("Theresa", "Тереза", True),
    ("Heiko", "Хайко", True),
    ("Heiko", "Гайко", True),
    ("Alexandra", "Александра", True),
    ("Alexandra", "Александр", False),   # the vowel that marks gender
    ("Jeremy", "Джон", False),
    ("Jeremy", "Jeremy", False),         # one script: not this rule's business
])
def test_first_names_sound_alike_across_scripts_only(latin, cyrillic, same):
    assert cross_script.first_names_sound_alike(latin, cyrillic) is same
    assert cross_script.first_names_sound_alike(cyrillic, latin) is same


def test_a_display_name_is_known_as_a_transliteration():
    assert cross_script.is_transliteration("Dzheremi Khant", [("Джереми Хант", "ru")])
    assert not cross_script.is_transliteration("Jeremy Hunt", [("Джереми Хант", "ru")])


@LINKERS
def test_an_english_spelling_links_to_the_person_met_in_cyrillic_and_becomes_the_name(linker):
    hunt = link_per_file("Джереми Хант", "ru")
    assert hunt.name == "Dzheremi Khant"
    slug = hunt.slug
    assert linker("Jeremy Hunt", "en") == hunt
    hunt.refresh_from_db()
    assert hunt.name == "Jeremy Hunt"
    assert hunt.slug == slug  # old links keep working
    names = {(n.name, n.language): n.kind for n in hunt.names.all()}
    assert names[("Jeremy Hunt", "en")] == PersonName.Kind.CANONICAL
    assert names[("Dzheremi Khant", "en")] == PersonName.Kind.ALIAS
    assert names[("Джереми Хант", "ru")] == PersonName.Kind.CANONICAL
    assert hunt.name_in("ru") == "Джереми Хант"
    assert Person.objects.filter(origin=Person.Origin.DISCOVERED).count() == 1


@LINKERS
def test_a_cyrillic_name_links_to_a_person_known_only_in_latin(linker):
    latin = link_per_file("Gordon Whitfield", "en")
    assert linker("Гордон Уитфилд", "ru") == latin
    latin.refresh_from_db()
    assert latin.name == "Gordon Whitfield"
    assert latin.name_in("ru") == "Гордон Уитфилд"


@LINKERS
def test_sound_alone_never_joins_two_people_named_in_cyrillic(linker):
    # «Ханта» and «Хинт» share a sound key; both were met in Cyrillic, so their Cyrillic
    # names, not the sound of their transliterations, tell them apart.
    first = link_per_file("Джереми Хант", "ru")
    assert linker("Джереми Хинт", "ru") != first


@LINKERS
def test_a_woman_is_not_linked_to_a_man_whose_name_sounds_the_same(linker):
    man = link_per_file("Александр Кусто", "ru")
    assert linker("Alexandra Kusto", "en") != man


@LINKERS
def test_two_cyrillic_candidates_give_suggestions_not_a_link(linker):
    from archive.models import MergeSuggestion

    one = link_per_file("Джереми Хант", "ru")
    other = link_per_file("Джереми Хинт", "ru")
    assert one != other
    person = linker("Jeremy Hunt", "en")
    assert person not in (one, other)
    assert MergeSuggestion.objects.filter(person__in=[person, one, other]).exists()


@LINKERS
def test_unknown_latin_words_make_no_person(linker):
    # An English article's "Nord Stream": no first name the archive knows, nobody stored by that name.
    assert linker("Nord Stream", "en", known_only=True) is None
    assert not Person.objects.filter(origin=Person.Origin.DISCOVERED).exists()


@LINKERS
def test_an_unknown_latin_first_name_still_links_to_a_stored_person(linker):
    hunt = link_per_file("Джереми Хант", "ru")
    assert linker("Jeremy Hunt", "en", known_only=True) == hunt


@LINKERS
def test_a_curated_person_keeps_the_editors_name(linker):
    hunt = link_per_file("Джереми Хант", "ru")
    Person.objects.filter(pk=hunt.pk).update(origin=Person.Origin.CURATED)
    hunt.refresh_from_db()
    assert linker("Jeremy Hunt", "en") == hunt
    hunt.refresh_from_db()
    assert hunt.name == "Dzheremi Khant"


def write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_through_the_loader_an_english_article_renames_and_search_finds_both(tmp_path):
    russian = tmp_path / "ru"
    write(russian, "hunt-ru.txt",
          "Хант прилетел в Токио\n\nМинистр иностранных дел Великобритании Джереми Хант прилетел в Токио "
          "на переговоры о торговле. Хант встретился с коллегами и обсудил поставки оборудования.\n")
    call_command("import_articles", str(russian))
    english = tmp_path / "en"
    write(english, "hunt-en.txt",
          "Hunt in Tokyo\n\nThe British Foreign Secretary Jeremy Hunt arrived in Tokyo on Monday for talks "
          "on trade. Officials said the meetings would continue through the week and cover several "
          "agreements on equipment and shipping.\n")
    call_command("import_articles", str(english))
    assert set(Article.objects.values_list("language", flat=True)) == {"ru", "en"}
    people = list(Person.objects.visible().filter(origin=Person.Origin.DISCOVERED))
    assert [p.name for p in people] == ["Jeremy Hunt"]
    assert Article.objects.filter(people=people[0]).count() == 2
    hits, _ = search_articles(Article.objects.all(), "Jeremy Hunt")
    assert hits.count() == 2


def test_reanalysis_merges_a_person_split_across_scripts_and_keeps_the_english_name():
    """Records made before the archive linked across scripts: «Джереми Хант» (two Russian
    articles, "Dzheremi Khant") and "Jeremy Hunt" (an English one) become one person."""
    from archive.nlp.linking import create_person
    from tests.factories import make_article, mention

    russian = link_per_file("Джереми Хант", "ru")
    english = create_person(found("Jeremy Hunt"), "en")
    assert russian != english
    for n in range(2):
        article = make_article(f"Визит {n}", "Министр Джереми Хант прилетел в Токио на переговоры.", "ru")
        mention(article, russian, "Джереми Хант")
    article = make_article("Visit", "Foreign Secretary Jeremy Hunt arrived in Tokyo for talks.", "en")
    mention(article, english, "Jeremy Hunt")
    call_command("reanalyze", "--all")
    survivors = list(Person.objects.visible().filter(origin=Person.Origin.DISCOVERED))
    assert [p.name for p in survivors] == ["Jeremy Hunt"]
    assert survivors[0].pk == russian.pk  # the record in more articles survives, with its slug
    assert Article.objects.filter(people=survivors[0]).count() == 3
    assert survivors[0].name_in("ru") == "Джереми Хант"
