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
DATE_TIME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2})$")
"""A date with a time of day, as a meeting's `date` may be written: `2026-01-14 10:30`."""
_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$")
"""A cadence: a number (1 to 9999) and d, w, m or y; also the JSON Schema's pattern."""
_CADENCE_RE = re.compile(CADENCE_PATTERN)
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2199, 12, 31)
"""The dates the data format, the options, the CLI flags and the imports accept."""
BOUNDS = f"{DATE_MIN.isoformat()}..{DATE_MAX.isoformat()}"
ONE_WEEK = dt.timedelta(days=7)
CADENCE_MAX = {"d": 9999, "w": 5218, "m": 1200, "y": 100}
"""The longest cadence per unit, at most 100 years: a bounded date plus a cadence stays a date."""


def check_day(day: dt.date, what: str = "date") -> dt.date:
    """`day` if it is in the accepted range, else InputError with advice."""
    if not in_bounds(day):
        raise InputError(f"{what} {day.isoformat()} is outside {BOUNDS}: write a date in that range")
    return day


def parse_day(text: str, what: str = "") -> dt.date:
    """A date written YYYY-MM-DD, in the accepted range; InputError with advice otherwise."""
    value = str(text).strip()
    label = f"{what} {text}" if what else f"'{text}'"
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise InputError(f"{label} is not a date: write it as YYYY-MM-DD")
    day = iso_date(value)
    if day is None:
        raise InputError(f"{label} is not a real date: write a date that exists, as YYYY-MM-DD")
    return check_day(day, what or "date")


def clock_time(text: str) -> dt.time | None:
    """A time of day written HH:MM (or H:MM) between 00:00 and 23:59; None when `text` is not one."""
    match = _TIME_RE.match(text)
    if match is None:
        return None
    try:
        return dt.time(int(match[1]), int(match[2]))
    except ValueError:
        return None


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
    if not DATE_MIN.year <= year <= DATE_MAX.year:
        raise InputError(f"'{text}': weeks lie in the years {DATE_MIN.year} to {DATE_MAX.year}")
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
    # fromisoformat also reads 20260114 and 2026-W03-1: the data format says YYYY-MM-DD.
    value = str(text).strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def in_bounds(day: dt.date) -> bool:
    """Whether a date (or a datetime's day) lies in the range Handshake accepts (1900-01-01..2199-12-31)."""
    if isinstance(day, dt.datetime):
        day = day.date()
    return DATE_MIN <= day <= DATE_MAX


def cadence_error(text: object) -> str:
    """What to say about a value that is not a cadence."""
    return f"'{text}' is not a cadence: write a number and d, w, m or y, e.g. 6w or 3m"


def is_cadence(text: str) -> bool:
    """Whether `text` is a cadence (`<n>d|w|m|y`)."""
    return bool(_CADENCE_RE.match(text))


def check_cadence(text: str) -> str:
    """`text` (stripped) if it is a cadence (`<n>d|w|m|y`, at most 100 years), else InputError with advice."""
    value = str(text).strip()
    if not is_cadence(value):
        raise InputError(cadence_error(text))
    if int(value[:-1]) > CADENCE_MAX[value[-1]]:
        raise InputError(f"'{text}' is too long a cadence: at most 100 years "
                         f"({', '.join(f'{n}{u}' for u, n in CADENCE_MAX.items())})")
    return value


def add_cadence(day: dt.date, cadence: str) -> dt.date:
    """`day` plus a cadence; months and years are calendar ones with the day clamped (Oct 31 + 1m = Nov 30)."""
    value = check_cadence(cadence)
    n, unit = int(value[:-1]), value[-1]
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
