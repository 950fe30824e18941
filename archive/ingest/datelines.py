"""Datelines: the place, day and agency a wire story opens with.

The forms agencies and papers write, all at the start of a paragraph:

- ``ПАРИЖ, 6 января. /ТАСС/.``, ``КИЇВ, 7 січня 2026. /Укрінформ/.``
- ``МОСКВА, 9 янв — РИА Новости.`` (an agency named after a dash)
- ``Москва. 9 января. INTERFAX.RU -`` and ``Київ, 9 січня (УНІАН).``
- ``PARIS, Jan 8 (Reuters) -``, ``LONDON, March 3, 2026 (Reuters) -``
- ``PARIS (AP) —``, ``Berlin (dpa) -`` (a place and an agency, no date; a place in
  ordinary case only before an agency of the curated catalogue)
- ``(Reuters) -``, ``(Bloomberg) --`` (the agency alone)
- ``Київ, 3 січня 2026 року.`` (a place and a full date, no agency)

A place in capitals may stand before any date; a place written in ordinary
case ("Київ") counts only when a year or an agency mark follows, so that a
sentence such as "Как добавил Зеленский, 7 января, ..." is never a dateline.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from archive.ingest.dates import _MONTH_RE, MONTHS, _valid

_UPPER = "A-ZА-ЯЁІЇЄҐ"
_PLACE = rf"(?P<place>[{_UPPER}][\w'’.-]*(?:\s+[\w'’.-]+){{0,3}}?)"
_DATE = (
    rf"(?:(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_RE})\.?|(?P<month2>{_MONTH_RE})\.?\s+(?P<day2>\d{{1,2}}))"
    rf"(?:,?\s+(?P<year>\d{{4}})(?:\s*(?:года|год|г\.|г(?!\w)|року|рік|р\.|р(?!\w)))?)?"
)
# An agency mark: "/ТАСС/", "(Reuters)", "— РИА Новости.", "INTERFAX.RU -".
_MARK = (
    r"(?:[/(]\s*(?P<bracketed>[^/()\n]{2,40}?)\s*[/)]\s*[.:]?\s*(?:[—–-]{1,2}\s*)?"
    rf"|[—–-]{{1,2}}\s*(?P<dashed>[{_UPPER}][\w.-]*(?:\s+[{_UPPER}][\w.-]*){{0,2}})\s*\.(?=\s|$)\s*"
    rf"|(?P<capitals>[{_UPPER}][{_UPPER}.-]{{1,30}})\s+[—–-]{{1,2}}\s+)"
)
_DATED = re.compile(rf"^{_PLACE}\s*[,.]\s+{_DATE}\s*[.,]?\s*(?:{_MARK})?", re.IGNORECASE)
_PLACE_AND_MARK = re.compile(rf"^{_PLACE}\s+{_MARK}", re.IGNORECASE)
# "Berlin (dpa) - ": a place in ordinary case counts before an agency in brackets only when a dash
# follows and the agency is one the catalogue knows ("Зеленский (Украина) - ..." is a sentence).
_TITLE_PLACE_AND_MARK = re.compile(rf"^{_PLACE}\s+\(\s*(?P<bracketed>[^/()\n]{{2,30}}?)\s*\)\s*[—–-]{{1,2}}\s+")
_MARK_ONLY = re.compile(r"^\(\s*(?P<bracketed>[^/()\n]{2,30}?)\s*\)\s*[—–-]{1,2}\s*")


@dataclass(frozen=True)
class Dateline:
    place: str | None
    day: int | None
    month: int | None
    year: int | None
    agency: str | None
    end: int  # where the dateline ends in the line


def parse_dateline(line: str) -> Dateline | None:
    """The dateline at the start of ``line``, if it has one."""
    dated = _DATED.match(line)
    if dated:
        return _dated(dated)
    placed = _PLACE_AND_MARK.match(line)
    if placed and _capital_place(placed["place"]) and _agency(placed):
        return Dateline(placed["place"].strip(), None, None, None, _agency(placed), placed.end())
    titled = _TITLE_PLACE_AND_MARK.match(line)
    if titled and _title_place(titled["place"]) and _catalogued_agency(titled["bracketed"]):
        return Dateline(titled["place"].strip(), None, None, None, _agency(titled), titled.end())
    alone = _MARK_ONLY.match(line)
    if alone and _looks_like_agency(alone["bracketed"]):
        return Dateline(None, None, None, None, alone["bracketed"].strip(), alone.end())
    return None


def _dated(match: re.Match) -> Dateline | None:
    place = match["place"].strip().rstrip(".")
    agency = _agency(match)
    year = int(match["year"]) if match["year"] else None
    if not _capital_place(place) and not (_title_place(place) and (year or agency)):
        return None
    day = int(match["day"] or match["day2"])
    month = MONTHS[(match["month"] or match["month2"]).lower()]
    if not _valid(year or 2000, month, day):
        return None
    return Dateline(place, day, month, year, agency, match.end())


#: A dateline opens one of the first paragraphs (as archive.ingest.parse reads a file).
DATELINE_PARAGRAPHS = 3


def place_of_body(body: str) -> str:
    """The city of the dateline in the first paragraphs of a stored body ("" when there is none)."""
    paragraphs = [p.strip() for p in body.split("\n") if p.strip()][:DATELINE_PARAGRAPHS]
    dateline = next((found for found in map(parse_dateline, paragraphs) if found), None)
    return place_name(dateline.place)[:200] if dateline and dateline.place else ""


def place_name(place: str) -> str:
    """The dateline's place as a name: "ПАРИЖ" -> "Париж", "NEW YORK" -> "New York",
    "РОСТОВ-НА-ДОНУ" -> "Ростов-на-Дону"; a place already in ordinary case stays as written.

    Datelines put the city in capitals to set it off; the article keeps it as people write it.
    """
    place = place.strip().rstrip(".,")
    if not _capital_place(place):
        return place
    return " ".join(_name_word(word) for word in place.split())


# Links inside hyphenated place names, written in lowercase (Ростов-на-Дону, Frankfurt-am-Main, Saint-Jean-de-Luz).
_LINKS = {"на", "над", "под", "де", "ла", "ле", "ан", "ам", "am", "an", "de", "la", "le", "les", "sur", "sous",
          "en", "upon", "on", "del", "di", "im"}


def _name_word(word: str) -> str:
    parts = word.lower().split("-")
    return "-".join(part if index and part in _LINKS else part[:1].upper() + part[1:]
                    for index, part in enumerate(parts))


def _agency(match: re.Match) -> str | None:
    for group in ("bracketed", "dashed", "capitals"):
        value = match.groupdict().get(group)
        if value and _looks_like_agency(value):
            return value.strip()
    return None


def _looks_like_agency(name: str) -> bool:
    """A short name, not a clause: at most four words and no digits ("по местному времени" is no agency)."""
    words = name.split()
    return 1 <= len(words) <= 4 and not re.search(r"\d", name) and (name[0].isupper() or len(words) == 1)


@lru_cache(maxsize=1)
def _agency_keys() -> frozenset:
    from archive.nlp.outlets import catalogue, names_of, outlet_key

    return frozenset(outlet_key(name) for entry in catalogue() if entry.get("kind") == "agency" for name in names_of(entry))


def _catalogued_agency(name: str) -> bool:
    """Is ``name`` one of the curated news agencies' names (dpa, AP, Reuters, УНІАН)?"""
    from archive.nlp.outlets import outlet_key

    return outlet_key(name) in _agency_keys()


def _capital_place(place: str) -> bool:
    """A place written in capitals ("ПАРИЖ", "NEW YORK")."""
    return place.upper() == place and bool(re.search(rf"[{_UPPER}]{{2}}", place))


def _title_place(place: str) -> bool:
    """A place in ordinary case: one to three capitalized words ("Київ", "Нью-Йорк", "Ростов-на-Дону")."""
    words = place.split()
    return 1 <= len(words) <= 3 and all(word[0].isupper() for word in words)
