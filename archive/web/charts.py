"""Small bar charts drawn on the server as SVG, so they work without JavaScript.

Every chart takes plain data (dates and counts), picks a bucket size that keeps
the number of bars readable (day, month, year or several years), and returns safe markup built
only from escaped pieces. Colours come from the stylesheet through class names,
so a strict Content-Security-Policy (no inline styles) holds.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH = 640
HEIGHT = 160
PAD_LEFT = 30
PAD_BOTTOM = 22
PAD_TOP = 8
MAX_DAY_BARS = 92
MAX_MONTH_BARS = 48


@dataclass(frozen=True)
class Bucket:
    """One bar: its first day, last day, label and counts per series."""

    start: date
    end: date
    label: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


#: Bars of several years each when even one bar per year would be too many (a mistyped year).
YEAR_STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)
MAX_YEAR_BARS = 50


@dataclass(frozen=True)
class _Scale:
    """How days map to bars: each bar is ``step`` days, months or years, numbered by an integer.

    Integer bar numbers (not date arithmetic) mean no bar boundary can overflow ``date``.
    """

    unit: str  # "day", "month" or "year"
    step: int = 1

    def index(self, day: date) -> int:
        if self.unit == "day":
            return day.toordinal()
        if self.unit == "month":
            return day.year * 12 + day.month - 1
        return day.year // self.step

    def bounds(self, index: int) -> tuple[date, date]:
        if self.unit == "day":
            return date.fromordinal(index), date.fromordinal(index)
        if self.unit == "month":
            year, month = divmod(index, 12)
            return date(year, month + 1, 1), date(year, month + 1, calendar.monthrange(year, month + 1)[1])
        first_year = max(index * self.step, date.min.year)
        last_year = min(index * self.step + self.step - 1, date.max.year)
        return date(first_year, 1, 1), date(last_year, 12, 31)

    def label(self, start: date, end: date) -> str:
        if self.unit == "day":
            return start.isoformat()
        if self.unit == "month":
            return f"{start.year:04d}-{start.month:02d}"
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"


def _scale(first: date, last: date) -> _Scale:
    """The finest scale that draws ``first``..``last`` in a readable number of bars."""
    if (last - first).days < MAX_DAY_BARS:
        return _Scale("day")
    month = _Scale("month")
    if month.index(last) - month.index(first) < MAX_MONTH_BARS:
        return month
    for step in YEAR_STEPS:
        if last.year // step - first.year // step < MAX_YEAR_BARS:
            return _Scale("year", step)
    return _Scale("year", YEAR_STEPS[-1])


def bucket_counts(rows: Iterable[tuple[date, str, int]]) -> list[Bucket]:
    """Group ``(day, series, count)`` rows into bars, gaps filled with zeros.

    Bars are days, months, years or runs of years, whichever keeps their number
    readable: any span, even year 1 to 9999, gives at most MAX_YEAR_BARS bars.
    """
    rows = [(day, series, count) for day, series, count in rows if day is not None]
    if not rows:
        return []
    first = min(day for day, _s, _c in rows)
    last = max(day for day, _s, _c in rows)
    scale = _scale(first, last)
    counts: dict[int, dict[str, int]] = {index: {} for index in range(scale.index(first), scale.index(last) + 1)}
    for day, series, count in rows:
        bucket = counts[scale.index(day)]
        bucket[series] = bucket.get(series, 0) + count
    result = []
    for index, by_series in counts.items():
        start, end = scale.bounds(index)
        result.append(Bucket(start=start, end=end, label=scale.label(start, end), counts=by_series))
    return result


def _n(value: float) -> str:
    """A coordinate with one decimal (format_html only formats strings)."""
    return f"{value:.1f}"


def bar_chart(
    rows: Iterable[tuple[date, str, int]],
    *,
    title: str,
    series_order: list[str] | None = None,
    series_labels: dict[str, str] | None = None,
    link: Callable[[Bucket], str] | None = None,
    width: int = WIDTH,
) -> SafeString:
    """An SVG bar chart (stacked by series) of ``(day, series, count)`` rows.

    ``link(bucket)`` may give a URL for each bar (e.g. that day's archive page);
    ``series_labels`` names the series in the legend; ``width`` is the drawing's width in
    user units (smaller for narrow columns, so the labels stay legible). Returns "" when there is no data.
    """
    buckets = bucket_counts(rows)
    if not buckets:
        return mark_safe("")
    present = {series for bucket in buckets for series in bucket.counts}
    order = [s for s in (series_order or []) if s in present] + sorted(present - set(series_order or []))
    labels = series_labels or {}
    peak = max(bucket.total for bucket in buckets) or 1
    plot_w = width - PAD_LEFT - 4
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    slot = plot_w / len(buckets)
    bar_w = max(slot * 0.72, 1.0)
    parts: list[str] = []
    for index, bucket in enumerate(buckets):
        x = PAD_LEFT + index * slot + (slot - bar_w) / 2
        y_base = PAD_TOP + plot_h
        detail = ", ".join(f"{labels.get(s, s)}: {bucket.counts[s]}" for s in order if bucket.counts.get(s))
        tooltip = f"{bucket.label}: {bucket.total}" + (f" ({detail})" if detail and len(order) > 1 else "")
        rects = []
        for series_index, series in enumerate(order):
            count = bucket.counts.get(series, 0)
            if not count:
                continue
            height = plot_h * count / peak
            y_base -= height
            rects.append(format_html(
                '<rect class="bar series-{}" x="{}" y="{}" width="{}" height="{}"></rect>',
                series_index % 6, _n(x), _n(y_base), _n(bar_w), _n(height),
            ))
        # A transparent full-height target makes thin bars easy to hover and click.
        hit = format_html(
            '<rect class="hit" x="{}" y="{}" width="{}" height="{}"></rect>',
            _n(PAD_LEFT + index * slot), PAD_TOP, _n(slot), plot_h,
        )
        group = format_html("<title>{}</title>", tooltip) + mark_safe("".join(rects)) + hit
        if link and bucket.total:
            parts.append(format_html('<a href="{}">{}</a>', link(bucket), group))
        else:
            parts.append(format_html("<g>{}</g>", group))
    axis = [
        format_html('<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"></line>',
                    PAD_LEFT, PAD_TOP + plot_h, width - 4, PAD_TOP + plot_h),
        format_html('<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>',
                    PAD_LEFT - 4, PAD_TOP + 10, peak),
        format_html('<text class="tick" x="{}" y="{}" text-anchor="end">0</text>',
                    PAD_LEFT - 4, PAD_TOP + plot_h),
        format_html('<text class="tick" x="{}" y="{}">{}</text>',
                    PAD_LEFT, HEIGHT - 6, buckets[0].label),
    ]
    if len(buckets) > 1:
        axis.append(format_html('<text class="tick" x="{}" y="{}" text-anchor="end">{}</text>',
                                width - 4, HEIGHT - 6, buckets[-1].label))
    total = sum(bucket.total for bucket in buckets)
    summary = _("%(title)s: %(total)s from %(first)s to %(last)s") % {
        "title": title, "total": total, "first": buckets[0].label, "last": buckets[-1].label,
    }
    svg = format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        "<title>{}</title>{}{}</svg>",
        width, HEIGHT, summary, summary, mark_safe("".join(axis)), mark_safe("".join(parts)),
    )
    legend = ""
    if len(order) > 1:
        items = "".join(
            format_html('<li><span class="swatch series-{}"></span>{}</li>', i % 6, labels.get(s, s))
            for i, s in enumerate(order)
        )
        legend = format_html('<ul class="chart-legend">{}</ul>', mark_safe(items))
    return format_html('<figure class="chart-figure">{}{}</figure>', svg, legend or "")

