"""The article page links to the original, gives a permalink and a citation; the source file is for staff."""
import json
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from archive.web.citation import Citation, bibtex_escape

pytestmark = pytest.mark.django_db


def page(client, article):
    return client.get(reverse("web:article", args=[article.pk]))


def test_source_link_permalink_and_cite_block(client, archive):
    archive.ru.url = "https://vestnik.example/news/most?id=7&lang=ru"
    archive.ru.save()
    response = page(client, archive.ru)
    html = response.content.decode()
    assert 'class="source-link" href="https://vestnik.example/news/most?id=7&amp;lang=ru"' in html
    permalink = f"http://testserver/articles/{archive.ru.pk}/"
    assert f'href="{permalink}" rel="bookmark"' in html
    citation = response.context["citation"]
    plain = citation.plain()
    for part in ("Пётр Сидоров", archive.ru.title, "Вечерний вестник", "2026-01-06",
                 "https://vestnik.example/news/most?id=7&lang=ru", permalink, date.today().isoformat()):
        assert part in plain, part
    assert "@article{" in html and "urldate = {" in html
    (csl,) = json.loads(citation.csl_json())
    assert csl["container-title"] == "Вечерний вестник" and csl["issued"] == {"date-parts": [[2026, 1, 6]]}
    assert csl["URL"].startswith("https://vestnik.example/") and csl["archive"] == permalink


def test_no_original_link_without_a_url(client, archive):
    html = page(client, archive.uk).content.decode()
    assert "source-link\"" not in html and "Read the original" not in html
    assert "Cite" in html
    citation = page(client, archive.uk).context["citation"]
    assert citation.csl()["URL"] == f"http://testserver/articles/{archive.uk.pk}/"


def test_source_file_is_shown_to_staff_only(client, archive):
    assert "most.txt" not in page(client, archive.ru).content.decode()
    staff = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    client.force_login(staff)
    assert "most.txt" in page(client, archive.ru).content.decode()


def test_bibtex_escapes_its_special_characters():
    assert bibtex_escape("50% & {x}_#$") == r"50\% \& \{x\}\_\#\$"
    citation = Citation(article_id=1, title="A {b} 100%", outlet="ТАСС", author="", published=None, language="ru",
                        url="", permalink="http://h/articles/1/", accessed=date(2026, 1, 1))
    assert r"title = {{A \{b\} 100\%}}" in citation.bibtex()
    assert citation.key == "article-1"
