"""What the preview page shows for each file, built from the loader's outcomes."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse

from archive.ingest.urls import outlet_of_url
from archive.nlp.pipeline import analysis_run, preview_people

EXCERPT_LINES = 3
EXCERPT_CHARS = 400


@dataclass
class PreviewRow:
    """One file of the preview, ready for the template (no queries in the template)."""

    name: str
    status: str  # "new", "duplicate" or "rejected"
    reason: str = ""
    title: str = ""
    published: date | None = None
    date_inferred: bool = False
    language: str = ""
    outlet: str = ""
    outlet_from_options: bool = False
    author: str = ""
    people: list[str] = field(default_factory=list)
    cited_outlets: list[str] = field(default_factory=list)
    excerpt: str = ""
    encoding: str = ""
    duplicate_of_id: int | None = None
    duplicate_of_title: str = ""
    duplicate_of_url: str = ""


def outcome_rows(outcomes, *, options) -> list[PreviewRow]:
    """One PreviewRow per FileOutcome of ``archive.ingest.service.preview``."""
    rows = []
    with analysis_run():  # the known names are loaded once for the whole upload
        rows.extend(_row(outcome, options=options) for outcome in outcomes)
    return rows


def _row(outcome, *, options) -> PreviewRow:
    row = PreviewRow(name=outcome.source, status=outcome.status, reason=outcome.reason or "")
    row.encoding = outcome.encoding or ""
    parsed = outcome.parsed
    if parsed is not None:
        row.title = parsed.title
        row.published = parsed.published
        row.date_inferred = parsed.date_inferred
        row.language = parsed.language
        row.author = parsed.author
        row.cited_outlets = list(parsed.cited_outlets)
        row.excerpt = excerpt(parsed.body)
        if options.outlet is not None:  # the editor's choice overrides the text
            row.outlet, row.outlet_from_options = options.outlet.name, True
        elif parsed.publisher:
            row.outlet = parsed.publisher
        else:  # as the import does: a known outlet's domain in the article's address names it
            by_address = outlet_of_url(parsed.url)
            row.outlet = by_address.name if by_address else ""
        if outcome.status != "rejected":
            row.people = preview_people(title=parsed.title, body=parsed.body, language=parsed.language)
    duplicate = outcome.duplicate_of
    if duplicate is not None:
        row.duplicate_of_id = duplicate.pk
        row.duplicate_of_title = duplicate.title
        row.duplicate_of_url = reverse("admin:archive_article_change", args=[duplicate.pk])
    return row


def excerpt(body: str) -> str:
    """The first lines of the body, short enough to scan in a table."""
    lines = [line.strip() for line in (body or "").splitlines() if line.strip()]
    text = "\n".join(lines[:EXCERPT_LINES])
    if len(text) > EXCERPT_CHARS:
        text = text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"
    elif len(lines) > EXCERPT_LINES:
        text += " …"
    return text

