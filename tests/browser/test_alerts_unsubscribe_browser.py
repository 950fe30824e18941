"""A reader follows an alert email's unsubscribe link in a browser, without logging in."""
import pytest
from django.contrib.auth import get_user_model

from archive.alerts.emails import unsubscribe_url
from archive.models import SavedSearch


@pytest.mark.django_db(transaction=True)
def test_the_unsubscribe_link_asks_then_stops_the_alerts(browser_page, live_server, settings, output_dir):
    settings.SITE_URL = live_server.url
    reader = get_user_model().objects.create_user("reader", email="reader@example.org", password="x-unused-9")
    search = SavedSearch.objects.create(user=reader, name="Париж", query_string="q=Париж",
                                        alert_frequency=SavedSearch.Frequency.DAILY)
    page = browser_page
    page.goto(unsubscribe_url(search))  # the absolute link the email carries
    assert "Stop the email alerts for the saved search “Париж”?" in page.locator("main, body").first.inner_text()
    page.screenshot(path=str(output_dir / "alerts_unsubscribe_confirm.png"), full_page=True)
    search.refresh_from_db()
    assert search.alert_frequency == SavedSearch.Frequency.DAILY  # opening the page changed nothing

    page.click("#unsubscribe")
    page.wait_for_selector("#unsubscribed")
    assert "You will get no more alerts for the saved search “Париж”." in page.locator("#unsubscribed").inner_text()
    page.screenshot(path=str(output_dir / "alerts_unsubscribe_done.png"), full_page=True)
    search.refresh_from_db()
    assert search.alert_frequency == SavedSearch.Frequency.NONE
