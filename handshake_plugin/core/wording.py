"""How numbers, days and dates read in messages and pages: "1 day", "3 days ago", "today", "14 Jan 2026"
(one home for the plural and the date format)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache


def count(n: int, word: str) -> str:
    """`n` and a noun that takes an -s: "1 day", "3 days", "2 promises"."""
    return f"{n} {word}" if abs(n) == 1 else f"{n} {word}s"


def days(n: int) -> str:
    """`n` days, in words: "1 day", "3 days"."""
    return count(n, "day")


def relative(day: dt.date, today: dt.date) -> str:
    """`day` seen from `today`: "today", "in 3 days", "1 day ago"."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    return f"in {days(delta)}" if delta > 0 else f"{days(-delta)} ago"


@lru_cache(maxsize=8192)  # the hub pages print the same few thousand days tens of thousands of times
def day(value: dt.date | None, with_weekday: bool = False) -> str:
    """A date as people read it: `14 Jan 2026` (or `Wed 14 Jan 2026`)."""
    if value is None:
        return ""
    text = f"{value.day} {value.strftime('%b %Y')}"
    return f"{value.strftime('%a')} {text}" if with_weekday else text


_UNITS = {"d": "day", "w": "week", "m": "month", "y": "year"}


def cadence_words(cadence: str) -> str:
    """A cadence as people say it: `7d` → `7 days`, `1m` → `1 month`."""
    unit = _UNITS.get(cadence[-1:])
    return count(int(cadence[:-1]), unit) if unit else cadence
