"""ISO weeks and cadences: the calendar arithmetic of the challenge.

A week is represented by the date of its Monday; its label is `YYYY-Www` with
the ISO year, so 2027-01-01 (a Friday) is in 2026-W53.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
import re
from collections.abc import Iterable, Iterator

_WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")
_CADENCE_RE = re.compile(r"^([1-9][0-9]{0,3})([dwmy])$")
ONE_WEEK = dt.timedelta(days=7)


def monday(day: dt.date) -> dt.date:
    """The Monday of the ISO week that holds `day`."""
    return day - dt.timedelta(days=day.weekday())


def week_label(week: dt.date) -> str:
    """`YYYY-Www` of the ISO week starting (or holding) `week`."""
    year, number, _ = week.isocalendar()
    return f"{year}-W{number:02d}"


def parse_week(text: str) -> dt.date:
    """The Monday of an ISO week written `YYYY-Www`; ValueError with advice otherwise."""
    match = _WEEK_RE.match(str(text).strip())
    if not match:
        raise ValueError(f"'{text}' is not an ISO week: write it as YYYY-Www, e.g. 2026-W02")
    year, number = int(match[1]), int(match[2])
    try:
        return dt.date.fromisocalendar(year, number, 1)
    except ValueError:
        last = dt.date(year, 12, 28).isocalendar()[1]
        raise ValueError(f"'{text}': {year} has weeks W01 to W{last:02d}") from None


def parse_pauses(items: Iterable[str]) -> frozenset[dt.date]:
    """Pause weeks from single weeks (`2026-W31`) and ranges (`2026-W52..2027-W01`)."""
    weeks: set[dt.date] = set()
    for item in items:
        first, sep, last = str(item).partition("..")
        start = parse_week(first)
        end = parse_week(last) if sep else start
        if end < start:
            raise ValueError(f"'{item}': the range ends before it starts; write the earlier week first")
        weeks.update(weeks_between(start, end))
    return frozenset(weeks)


def weeks_between(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    """The Mondays from the week of `first` to the week of `last`, both included."""
    week, end = monday(first), monday(last)
    while week <= end:
        yield week
        week += ONE_WEEK


def check_cadence(text: str) -> str:
    """`text` if it is a cadence (`<n>d|w|m|y`), else ValueError with advice."""
    if not _CADENCE_RE.match(str(text).strip()):
        raise ValueError(f"'{text}' is not a cadence: write a number and d, w, m or y, e.g. 6w or 3m")
    return str(text).strip()


def add_cadence(day: dt.date, cadence: str) -> dt.date:
    """`day` plus a cadence; months and years are calendar ones with the day clamped (Oct 31 + 1m = Nov 30)."""
    match = _CADENCE_RE.match(cadence)
    if not match:
        raise ValueError(check_cadence(cadence))
    n, unit = int(match[1]), match[2]
    if unit == "d":
        return day + dt.timedelta(days=n)
    if unit == "w":
        return day + dt.timedelta(weeks=n)
    months = n if unit == "m" else 12 * n
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, _cal.monthrange(year, month)[1]))


def quarter_label(day: dt.date) -> str:
    """`YYYY-Qn` of the quarter holding `day`."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_end(day: dt.date) -> dt.date:
    """The last day of the quarter holding `day`."""
    month = ((day.month - 1) // 3 + 1) * 3
    return dt.date(day.year, month, _cal.monthrange(day.year, month)[1])
