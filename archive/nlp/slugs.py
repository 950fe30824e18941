"""Unique ASCII slugs for people, outlets and events, whatever the script of the name."""
from django.db import models
from django.utils.text import slugify

from archive.text.keys import cyrillic_standard, transliterate

MAX_BASE = 180  # room for a "-N" suffix within the 200-character slug fields


def unique_slug(model: type[models.Model], name: str, *, fallback: str) -> str:
    """A slug for ``name`` not yet used by ``model``: ``base``, else ``base-2``, ``base-3``...

    Cyrillic is transliterated by the national standard first (Django's slugify
    would drop it); ``fallback`` is the base when nothing is left.
    """
    base = slugify(transliterate(name, cyrillic_standard(name)))[:MAX_BASE].strip("-") or fallback
    taken = set(model.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def unique_slugs(model: type[models.Model], names: list[str], *, fallback: str) -> list[str]:
    """:func:`unique_slug` for many new rows at once: distinct from each other and from ``model``'s.

    One query per 200 distinct bases (SQLite's expression depth), instead of one per name.
    """
    bases = [slugify(transliterate(name, cyrillic_standard(name)))[:MAX_BASE].strip("-") or fallback
             for name in names]
    distinct = sorted(set(bases))
    taken: set[str] = set()
    for start in range(0, len(distinct), 200):
        match = models.Q()
        for base in distinct[start:start + 200]:
            match |= models.Q(slug__startswith=base)
        taken.update(model.objects.filter(match).values_list("slug", flat=True))
    slugs = []
    for base in bases:
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        slugs.append(slug)
    return slugs
