"""Helpers for the entity tests: articles written for the tests, a staff user per permission level."""
import pytest


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
