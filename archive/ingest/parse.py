"""Decoded text -> ParsedArticle: title, lead, body, date, language, outlets, byline, tags.

A plain function over text, no database: the outlet names to look for are
passed in (by default the curated catalogue), so parsing is testable alone.

The layout the loader understands, in order:

1. an optional header line `` date YYYY-MM-DD Title``;
2. site breadcrumbs ("Головна Світ Політика"), which are not the title;
3. the title; a "title" that is really a long lead sentence becomes the lead
   and the title is its first clause;
4. front matter before the first real paragraph: byline, a source domain line
   (``glavcom.ua``), photo captions and credits, a subtitle (the lead);
5. the body, where a dateline (``ПАРИЖ, 6 января. /ТАСС/.``) may give the date
   and the publishing agency; caption/credit lines and a ``Теги:`` line
   anywhere are taken out of the body.

The publisher is only ever what the text states: a dateline agency tag or a
source domain line near the byline; a mention of that same outlet in the body
("пише «Главком»") is the outlet speaking of itself. Every other outlet named
in the text is *cited*. An outlet named only in "сообщает X" is cited, never
promoted to publisher: guessing would be wrong as often as right.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from archive.ingest import layout
from archive.ingest.datelines import parse_dateline, place_name
from archive.ingest.dates import YEAR_MAX, YEAR_MIN, first_sentence_date, full_dates, infer_year, plausible_date
from archive.ingest.urls import url_line
from archive.ingest.decode import clean_text
from archive.nlp.language import detect_language
from archive.nlp.outlets import catalogue, find_outlets, find_typed_outlets, names_of, outlet_key

TITLE_MAX = 120


class ParseError(ValueError):
    """The text has no article in it (e.g. a title and nothing else)."""


@dataclass
class ParsedArticle:
    title: str
    lead: str
    body: str
    published: date | None
    date_inferred: bool
    language: str
    publisher: str | None  # outlet name as found in the text
    cited_outlets: list[str]
    author: str
    tags: list[str]
    captions: list[str]
    text: str  # the normalized decoded text
    date_note: str = ""  # how the date was found ("header", "dateline, year from ...")
    new_cited_kinds: dict[str, str] = field(default_factory=dict)  # names found as "газета X": kind
    url: str = ""  # the original's address, from a URL or source line
    place: str = ""  # the dateline's city as a name ("Париж" from "ПАРИЖ, 6 января. /ТАСС/.")


def parse_article(
    text: str,
    *,
    default_year: int | None = None,
    default_date: date | None = None,
    today: date | None = None,
    outlet_groups: Sequence[Iterable[str]] | None = None,
) -> ParsedArticle:
    """Parse one article; raises ParseError when there is no article text.

    ``outlet_groups``: the names of each known outlet (one iterable per outlet);
    default: the curated catalogue. ``today`` is the import date (year of last resort).
    """
    text = clean_text(text)
    today = today or date.today()
    groups = [list(g) for g in (outlet_groups if outlet_groups is not None else [names_of(e) for e in catalogue()])]
    lines = [line.strip() for line in text.split("\n")]
    items = [line for line in lines if line]
    if not items:
        raise ParseError("the file contains no text")
    items, url = _take_url_lines(items)
    if not items:
        raise ParseError("the file has an address but no article text")

    published, date_note, ignored_header = None, "", ""
    header = layout.HEADER.match(items[0])
    if header:
        published = _iso_date(header["date"])
        # An impossible or implausible header date (a typo such as 9999-12-31) is ignored like a
        # missing one: the dateline or the import's default may still date the article, and the
        # note tells the editor why the header was not used.
        if published:
            date_note = "header"
        else:
            ignored_header = f"header date {header['date']} ignored: not a real date between {YEAR_MIN} and {YEAR_MAX}"
        items = ([header["rest"].strip()] if header["rest"].strip() else []) + items[1:]
    while items and layout.is_breadcrumb(items[0]):
        items.pop(0)
    if not items:
        raise ParseError("the file has a header but no article text")

    title, lead = items.pop(0), ""
    if _is_lead_sentence(title):
        title, lead = shorten_title(title), title

    front, rest = _split_front_matter(items)
    author, source_domain, captions, front_lead, extra_body = _read_front_matter(front, want_lead=not lead)
    lead = lead or front_lead
    body_lines, tags, more_captions, cited_sources, byline, body_urls = _read_body(extra_body + rest)
    url = url or next(iter(body_urls), "")
    captions += more_captions
    author = author or byline
    if not body_lines and lead:
        body_lines, lead = [lead], ""
    if not body_lines:
        raise ParseError("the file has a title but no article text")
    body = "\n\n".join(body_lines)

    dateline = next((d for d in map(parse_dateline, body_lines[:3]) if d), None)
    date_inferred = False
    not_after = default_date or today  # no inferred year may put the article after this
    if published is None and dateline and dateline.day:
        if dateline.year:
            published, date_note = date(dateline.year, dateline.month, dateline.day), "dateline"
        else:
            published, how = infer_year(
                dateline.day, dateline.month, text=body, default_year=default_year, today=today, not_after=not_after,
            )
            date_inferred, date_note = True, f"dateline without a year; year from the {how}"
    if published is None:
        stated = [d for line in front for d in full_dates(line) if len(line) <= 40]
        in_lead = first_sentence_date(body_lines[0], not_after=not_after)
        if stated:
            published, date_note = stated[0], "date line"
        elif in_lead:
            published, date_note = in_lead, "first sentence"
        elif default_date:
            published, date_inferred, date_note = default_date, True, "default date of the import"
    date_note = "; ".join(note for note in (ignored_header, date_note) if note)

    publisher = (dateline.agency if dateline and dateline.agency else None) or source_domain
    cited, new_kinds = _cited_outlets(
        "\n".join([title, lead, body]), groups, publisher=publisher, sources=cited_sources
    )
    return ParsedArticle(
        title=title, lead=lead, body=body, published=published, date_inferred=date_inferred,
        language=detect_language("\n".join([title, lead, body])), publisher=publisher,
        cited_outlets=cited, author=author, tags=tags, captions=captions, text=text,
        date_note=date_note, new_cited_kinds=new_kinds, url=url or "",
        place=place_name(dateline.place) if dateline and dateline.place else "",
    )


def _take_url_lines(items: list[str]) -> tuple[list[str], str]:
    """Address lines near the top (and a last line that is one) out of the text, and the first address."""
    found, kept = [], []
    for index, line in enumerate(items):
        address = url_line(line) if index < 6 or index == len(items) - 1 else None
        if address:
            found.append(address)
        else:
            kept.append(line)
    return kept, (found[0] if found else "")


def _iso_date(value: str) -> date | None:
    """The header's ``YYYY-MM-DD``, within the same years as every other date the loader reads."""
    year, month, day = map(int, value.split("-"))
    return plausible_date(year, month, day)


