"""Readers with saved searches and article files to import (the failing mail backend: failing_mail.py)."""
from __future__ import annotations

import pytest

from archive.models import SavedSearch

PARIS = "date 2026-01-09\nПереговоры в Париже\n\nПАРИЖ, 9 января. /ТАСС/. В Париже прошли переговоры союзников о перемирии.\n"
PARIS_AGAIN = "date 2026-01-10\nНовая встреча в Париже\n\nПАРИЖ, 10 января. /ТАСС/. Союзники снова собрались в Париже.\n"
BUDGET = "date 2026-01-09\nГородской бюджет принят\n\nДепутаты городского совета приняли бюджет на год.\n"


@pytest.fixture
def reader(django_user_model):
    return django_user_model.objects.create_user("reader", email="reader@example.org", password="x-unused-9")


@pytest.fixture
def saved_search(reader):
    def make(frequency: str = SavedSearch.Frequency.IMMEDIATE, query_string: str = "q=Париж", name: str = "Париж"):
        return SavedSearch.objects.create(user=reader, name=name, query_string=query_string,
                                          alert_frequency=frequency)

    return make


@pytest.fixture
def article_files(tmp_path):
    def write(**files: str):
        folder = tmp_path / f"import-{len(list(tmp_path.iterdir()))}"
        folder.mkdir()
        for name, text in files.items():
            (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        return folder

    return write


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://archive.example.org"


from tests.jobs.conftest import queue_in_database, start_worker, wait_for  # noqa: E402,F401  (the workers' fixtures)
