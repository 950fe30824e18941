"""An editor imports an article through the admin in a real browser."""
import re

import pytest

from archive.models import Article, ImportBatch
from tests.browser.conftest import EDITOR_PASSWORD


@pytest.mark.django_db(transaction=True)
def test_editor_uploads_previews_and_imports_a_seed(browser_page, browser_login, editor, seeds_dir, output_dir):
    page = browser_page
    seed = sorted(seeds_dir.glob("*.txt"))[0]
    browser_login(page, "editor", EDITOR_PASSWORD)

    # From the article list to the upload page through the "Import articles" link.
    page.goto("/admin/archive/article/")
    page.click("text=Import articles")
    page.wait_for_url("**/importbatch/upload/")
    page.set_input_files("input[name=files]", str(seed))
    page.click("input[name=preview]")

    page.wait_for_selector("#preview-table")
    row = page.locator("tr.preview-row")
    assert row.count() == 1
    assert seed.name in row.inner_text()
    assert "new" in row.locator("td.import-status").inner_text()
    assert not Article.objects.exists()  # the preview stored nothing
    page.screenshot(path=str(output_dir / "upload_preview.png"), full_page=True)

    page.click("#confirm-form input[name=confirm]")
    page.wait_for_url(re.compile(r".*/importbatch/\d+/result/$"))
    assert "1 imported" in page.locator("#result-counts").inner_text()
    page.screenshot(path=str(output_dir / "upload_result.png"), full_page=True)
    article = Article.objects.get()
    link = page.locator(f"#result-table a[href='/admin/archive/article/{article.pk}/change/']")
    assert link.count() == 1
    batch = ImportBatch.objects.get()
    assert batch.user == editor and batch.origin == ImportBatch.Origin.ADMIN
