"""Dates in article text: month names, datelines without a year, full dates.

A TASS-style dateline (``ПАРИЖ, 6 января. /ТАСС/.``) gives day and month only.
The year is inferred from the full dates the text mentions: the first such day
and month on or after the latest of them (an article that mentions
17 декабря 2025 года and is datelined 6 января is from 6 January 2026).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# Genitive (as in dates) and nominative month names; Russian, Ukrainian, English.
MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "января январь січня січень january jan",
        "февраля февраль лютого лютий february feb",
        "марта март березня березень march mar",
        "апреля апрель квітня квітень april apr",
        "мая май травня травень may",
        "июня июнь червня червень june jun",
        "июля июль липня липень july jul",
        "августа август серпня серпень august aug",
        "сентября сентябрь вересня вересень september sep sept",
        "октября октябрь жовтня жовтень october oct",
        "ноября ноябрь листопада листопад november nov",
        "декабря декабрь грудня грудень december dec",
    ],
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
# "17 декабря 2025 года", "21 серпня 2025 р.", "6 January 2026"
_DAY_MONTH_YEAR = re.compile(rf"(?<!\d)(\d{{1,2}})\s+({_MONTH_RE})\.?,?\s+(\d{{4}})(?!\d)", re.IGNORECASE)
# "January 6, 2026"
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}}),\s+(\d{{4}})(?!\d)", re.IGNORECASE)
# "17.12.2025", "2025-12-17"
_NUMERIC_DMY = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.]\d)")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")

# "ПАРИЖ, 6 января. /ТАСС/." / "КИЇВ, 7 січня 2026. /Укрінформ/." / "LONDON, Jan 6 (Reuters) -"
DATELINE = re.compile(
    rf"^(?P<place>[A-ZА-ЯЁІЇЄҐ][A-ZА-ЯЁІЇЄҐ .'’-]{{1,40}}),\s+"
    rf"(?:(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_RE})|(?P<month2>{_MONTH_RE})\.?\s+(?P<day2>\d{{1,2}}))"
    rf"(?:,?\s+(?P<year>\d{{4}})(?:\s*(?:года|г\.|року|р\.))?)?"
    rf"\s*[.,]?\s*(?:[/(](?P<agency>[^/()\n]{{2,40}})[/)]\s*[.:—–-]?)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Dateline:
    place: str
    day: int
    month: int
    year: int | None
    agency: str | None
    end: int  # where the dateline ends in the line


def parse_dateline(line: str) -> Dateline | None:
    """The dateline at the start of ``line``, if it has one."""
    match = DATELINE.match(line)
    if not match:
        return None
    place = match["place"].strip()
    # The place is written in capitals ("ПАРИЖ", "NEW YORK"); "Как добавил Зеленский, 7 января" is no dateline.
    if place.upper() != place or not re.search(r"[A-ZА-ЯЁІЇЄҐ]{2}", place):
        return None
    day = int(match["day"] or match["day2"])
    month = MONTHS[(match["month"] or match["month2"]).lower()]
    year = int(match["year"]) if match["year"] else None
    agency = match["agency"].strip() if match["agency"] else None
    if not _valid(year or 2000, month, day):
        return None
    return Dateline(place, day, month, year, agency, match.end())


def full_dates(text: str) -> list[date]:
    """Every complete date (day, month and year) the text mentions."""
    found: list[date] = []
    for day, month, year in _DAY_MONTH_YEAR.findall(text):
        _add(found, int(year), MONTHS[month.lower()], int(day))
    for month, day, year in _MONTH_DAY_YEAR.findall(text):
        _add(found, int(year), MONTHS[month.lower()], int(day))
    for day, month, year in _NUMERIC_DMY.findall(text):
        _add(found, int(year), int(month), int(day))
    for year, month, day in _ISO.findall(text):
        _add(found, int(year), int(month), int(day))
    return found


def infer_year(day: int, month: int, *, text: str, default_year: int | None, today: date) -> tuple[date | None, str]:
    """The date of a day/month without a year, and how the year was found.

    The first such day and month on or after the latest full date in ``text``;
    else in ``default_year``; else in the year of ``today`` (the import).
    """
    mentioned = full_dates(text)
    if mentioned:
        latest = max(mentioned)
        for year in range(latest.year, latest.year + 9):  # 29 February may be years away
            if _valid(year, month, day) and date(year, month, day) >= latest:
                return date(year, month, day), "latest date mentioned"
    year = default_year or today.year
    if _valid(year, month, day):
        return date(year, month, day), "default year" if default_year else "import year"
    return None, "no valid date"


#: Years a news article can plausibly carry; anything else is a typo ("9999", "2206").
YEAR_MIN, YEAR_MAX = 1800, 2200


def plausible_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when it does not exist or its year is outside YEAR_MIN..YEAR_MAX."""
    return date(year, month, day) if _valid(year, month, day) else None


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return YEAR_MIN <= year <= YEAR_MAX


def _add(found: list[date], year: int, month: int, day: int) -> None:
    if _valid(year, month, day):
        found.append(date(year, month, day))
