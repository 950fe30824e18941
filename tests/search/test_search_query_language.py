"""AND, OR, NOT, "-", parentheses, phrases and prefixes, on the seeds and on our own corpus."""
from pathlib import Path

import pytest
from django.core.management import call_command

from archive.models import Article
from archive.search import search_articles
from archive.search.query import Node, Term, parse_query
from archive.web.filters import ArticleFilter

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_engine")]


@pytest.fixture
def seeds(seeds_dir):
    call_command("import_articles", str(seeds_dir), verbosity=0)
    return {Path(article.source_name).name[:3]: article.pk for article in Article.objects.all()}


def hits(q):
    filterset = ArticleFilter(data={"q": q}, queryset=Article.objects.all())
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("pk", flat=True))


def seed_ids(seeds, *numbers):
    return {seeds[number] for number in numbers}


@pytest.mark.parametrize("q, expected", [
    ("Witkoff AND Budanov", ("001", "002", "004")),
    ("Witkoff Budanov", ("001", "002", "004")),
    ("NOT Москва", ("000", "001", "002", "004")),
    ("-Москва", ("000", "001", "002", "004")),
    ("(Мерц OR Макрон) -Песков", ("002",)),
    ("(Мерц OR Макрон) AND NOT Песков", ("002",)),
    ("Мерц OR Макрон", ("002", "003")),
    ("Budanov OR Песков", ("001", "002", "003", "004")),
    ("NOT (Budanov OR Песков)", ("000",)),
    ("Макрон OR NOT Budanov", ("000", "002", "003")),
    ("NOT Budanov AND NOT Песков", ("000",)),
])
def test_operators_give_the_right_seeds(seeds, q, expected):
    assert hits(q) == seed_ids(seeds, *expected)


def test_lower_case_operators_are_words(seeds):
    """"and" is an English word in the index like any other; only AND is the operator."""
    parsed = parse_query("Мерц and Макрон")
    assert len(parsed.groups) == 3


def test_or_binds_tighter_than_and():
    parsed = parse_query("a b OR c")
    assert isinstance(parsed.tree, Node) and parsed.tree.op == "and"
    first, second = parsed.tree.children
    assert isinstance(first, Term) and first.text == "a"
    assert isinstance(second, Node) and second.op == "or"


def test_parentheses_override_the_binding():
    parsed = parse_query("(a b) OR c")
    assert parsed.tree.op == "or"
    assert parsed.tree.children[0].op == "and"


@pytest.mark.parametrize("q", ["(", ")", "((", "a)", "(a", "NOT", "AND", "OR", "a AND", "NOT NOT", "-(", "()",
                               "(" * 50 + "a" + ")" * 50, "a AND OR NOT b", ") a (", "-()"])
def test_malformed_queries_still_parse(corpus, q):
    parsed = parse_query(q)
    queryset, _parsed = search_articles(Article.objects.all(), q)
    list(queryset[:3])
    if "a" not in q and "b" not in q:
        assert parsed.is_empty


def test_double_negation_cancels(corpus):
    assert hits("NOT NOT Уиткофф") == hits("Уиткофф")
    assert hits("-(-Уиткофф)") == hits("Уиткофф")


def test_negated_group_excludes_each_word(corpus):
    everything = set(Article.objects.values_list("pk", flat=True))
    assert hits("-(Уиткофф OR газ)") == everything - hits("Уиткофф") - hits("газ")
    assert hits("NOT Уиткофф") == everything - hits("Уиткофф")
