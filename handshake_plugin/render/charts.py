"""Layer 4: the charts, as inline SVG made at build time (no JavaScript, nothing fetched).

Colours come from CSS classes (`handshake.css`) so they follow Material's light and dark schemes.
Sizes are fixed in CSS pixels, never scaled down to the column: a heatmap wraps (one block of 13
weeks, a quarter, per line on a phone, two on a wider screen), the introductions drawing scrolls in its own box.
The heatmaps are HTML cells in a grid rather than SVG, so that a week is a link (Material's instant navigation
handles HTML links only).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from itertools import groupby

from markupsafe import Markup, escape

from ..core.analysis import Analysis, Quarter, Week, week_range
from ..core.calendar import ONE_WEEK, monday, week_label
from ..core.many import Many
from ..core.wording import day

CELL, GAP = 16, 4
"""A week's cell and the space between cells, in CSS px (handshake.css): a quarter of 13 weeks is 256 px wide."""
QUARTER = 13
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_LEGEND = (("done", "done"), ("done-2", "2+ people"), ("pending", "open"), ("missed", "missed"),
           ("paused", "paused"), ("before", "before the start"), ("future", "to come"))
TIES_QUARTERS = 8
"""The ties chart shows the last two years: enough for a trend, and at most 340 px wide at its natural
size, so on a phone (358 px of column) its text never shrinks below 11 px."""


def heatmaps(analysis: Analysis, years: int | None = None, weeks_at: str | None = None) -> list[tuple[int, Markup]]:
    """One heatmap per ISO year (newest first), a cell per week coloured by how it went.

    `weeks_at`: the URL of the challenge log ("" on that page itself); each week of the challenge links to its
    section there (`#2026-w44`). None: no links.
    """
    by_monday = {w.monday: w for w in analysis.weeks}
    mondays = week_range(analysis) if analysis.weeks else _iso_year(analysis.today.isocalendar()[0])
    out = []
    for year, group in groupby(mondays, key=lambda d: d.isocalendar()[0]):
        weeks = list(group)
        quarters = [weeks[i:i + QUARTER] for i in range(0, 39, QUARTER)] + [weeks[39:]]
        out.append((year, _heatmap([q for q in quarters if q], by_monday, analysis,
                                   f"Challenge weeks of {year}", weeks_at)))
    out.reverse()
    return out[:years] if years else out


def last_52_weeks(analysis: Analysis, weeks_at: str | None = None) -> Markup:
    """The last 52 weeks up to this one, like GitHub's contribution graph: four blocks of 13 weeks (`heatmaps`)."""
    this_week = monday(analysis.today)
    mondays = [this_week - ONE_WEEK * (51 - i) for i in range(52)]
    quarters = [mondays[i:i + QUARTER] for i in range(0, 52, QUARTER)]
    label = f"The last 52 weeks, {day(mondays[0])} to {day(this_week + dt.timedelta(days=6))}"
    return _heatmap(quarters, {w.monday: w for w in analysis.weeks}, analysis, label, weeks_at)


