"""Fixtures shared by the whole suite."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "fixtures" / "seeds"


@pytest.fixture
def seeds_dir() -> Path:
    """The five real articles the archive must read perfectly."""
    return SEEDS_DIR


@pytest.fixture
def output_dir() -> Path:
    """Where tests leave artefacts (screenshots) for people to look at."""
    path = ROOT / "test-output"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture(scope="session", autouse=True)
def collected_static(tmp_path_factory):
    """Run collectstatic once, so pages render with whitenoise's hashed names as in production.

    Into a temporary STATIC_ROOT: a test run leaves nothing in the project folder.
    """
    from django.core.management import call_command
    from django.test import override_settings

    with override_settings(STATIC_ROOT=tmp_path_factory.mktemp("static")):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield
