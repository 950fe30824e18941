"""A person filter on a merged slug finds the surviving person's articles, however long the chain."""
import pytest

from archive.models import Article, Mention, Person
from archive.web.filters import ArticleFilter
from tests.web.test_web_search import result_titles


@pytest.fixture
def merged_twice(archive) -> Person:
    """``b-i-borisov`` -> ``i-borisov`` -> ``ivan-borisov`` (a chain an editor can leave in the admin)."""
    return Person.objects.create(name="B. I. Borisov", slug="b-i-borisov", merged_into=archive.merged)


def borisov_titles(archive) -> set[str]:
    return {archive.ru.title, archive.uk.title, archive.en.title}


@pytest.mark.parametrize("slug", ["i-borisov", "b-i-borisov"])
def test_filter_follows_every_merge_hop(archive, merged_twice, slug):
    filterset = ArticleFilter(data={"person": slug}, queryset=Article.objects.all())
    assert filterset.is_valid(), filterset.errors
    assert {a.title for a in filterset.qs} == borisov_titles(archive)


def test_search_page_and_api_agree_on_a_slug_merged_twice(client, archive, merged_twice):
    html = client.get("/search/", {"person": "b-i-borisov"}).content.decode()
    assert set(result_titles(html)) == borisov_titles(archive)
    data = client.get("/api/articles/", {"person": "b-i-borisov"}).json()
    assert {hit["title"] for hit in data["results"]} == borisov_titles(archive)


def test_person_page_of_a_slug_merged_twice_redirects_to_the_survivor(client, archive, merged_twice):
    response = client.get("/people/b-i-borisov/")
    assert response.status_code == 301
    assert response["Location"].rstrip("/").endswith("/ivan-borisov")


def test_api_lists_the_surviving_person_not_a_merged_record(client, archive, merged_twice):
    # A mention left on a merged record (e.g. rows loaded from an old fixture) is not a person
    # of the archive: the article lists only the people a reader can open.
    Mention.objects.create(article=archive.ru_later, person=merged_twice)
    data = client.get("/api/articles/", {"q": "бюджет"}).json()
    (hit,) = data["results"]
    assert hit["people"] == []


@pytest.mark.django_db
def test_the_api_filter_form_lists_no_merged_person(client, archive, merged_twice):
    """The browsable API's filter form offers people to choose: the survivors, not merged records."""
    merged = Person.objects.filter(merged_into__isnull=False)
    assert merged.exists()
    html = client.get("/api/articles/", HTTP_ACCEPT="text/html").content.decode()
    survivor = Person.objects.visible().first()
    assert f'value="{survivor.slug}"' in html
    for person in merged:
        assert f'value="{person.slug}"' not in html


def test_the_person_filter_lists_visible_people_only_and_takes_a_merged_slug(archive, merged_twice):
    """The form offers the visible people as choices (read only when listed), never a merged or
    hidden record, and still accepts a merged person's slug."""
    filterset = ArticleFilter(data={"person": "b-i-borisov"}, queryset=Article.objects.all())
    field = filterset.form.fields["person"]
    listed = {str(value) for value, _label in field.choices}
    assert listed == set(Person.objects.visible().values_list("slug", flat=True))
    assert {"ivan-borisov"} <= listed and not {"i-borisov", "b-i-borisov", "stone-bridge"} & listed
    assert len(field.choices) == len(listed) and field.choices
    assert filterset.is_valid(), filterset.errors
