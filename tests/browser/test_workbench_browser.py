"""The reader's workbench in a real browser: operators, several languages, forgiving names,
citation, a CSV download, and the phone layout. Screenshots go to test-output/."""
import csv
import io
from datetime import date, timedelta

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def results(page):
    return page.locator("ol.results > li.result")


@pytest.mark.parametrize("q, expected, shot", [
    ("Witkoff AND Budanov", 3, "workbench-and.png"),
    ("NOT Москва", 4, "workbench-not.png"),
    ("(Мерц OR Макрон) -Песков", 1, "workbench-parentheses.png"),
])
def test_operators_in_the_search_box(browser_page, seeded, output_dir, q, expected, shot):
    page = browser_page
    page.goto("/search/")
    page.fill("#search-q", q)
    page.click("form.search-box button[type=submit]")
    page.wait_for_url("**/search/?q=*")
    assert results(page).count() == expected
    page.screenshot(path=str(output_dir / shot), full_page=True)


def test_two_languages_selected_in_the_facet_give_both(browser_page, seeded, output_dir):
    page = browser_page
    page.goto("/search/?q=Witkoff")
    page.click('a[data-facet="language"][data-value="ru"]')
    page.wait_for_url("**language=ru*")
    assert results(page).count() == 4
    page.click('a[data-facet="language"][data-value="uk"]')
    page.wait_for_url("**language=uk*")
    assert results(page).count() == 5
    assert page.locator(".active-filters a.removable").count() == 2
    page.screenshot(path=str(output_dir / "workbench-two-languages.png"), full_page=True)


def test_a_close_spelling_finds_the_five_and_says_so(browser_page, seeded, output_dir):
    page = browser_page
    page.goto("/search/?q=Виткофф")
    assert results(page).count() == 5
    note = page.locator(".notice.expansion").inner_text()
    assert "Виткофф" in note and "Witkoff" in note
    assert page.locator(".suggestions a", has_text="Witkoff").count() >= 1
    page.screenshot(path=str(output_dir / "workbench-forgiving.png"), full_page=True)


def test_cite_block_and_source_link(browser_page, seeded, output_dir):
    from archive.models import Article

    article = Article.objects.order_by("pk").first()
    article.url = "https://tass.ru/politika/000000"
    article.save()
    page = browser_page
    page.goto(f"/articles/{article.pk}/")
    link = page.locator("a.source-link")
    assert link.get_attribute("href") == "https://tass.ru/politika/000000"
    cite = page.locator("section.cite")
    assert article.title in cite.locator(".citation-plain").inner_text()
    cite.locator("summary", has_text="BibTeX").click()
    assert "@article{" in cite.locator(".citation-bibtex").inner_text()
    assert page.locator(".source-name").count() == 0  # readers do not see the file name
    cite.scroll_into_view_if_needed()
    page.screenshot(path=str(output_dir / "workbench-cite.png"), full_page=True)


def test_csv_download_of_a_200_hit_search_has_every_row(browser_page, db, output_dir, tmp_path):
    from tests.factories import make_article, make_outlet

    outlet = make_outlet("Вечерний вестник", "vestnik-200")
    for i in range(200):
        make_article(f"Мост {i}", f"Мост номер {i} открыли в городе. Жители пришли на открытие.", "ru",
                     date(2025, 1, 1) + timedelta(days=i), outlet=outlet)
    page = browser_page
    page.goto("/search/?q=мост")
    assert "200" in page.locator("#results-title").inner_text()
    with page.expect_download() as info:
        page.click('a[data-export="csv"]')
    path = tmp_path / "export.csv"
    info.value.save_as(path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM spreadsheet programs need for UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 200
    assert {row["title"] for row in rows} == {f"Мост {i}" for i in range(200)}
    assert all(row["outlet"] == "Вечерний вестник" for row in rows)
    page.screenshot(path=str(output_dir / "workbench-export.png"), full_page=False)


def test_phone_shows_the_first_result_above_the_fold(chromium, live_server, seeded, settings, output_dir):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    for width in (390, 360):
        context = chromium.new_context(base_url=live_server.url, viewport={"width": width, "height": 844},
                                       is_mobile=True, has_touch=True, device_scale_factor=2)
        page = context.new_page()
        try:
            page.goto("/search/?q=Witkoff")
            page.screenshot(path=str(output_dir / f"workbench-phone-{width}.png"))
            first = results(page).first.bounding_box()
            assert first is not None and first["y"] < 844, first  # starts on the first screen
            filters = page.locator("details.filters-disclosure")
            assert filters.get_attribute("open") is None  # folded on a phone
            assert filters.bounding_box()["y"] > first["y"]  # the results come first
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, scroll  # no horizontal scroll
            if width == 390:
                page.locator("details.filters-disclosure > summary").click()
                assert page.locator('a[data-facet="language"]').first.is_visible()
                page.screenshot(path=str(output_dir / "workbench-phone-filters.png"), full_page=True)
        finally:
            context.close()
