"""Cached searches (archive/web/search_cache.py): served again without the search's queries,
and changed as soon as the archive changes, in the API and on the search page alike."""
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Article, Person
from archive.web import search_cache
from tests.factories import make_article, mention

QUERY = {"q": "Борисов"}


@pytest.fixture
def shared_cache(settings, tmp_path):
    """The file cache gunicorn's workers share, in a folder of this test's own."""
    settings.CACHES = {"default": {"BACKEND": "archive.filecache.FolderCache",
                                   "LOCATION": str(tmp_path / "cache")}}
    settings.SEARCH_CACHE_SECONDS = 300
    yield caches["default"]
    caches["default"].clear()


def api_count(client, params=QUERY) -> int:
    response = client.get("/api/articles/", params)
    assert response.status_code == 200
    return response.json()["count"]


def person_facet(client, params=QUERY) -> list[str]:
    return [item["value"] for item in client.get("/api/articles/", params).json()["facets"]["person"]]


def test_a_repeated_search_skips_the_count_the_ranking_and_the_facets(client, archive, shared_cache,
                                                                       django_assert_max_num_queries):
    first = client.get("/api/articles/", QUERY).json()
    # 5: the names' freshness check, the page's rows by id, their mentions, the people's names,
    # and the events the query might name... (no count, no ranked ids, no facet statement).
    with django_assert_max_num_queries(5):
        again = client.get("/api/articles/", QUERY).json()
    assert again == first


def test_an_added_article_is_found_at_once(client, archive, shared_cache):
    before = api_count(client)
    article = make_article("Борисов открыл мост", "Иван Борисов открыл новый мост.", "ru", date(2026, 1, 20),
                           outlet=archive.outlet_ru)
    mention(article, archive.borisov, "Иван Борисов")
    assert api_count(client) == before + 1
    page = client.get("/search/", QUERY)
    assert page.context["total"] == before + 1
    assert "Борисов открыл мост" in page.content.decode()


def test_an_edited_article_leaves_the_search_it_no_longer_matches(client, archive, shared_cache):
    before = api_count(client, {"q": "мост"})
    assert before >= 1
    for article in Article.objects.search("мост").as_queryset():
        article.title, article.body = "Заметка", "О погоде."
        article.save()
    assert api_count(client, {"q": "мост"}) == 0
    assert client.get("/search/", {"q": "мост"}).context["total"] == 0


def test_a_hidden_person_leaves_the_facets_and_the_expansions(client, archive, shared_cache):
    assert "ivan-borisov" in person_facet(client)
    borisov = Person.objects.get(slug="ivan-borisov")
    borisov.hidden = True
    borisov.save()
    assert "ivan-borisov" not in person_facet(client)


def test_a_deleted_article_is_gone_from_count_and_page(client, archive, shared_cache):
    before = api_count(client)
    archive.ru.delete()
    assert api_count(client) == before - 1
    titles = [row["title"] for row in client.get("/api/articles/", QUERY).json()["results"]]
    assert archive.ru.title not in titles


def test_a_change_in_another_process_counts_everywhere(client, archive, shared_cache):
    """The generation lives in the shared cache: a bump by any process (here: by hand, as an
    import worker's would be) makes every process search again."""
    api_count(client)
    generation = search_cache.generation()
    key = search_cache.key("total", {"q": ["Борисов"]})
    assert shared_cache.get(key) is not None  # cached under the current generation
    shared_cache.incr(search_cache.generation_key())
    assert search_cache.generation() == generation + 1
    assert shared_cache.get(search_cache.key("total", {"q": ["Борисов"]})) is None


def test_a_lost_generation_never_brings_old_entries_back(archive, shared_cache):
    generation = search_cache.generation()
    shared_cache.delete(search_cache.generation_key())  # evicted, or the cache emptied
    assert search_cache.generation() != generation


def test_staff_searches_are_never_served_from_the_cache(client, archive, shared_cache):
    editor = get_user_model().objects.create_user("editor", "editor@example.org", "pw", is_staff=True)
    client.get("/api/articles/", QUERY)  # cached for readers
    client.force_login(editor)
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/articles/", QUERY)
    statements = " ".join(query["sql"] for query in queries.captured_queries)
    assert "COUNT(*)" in statements and "WITH matched" in statements  # counted and faceted again


def test_the_generation_moves_again_when_the_change_commits(archive, shared_cache,
                                                            django_capture_on_commit_callbacks):
    before = search_cache.generation()
    with django_capture_on_commit_callbacks(execute=True):
        archive.ru.save()
        during = search_cache.generation()
    assert before < during < search_cache.generation()  # nothing read before the commit is kept


