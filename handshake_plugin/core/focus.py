"""Layer 3: the one next step — whom to reach now and why — that the dashboard's first screen and
`handshake status` both lead with.

The order, first that applies:
1. while this week's challenge is open, the newest person on the radar: the week has a deadline and the
   streak rides on it, and asking someone new is the habit itself;
2. the oldest ask still waiting for an answer: a friendly follow-up, before the conversation cools;
3. the oldest open promise: someone is counting on you;
4. the most overdue reconnect: the softest of the four, a tie you chose to keep warm.
Nothing applies: no step (the week is done or paused, and nothing waits).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from .analysis import Analysis, FollowUp, Waiting

StepKind = Literal["ask", "chase", "promise", "reconnect"]


@dataclass(frozen=True)
class NextStep:
    """The one person to reach now, what for, and what it rests on."""

    kind: StepKind
    person: str
    waiting: Waiting | None = None
    follow_up: FollowUp | None = None
    due: dt.date | None = None
    """The reconnect-by date of a `reconnect` step."""


def next_step(a: Analysis) -> NextStep | None:
    """The one person to reach now (see the module's order), or None when nothing is due."""
    if a.this_week.status == "pending" and a.radar:
        return NextStep("ask", a.radar[0])
    if a.waiting:
        return NextStep("chase", a.waiting[0].person, waiting=a.waiting[0])
    if a.follow_ups:
        f = a.follow_ups[0]
        return NextStep("promise", f.owner, follow_up=f)
    if a.reconnect:
        pid, due = a.reconnect[0]
        return NextStep("reconnect", pid, due=due)
    return None