def _iso_year(year: int) -> list[dt.date]:
    first = dt.date.fromisocalendar(year, 1, 1)
    last = dt.date.fromisocalendar(year + 1, 1, 1) if year < 9999 else dt.date.max
    return [first + ONE_WEEK * i for i in range((last - first).days // 7)]


def _state(week: dt.date, row: Week | None, this_week: dt.date) -> tuple[str, str]:
    """The CSS class of a week's cell and what it says."""
    label = week_label(week)
    if row is None:
        return ("future", f"{label} · not yet") if week > this_week else ("before", f"{label} · before the challenge")
    count = len(row.handshakes)
    css = "done-2" if row.status == "done" and count >= 2 else row.status
    return css, f"{label} · {row.status} · {count} handshake{'' if count == 1 else 's'}"


def _heatmap(quarters: list[list[dt.date]], by_monday: dict[dt.date, Week], analysis: Analysis,
             title: str, weeks_at: str | None) -> Markup:
    """Blocks of 13 weeks (HTML, not SVG: a week of the challenge is a link to its section of the log, with
    its status as the link's name, which a phone shows by following it) that wrap as the column narrows;
    the group's name sums up the cells."""
    this_week = monday(analysis.today)
    counts = Counter(by_monday[w].status for q in quarters for w in q if w in by_monday)
    summary = ", ".join(f"{counts[s]} {s}" for s in ("done", "missed", "paused", "pending") if counts[s])
    name = f"{title}: {summary}" if summary else f"{title}: no challenge weeks yet"
    blocks = "".join(_block(q, by_monday, this_week, weeks_at) for q in quarters)
    return Markup(f'<div class="hs-heatmap" role="group" aria-label="{escape(name)}">{blocks}</div>')


def _block(mondays: list[dt.date], by_monday: dict[dt.date, Week], this_week: dt.date, weeks_at: str | None) -> str:
    parts = ['<div class="hs-quarter">']
    for col, text in _month_labels(mondays):
        parts.append(f'<span class="hs-month hs-at-{col + 1}" aria-hidden="true">{text}</span>')
    for week in mondays:
        row = by_monday.get(week)
        css, tip = _state(week, row, this_week)
        tip = escape(tip)
        if row is not None and weeks_at is not None:
            parts.append(f'<a class="hs-cell hs-{css}" href="{escape(weeks_at)}#{row.label.lower()}" title="{tip}" '
                         f'aria-label="{tip}"></a>')
        else:
            parts.append(f'<span class="hs-cell hs-{css}" title="{tip}"></span>')
    parts.append("</div>")
    return "".join(parts)


def _month_labels(mondays: list[dt.date]) -> list[tuple[int, str]]:
    """A month's name over the first week of it (a week belongs to the month of its Thursday); none overlap,
    and none starts in a block's last column, where it would be cut at the edge (the next block names it)."""
    starts: list[tuple[int, str]] = []
    seen = 0
    for col, week in enumerate(mondays):
        month = (week + dt.timedelta(days=3)).month
        if month != seen:
            seen = month
            starts.append((col, _MONTHS[month - 1]))
    # A name needs two columns: the tail of a month at a block's start gives way to the next month.
    return [(col, text) for i, (col, text) in enumerate(starts)
            if (starts[i + 1][0] - col >= 2 if i + 1 < len(starts) else col <= len(mondays) - 2)]


def legend() -> Markup:
    """The heatmap legend, as HTML: short words, so that it takes a line or two on a phone."""
    items = "".join(f'<span class="hs-legend-item"><span class="hs-cell hs-swatch hs-{css}" aria-hidden="true">'
                    f'</span> {text}</span>' for css, text in _LEGEND)
    return Markup(f'<p class="hs-legend hs-heatmap-legend">{items}</p>')


def ties_chart(quarters: list[Quarter], last: int = TIES_QUARTERS) -> Markup:
    """Stacked bars of weak and strong ties at the end of each of the last quarters, never below 11 px text."""
    quarters = quarters[-last:]
    name = "Weak and strong ties by quarter: " + "; ".join(f"{q.label} {q.strong} strong, {q.weak} weak"
                                                           for q in quarters)
    return _stacked_bars([(q.label, q.strong, q.weak, f"{q.label}: {q.strong} strong, {q.weak} weak")
                          for q in quarters], "hs-ties", ("hs-strong", "hs-weak"), name)


def many_chart(many: Many, last: int = TIES_QUARTERS) -> Markup:
    """The many from the ones: people reached so far at the end of each of the last quarters, those you found
    under those who came through an introduction.

    Cumulative rather than per quarter: compounding is a share that grows, and a running total shows the
    introduced band thickening where single quarters only jitter.
    """
    bars = []
    found = introduced = 0
    for q in many.quarters:
        found += q.found
        introduced += q.introduced
        bars.append((q.label, found, introduced,
                     f"{q.label}: {found + introduced} reached so far, {found} found, {introduced} introduced"))
    bars = bars[-last:]
    name = ("People reached so far at the end of each quarter, found by you and through introductions: "
            + "; ".join(f"{label} {f} found, {i} introduced" for label, f, i, _ in bars))
    return _stacked_bars(bars, "hs-many", ("hs-bar-found", "hs-bar-introduced"), name)


def _stacked_bars(bars: list[tuple[str, int, int, str]], css: str, fills: tuple[str, str], name: str) -> Markup:
    """Bars per quarter (label, lower, upper, tooltip), the lower part under the upper with the total above;
    drawn 1.4 times larger where there is room, and on a phone never below their natural size (11 px text)."""
    if not bars:
        return Markup("")
    peak = max(lower + upper for _, lower, upper, _ in bars) or 1
    bar, gap, height, top, bottom, left = 28, 14, 110, 16, 32, 4
    width = left + len(bars) * (bar + gap)
    total_h = top + height + bottom
    parts = [f'<svg class="{css}" width="{round(width * 1.4)}" height="{round(total_h * 1.4)}" '
             f'viewBox="0 0 {width} {total_h}" role="img" aria-label="{escape(name)}" '
             f'xmlns="http://www.w3.org/2000/svg">']
    base = top + height
    shown_year = ""
    for i, (label, lower, upper, tip) in enumerate(bars):
        x = left + i * (bar + gap) + gap / 2
        lower_h = round(height * lower / peak)
        upper_h = round(height * upper / peak)
        parts.append(f'<g><title>{escape(tip)}</title>'
                     f'<rect class="{fills[0]}" x="{x}" y="{base - lower_h}" width="{bar}" height="{lower_h}"/>'
                     f'<rect class="{fills[1]}" x="{x}" y="{base - lower_h - upper_h}" width="{bar}" '
                     f'height="{upper_h}"/></g>')
        year, _, part = label.partition("-")
        mid = x + bar / 2
        parts.append(f'<text class="hs-label" x="{mid}" y="{base + 13}" text-anchor="middle">'
                     f'{escape(part or year)}</text>')
        if year != shown_year and part:
            shown_year = year
            parts.append(f'<text class="hs-label" x="{mid}" y="{base + 27}" text-anchor="middle">{escape(year)}</text>')
        parts.append(f'<text class="hs-label" x="{mid}" y="{base - lower_h - upper_h - 4}" '
                     f'text-anchor="middle">{lower + upper}</text>')
    parts.append(f'<line class="hs-axis" x1="0" y1="{base}" x2="{width}" y2="{base}"/></svg>')
    return Markup("".join(parts))


TREE_INDENT, TREE_ROW, TREE_BOX = 28, 32, 220
"""The tree of introductions, in CSS px: the indent of each generation, a row and a person's box (handshake.css)."""


def introductions_graph(analysis: Analysis, person_link: Callable[[str], str] | None = None) -> Markup:
    """Who introduced whom: an indented tree, each introducer above the people they introduced.

    Each person is an HTML link in the drawing (a `foreignObject`: Material's instant navigation handles HTML
    links only, not SVG ones); a generation is indented by a little, so that a tree of hundreds of people stays
    inside a desk's column, and only long chains scroll sideways. Without `person_link`, boxes are not links.
    """
    people = analysis.people
    children: dict[str, list[str]] = {}
    for pid, facts in people.items():
        if facts.introduced:
            children[pid] = facts.introduced
    if not children:
        return Markup("")
    in_graph = set(children) | {c for cs in children.values() for c in cs}
    roots = sorted(p for p in in_graph if people[p].person.introduced_by not in in_graph)
    rows: list[tuple[str, int]] = []
    placed: set[str] = set()

    def walk(start: str) -> None:
        """Depth first, children in order; with a stack, not recursion: a chain may be thousands long."""
        stack = [(start, 0)]
        while stack:
            pid, depth = stack.pop()
            if pid in placed:  # introduction cycles are drawn once
                continue
            placed.add(pid)
            rows.append((pid, depth))
            stack.extend((child, depth + 1) for child in reversed(children.get(pid, [])))

    for root in roots:
        walk(root)
    for pid in sorted(in_graph - placed):  # a pure cycle has no root
        walk(pid)
    box_h = 24
    depth_max = max(d for _, d in rows)
    width, height = 10 + depth_max * TREE_INDENT + TREE_BOX, 10 + len(rows) * TREE_ROW
    pos = {pid: (4 + d * TREE_INDENT, 6 + i * TREE_ROW) for i, (pid, d) in enumerate(rows)}
    parts = [f'<svg class="hs-graph" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="group" '
             f'aria-label="The tree of introductions" xmlns="http://www.w3.org/2000/svg">']
    for parent, kids in children.items():
        px, py = pos[parent]
        for kid in kids:
            kx, ky = pos[kid]
            if ky > py:  # a cycle's edge back up is not drawn: the list under the tree names it
                parts.append(f'<path class="hs-edge" d="M{px + 12} {py + box_h} V{ky + box_h / 2} H{kx}"/>')
    for pid, (x, y) in pos.items():
        facts = people[pid]
        name = escape(facts.person.name)  # the whole name, for screen readers; the box ends a long one with "…"
        css = f"hs-node hs-node-{facts.stage}"
        box = (f'<a class="{css}" href="{escape(person_link(pid))}">{name}</a>' if person_link
               else f'<span class="{css}">{name}</span>')
        # An HTML box in the drawing (no style attribute: the place is the foreignObject's own x and y).
        parts.append(f'<foreignObject x="{x}" y="{y}" width="{TREE_BOX}" height="{box_h}">{box}</foreignObject>')
    parts.append("</svg>")
    return Markup("".join(parts))
