"""Layer 4: the next step (`core.focus.next_step`) in words, one wording for the dashboard and the terminal."""

from __future__ import annotations

from ..core.analysis import Analysis
from ..core.focus import NextStep
from ..core.wording import count, day, relative


def step_headline(step: NextStep) -> tuple[str, str]:
    """What to do, around the person's name: ("Ask", "to meet") reads "Ask Ada Lovelace to meet"."""
    return {"ask": ("Ask", "to meet"), "chase": ("Follow up with", ""),
            "promise": ("Keep your promise to", ""), "reconnect": ("Get back to", "")}[step.kind]


def step_reason(a: Analysis, step: NextStep) -> str:
    """Why this person, now, in one sentence of plain text (escape it where it lands)."""
    person = a.people[step.person].person
    if step.kind == "ask":
        found = person.found
        where = f" from {found.where}" if found and found.where else ""
        when = f", noted {day(found.date)}" if found and found.date else ""
        return f"Newest on your radar{where}{when}: one short, specific message is this week's handshake."
    if step.kind == "chase" and step.waiting is not None:
        w = step.waiting
        via = f" via {w.ask.via}" if w.ask.via else ""
        return f"You asked {count(w.days, 'day')} ago{via} and have no answer yet: one friendly follow-up."
    if step.kind == "promise" and step.follow_up is not None:
        f = step.follow_up
        return (f"You promised “{f.promise.do}” at the {f.ref.meeting.kind} of {day(f.day)}, "
                f"{count((a.today - f.day).days, 'day')} ago: do it, or let it go.")
    facts = a.people[step.person]
    due = step.due or a.today
    return f"Last met {day(facts.last_meeting)}; due {relative(due, a.today)}: a short note and a date."
