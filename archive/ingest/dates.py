"""Dates in article text: month names, datelines without a year, full dates.

A TASS-style dateline (``ПАРИЖ, 6 января. /ТАСС/.``) gives day and month only.
The year is inferred from the full dates the text mentions: the first such day
and month on or after the latest of them (less a margin for dates it announces) (an article that mentions
17 декабря 2025 года and is datelined 6 января is from 6 January 2026), and
never after the import date.

Dates are found by the patterns below rather than by a general date library:
the loader needs *where* a date is written (a dateline, the first sentence)
and which parts it states, while ``dateparser.search`` also reads relative
words as dates («в среду» becomes last Wednesday) and supplies a missing year
from the clock, which is exactly what the rules here must not do.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

# Genitive (as in dates) and nominative month names; Russian, Ukrainian, English.
MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "января январь янв січня січень січ january jan",
        "февраля февраль февр фев лютого лютий лют february feb",
        "марта март мар березня березень бер march mar",
        "апреля апрель апр квітня квітень квіт april apr",
        "мая май травня травень трав may",
        "июня июнь июн червня червень черв june jun",
        "июля июль июл липня липень лип july jul",
        "августа август авг серпня серпень серп august aug",
        "сентября сентябрь сент сен вересня вересень вер september sep sept",
        "октября октябрь окт жовтня жовтень жовт october oct",
        "ноября ноябрь нояб ноя листопада листопад лист november nov",
        "декабря декабрь дек грудня грудень груд december dec",
    ],
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

# A month name is a whole word: "мар" is March in "5 мар.", not the start of "марафон".
_MONTH_RE = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")(?![^\W\d_])"
# "17 декабря 2025 года", "21 серпня 2025 р.", "6 January 2026"
_DAY_MONTH_YEAR = re.compile(rf"(?<!\d)(\d{{1,2}})\s+({_MONTH_RE})\.?,?\s+(\d{{4}})(?!\d)", re.IGNORECASE)
# "January 6, 2026"
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})(?!\d)", re.IGNORECASE)
# "17.12.2025", "2025-12-17"
_NUMERIC_DMY = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.]\d)")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")

def full_dates(text: str) -> list[date]:
    """Every complete date (day, month and year) the text mentions, in the order written."""
    return [found for _start, found in _dates_with_positions(text)]


def _dates_with_positions(text: str) -> list[tuple[int, date]]:
    found: list[tuple[int, date]] = []
    for match in _DAY_MONTH_YEAR.finditer(text):
        _add(found, match.start(), int(match[3]), MONTHS[match[2].lower()], int(match[1]))
    for match in _MONTH_DAY_YEAR.finditer(text):
        _add(found, match.start(), int(match[3]), MONTHS[match[1].lower()], int(match[2]))
    for match in _NUMERIC_DMY.finditer(text):
        _add(found, match.start(), int(match[3]), int(match[2]), int(match[1]))
    for match in _ISO.finditer(text):
        _add(found, match.start(), int(match[1]), int(match[2]), int(match[3]))
    return sorted(found)


_FIRST_SENTENCE = re.compile(r"^.{0,300}?(?:[.!?…](?=\s+[A-ZА-ЯЁІЇЄҐ«\"])|$)", re.DOTALL)


def first_sentence_date(paragraph: str, *, not_after: date) -> date | None:
    """The first full date of a paragraph's first sentence, unless it lies after ``not_after``.

    "9 января 2026 года канцлер Германии заявил…" is dated by its opening; a
    date later than the import (or the editor's date) is a plan the text talks
    about, not the day it was written.
    """
    sentence = _FIRST_SENTENCE.match(paragraph)
    head = sentence.group(0) if sentence else paragraph[:300]
    for _start, found in _dates_with_positions(head):
        if found <= not_after:
            return found
    return None


#: How far ahead of its own day an article's mentioned dates may reach.
LOOKAHEAD_DAYS = 60


def infer_year(
    day: int, month: int, *, text: str, default_year: int | None, today: date, not_after: date | None = None,
) -> tuple[date | None, str]:
    """The date of a day/month without a year, and how the year was found.

    In order: the first such day and month on or after the latest full date in
    ``text``, less LOOKAHEAD_DAYS (the text's own evidence wins, even over the clock); else in
    ``default_year`` (the editor's); else, with nothing else to go by, the most
    recent such day and month not after ``not_after`` (default: ``today``, the
    import date): «6 января» imported on 1 December 2026 is 6 January 2026, not 2027.
    """
    limit = not_after or today
    mentioned = full_dates(text)
    if mentioned:
        # News names coming dates too ("the next round on 20 January"), so the day may
        # lie a little before the latest date mentioned, never much before it.
        earliest = max(mentioned) - timedelta(days=LOOKAHEAD_DAYS)
        for year in range(earliest.year, earliest.year + 9):  # 29 February may be years away
            if _valid(year, month, day) and date(year, month, day) >= earliest:
                return date(year, month, day), "latest date mentioned"
    if default_year and _valid(default_year, month, day):
        return date(default_year, month, day), "default year"
    for year in range(limit.year, limit.year - 9, -1):
        if _valid(year, month, day) and date(year, month, day) <= limit:
            return date(year, month, day), "most recent such day before the import"
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


def _add(found: list[tuple[int, date]], start: int, year: int, month: int, day: int) -> None:
    if _valid(year, month, day):
        found.append((start, date(year, month, day)))
