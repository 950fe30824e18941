"""Migrations are frozen: none imports the project's live code, and the keys the data
migrations stored are still the keys the live code derives.

A data migration that imports ``archive.*`` would change what a fresh ``migrate`` does
whenever that module changes; 0003-0005 carry their own copies instead. If the live
``name_key`` or ``outlet_key`` changes, the second and third tests fail: the change
needs a new data migration that re-keys the stored names, never an edit of 0004/0005.
"""
import ast
import importlib
import json
from pathlib import Path

import pytest

from archive.models import OutletName, PersonName
from archive.text.keys import name_key, script_of
from archive.text.transcription import surname_sound
from archive.nlp.outlets import catalogue, names_of, outlet_key

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = sorted((ROOT / "archive" / "migrations").glob("0*.py"))


def project_imports(path: Path) -> list[str]:
    """The ``archive`` modules a migration file imports, anywhere in the file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.split(".")[0] == "archive"]
        elif isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").split(".")[0] == "archive"):
            found.append("." * node.level + (node.module or ""))
    return found


@pytest.mark.parametrize("path", MIGRATIONS, ids=lambda path: path.stem)
def test_no_migration_imports_live_project_code(path):
    assert project_imports(path) == []


@pytest.mark.django_db
def test_curated_person_names_carry_the_live_key_and_script():
    people = json.loads((ROOT / "fixtures" / "people.json").read_text(encoding="utf-8"))
    expected = {(item["slug"], name, language): (name_key(name), script_of(name))
                for item in people for language, names in item["names"].items() for name in names}
    stored = {(row.person.slug, row.name, row.language): (row.key, row.script)
              for row in PersonName.objects.select_related("person").filter(person__origin="curated")}
    assert len(expected) > 100  # the fixture really was read
    assert {key: stored.get(key) for key in expected} == expected


@pytest.mark.django_db
def test_catalogue_outlet_names_carry_the_live_key():
    expected = {outlet_key(name): entry["slug"] for entry in catalogue() for name in names_of(entry)}
    stored = dict(OutletName.objects.filter(key__in=expected).values_list("key", "outlet__slug"))
    assert len(expected) > 50
    assert stored == expected


@pytest.mark.django_db
def test_stored_surname_sounds_are_the_live_ones():
    """The data migration's frozen copy gives the curated names the sound key the live code gives."""
    frozen = importlib.import_module("archive.migrations.0013_personname_surname_sound")
    rows = list(PersonName.objects.filter(person__origin="curated").values_list("name", "surname_sound"))
    assert len(rows) > 100
    assert all(stored == surname_sound(name) for name, stored in rows)
    assert all(frozen._surname_sound(name) == surname_sound(name) for name, _ in rows)
    for name in ["Jeremy Hunt", "Heiko Maas", "Mateusz Morawiecki", "Michel Barnier", "Джереми Хант"]:
        assert frozen._surname_sound(name) == surname_sound(name)
