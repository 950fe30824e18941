"""Language names in the interface language, for pages, facets and exports."""
from __future__ import annotations

from django.utils.translation import get_language_info
from django.utils.translation import gettext as _


def language_label(code: str | None) -> str:
    """The name of language ``code`` in the interface language ("uk" -> "Ukrainian"); unknown codes as written."""
    if not code:
        return _("Unknown language")
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code
