"""JSON Lines and CSV: one file, many articles, each row its own input.

Fields (the first name is the documented one; the others are accepted synonyms):

    title       headline, name
    text        body, content, article
    published   date, published_at, pubdate, datetime
    url         link, source_url, address
    language    lang
    outlet      source, publisher, site
    author      byline, authors
    tags        keywords (a list, or a string split at commas/semicolons)

``text`` is required; everything else is optional. Rows are read one at a time
from the open file (a 2 GB export needs no more memory than its longest row), and
the per-file size limit applies to each row. A row that cannot be read becomes a
``Rejected`` input named ``file.jsonl:line 17`` with its reason; the others go on.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from archive.ingest.decode import clean_text
from archive.ingest.urls import normalize_url

SUFFIXES = (".jsonl", ".csv")
SYNONYMS = {
    "title": ("title", "headline", "name"),
    "text": ("text", "body", "content", "article"),
    "published": ("published", "date", "published_at", "pubdate", "datetime"),
    "url": ("url", "link", "source_url", "address"),
    "language": ("language", "lang"),
    "outlet": ("outlet", "source", "publisher", "site"),
    "author": ("author", "byline", "authors"),
    "tags": ("tags", "keywords"),
}
_FIELD_OF = {synonym: name for name, synonyms in SYNONYMS.items() for synonym in synonyms}
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*$")


@dataclass(frozen=True)
class InputRow:
    """One article of a JSON Lines or CSV file: its name (``file.jsonl:line 17``) and its fields."""

    name: str
    fields: dict
    size: int


def is_bulk(name: str) -> bool:
    return name.lower().endswith(SUFFIXES)


def read_rows(name: str, stream, *, max_row_bytes: int) -> Iterator:
    """The rows of a binary ``stream`` as InputRow or Rejected, one at a time."""
    from archive.ingest.sources import Rejected, human_size

    if name.lower().endswith(".csv"):
        yield from _csv_rows(name, stream, max_row_bytes=max_row_bytes)
        return
    number = 0
    while True:
        line = stream.readline(max_row_bytes + 1)
        if not line:
            return
        number += 1
        row_name = f"{name}:line {number}"
        if len(line) > max_row_bytes and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # skip the rest of the long row
                line = stream.readline(1024 * 1024)
            yield Rejected(row_name, f"the row is too large (over {human_size(max_row_bytes)})")
            continue
        if number == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        if not line.strip():
            continue
        try:
            value = json.loads(line.decode("utf-8"))
        except UnicodeDecodeError:
            yield Rejected(row_name, "the row is not UTF-8 (JSON Lines files must be UTF-8)")
            continue
        except ValueError as error:
            yield Rejected(row_name, f"the row is not valid JSON ({error})")
            continue
        if not isinstance(value, dict):
            yield Rejected(row_name, "the row is not a JSON object ({\"title\": …, \"text\": …})")
            continue
        yield _row(row_name, value, len(line))


def _csv_rows(name: str, stream, *, max_row_bytes: int) -> Iterator:
    from archive.ingest.sources import Rejected, human_size

    csv.field_size_limit(max_row_bytes)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict", newline="")
    reader = csv.reader(text)
    try:
        header = next(reader, None)
    except (UnicodeDecodeError, csv.Error) as error:
        yield Rejected(name, f"the CSV header cannot be read ({error})")
        return
    if not header or "text" not in {_FIELD_OF.get(h.strip().lower()) for h in header}:
        yield Rejected(name, "the CSV file needs a header row with a text column (see the README for the fields)")
        return
    while True:
        start = reader.line_num + 1
        row_name = f"{name}:line {start}"
        try:
            values = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError:
            yield Rejected(row_name, "the file is not UTF-8 from here on (CSV files must be UTF-8); the rest was not read")
            return
        except csv.Error as error:
            yield Rejected(row_name, f"the row cannot be read ({error}; the limit per row is {human_size(max_row_bytes)})")
            continue
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            yield Rejected(row_name, f"the row has {len(values)} columns, the header {len(header)}")
            continue
        size = sum(len(v.encode("utf-8")) for v in values)
        if size > max_row_bytes:
            yield Rejected(row_name, f"the row is too large (over {human_size(max_row_bytes)})")
            continue
        yield _row(row_name, dict(zip(header, values)), size)


def _row(name: str, raw: dict, size: int):
    from archive.ingest.sources import Rejected

    fields: dict = {}
    for key, value in raw.items():
        field = _FIELD_OF.get(str(key).strip().lower())
        if field and value not in (None, "") and field not in fields:
            fields[field] = value
    if not isinstance(fields.get("text"), str) or not fields["text"].strip():
        return Rejected(name, "the row has no text (a \"text\" field is required)")
    for key in ("title", "url", "language", "outlet", "author", "published"):
        if key in fields and not isinstance(fields[key], str):
            return Rejected(name, f"the field {key!r} must be a string")
    return InputRow(name, fields, size)


def row_readable(row: InputRow):
    """The row as text for the parser (title line, blank line, text) and the fields it states."""
    from archive.ingest.formats import Readable

    fields = dict(row.fields)
    title = clean_text(fields.pop("title", "")).strip().replace("\n", " ")
    text = clean_text(fields.pop("text"))
    stated: dict = {}
    if title:
        stated["title"] = title
    if "published" in fields:
        stated["published"] = parse_published(fields["published"])
    for key in ("language", "outlet", "author"):
        if key in fields:
            stated[key] = fields[key].strip()
    if "language" in stated and not re.fullmatch(r"[a-z]{2}", stated["language"].lower()):
        raise ValueError(f"the language {stated['language']!r} is not a two-letter ISO 639-1 code")
    stated["language"] = stated.get("language", "").lower()
    if "url" in fields:
        stated["url"] = normalize_url(fields["url"])
        if not stated["url"]:
            raise ValueError(f"the url {fields['url'][:200]!r} is not a valid http(s) address")
    if "tags" in fields:
        tags = fields["tags"]
        tags = tags if isinstance(tags, list) else re.split(r"[,;]", str(tags))
        stated["tags"] = [str(tag).strip() for tag in tags if str(tag).strip()]
    return Readable(f"{title}\n\n{text}" if title else text, "utf-8", stated)


def parse_published(value: str) -> date:
    """``2026-01-08`` or an ISO timestamp as a date; ValueError with the reason otherwise."""
    from archive.ingest.dates import plausible_date

    match = _ISO_DATE.match(value)
    found = plausible_date(*map(int, match.groups())) if match else None
    if found is None:
        raise ValueError(f"the published date {value!r} is not a real date in the form YYYY-MM-DD")
    return found
