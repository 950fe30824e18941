"""What a feed reader renders from a summary, and header dates that cannot be real."""
from datetime import date
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest

from archive.ingest.parse import parse_article
from archive.models import Event, EventArticle, Mention, Person
from tests.factories import make_article
from tests.hostile_inputs import IMPOSSIBLE_HEADER_DATES

ATOM = "{http://www.w3.org/2005/Atom}"
BODY = 'Body <script>alert(1)</script> <iframe src="javascript:alert(2)"></iframe> & <b>bold</b>.\n\nSecond.'


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def rendered_tags(html: str) -> list[str]:
    """The elements a feed reader would build from the summary's HTML."""
    parser = _Tags()
    parser.feed(html)
    return parser.tags


@pytest.fixture
def hostile_article(db):
    article = make_article(title="Hostile body", body=BODY, published=date(2026, 1, 6), language="en")
    person = Person.objects.create(name="Some Person", slug="some-person")
    Mention.objects.create(article=article, person=person, surface_forms=["Some Person"], count=1)
    event = Event.objects.create(slug="some-event", name_en="Some event", start_date=date(2026, 1, 6))
    EventArticle.objects.create(event=event, article=article)
    return article


@pytest.mark.parametrize("url", ["/search/feed/?q=Body", "/people/some-person/feed/", "/events/some-event/feed/"])
def test_feed_summaries_are_html_escaped_text(client, hostile_article, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = ElementTree.fromstring(response.content)
    summaries = [entry.find(f"{ATOM}summary") for entry in feed.iter(f"{ATOM}entry")]
    assert summaries and all(s.get("type") == "html" for s in summaries)
    html = summaries[0].text
    assert rendered_tags(html) == ["p", "p"]  # our paragraphs, nothing from the article
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;iframe src=&quot;javascript:alert(2)&quot;&gt;" in html and "&amp; &lt;b&gt;bold" in html


@pytest.mark.parametrize("header", [f"date {day}" for day in IMPOSSIBLE_HEADER_DATES])
def test_an_impossible_header_date_never_becomes_the_title(header):
    parsed = parse_article(f"{header} Мост откроют летом\n\nРемонт моста закончат в июне, сообщили в мэрии.\n",
                           outlet_groups=[])
    assert parsed.title == "Мост откроют летом"
    assert parsed.published is None
    assert f"header date {header.split()[1]} ignored" in parsed.date_note