def _is_lead_sentence(title: str) -> bool:
    """Headlines are short and carry no final full stop; a long sentence is a lead."""
    words = len(title.split())
    return len(title) > 160 or (title.endswith(".") and not title.endswith("..") and words >= 15)


def shorten_title(sentence: str) -> str:
    """A headline from a long sentence: its first clause, or its first words."""
    sentence = re.split(r"(?<=[.!?])\s+(?=[A-ZА-ЯЁІЇЄҐ«\"])", sentence.strip())[0].rstrip(" .")
    clause = re.split(r",\s|\s[—–-]\s|:\s", sentence)[0]
    if len(clause.split()) >= 4 and len(clause) <= TITLE_MAX:
        return clause
    if len(sentence) <= TITLE_MAX:
        return sentence
    cut = sentence[:TITLE_MAX].rsplit(" ", 1)[0]
    return cut.rstrip(",;:—– ") + "…"


def _is_body_paragraph(line: str) -> bool:
    return bool(parse_dateline(line)) or len(line) >= 200 or (layout.ends_sentence(line) and len(line.split()) >= 12)


def _split_front_matter(items: list[str]) -> tuple[list[str], list[str]]:
    """Lines between the title and the first real paragraph, and the rest."""
    for index, line in enumerate(items[:12]):
        if _is_body_paragraph(line):
            return items[:index], items[index:]
    return [], items


