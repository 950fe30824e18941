"""Helpers for the entity tests: articles written for the tests, a staff user per permission level."""
import datetime
import hashlib

import pytest

from archive.models import Article


def new_article(title: str, body: str, language: str, day=datetime.date(2026, 2, 10)) -> Article:
    """A stored article (not analysed yet)."""
    digest = hashlib.sha256((title + body).encode()).hexdigest()
    return Article.objects.create(title=title, body=body, language=language, published=day,
                                  content_hash=digest, original_text=title + "\n" + body)


@pytest.fixture
def editor(client, django_user_model):
    """A logged-in superuser."""
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw-123456")
    client.force_login(user)
    return user


@pytest.fixture
def viewer(client, django_user_model):
    """A logged-in staff user who may only view people, names, suggestions, events and stories."""
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("viewer", "viewer@example.org", "pw-123456", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(
        content_type__app_label="archive",
        codename__in=["view_person", "view_personname", "view_mergesuggestion", "view_event", "view_storycluster"]))
    client.force_login(user)
    return user
