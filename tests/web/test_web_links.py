"""Result rows' links (archive.web.links.page_url) are the links reverse() gives."""
import pytest
from django.urls import reverse, set_script_prefix

from archive.web.links import page_url


@pytest.mark.parametrize("name, value", [
    ("web:article", 12345), ("web:article", "7"), ("web:person", "ivan-borisov"),
    ("web:person", "иван-борисов"), ("web:outlet", "a b&c%d?e#f"), ("web:event", "7310945826"),
])
def test_the_same_link_as_reverse(name, value):
    assert page_url(name, value) == reverse(name, args=[value])


def test_under_a_script_prefix():
    try:
        set_script_prefix("/archive/")
        assert page_url("web:article", 5) == reverse("web:article", args=[5]) == "/archive/articles/5/"
    finally:
        set_script_prefix("/")
    assert page_url("web:article", 5) == "/articles/5/"