def test_each_reader_gets_their_own_csrf_token(archive, shared_cache, client, django_user_model):
    """The page itself is never cached: only the search's numbers and ids are."""
    from django.test import Client

    first = client.get("/search/", QUERY)
    other = Client().get("/search/", QUERY)
    assert first.context["csrf_token"] != other.context["csrf_token"]
    assert first.context["total"] == other.context["total"]


def test_a_reader_who_just_wrote_searches_uncached(client, archive, shared_cache, settings):
    """During the pin after a POST (the archive_primary cookie) a reader sees their own change."""
    from archive.web.replica_routing import PRIMARY_COOKIE

    client.get("/api/articles/", QUERY)  # cached
    client.cookies[PRIMARY_COOKIE] = "1"
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/articles/", QUERY)
    assert "WITH matched" in " ".join(query["sql"] for query in queries.captured_queries)


def test_an_import_is_found_at_once(client, db, shared_cache, seeds_dir):
    """The bulk import sends no post_save for its articles: it moves the generation itself."""
    from django.core.management import call_command

    assert api_count(client, {"q": "Уиткофф"}) == 0  # cached: nothing yet
    call_command("import_articles", str(seeds_dir), stdout=open("/dev/null", "w"))
    assert api_count(client, {"q": "Уиткофф"}) > 0


def test_cached_results_page_as_the_search_results_do(archive, shared_cache):
    """The cache's results are the same sequence as the search's, before and after caching:
    len, slices, an index, an index past the end, and the slices neither serves."""
    from django.http import QueryDict

    from archive.web.filters import ArticleFilter

    def results():
        filterset = ArticleFilter(data=QueryDict("q=Борисов OR мост"), queryset=Article.objects.all())
        assert filterset.is_valid(), filterset.errors
        plain = filterset.results()
        return plain, search_cache.CachedResults(plain, search_cache.search_params(filterset))

    plain, cached = results()
    total = plain.count()
    assert total >= 2
    for round_ in ("computed", "from the cache"):
        if round_ == "from the cache":
            plain, cached = results()
        assert len(cached) == len(plain) == total
        assert [a.pk for a in cached[0:total]] == [a.pk for a in plain[0:total]]
        assert cached[1].pk == plain[1].pk
        assert cached[1:1] == plain[1:1] == []
        with pytest.raises(IndexError):
            cached[total]
        for bad in (slice(0, None), slice(-1, 2), slice(0, 4, 2)):
            with pytest.raises(ValueError):
                cached[bad]
            with pytest.raises(ValueError):
                plain[bad]


def test_a_repeated_search_page_skips_the_search_and_its_suggestions(client, archive, shared_cache,
                                                                     django_assert_max_num_queries):
    first = client.get("/search/", QUERY)
    assert any(item["slug"] == "ivan-borisov" for item in first.context["entities"])
    # 3: the names' freshness check, the page's rows by id and their mentions (an English
    # reader's rows read no names); no count, ranked ids or facets, nor the suggestions' lookups.
    with django_assert_max_num_queries(3):
        again = client.get("/search/", QUERY)
    assert again.context["entities"] == first.context["entities"]
    assert again.context["did_you_mean"] == first.context["did_you_mean"]
    borisov = Person.objects.get(slug="ivan-borisov")
    borisov.hidden = True
    borisov.save()
    assert not any(item["slug"] == "ivan-borisov" for item in client.get("/search/", QUERY).context["entities"])


def test_a_repeated_api_search_runs_no_query(client, archive, shared_cache, django_assert_num_queries):
    """The whole answer of a search asked before (count, rows, snippets, facets, links) is
    kept: answered again without a statement, the same answer, until the archive changes."""
    first = client.get("/api/articles/", QUERY).json()
    with django_assert_num_queries(0):
        again = client.get("/api/articles/", QUERY).json()
    assert again == first
    archive.ru.title = "Борисов открыл второй мост"
    archive.ru.save()
    titles = [row["title"] for row in client.get("/api/articles/", QUERY).json()["results"]]
    assert "Борисов открыл второй мост" in titles


def test_a_repeated_search_page_runs_no_query(client, archive, shared_cache, django_assert_num_queries):
    """An anonymous reader's repeated search page: the filters and results as rendered before,
    no statement (no session to read either); an edited title shows at once."""
    first = client.get("/search/", QUERY)
    with django_assert_num_queries(0):
        again = client.get("/search/", QUERY)
    assert again.status_code == 200
    assert archive.ru.title in again.content.decode()
    assert again.context["total"] == first.context["total"]
    archive.ru.title = "Борисов открыл второй мост"
    archive.ru.save()
    assert "Борисов открыл второй мост" in client.get("/search/", QUERY).content.decode()


