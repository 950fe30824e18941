"""The five seed articles, loaded by the real loader, searched by name in every script."""
import pytest
from django.core.management import call_command

from archive.models import Article
from archive.web.filters import ArticleFilter

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_engine")]


@pytest.fixture
def seeds(seeds_dir):
    call_command("import_articles", str(seeds_dir), verbosity=0)
    return list(Article.objects.order_by("pk"))


def hits(**params):
    filterset = ArticleFilter(data=params, queryset=Article.objects.all())
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("pk", flat=True))


@pytest.mark.parametrize("q", ["Witkoff", "Віткофф", "Уиткоффом", "уиткофф"])
def test_witkoff_in_any_script_finds_every_seed(seeds, q):
    assert len(seeds) == 5
    assert hits(q=q) == {article.pk for article in seeds}


def test_the_seed_facets_add_up(seeds):
    from archive.search.facets import compute_facets

    facets = compute_facets(ArticleFilter(data={"q": "Witkoff"}, queryset=Article.objects.all()).qs)
    assert sum(row["count"] for row in facets["language"]) == 5
    assert any(row["value"] == "steve-witkoff" and row["count"] == 5 for row in facets["person"])
