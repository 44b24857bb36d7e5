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

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)
"""Every date of the data, the options and the command line lies in this range (DESIGN.md §2)."""
DATE_RANGE = f"{EARLIEST.isoformat()}..{LATEST.isoformat()}"
CADENCE_MAX = {"d": 9999, "w": 5218, "m": 1200, "y": 100}
"""The longest cadence per unit, at most 100 years: a bounded date plus a cadence stays a date."""


def in_range(day: dt.date) -> bool:
    """Whether `day` (or a datetime's day) lies in the range of dates Handshake accepts."""
    if isinstance(day, dt.datetime):
        day = day.date()
    return EARLIEST <= day <= LATEST


def check_day(day: dt.date, what: str = "date") -> dt.date:
    """`day` if it is in the accepted range, else ValueError with advice."""
    if not in_range(day):
        raise ValueError(f"{what} {day.isoformat()} is outside {DATE_RANGE}: write a date in that range")
    return day


def parse_day(text: str, what: str = "") -> dt.date:
    """A date written YYYY-MM-DD, in the accepted range; ValueError with advice otherwise."""
    value = str(text).strip()
    label = f"{what} {text}" if what else f"'{text}'"
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"{label} is not a date: write it as YYYY-MM-DD")
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{label} is not a real date: write a date that exists, as YYYY-MM-DD") from None
    return check_day(day, what or "date")


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
    if not EARLIEST.year <= year <= LATEST.year:
        raise ValueError(f"'{text}': weeks lie in the years {EARLIEST.year} to {LATEST.year}")
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
    """`text` if it is a cadence (`<n>d|w|m|y`, at most about 100 years), else ValueError with advice."""
    value = str(text).strip()
    match = _CADENCE_RE.match(value)
    if not match:
        raise ValueError(f"'{text}' is not a cadence: write a number and d, w, m or y, e.g. 6w or 3m")
    if int(match[1]) > CADENCE_MAX[match[2]]:
        raise ValueError(f"'{text}' is too long a cadence: at most 100 years "
                         f"({', '.join(f'{n}{u}' for u, n in CADENCE_MAX.items())})")
    return value


def add_cadence(day: dt.date, cadence: str) -> dt.date:
    """`day` plus a cadence; months and years are calendar ones with the day clamped (Oct 31 + 1m = Nov 30)."""
    match = _CADENCE_RE.match(check_cadence(cadence))
    assert match is not None
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
