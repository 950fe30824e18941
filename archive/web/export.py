"""Every search as a download: CSV (UTF-8 with a BOM) or JSON Lines, streamed.

All matching articles are written, not just one page, in the search's order, up
to ``export_cap()`` (setting ``ARCHIVE_EXPORT_MAX_ROWS``, 100,000 by default); when the cap cuts a search, the file ends with a line saying
so (a last CSV row whose title is the notice, a last JSON line ``{"notice": ...}``)
and the response carries ``X-Export-Total`` and ``X-Export-Cap``.

Memory stays flat however many articles match: the ordered ids are read through
the database cursor (``iterator``), and the articles are read and written
``CHUNK`` at a time with their outlet, people and events.

Why a BOM: spreadsheet programs (Excel, LibreOffice's default) read a CSV file
without one as a legacy 8-bit encoding and garble Cyrillic; with it they read UTF-8.
"""
from __future__ import annotations

import csv
import html
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from archive.models import Article, Event, EventArticle
from archive.search import ParsedQuery, SearchResults
from archive.search.facets import event_label
from archive.search.snippets import snippet
from archive.web import selectors



def export_cap() -> int:
    """At most this many articles are written to one file."""
    return settings.ARCHIVE_EXPORT_MAX_ROWS

#: Articles read (and written) per database round trip.
CHUNK = 500
FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}
COLUMNS = ["id", "title", "date", "language", "outlet", "author", "people", "events", "url", "permalink", "snippet"]


class _Echo:
    """A file-like object whose write() returns what it was given (for csv.writer)."""

    def write(self, value):
        return value


def _events_by_article(ids: list[int]) -> dict[int, list[str]]:
    names = defaultdict(list)
    links = EventArticle.objects.counted().filter(article_id__in=ids).select_related("event").order_by("event__start_date", "event_id")
    for link in links:
        event: Event = link.event
        names[link.article_id].append(event_label(event.name_en, event.name_ru, event.name_uk))
    return names


def export_rows(articles, *, query: ParsedQuery | None, permalink, cap: int, full_text: bool = False) -> Iterator[dict]:
    """One dict per article of the ordered queryset ``articles`` (at most ``cap``); snippets for ``query``."""
    ids = articles.values_list("pk", flat=True)
    chunk: list[int] = []
    for count, pk in enumerate(ids.iterator(chunk_size=2000), start=1):
        if count > cap:
            break
        chunk.append(pk)
        if len(chunk) == CHUNK:
            yield from _chunk_rows(chunk, query=query, permalink=permalink, full_text=full_text)
            chunk = []
    if chunk:
        yield from _chunk_rows(chunk, query=query, permalink=permalink, full_text=full_text)


def _chunk_rows(ids: list[int], *, query: ParsedQuery | None, permalink, full_text: bool) -> Iterator[dict]:
    by_id = {article.pk: article for article in selectors.article_list(Article.objects.filter(pk__in=ids))}
    events = _events_by_article(ids)
    for pk in ids:
        article = by_id.get(pk)
        if article is None:  # deleted while the export ran
            continue
        text = article.lead or article.body
        passage = html.unescape(strip_tags(str(snippet(article, query)))) if query is not None else text[:240]
        row = {
            "id": article.pk,
            "title": article.title,
            "date": article.published.isoformat() if article.published else "",
            "language": article.language,
            "outlet": article.outlet.name if article.outlet else "",
            "author": article.author,
            "people": [mention.person.name for mention in article.visible_mentions],
            "events": events.get(pk, []),
            "url": article.url,
            "permalink": permalink(pk),
            "snippet": passage,
        }
        if full_text:
            row["text"] = "\n\n".join(part for part in (article.title, article.lead, article.body) if part)
        yield row


def _notice(total: int, cap: int) -> str:
    return _("This file holds the first %(cap)s of %(total)s matching articles; narrow the search to export the rest.") % {
        "cap": f"{cap:,}", "total": f"{total:,}"}


def csv_lines(rows: Iterable[dict], *, full_text: bool, notice: str | None) -> Iterator[str]:
    writer = csv.writer(_Echo())
    columns = COLUMNS + (["text"] if full_text else [])
    yield "\ufeff" + writer.writerow(columns)
    for row in rows:
        values = {**row, "people": "; ".join(row["people"]), "events": "; ".join(row["events"])}
        yield writer.writerow([values[column] for column in columns])
    if notice:
        yield writer.writerow(["", notice] + [""] * (len(columns) - 2))


def jsonl_lines(rows: Iterable[dict], *, notice: str | None) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"
    if notice:
        yield json.dumps({"notice": notice}, ensure_ascii=False) + "\n"


def export_response(request, results: SearchResults, *, fmt: str, full_text: bool = False) -> StreamingHttpResponse:
    """The streamed download of every article of ``results``, in their order (at most the cap)."""
    cap = export_cap()
    total = results.exact_count()  # a download reads every match anyway: its total is exact

    def permalink(pk: int) -> str:
        return request.build_absolute_uri(reverse("web:article", args=[pk]))

    notice = _notice(total, cap) if total > cap else None
    rows = export_rows(results.as_queryset(), query=results.parsed, permalink=permalink, full_text=full_text, cap=cap)
    lines = csv_lines(rows, full_text=full_text, notice=notice) if fmt == "csv" else jsonl_lines(rows, notice=notice)
    response = StreamingHttpResponse(lines, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="archive-search.{fmt}"'
    response["X-Export-Total"] = str(total)
    response["X-Export-Cap"] = str(cap)
    return response
