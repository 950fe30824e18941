"""An editor watches a queued import run on a real worker: the bar moves, the table comes."""
import re

import pytest

from archive.models import Article
from tests.browser.conftest import EDITOR_PASSWORD
from tests.jobs.conftest import generated_zip, private_staging_dir, queue_in_database, start_worker  # noqa: F401

FILES = 600


@pytest.mark.django_db(transaction=True)
def test_the_progress_bar_moves_and_the_result_table_appears(
    browser_page, browser_login, editor, start_worker, generated_zip, tmp_path, output_dir
):
    page = browser_page
    archive = tmp_path / "articles.zip"
    # Enough files that a quiet machine still takes several of the page's one-second polls.
    archive.write_bytes(generated_zip(FILES))
    browser_login(page, "editor", EDITOR_PASSWORD)
    page.goto("/admin/archive/importbatch/upload/")
    page.set_input_files("input[name=files]", str(archive))
    page.click("input[name=preview]")
    page.wait_for_selector("#preview-table")
    page.click("#confirm-form input[name=confirm]")
    page.wait_for_url(re.compile(r".*/importbatch/\d+/result/$"))

    # Queued: the page is there at once, before any worker has started.
    assert "waiting for a worker" in page.locator("#progress-left").inner_text()
    assert page.locator("#progress-bar").get_attribute("value") == "0"
    page.screenshot(path=str(output_dir / "import_progress_queued.png"), full_page=True)

    # Written ten files at a time, the bar has steps to show even on a fast machine.
    start_worker(chunk_files=100, write_batch=10)
    # The script polls the progress URL: the bar moves without reloading the page.
    page.wait_for_function(
        "() => { const bar = document.getElementById('progress-bar');"
        " return bar && bar.value > 0 && bar.value < %d && bar.max == %d; }" % (FILES, FILES),
        timeout=90_000,
    )
    assert re.search(rf"\d+ of {FILES} files", page.locator("#progress-text").inner_text())
    page.screenshot(path=str(output_dir / "import_progress_running.png"), full_page=True)

    page.wait_for_selector("#result-table", timeout=240_000)
    assert f"{FILES} imported" in page.locator("#result-counts").inner_text()
    assert page.locator("#result-table tr.result-row").count() == FILES
    assert page.locator("#cancel-import").count() == 0
    page.screenshot(path=str(output_dir / "import_progress_done.png"), full_page=True)
    assert Article.objects.count() == FILES
