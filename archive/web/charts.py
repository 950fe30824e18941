"""Small bar charts drawn on the server as SVG, so they work without JavaScript.

Every chart takes plain data (dates and counts), picks a bucket size that keeps
the number of bars readable (day, month or year), and returns safe markup built
only from escaped pieces. Colours come from the stylesheet through class names,
so a strict Content-Security-Policy (no inline styles) holds.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, timedelta
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


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def bucket_counts(rows: Iterable[tuple[date, str, int]]) -> list[Bucket]:
    """Group ``(day, series, count)`` rows into day, month or year buckets, gaps filled with zeros."""
    rows = [(day, series, count) for day, series, count in rows if day is not None]
    if not rows:
        return []
    first = min(day for day, _s, _c in rows)
    last = max(day for day, _s, _c in rows)
    span_days = (last - first).days + 1
    if span_days <= MAX_DAY_BARS:
        starts, step, fmt = _days(first, last), "day", "%Y-%m-%d"
    elif (last.year - first.year) * 12 + last.month - first.month < MAX_MONTH_BARS:
        starts, step, fmt = _months(first, last), "month", "%Y-%m"
    else:
        starts = [date(year, 1, 1) for year in range(first.year, last.year + 1)]
        step, fmt = "year", "%Y"
    buckets: "OrderedDict[date, dict[str, int]]" = OrderedDict((start, {}) for start in starts)
    for day, series, count in rows:
        key = day if step == "day" else _month_start(day) if step == "month" else date(day.year, 1, 1)
        buckets[key][series] = buckets[key].get(series, 0) + count
    result = []
    for start, counts in buckets.items():
        if step == "day":
            end = start
        elif step == "month":
            end = _next_month(start) - timedelta(days=1)
        else:
            end = date(start.year, 12, 31)
        result.append(Bucket(start=start, end=end, label=start.strftime(fmt), counts=counts))
    return result


def _n(value: float) -> str:
    """A coordinate with one decimal (format_html only formats strings)."""
    return f"{value:.1f}"


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def _months(first: date, last: date) -> list[date]:
    months, current = [], _month_start(first)
    while current <= last:
        months.append(current)
        current = _next_month(current)
    return months


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

