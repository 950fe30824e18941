"""Browser tests: headless Chromium (Debian's package) driven by Playwright against a live server.

Fixtures for any browser test:

    browser_page   a Playwright Page whose relative URLs go to pytest-django's live_server
                   (``browser_page.goto("/admin/")``); a fresh browser context per test
    browser_login  log a page in through the admin login form:
                   ``browser_login(browser_page, username, password)``

Every test in this folder gets the ``browser`` marker (``-m "not browser"`` skips them).
Playwright never downloads a browser here: it launches /usr/bin/chromium.
"""
import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium per test module.

    Playwright's sync API keeps an asyncio event loop running in this thread, and
    Django refuses ORM calls while it sees a running loop (SynchronousOnlyOperation,
    a known pytest-django + Playwright interplay). The browser talks to the live
    server over HTTP and the test's ORM calls are plain synchronous code, so the
    check is lifted for exactly as long as Playwright runs, then restored.
    """
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM} (install Debian's chromium package)")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                yield browser
            finally:
                browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_page(chromium, live_server, settings):
    """A fresh page (own cookies) with ``base_url`` = the live server."""
    # The live server serves /static/ through staticfiles' finders, which know the
    # source names only, not the hashed names of the manifest storage: use plain names
    # so pages get their CSS and scripts (screenshots look as editors see them).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    context = chromium.new_context(base_url=live_server.url, locale="en-US", viewport={"width": 1400, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def browser_login():
    """Log ``page`` in through the admin login form (the user must be active staff)."""

    def login(page, username: str, password: str) -> None:
        page.goto("/admin/login/?next=/admin/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("input[type=submit]")
        page.wait_for_url("**/admin/")

    return login


#: The password of the ``editor`` fixture's account.
EDITOR_PASSWORD = "browser-test-password"


@pytest.fixture
def editor(django_user_model):
    """A staff member who may upload and import articles (password EDITOR_PASSWORD)."""
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(username="editor", password=EDITOR_PASSWORD, is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="archive",
            codename__in=["add_article", "view_article", "change_article", "view_importbatch"],
        )
    )
    return user


@pytest.fixture
def seeded(seeds_dir):
    """The five seeds imported through ``import_articles``, with the curated people and events.

    The curated people and events come from a data migration, which the flush after
    an earlier live-server test erases: they are loaded again (idempotent), as migrate does.
    """
    from django.core.management import call_command

    from archive.models import Event, Person, PersonName
    from archive.nlp.reference import load_events, load_people

    load_people(Person, PersonName)
    load_events(Event, Person)
    call_command("import_articles", str(seeds_dir), verbosity=0)
