"""Readers with accounts, and a few articles to search."""
from datetime import date

import pytest

from tests.factories import make_article

PASSWORD = "a-reader-password-7"


@pytest.fixture
def make_reader(django_user_model):
    def make(email: str, **fields):
        return django_user_model.objects.create_user(username=email, email=email, password=PASSWORD, **fields)
    return make


@pytest.fixture
def reader(make_reader):
    return make_reader("reader@example.org")


@pytest.fixture
def other_reader(make_reader):
    return make_reader("other@example.org")


@pytest.fixture
def bridges(db):
    """Two articles about a bridge (one Russian, one Ukrainian) and one about a budget."""
    return [
        make_article("Мост открыли", "Мэр открыл новый мост через реку.", "ru", date(2026, 1, 6)),
        make_article("Міст відкрили", "Новий міст через річку відкрили.", "uk", date(2026, 1, 7)),
        make_article("Бюджет принят", "Совет принял бюджет города.", "ru", date(2026, 1, 8)),
    ]