def _read_front_matter(front: list[str], *, want_lead: bool):
    author, domain, captions, lead, unclassified = "", None, [], "", []
    used: set[int] = set()
    for index, line in enumerate(front):
        if layout.is_credit(line):
            used.add(index)
            before = index - 1
            if layout.is_bare_credit(line) and before >= 0 and before not in used and not layout.ends_sentence(front[before]) and not layout.domain_of(front[before]):
                captions.append(f"{front[before]} ({line})")
                used.add(before)
            else:
                captions.append(line)
    for index, line in enumerate(front):
        if index in used:
            continue
        found_domain = layout.domain_of(line)
        if found_domain:
            domain = domain or found_domain
            continue
        name = layout.byline_name(line)
        if name:
            author = author or name
            continue
        if layout.looks_like_name(line) and _near_byline_evidence(front, index) and author in ("", line):
            author = line
            continue
        if want_lead and not lead and len(line.split()) >= 5:
            lead = line
            continue
        unclassified.append(line)
    return author, domain, captions, lead, unclassified


def _near_byline_evidence(front: list[str], index: int) -> bool:
    """A name-shaped line is a byline when a source line is next to it, it repeats, or it starts with a first name."""
    line = front[index]
    neighbours = front[max(0, index - 1): index] + front[index + 1: index + 2]
    return (
        any(layout.domain_of(n) for n in neighbours)
        or front.count(line) > 1
        or layout.is_given_name(line.split()[0])
    )


def _read_body(lines: list[str]):
    body, tags, captions, sources, author, urls = [], [], [], [], "", []
    for index, line in enumerate(lines):
        address = url_line(line) if layout.source_line(line) else None
        if address:  # "Источник: https://…" gives the address, not a cited outlet
            urls.append(address)
            continue
        found_tags = layout.tags_line(line)
        if found_tags is not None:
            tags.extend(t for t in found_tags if t not in tags)
            continue
        if layout.is_credit(line) and len(line) <= 300:
            if layout.is_bare_credit(line) and body and index > 0 and body[-1] == lines[index - 1] and len(body[-1]) <= 200 and not layout.ends_sentence(body[-1]):
                captions.append(f"{body.pop()} ({line})")
            else:
                captions.append(line)
            continue
        source = layout.source_line(line)
        if source:
            sources.append(source)
            continue
        name = layout.byline_name(line)
        if name:
            author = author or name
            continue
        body.append(line)
    return body, tags, captions, sources, author, urls


def _cited_outlets(text: str, groups: list[list[str]], *, publisher: str | None, sources: list[str]):
    """Outlets the text reports from, in order of first mention, without the publisher.

    Known outlets (any of their names) and outlets named with their kind ("телеканал
    «Дождь»") are merged in the order the text names them; source lines, which are
    no longer in ``text``, come last.
    """
    group_of = {outlet_key(name): index for index, names in enumerate(groups) for name in names}
    publisher_group = group_of.get(outlet_key(publisher)) if publisher else None
    all_names = [name for names in groups for name in names]
    found: list[tuple[int, str]] = []  # (position in the text, name as cited)
    seen_groups: set[int] = set()
    seen_keys: set[str] = {outlet_key(publisher)} if publisher else set()
    for mention in find_outlets(text, all_names):
        group = group_of.get(outlet_key(mention.name))
        if group is None or group == publisher_group or group in seen_groups:
            continue
        seen_groups.add(group)
        found.append((mention.start, groups[group][0]))
    new_kinds: dict[str, str] = {}
    typed = find_typed_outlets(text) + [(source, "other") for source in sources]
    for name, kind in typed:
        key = outlet_key(name)
        if not key or key in seen_keys or key in group_of and group_of[key] in seen_groups | {publisher_group}:
            continue
        if key in group_of:
            seen_groups.add(group_of[key])
        else:
            new_kinds[name] = kind
        seen_keys.add(key)
        position = text.find(name)
        found.append((position if position >= 0 else len(text), name))
    found.sort(key=lambda item: item[0])  # stable: equal positions keep the order found
    return [name for _position, name in found], new_kinds
