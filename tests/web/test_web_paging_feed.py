"""Page numbers with first and last; the search feed's self link keeps the query; entries name author or outlet."""
from datetime import date, timedelta

import pytest

from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(archive):
    for i in range(150):
        make_article(f"Мост {i}", f"Заметка {i} о мосте.", "ru", date(2025, 1, 1) + timedelta(days=i))


def test_page_numbers_link_first_last_and_neighbours(client, many):
    html = client.get("/search/", {"q": "мост", "page": 4}).content.decode()
    assert '<strong aria-current="page">4</strong>' in html
    for number in (1, 2, 3, 5, 6, 7, 8):
        assert f'page={number}">{number}</a>' in html, number
    first = client.get("/search/", {"q": "мост"}).content.decode()
    assert '<span class="ellipsis">…</span>' in first and 'page=8">8</a>' in first  # the last page, past a gap
    assert 'page=5">5</a>' not in first


def test_search_feed_self_link_keeps_the_query(client, archive):
    xml = client.get("/search/feed/", {"q": "Борисов", "language": "ru"}).content.decode()
    assert 'rel="self"' in xml
    self_link = xml.split('rel="self"')[0].rsplit("<link", 1)[1] + xml.split('rel="self"')[1].split(">", 1)[0]
    assert "/search/feed/?q=%D0%91%D0%BE%D1%80%D0%B8%D1%81%D0%BE%D0%B2&amp;language=ru" in self_link
    assert "<author><name>Пётр Сидоров</name></author>" in xml


def test_undated_matches_are_counted_next_to_the_chart(client, archive):
    make_article("Мост", "Мост без даты.", "ru", published=None)
    response = client.get("/search/", {"q": "мост"})
    assert response.context["undated"] == 1
    assert "1 matching article has no date and is not on the chart." in response.content.decode()
