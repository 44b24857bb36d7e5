"""Dates, ISO weeks and cadences: their grammar, bounds and the calendar arithmetic of the challenge.

Each rule lives here once: the date parser, the 1900-01-01..2199-12-31 bounds, the week and
cadence grammars and their messages. Errors are `InputError`s that say what to write instead.

A week is represented by the date of its Monday; its label is `YYYY-Www` with
the ISO year, so 2027-01-01 (a Friday) is in 2026-W53.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
import re
from collections.abc import Iterable, Iterator

from .problems import InputError

_WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")
CADENCE_PATTERN = r"^[1-9][0-9]{0,3}[dwmy]$"
"""A cadence: a number (1 to 9999) and d, w, m or y; also the JSON Schema's pattern."""
_CADENCE_RE = re.compile(CADENCE_PATTERN)
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2199, 12, 31)
"""The dates the data format, the options, the CLI flags and the imports accept."""
BOUNDS = f"{DATE_MIN.isoformat()}..{DATE_MAX.isoformat()}"
ONE_WEEK = dt.timedelta(days=7)


def monday(day: dt.date) -> dt.date:
    """The Monday of the ISO week that holds `day`."""
    return day - dt.timedelta(days=day.weekday())


def week_label(week: dt.date) -> str:
    """`YYYY-Www` of the ISO week starting (or holding) `week`."""
    year, number, _ = week.isocalendar()
    return f"{year}-W{number:02d}"


def parse_week(text: str) -> dt.date:
    """The Monday of an ISO week written `YYYY-Www`; InputError with advice otherwise."""
    match = _WEEK_RE.match(str(text).strip())
    if not match:
        raise InputError(f"'{text}' is not an ISO week: write it as YYYY-Www, e.g. 2026-W02")
    year, number = int(match[1]), int(match[2])
    try:
        return dt.date.fromisocalendar(year, number, 1)
    except ValueError:
        last = dt.date(year, 12, 28).isocalendar()[1]
        raise InputError(f"'{text}': {year} has weeks W01 to W{last:02d}") from None


def parse_pauses(items: Iterable[str]) -> frozenset[dt.date]:
    """Pause weeks from single weeks (`2026-W31`) and ranges (`2026-W52..2027-W01`)."""
    weeks: set[dt.date] = set()
    for item in items:
        first, sep, last = str(item).partition("..")
        start = parse_week(first)
        end = parse_week(last) if sep else start
        if end < start:
            raise InputError(f"'{item}': the range ends before it starts; write the earlier week first")
        weeks.update(weeks_between(start, end))
    return frozenset(weeks)


def weeks_between(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    """The Mondays from the week of `first` to the week of `last`, both included."""
    week, end = monday(first), monday(last)
    while week <= end:
        yield week
        week += ONE_WEEK


def iso_date(text: str) -> dt.date | None:
    """The date written `YYYY-MM-DD` in `text` (spaces around allowed), or None when it is not one."""
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        return None


def in_bounds(day: dt.date) -> bool:
    """Whether a date lies in the range Handshake accepts (1900-01-01..2199-12-31)."""
    return DATE_MIN <= day <= DATE_MAX


def cadence_error(text: object) -> str:
    """What to say about a value that is not a cadence."""
    return f"'{text}' is not a cadence: write a number and d, w, m or y, e.g. 6w or 3m"


def is_cadence(text: str) -> bool:
    """Whether `text` is a cadence (`<n>d|w|m|y`)."""
    return bool(_CADENCE_RE.match(text))


def check_cadence(text: str) -> str:
    """`text` (stripped) if it is a cadence, else InputError with advice."""
    if not is_cadence(str(text).strip()):
        raise InputError(cadence_error(text))
    return str(text).strip()


def add_cadence(day: dt.date, cadence: str) -> dt.date:
    """`day` plus a cadence; months and years are calendar ones with the day clamped (Oct 31 + 1m = Nov 30)."""
    n, unit = int(check_cadence(cadence)[:-1]), cadence.strip()[-1]
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
