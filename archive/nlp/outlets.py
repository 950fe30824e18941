"""News outlets in article text, and their rows in the database.

Names are matched against a catalogue (``fixtures/outlets.json``, loaded into
Outlet/OutletName by a data migration, plus whatever editors add). Matching is
case-sensitive on purpose: several outlets are called by common words
(«Известия», «Суспільне», «Ведомости»). Cyrillic names also match their
inflected forms (РБК-Украины, «Главкому»).

Every name of an outlet has an OutletName row whose ``key`` (:func:`outlet_key`)
is unique, so "TASS", "ТАСС" and "tass.ru" all resolve to the same Outlet.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .slugs import unique_slug

CATALOGUE_PATH = Path(__file__).resolve().parent.parent.parent / "fixtures" / "outlets.json"

_QUOTES = "«»\"“”„‟'’‘`"
_CYR_ENDING = re.compile(r"[а-яёіїєґ]$")
_SOFT_FINAL = re.compile(r"[аяоеьйыиіу]$")

# "газета Die Welt", "телеканал «Дождь»", "agency Kyodo": a typed name is an outlet for sure.
_TYPED = re.compile(
    r"\b(?P<kind>газет[аеыуой]|телеканал[аеу]?|агентств[оау]|информагентств[оау]|радиостанци[ияю]|"
    r"видання|телеканал|агенці[їяю]|радіостанці[їяю]|"
    r"newspaper|channel|broadcaster|agency|magazine|журнал[аеу]?)\s+"
    r"(?P<name>«[^»\n]{2,40}»|\"[^\"\n]{2,40}\"|[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,3})",
)
_KIND_OF = {"газет": "newspaper", "телекан": "tv", "радио": "tv", "радіо": "tv", "channel": "tv",
            "broadcaster": "tv", "newspaper": "newspaper", "агент": "agency", "информ": "agency",
            "agency": "agency"}


@lru_cache(maxsize=65_536)  # the loader keys every known outlet name for every file it parses
def outlet_key(name: str) -> str:
    """The matching key of an outlet name: case, quotes, ``www.`` and spacing do not matter."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = "".join(ch for ch in text if ch not in _QUOTES)
    text = re.sub(r"^(?:https?://)?(?:www\.)?", "", text.strip()).rstrip("/")
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=1)
def catalogue() -> tuple[dict, ...]:
    """The curated outlets of ``fixtures/outlets.json``."""
    return tuple(json.loads(CATALOGUE_PATH.read_text(encoding="utf-8")))


def names_of(entry: dict) -> list[str]:
    """Every name of a catalogue entry: display name, domain and alternatives."""
    names = [entry["name"], *entry.get("names", [])]
    if entry.get("domain"):
        names.append(entry["domain"])
    return names


def catalogue_names() -> list[str]:
    """All names in the curated catalogue (used when the database is not at hand)."""
    return [name for entry in catalogue() for name in names_of(entry)]


def database_names() -> list[str]:
    """All outlet names the database knows (curated and added by editors)."""
    from archive.models import Outlet, OutletName

    names = set(OutletName.objects.values_list("name", flat=True))
    names.update(Outlet.objects.values_list("name", flat=True))
    names.update(domain for domain in Outlet.objects.values_list("domain", flat=True) if domain)
    return sorted(names)


@dataclass(frozen=True)
class OutletMention:
    """An outlet name found in text: ``name`` as in the catalogue, ``surface`` as written."""

    name: str
    surface: str
    start: int
    end: int


@lru_cache(maxsize=8)
def _pattern(names: tuple[str, ...]) -> re.Pattern | None:
    alternatives = []
    for name in sorted({n.strip(_QUOTES + " ") for n in names if n.strip(_QUOTES + " ")}, key=len, reverse=True):
        escaped = re.escape(name)
        if _CYR_ENDING.search(name) and len(name) >= 5:
            stem = re.escape(name[:-1]) if _SOFT_FINAL.search(name) else escaped
            escaped = stem + r"[а-яёіїєґ]{0,3}"
        alternatives.append(escaped)
    if not alternatives:
        return None
    return re.compile(r"(?<![\w@/.-])(?:" + "|".join(alternatives) + r")(?![\w-]|\.[a-z])")


@lru_cache(maxsize=8)
def _names_by_key(names: tuple[str, ...]) -> tuple[dict, list]:
    """Each key's name (the first of ``names`` with it), and the keys longest first (cached like _pattern)."""
    by_key = {}
    for name in names:
        by_key.setdefault(outlet_key(name), name.strip(_QUOTES + " "))
    stems = sorted(by_key.items(), key=lambda item: len(item[0]), reverse=True)
    return by_key, stems


def find_outlets(text: str, names: Iterable[str]) -> list[OutletMention]:
    """Every mention in ``text`` of one of ``names``, in order of position."""
    names = tuple(sorted(set(names)))
    pattern = _pattern(names)
    if pattern is None:
        return []
    by_key, stems = _names_by_key(names)
    found = []
    for match in pattern.finditer(text):
        surface = match.group(0)
        key = outlet_key(surface)
        name = by_key.get(key)
        if name is None:  # an inflected form: the longest name whose stem it starts with
            name = next((n for k, n in stems if key.startswith(k[:-1] if _SOFT_FINAL.search(k) else k)), surface)
        found.append(OutletMention(name, surface, match.start(), match.end()))
    return found


def find_typed_outlets(text: str) -> list[tuple[str, str]]:
    """Outlets named with their kind ("газета Die Welt", "телеканал «Дождь»"): (name, kind)."""
    found = []
    for match in _TYPED.finditer(text):
        name = match["name"].strip(_QUOTES + " ").rstrip(".,;:")
        kind_word = match["kind"].lower()
        kind = next((k for prefix, k in _KIND_OF.items() if kind_word.startswith(prefix)), "other")
        found.append((name, kind))
    return found


def resolve_outlet(name: str, *, create: bool = False, kind: str = "other", domain: str = ""):
    """The Outlet called ``name`` (any of its names), or None.

    With ``create``, an unknown name becomes a new Outlet with that name as its
    first OutletName (used only for names the text states unambiguously: a
    dateline tag, a source domain line, "газета X").
    """
    from archive.models import Outlet, OutletName

    key = outlet_key(name)
    if not key:
        return None
    known = OutletName.objects.select_related("outlet").filter(key=key).first()
    if known:
        return known.outlet
    by_field = Outlet.objects.filter(domain__iexact=key).first() if "." in key else None
    if by_field or not create:
        return by_field
    from django.db import IntegrityError, transaction

    display = name.strip(_QUOTES + " ")
    try:
        with transaction.atomic():  # savepoint: another import may create the same outlet meanwhile
            outlet = Outlet.objects.create(
                name=display, slug=unique_slug(Outlet, display, fallback="outlet"), kind=kind,
                domain=domain or (display if "." in display else ""),
            )
            OutletName.objects.create(key=key, outlet=outlet, name=display)
    except IntegrityError:
        known = OutletName.objects.select_related("outlet").filter(key=key).first()
        if known is None:
            raise
        return known.outlet
    return outlet


def load_catalogue(outlet_model, name_model) -> None:
    """Create or update the curated outlets and their names (the data migration calls this)."""
    for entry in catalogue():
        outlet, _ = outlet_model.objects.update_or_create(
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
            name_model.objects.get_or_create(key=outlet_key(name), defaults={"outlet": outlet, "name": display})
