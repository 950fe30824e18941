"""A reader searches and browses the archive of the five seed articles in a real browser.

The archive is built the way a deployment builds it: the seeds go through
``import_articles`` (loader, people, events), then the pages are driven in Chromium.
"""
import re
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def results(page):
    return page.locator("ol.results > li.result")


def test_search_finds_all_five_and_the_uk_facet_narrows_to_one(browser_page, seeded, output_dir):
    page = browser_page
    page.goto("/")
    page.fill("#search-q", "Віткофф")
    page.click("form.search-box button[type=submit]")
    page.wait_for_url("**/search/?q=*")
    assert results(page).count() == 5
    page.screenshot(path=str(output_dir / "reader-search.png"), full_page=True)

    page.click('a[data-facet="language"][data-value="uk"]')
    page.wait_for_url(re.compile(r"language=uk"))
    assert results(page).count() == 1
    assert "q=" in page.url  # the query survives the click: a shareable URL
    assert results(page).first.locator(".lang-badge").inner_text().strip() == "UK"
    page.screenshot(path=str(output_dir / "reader-search-uk.png"), full_page=True)


def test_witkoffs_page_lists_five_articles(browser_page, seeded, output_dir):
    page = browser_page
    page.goto("/search/?q=Witkoff")
    page.locator('a[data-facet="person"]', has_text="Witkoff").first.click()
    page.wait_for_url(re.compile(r"person="))
    page.locator(".result-people a.chip", has_text="Witkoff").first.click()
    page.wait_for_url("**/people/*/")
    assert "Witkoff" in page.locator("h1").inner_text()
    assert results(page).count() == 5
    # Names in several scripts, and a chart of mentions over time.
    names = page.locator("dl.names").inner_text()
    assert "Уиткофф" in names and "Віткофф" in names
    assert page.locator("svg.chart").count() == 1
    page.screenshot(path=str(output_dir / "reader-person.png"), full_page=True)


def test_switching_to_ukrainian_translates_the_navigation(browser_page, seeded, output_dir):
    page = browser_page
    page.goto("/people/")
    nav = page.locator("nav.main-nav")
    assert "People" in nav.inner_text()
    page.select_option("#interface-language", "uk")
    page.click(".language-switcher button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "uk"
    text = page.locator("nav.main-nav").inner_text()
    assert "Люди" in text and "Пошук" in text and "Події" in text
    assert "People" not in text
    assert urlparse(page.url).path == "/people/"  # the reader stays where they were
    page.screenshot(path=str(output_dir / "reader-ukrainian.png"), full_page=True)


def test_article_page_links_its_people(browser_page, seeded, output_dir):
    page = browser_page
    page.goto("/search/?q=Віткофф&sort=oldest")
    results(page).first.locator("h3 a").click()
    page.wait_for_url("**/articles/*/")
    mentions = page.locator(".article-body a.mention")
    assert mentions.count() >= 2
    linked = {link.get_attribute("href") for link in mentions.all()}
    assert all(href.startswith("/people/") for href in linked)
    page.locator("a.mention", has_text=re.compile("Уиткофф")).first.click()
    page.wait_for_url("**/people/*/")
    assert "Witkoff" in page.locator("h1").inner_text()
    page.go_back()
    page.screenshot(path=str(output_dir / "reader-article.png"), full_page=True)


def test_no_page_requests_an_outside_host(browser_page, seeded, live_server, output_dir):
    page = browser_page
    own = urlparse(live_server.url).netloc
    outside, failed = [], []
    page.on("request", lambda request: outside.append(request.url)
            if urlparse(request.url).scheme in ("http", "https") and urlparse(request.url).netloc != own else None)
    page.on("console", lambda message: failed.append(message.text)
            if "Content Security Policy" in message.text else None)
    for url in ("/", "/search/?q=Віткофф", "/people/", "/events/", "/outlets/", "/archive/", "/languages/"):
        page.goto(url)
        for href in page.locator("main a[href^='/']").evaluate_all("links => links.slice(0, 4).map(a => a.getAttribute('href'))"):
            page.goto(href)
    assert outside == []
    assert failed == [], failed  # nothing on our pages breaks the strict policy
    page.goto("/")
    page.screenshot(path=str(output_dir / "reader-home.png"), full_page=True)
