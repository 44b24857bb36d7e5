"""How counts of days read in messages: "1 day", "3 days ago", "today" (one home for the plural)."""

from __future__ import annotations

import datetime as dt


def days(n: int) -> str:
    """`n` days, in words: "1 day", "3 days"."""
    return f"{n} day" if abs(n) == 1 else f"{n} days"


def relative(day: dt.date, today: dt.date) -> str:
    """`day` seen from `today`: "today", "in 3 days", "1 day ago"."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    return f"in {days(delta)}" if delta > 0 else f"{days(-delta)} ago"
