"""Stored dates at the ends of what a date can hold (admin edits, loaddata) never break a page."""
from datetime import date

import pytest
from django.urls import reverse

from archive.web.charts import MAX_YEAR_BARS, bar_chart, bucket_counts

from tests.factories import make_article

#: Two articles in year 9999 over more than three months: its charts draw month bars up to 9999-12.
ODD_DAYS = [date(9999, 12, 31), date(9999, 1, 15), date(1, 1, 1)]


@pytest.fixture
def odd_archive(archive):
    """The usual archive plus an article at each end of the calendar, stored as typed."""
    for day in ODD_DAYS:
        make_article(title=f"Typo in the year {day.year} ({day.isoformat()})", body=f"Дата статьи набрана с ошибкой: {day.isoformat()}.",
                     published=day, language="ru", outlet=archive.outlet_ru)
    return archive


@pytest.mark.parametrize("url", [
    "/", "/search/", "/search/?q=ошибкой", "/search/?q=Борисов", "/search/?sort=oldest", "/search/?sort=newest",
    "/search/?date_from=9999-12-01", "/search/?q=ошибкой&date_from=9000-01-01", "/search/?date_to=0001-01-01", "/search/feed/?q=ошибкой", "/search/feed/",
    "/archive/", "/archive/9999/", "/archive/9999/12/", "/archive/9999/12/31/", "/archive/1/", "/archive/1/1/",
    "/archive/1/1/1/", "/archive/2026/", "/languages/ru/", "/outlets/vechernii-vestnik/",
])
def test_pages_answer_with_odd_dates_stored(client, odd_archive, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)


def test_year_9999_page_lists_the_article_and_links_back(client, odd_archive):
    html = client.get(reverse("web:archive-year", args=[9999])).content.decode()
    assert reverse("web:archive-year", args=[2026]) in html  # previous: the latest real year
    assert reverse("web:archive-month", args=[9999, "12"]) in html
    html = client.get(reverse("web:archive-month", args=[9999, "12"])).content.decode()
    assert "Typo in the year 9999 (9999-12-31)" in html
    assert reverse("web:archive-month", args=[9999, "01"]) in html  # previous month with articles
    assert reverse("web:archive-day", args=[9999, "12", "31"]) in html


def test_a_mistyped_year_keeps_the_home_chart_small(client, odd_archive):
    html = client.get("/").content.decode()
    chart = html[html.index('<svg class="chart"'):html.index("</svg>")]
    assert chart.count('class="hit"') <= MAX_YEAR_BARS
    assert len(html) < 100_000


@pytest.mark.parametrize("first, last, bars, label", [
    (date(2026, 1, 6), date(2026, 1, 7), 2, "2026-01-06"),
    (date(2026, 1, 1), date(2026, 5, 1), 5, "2026-01"),
    (date(2022, 12, 31), date(2026, 1, 1), 38, "2022-12"),
    (date(1990, 5, 1), date(2026, 1, 1), 37, "1990"),
    (date(1800, 1, 1), date(2026, 1, 1), 46, "1800–1804"),
    (date(2026, 1, 6), date(9999, 12, 31), 40, "2000–2199"),
    (date(1, 1, 1), date(9999, 12, 31), 50, "1–199"),
])
def test_chart_buckets_stay_few_and_never_overflow(first, last, bars, label):
    buckets = bucket_counts([(first, "ru", 2), (last, "uk", 1)])
    assert len(buckets) == bars
    assert buckets[0].label == label
    assert buckets[0].start <= first and last <= buckets[-1].end
    assert sum(bucket.total for bucket in buckets) == 3
    # Bars follow each other with no gap and no overlap.
    for before, after in zip(buckets, buckets[1:]):
        assert before.end.toordinal() + 1 == after.start.toordinal()


def test_a_chart_over_the_whole_calendar_draws():
    svg = bar_chart([(date(1, 1, 1), "all", 1), (date(9999, 12, 31), "all", 1)], title="Articles")
    assert svg.count('class="hit"') == MAX_YEAR_BARS and "1–199" in svg and "9800–9999" in svg
