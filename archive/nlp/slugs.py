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
