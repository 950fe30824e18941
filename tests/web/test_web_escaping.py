"""Every field that comes from a file or an editor is shown as text, never as markup."""
from datetime import date

import pytest
from django.urls import reverse

from archive.models import Event, EventArticle, Mention, Outlet, OutletName, Person, PersonName, StoryCluster
from tests.factories import make_article

EVIL = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


@pytest.fixture
def hostile(db):
    outlet = Outlet.objects.create(name=f"Outlet {EVIL}", slug="evil-outlet", domain=EVIL, country="XX")
    OutletName.objects.create(outlet=outlet, name=f"Alias {EVIL}", key="alias-evil")
    cited = Outlet.objects.create(name=f"Cited {EVIL}", slug="evil-cited")
    person = Person.objects.create(name=f"Person {EVIL}", slug="evil-person", description=f"About {EVIL}")
    PersonName.objects.create(person=person, name=f"Name {EVIL}", language="ru")
    story = StoryCluster.objects.create(label=EVIL)
    article = make_article(
        title=f"Title {EVIL}", lead=f"Lead {EVIL}",
        body=f"Body {EVIL} and <b>bold</b> & \"quotes\" with Name {EVIL} inside.\n\nSecond <img src=x onerror=alert(1)>",
        published=date(2026, 1, 6), language="ru", outlet=outlet, author=f"Author {EVIL}",
        tags=[f"tag {EVIL}", "ok"], story=story, source_name=f"{EVIL}.txt",
    )
    article.cited_outlets.add(cited)
    other = make_article(title=f"Other {EVIL}", body="Text.", language="uk", story=story, published=date(2026, 1, 7))
    Mention.objects.create(article=article, person=person, surface_forms=[f"Name {EVIL}", '"><script>'], count=2)
    Mention.objects.create(article=other, person=person, surface_forms=[], count=1)
    event = Event.objects.create(slug="evil-event", name_en=f"Event {EVIL}", place=f"Place {EVIL}",
                                 description=f"Described {EVIL}", start_date=date(2026, 1, 6))
    event.participants.add(person)
    EventArticle.objects.create(event=event, article=article)
    return article


def pages(article):
    return [
        "/", reverse("web:article", args=[article.pk]), "/people/", "/people/evil-person/", "/events/",
        "/events/evil-event/", "/outlets/", "/outlets/evil-outlet/", "/outlets/evil-cited/",
        "/archive/2026/01/", "/archive/2026/01/06/", "/languages/ru/",
        f"/search/?q=Title+{EVIL}", "/search/?q=Body&person=evil-person", "/search/?outlet=evil-outlet",
    ]


def test_no_page_turns_stored_text_into_markup(client, hostile):
    for url in pages(hostile):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html and "<b>bold</b>" not in html, url


def test_article_fields_appear_escaped(client, hostile):
    html = client.get(reverse("web:article", args=[hostile.pk])).content.decode()
    for field in ("Title", "Lead", "Body", "Author", "tag", "Outlet", "Cited", "Other"):
        assert f"{field} {ESCAPED}" in html, field
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&amp; &quot;quotes&quot;" in html
    # The mention link is ours; its text is the escaped surface form.
    assert f'<a class="mention" href="/people/evil-person/" title="Person {ESCAPED}">Name {ESCAPED}</a>' in html


def test_person_event_outlet_fields_appear_escaped(client, hostile):
    html = client.get("/people/evil-person/").content.decode()
    assert f"Person {ESCAPED}" in html and f"About {ESCAPED}" in html and f"Name {ESCAPED}" in html
    html = client.get("/events/evil-event/").content.decode()
    assert f"Event {ESCAPED}" in html and f"Place {ESCAPED}" in html and f"Described {ESCAPED}" in html
    html = client.get("/outlets/evil-outlet/").content.decode()
    assert f"Outlet {ESCAPED}" in html and f"Alias {ESCAPED}" in html


def test_search_echo_and_snippets_are_escaped(client, hostile):
    html = client.get("/search/", {"q": f"Body {EVIL}"}).content.decode()
    assert "<script>alert" not in html
    assert 'value="Body &lt;script&gt;' in html


def test_feeds_escape_stored_text(client, hostile):
    for url in ("/search/feed/", "/people/evil-person/feed/", "/events/evil-event/feed/"):
        xml = client.get(url).content.decode()
        assert "<script>" not in xml and "&lt;script&gt;" in xml, url
