"""The search chart says how many matching articles it leaves out for lack of a date."""
from django.urls import reverse

from tests.factories import make_article


def test_the_search_chart_counts_the_undated_articles_it_leaves_out(client, archive):
    html = client.get(reverse("web:search")).content.decode()
    assert "have no date" not in html  # every article of the archive is dated
    for number in (1, 2):
        make_article(title=f"Без даты {number}", body=f"Заметка без даты номер {number}.", language="ru",
                     published=None)
    html = client.get(reverse("web:search")).content.decode()
    assert "2 matching articles have no date and are not on the chart." in html
    html = client.get(reverse("web:search"), {"q": "мост"}).content.decode()
    assert "have no date" not in html  # the undated notes do not match this query
