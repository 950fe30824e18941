"""The Django admin, one module per area (importing them registers the ModelAdmins)."""
from . import articles, events, imports, outlets, people  # noqa: F401
