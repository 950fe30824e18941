"""A reader signs up, confirms the email, logs in, saves a search and sees its new articles.

The live server runs in the test's process, so the confirmation email sent by the page
is in Django's test outbox (the locmem backend). New articles arrive through
``import_articles``, the loader a deployment uses.
"""
import re

import pytest
from django.core import mail
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "reader@example.org"
PASSWORD = "a-reader-password-7"
ARTICLES = [
    "Водопровод починили\n\nКИЕВ, 3 февраля. Коммунальщики починили водопровод на Подоле.",
    "Новый водопровод\n\nХАРЬКОВ, 4 февраля. В центре города проложили новый водопровод.",
    "Водопровод без воды\n\nОДЕССА, 5 февраля. Жители жалуются, что водопровод снова пуст.",
]


def test_sign_up_save_a_search_and_see_three_new(browser_page, seeded, output_dir, tmp_path):
    page = browser_page
    page.goto("/")
    page.click("nav.account-nav >> text=Sign up")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.screenshot(path=str(output_dir / "accounts-signup.png"), full_page=True)
    page.click("form.account-form button[type=submit]")
    assert "We have sent a link to reader@example.org" in page.locator("main").inner_text()

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    page.goto(link)
    page.wait_for_url("**/accounts/login/")
    assert "Your email is confirmed" in page.locator("main").inner_text()
    page.fill("input[name=username]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.account-form button[type=submit]")
    page.wait_for_url("**/saved/")
    assert EMAIL in page.locator("nav.account-nav").inner_text()

    page.click("nav.main-nav >> text=Search")
    page.fill("#search-q", "водопровод")
    page.click("form.search-box button[type=submit]")
    page.wait_for_url("**/search/?q=*")
    assert page.locator("ol.results > li.result").count() == 0  # nothing yet about it in the seeds
    page.fill("#save-search-name", "Water pipes")
    page.click(".save-search button[type=submit]")
    assert "Saved as “Water pipes”." in page.locator(".messages").inner_text()
    page.screenshot(path=str(output_dir / "accounts-search-saved.png"), full_page=True)

    folder = tmp_path / "new"
    folder.mkdir()
    for number, text in enumerate(ARTICLES):
        (folder / f"water-{number}.txt").write_text(text, encoding="utf-8")
    call_command("import_articles", str(folder), verbosity=0)

    page.goto("/saved/")
    item = page.locator("li.saved-search", has_text="Water pipes")
    assert item.locator(".new-count").text_content().strip() == "3 new"
    item.locator("select[name$=alert_frequency]").select_option("weekly")
    item.locator(".saved-search-edit button[type=submit]").click()
    page.wait_for_url("**/saved/")
    assert page.locator("li.saved-search select[name$=alert_frequency]").input_value() == "weekly"
    page.screenshot(path=str(output_dir / "accounts-saved-searches.png"), full_page=True)

    page.locator("li.saved-search h2 a", has_text="Water pipes").click()
    page.wait_for_url("**/search/?q=*")
    assert page.locator("ol.results > li.result").count() == 3
    page.goto("/saved/")
    assert page.locator("li.saved-search .new-count").text_content().strip() == "0 new"
