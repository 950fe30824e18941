"""What the person importing tells the loader about the files (shared by every import path)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from archive.models import Outlet


@dataclass(frozen=True)
class ImportOptions:
    """What the person importing tells the loader about the files.

    outlet        the publishing outlet of every file (overrides what the text says)
    language      ISO 639-1 code of every file (overrides detection)
    default_date  the date of files whose text gives none
    default_year  the year of datelines without one ("ПАРИЖ, 6 января.") when the
                  text mentions no full date to infer it from
    """

    outlet: Outlet | None = None
    language: str | None = None
    default_date: date | None = None
    default_year: int | None = None

    def as_json(self) -> dict:
        """The options as stored on ImportBatch.options."""
        return {
            "outlet": self.outlet.slug if self.outlet else None,
            "language": self.language,
            "default_date": self.default_date.isoformat() if self.default_date else None,
            "default_year": self.default_year,
        }
