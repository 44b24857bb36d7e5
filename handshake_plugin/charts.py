"""Layer 4: the charts, as inline SVG made at build time (no JavaScript, nothing fetched).

Colours come from CSS classes (`handshake.css`) so they follow Material's light and dark schemes.
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from markupsafe import Markup, escape

from .analysis import Analysis, Quarter, week_range
from .calendar import ONE_WEEK, monday, week_label

CELL, GAP = 15, 3
ROW_WEEKS = 27
"""Weeks per row: a year is drawn as two half-years, so it fits a page column at full size."""
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_LEGEND = (("done", "done"), ("done-2", "2+ handshakes"), ("pending", "this week, open"),
           ("paused", "paused"), ("missed", "missed"), ("none", "outside the challenge"))


def heatmaps(analysis: Analysis, years: int | None = None) -> list[tuple[int, Markup]]:
    """One heatmap per ISO year (newest first), a cell per week coloured by how it went."""
    by_monday = {w.monday: w for w in analysis.weeks}
    mondays = week_range(analysis)
    out = []
    for year, group in groupby(mondays, key=lambda d: d.isocalendar()[0]):
        out.append((year, _year_svg(year, list(group), by_monday, analysis.options.today)))
    out.reverse()
    return out[:years] if years else out


def last_weeks(analysis: Analysis, count: int = 52) -> Markup:
    """One heatmap of the last `count` weeks up to the current one (the dashboard's)."""
    current = monday(analysis.options.today)
    mondays = [current - ONE_WEEK * (count - 1 - i) for i in range(count)]
    by_monday = {w.monday: w for w in analysis.weeks}
    return _year_svg(current.isocalendar()[0], mondays, by_monday, analysis.options.today,
                     title=f"Challenge weeks: the last {count}")


def _year_svg(year: int, mondays: list[dt.date], by_monday: dict, today: dt.date, title: str | None = None,
              ) -> Markup:
    left, label_h, row_h = 2, 14, 14 + CELL + 8
    rows = (len(mondays) + ROW_WEEKS - 1) // ROW_WEEKS
    width = left + ROW_WEEKS * (CELL + GAP)
    height = rows * row_h
    parts = [f'<svg class="hs-heatmap" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
             f'role="img" aria-label="{escape(title or f"Challenge weeks of {year}")}" xmlns="http://www.w3.org/2000/svg">']
    seen_month = 0
    for i, week in enumerate(mondays):
        x = left + (i % ROW_WEEKS) * (CELL + GAP)
        top = (i // ROW_WEEKS) * row_h + label_h
        thursday = week + dt.timedelta(days=3)  # the ISO week belongs to the month of its Thursday
        if thursday.month != seen_month:
            seen_month = thursday.month
            parts.append(f'<text class="hs-label" x="{x}" y="{top - 4}">{_MONTHS[seen_month - 1]}</text>')
        label = week_label(week)
        row = by_monday.get(week)
        if row is None:
            css, text = "none", f"{label} · {'not yet' if week > today else 'before the challenge'}"
        else:
            css = "done-2" if row.status == "done" and len(row.handshakes) >= 2 else row.status
            count = len(row.handshakes)
            text = f"{label} · {row.status} · {count} handshake{'' if count == 1 else 's'}"
        parts.append(f'<rect class="hs-cell hs-{css}" x="{x}" y="{top}" width="{CELL}" height="{CELL}" rx="2">'
                     f'<title>{escape(text)}</title></rect>')
    parts.append("</svg>")
    return Markup("".join(parts))


def legend() -> Markup:
    """The heatmap legend, as HTML."""
    items = "".join(f'<span class="hs-legend-item"><svg width="12" height="12" aria-hidden="true">'
                    f'<rect class="hs-cell hs-{css}" width="12" height="12" rx="2"/></svg> {text}</span>'
                    for css, text in _LEGEND)
    return Markup(f'<p class="hs-legend">{items}</p>')


def ties_chart(quarters: list[Quarter]) -> Markup:
    """Stacked bars of weak and strong ties at the end of each quarter."""
    if not quarters:
        return Markup("")
    peak = max(q.weak + q.strong for q in quarters) or 1
    bar, gap, height, top, bottom = 34, 14, 120, 14, 30
    width = 30 + len(quarters) * (bar + gap)
    parts = [f'<svg class="hs-ties" width="{round(width * 1.4)}" height="{round((top + height + bottom) * 1.4)}" '
             f'viewBox="0 0 {width} {top + height + bottom}" role="img" '
             f'aria-label="Weak and strong ties by quarter" xmlns="http://www.w3.org/2000/svg">']
    for i, q in enumerate(quarters):
        x = 30 + i * (bar + gap)
        strong_h = round(height * q.strong / peak)
        weak_h = round(height * q.weak / peak)
        base = top + height
        title = f"{q.label}: {q.strong} strong, {q.weak} weak"
        parts.append(f'<g><title>{escape(title)}</title>'
                     f'<rect class="hs-strong" x="{x}" y="{base - strong_h}" width="{bar}" height="{strong_h}"/>'
                     f'<rect class="hs-weak" x="{x}" y="{base - strong_h - weak_h}" width="{bar}" '
                     f'height="{weak_h}"/></g>')
        parts.append(f'<text class="hs-label" x="{x + bar / 2}" y="{base + 14}" text-anchor="middle">'
                     f'{escape(q.label)}</text>')
        parts.append(f'<text class="hs-label" x="{x + bar / 2}" y="{base - strong_h - weak_h - 3}" '
                     f'text-anchor="middle">{q.weak + q.strong}</text>')
    parts.append(f'<line class="hs-axis" x1="26" y1="{top + height}" x2="{width}" y2="{top + height}"/></svg>')
    return Markup("".join(parts))


def introductions_graph(analysis: Analysis) -> Markup:
    """Who introduced whom: a tree, introducers before the people they introduced.

    Nodes are not links: Material's instant navigation rewrites every `a.href`, which SVG links
    do not allow; the list under the drawing links each person.
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

    def walk(pid: str, depth: int) -> None:
        if pid in placed:  # introduction cycles are drawn once
            return
        placed.add(pid)
        rows.append((pid, depth))
        for child in children.get(pid, []):
            walk(child, depth + 1)

    for root in roots:
        walk(root, 0)
    for pid in sorted(in_graph - placed):  # a pure cycle has no root
        walk(pid, 0)
    col, row_h, box_w, box_h = 200, 32, 180, 24
    depth_max = max(d for _, d in rows)
    width, height = 10 + (depth_max + 1) * col, 10 + len(rows) * row_h
    pos = {pid: (10 + d * col, 6 + i * row_h) for i, (pid, d) in enumerate(rows)}
    parts = [f'<svg class="hs-graph" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="Who introduced whom" xmlns="http://www.w3.org/2000/svg">']
    for parent, kids in children.items():
        px, py = pos[parent]
        for kid in kids:
            kx, ky = pos[kid]
            parts.append(f'<path class="hs-edge" d="M{px + 12} {py + box_h} V{ky + box_h / 2} H{kx}"/>')
    for pid, (x, y) in pos.items():
        facts = people[pid]
        name = facts.person.name
        short = name if len(name) <= 22 else name[:21] + "…"
        parts.append(f'<g><title>{escape(name)} · {facts.stage}</title>'
                     f'<rect class="hs-node hs-stage-{facts.stage}" x="{x}" y="{y}" width="{box_w}" '
                     f'height="{box_h}" rx="4"/><text class="hs-node-label" x="{x + 8}" y="{y + 17}">'
                     f'{escape(short)}</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))
