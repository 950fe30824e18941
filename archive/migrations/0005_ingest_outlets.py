"""Load the curated outlets and their alternative names (fixtures/outlets.json).

The loader resolves "ТАСС", "TASS", "glavcom.ua", «Главком» ... through these
OutletName keys, so they must exist on a fresh database right after migrate.

The code is frozen here on purpose, as in 0003: ``outlet_key``, ``names_of`` and the
loader are copies of ``archive.nlp.outlets`` as it was when this migration was
written, so a later change there cannot change what a fresh ``migrate`` stores
(a new key rule needs a new data migration that re-keys the names). The outlets
themselves are still read from the fixture file, the curated list a fresh archive
starts from.
"""
import json
import re
import unicodedata
from pathlib import Path

from django.db import migrations

CATALOGUE_PATH = Path(__file__).resolve().parent.parent.parent / "fixtures" / "outlets.json"

_QUOTES = "«»\"“”„‟'’‘`"


def outlet_key(name):
    """The matching key of an outlet name: case, quotes, ``www.`` and spacing do not matter."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = "".join(ch for ch in text if ch not in _QUOTES)
    text = re.sub(r"^(?:https?://)?(?:www\.)?", "", text.strip()).rstrip("/")
    return re.sub(r"\s+", " ", text).strip()


def names_of(entry):
    """Every name of a catalogue entry: display name, alternatives and domain."""
    names = [entry["name"], *entry.get("names", [])]
    if entry.get("domain"):
        names.append(entry["domain"])
    return names


def load(apps, schema_editor):
    Outlet = apps.get_model("archive", "Outlet")
    OutletName = apps.get_model("archive", "OutletName")
    for entry in json.loads(CATALOGUE_PATH.read_text(encoding="utf-8")):
        outlet, _ = Outlet.objects.update_or_create(
            slug=entry["slug"],
            defaults={
                "name": entry["name"],
                "domain": entry.get("domain", ""),
                "homepage": f"https://{entry['domain']}/" if entry.get("domain") else "",
                "country": entry.get("country", ""),
                "language": entry.get("language", ""),
                "kind": entry.get("kind", "other"),
            },
        )
        for name in names_of(entry):
            display = name.strip(_QUOTES + " ")
            OutletName.objects.get_or_create(key=outlet_key(name), defaults={"outlet": outlet, "name": display})


class Migration(migrations.Migration):
    dependencies = [("archive", "0004_nlp_reference_data")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
