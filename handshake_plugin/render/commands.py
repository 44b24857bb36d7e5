"""Layer 4: the `handshake` commands the pages, the review and the status report suggest, ready to paste."""

from __future__ import annotations

import shlex

from ..core.analysis import Analysis, FollowUp


def ask_command(person_id: str, via: str | None = "DM") -> str:
    """The command that logs an ask of `person_id` (a first ask, or the follow-up message)."""
    return f"handshake ask {person_id}" + (f" --via {shlex.quote(via)}" if via else "")


def done_command(a: Analysis, follow_up: FollowUp) -> str:
    """The command that marks a promise kept; its words are added when the file holds more than one open promise."""
    owner = a.people[follow_up.owner].person
    open_count = sum(1 for m in owner.meetings for p in m.follow_up if p.done is None)
    words = f" {shlex.quote(follow_up.promise.do)}" if open_count > 1 else ""
    return f"handshake done {follow_up.owner}{words}"


def review_command(week: str) -> str:
    """The command that starts a week's note."""
    return f"handshake review --week {week} --write"
