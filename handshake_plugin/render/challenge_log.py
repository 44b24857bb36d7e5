"""Layer 4: the challenge log folded (challenge.html): the recent weeks open, the older ones by month, then by year.

A week belongs to the month (and year) of its Thursday, as the heatmaps' month labels say.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..core.analysis import Week
from ..core.wording import count, day

RECENT_WEEKS = 8
"""How many of the latest weeks the log shows open: about two months."""
MONTHS_BACK = 12
"""Older weeks within this many months of the latest are folded by month; those before, by year."""
_MONTH_NAMES = ("January February March April May June July August September October November "
                "December").split()


@dataclass(frozen=True)
class WeekGroup:
    """Older weeks folded under one heading: a month or a year, newest week first."""

    anchor: str
    title: str
    weeks: tuple[Week, ...]

    @property
    def summary(self) -> str:
        """What the folded weeks hold: "4 weeks · 3 done · 1 missed · 5 handshakes"."""
        statuses = Counter(w.status for w in self.weeks)
        parts = [count(len(self.weeks), "week")]
        parts += [f"{statuses[s]} {s}" for s in ("done", "missed", "paused", "pending") if statuses[s]]
        handshakes = sum(len(w.handshakes) for w in self.weeks)
        if handshakes:
            parts.append(count(handshakes, "handshake"))
        return " · ".join(parts)


def fold_weeks(weeks: Sequence[Week], recent: int = RECENT_WEEKS,
               months_back: int = MONTHS_BACK) -> tuple[list[Week], list[WeekGroup]]:
    """The weeks newest first: the `recent` latest open, the rest grouped by month for `months_back` months
    before the latest week, and by year before that."""
    newest = list(reversed(weeks))
    shown, older = newest[:recent], newest[recent:]
    if not older:
        return shown, []
    latest = _thursday(newest[0].monday)
    cutoff = latest.year * 12 + latest.month - months_back
    groups: list[WeekGroup] = []
    for week in older:
        thursday = _thursday(week.monday)
        if thursday.year * 12 + thursday.month > cutoff:
            anchor = f"{thursday.year}-{thursday.month:02d}"
            title = f"{_MONTH_NAMES[thursday.month - 1]} {thursday.year}"
        else:
            anchor, title = f"{thursday.year}", f"{thursday.year}"
        if groups and groups[-1].anchor == f"weeks-{anchor}":
            groups[-1] = WeekGroup(groups[-1].anchor, title, (*groups[-1].weeks, week))
        else:
            groups.append(WeekGroup(f"weeks-{anchor}", title, (week,)))
    return shown, groups


def _thursday(monday: dt.date) -> dt.date:
    return monday + dt.timedelta(days=3)


def week_span(monday: dt.date) -> str:
    """A week's dates, short: "23–29 Nov 2026", "26 Oct – 1 Nov 2026", "28 Dec 2026 – 3 Jan 2027"."""
    sunday = monday + dt.timedelta(days=6)
    if sunday.month == monday.month:
        return f"{monday.day}–{day(sunday)}"
    if sunday.year == monday.year:
        return f"{monday.day} {monday:%b} – {day(sunday)}"
    return f"{day(monday)} – {day(sunday)}"
