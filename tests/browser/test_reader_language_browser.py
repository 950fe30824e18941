"""The reader's language in a real browser: after switching the interface to Ukrainian, people
are shown by their Ukrainian names («Кирило Буданов»), events by their Ukrainian name, place
and description. Screenshots go to test-output/."""
import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def switch_interface(page, language: str) -> None:
    """Choose the interface language with the header's switcher, as a reader does."""
    page.select_option("#interface-language", language)
    page.click("form.language-switcher button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == language


def test_the_ukrainian_interface_shows_kyrylo_budanov_in_ukrainian(browser_page, seeded, output_dir):
    page = browser_page
    page.goto("/search/?q=Budanov")
    assert page.locator("a.chip", has_text="Kyrylo Budanov").count() >= 1  # English first
    switch_interface(page, "uk")
    assert page.url.endswith("/search/?q=Budanov")  # the switch keeps the search
    chips = page.locator('ol.results a.chip[href="/people/kyrylo-budanov/"]')
    assert chips.count() >= 1
    assert set(chips.all_inner_texts()) == {"Кирило Буданов"}
    facet = page.locator('a[data-facet="person"][data-value="kyrylo-budanov"] .facet-label')
    assert facet.inner_text() == "Кирило Буданов"
    page.screenshot(path=str(output_dir / "reader-language-uk-search.png"), full_page=True)

    chips.first.click()
    page.wait_for_url("**/people/kyrylo-budanov/")
    assert page.locator("h1").inner_text() == "Кирило Буданов"
    assert page.title().startswith("Кирило Буданов")
    also = page.locator(".also-known").inner_text()
    assert "Кирилл Буданов" in also and "Kyrylo Budanov" in also
    page.screenshot(path=str(output_dir / "reader-language-uk-person.png"), full_page=True)

    switch_interface(page, "ru")
    assert page.locator("h1").inner_text() == "Кирилл Буданов"


def test_an_event_in_the_ukrainian_interface(browser_page, seeded, output_dir):
    page = browser_page
    page.goto("/events/ukraine-us-talks-paris-2026-01-07/")
    switch_interface(page, "uk")
    assert page.locator("h1").inner_text() == "Переговори України та США в Парижі"
    header = page.locator("header.page-header").inner_text()
    assert "Париж" in header and "Paris" not in header
    assert "українська делегація" in header.lower()  # the Ukrainian description
    participants = page.locator("section[aria-labelledby=participants-title] li").all_inner_texts()
    assert "Кирило Буданов" in participants and "Стів Віткофф" in participants
    page.screenshot(path=str(output_dir / "reader-language-uk-event.png"), full_page=True)
