"""Layer 4: the `handshake` commands the pages, the review and the status report suggest, ready to paste."""

from __future__ import annotations

import shlex

from ..core.analysis import Analysis, FollowUp
from ..core.focus import NextStep
from ..core.model import Person


def ask_command(person_id: str, via: str | None = "DM") -> str:
    """The command that logs an ask of `person_id` (a first ask, or the follow-up message)."""
    return f"handshake ask {person_id}" + (f" --via {shlex.quote(via)}" if via else "")


def done_command(a: Analysis, follow_up: FollowUp, verb: str = "done") -> str:
    """The command that marks a promise kept (`verb` "drop": lets it go); its words are added when the file holds
    more than one open promise."""
    return promise_command(open_promises(a.people[follow_up.owner].person), follow_up, verb)


def open_promises(owner: Person) -> int:
    """How many open promises a person's file holds (a command names the promise when there are several)."""
    return sum(1 for m in owner.meetings for p in m.follow_up if p.is_open)


def promise_command(open_count: int, follow_up: FollowUp, verb: str = "done") -> str:
    """`done_command` for a promise recorded in a file that holds `open_count` open promises."""
    words = f" {shlex.quote(follow_up.promise.do)}" if open_count > 1 else ""
    return f"handshake {verb} {follow_up.owner}{words}"


def review_command(week: str) -> str:
    """The command that starts a week's note."""
    return f"handshake review --week {week} --write"


def met_command(person_id: str) -> str:
    """The command that logs a meeting once a date is agreed."""
    return f"handshake met {person_id} --kind coffee --date YYYY-MM-DD"


def step_command(a: Analysis, step: NextStep) -> str:
    """The command that logs the next step once it is done."""
    if step.kind == "chase" and step.waiting is not None:
        return ask_command(step.person, step.waiting.ask.via)
    if step.kind == "promise" and step.follow_up is not None:
        return done_command(a, step.follow_up)
    if step.kind == "reconnect":
        return met_command(step.person)
    return ask_command(step.person)