def test_kept_answers_depend_on_the_language_and_every_parameter(client, archive, shared_cache):
    """A Russian reader is not shown the English reader's answer, nor page 2 page 1's, nor a
    link without a parameter the URL had."""
    english = client.get("/search/", QUERY, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    russian = client.get("/search/", QUERY, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert english != russian and "Иван Борисов" in russian
    api_en = client.get("/api/articles/", QUERY, HTTP_ACCEPT_LANGUAGE="en").json()
    api_ru = client.get("/api/articles/", QUERY, HTTP_ACCEPT_LANGUAGE="ru").json()
    names = {person["display_name"] for row in api_ru["results"] for person in row["people"]}
    assert "Иван Борисов" in names and api_en != api_ru
    one = client.get("/api/articles/", {**QUERY, "page_size": 1}).json()
    two = client.get("/api/articles/", {**QUERY, "page_size": 1, "page": 2}).json()
    assert one["results"] != two["results"] and two["previous"]
    tagged = client.get("/search/", {**QUERY, "ref": "mail"}).content.decode()
    assert "ref=mail" in tagged and "ref=mail" not in client.get("/search/", QUERY).content.decode()


def test_a_bad_search_is_never_kept(client, archive, shared_cache, settings):
    from pathlib import Path

    assert client.get("/api/articles/", QUERY).status_code == 200  # the generation and a good answer kept
    folder = Path(settings.CACHES["default"]["LOCATION"])
    entries = set(folder.iterdir())
    for _ in range(2):
        assert client.get("/api/articles/", {**QUERY, "outlet": "no-such-outlet"}).status_code == 400
        assert client.get("/search/", {**QUERY, "outlet": "no-such-outlet"}).status_code == 400
        assert client.get("/api/articles/", {**QUERY, "page": "0"}).status_code == 400
    added = set(folder.iterdir()) - entries
    assert len(added) <= 1  # at most the page's suggestions for the words, never an answer
    outlet = archive.outlet_ru
    outlet.slug = "no-such-outlet"  # now it exists: the same URL is a good search
    outlet.save()
    assert client.get("/api/articles/", {**QUERY, "outlet": "no-such-outlet"}).status_code == 200


def test_the_kept_page_holds_no_reader_of_its_own(client, archive, shared_cache, django_user_model):
    """The account, the CSRF token and the save-search form are each reader's, around the kept
    part: a signed-in reader's page does not reach an anonymous one, nor the other way round."""
    from django.test import Client

    reader = django_user_model.objects.create_user("reader", "reader@example.org", "pw")
    client.force_login(reader)
    signed_in = client.get("/search/", QUERY).content.decode()
    assert "reader@example.org" in signed_in and 'name="query_string"' in signed_in
    anonymous = Client().get("/search/", QUERY)
    assert anonymous.status_code == 200
    assert "reader@example.org" not in anonymous.content.decode()
    assert 'name="query_string"' not in anonymous.content.decode()
    assert "Log in to save this search" in anonymous.content.decode()
    again = client.get("/search/", QUERY)
    assert again.context["csrf_token"] != anonymous.context["csrf_token"]
    assert 'name="query_string"' in again.content.decode()


def test_the_folder_cache_counts_its_entries_now_and_then_and_still_culls(tmp_path):
    """archive.filecache.FolderCache lists its folder once every CULL_EVERY writes (a listing
    per write was most of a write's cost), and still keeps near MAX_ENTRIES."""
    from archive.filecache import FolderCache

    most = 4 * FolderCache.CULL_EVERY
    cache = FolderCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": most}})
    written = 10 * FolderCache.CULL_EVERY
    for number in range(written):
        cache.set(f"entry-{number}", number)
    entries = len(list(tmp_path.glob("*.djcache")))
    assert most // 2 <= entries <= most + FolderCache.CULL_EVERY  # culled, by a third at a time
    assert cache.get(f"entry-{written - 1}") == written - 1


def test_the_browsable_api_is_never_a_kept_answer(client, archive, shared_cache):
    """The kept answer is the JSON one; the browsable API (a browser's Accept) computes its page,
    with its page controls, even for a search whose JSON answer is kept."""
    client.get("/api/articles/", {**QUERY, "page_size": 1})
    for _ in range(2):
        page = client.get("/api/articles/", {**QUERY, "page_size": 1}, HTTP_ACCEPT="text/html")
        assert page.status_code == 200
        assert 'class="pagination"' in page.content.decode()
