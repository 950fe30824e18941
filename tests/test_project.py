"""The project is wired up: settings from the environment, migrations complete."""
from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_migrations_match_models():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit as exit_:  # --check exits with status 1 when a migration is missing
        missing = exit_.code
    else:
        missing = 0
    assert missing == 0, f"models have changes without a migration:\n{out.getvalue()}"


@pytest.mark.django_db
def test_admin_login_page_is_served(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
