"""Layer 4: the weekly review of `handshake review`, as Markdown the user finishes in `docs/weeks/YYYY-Www.md`.

The review describes a week as it stood at its end (or today, for the current week): its handshakes,
meetings and the promises made at them; printed, it adds the live lists (the asks waiting for an answer,
open promises, reconnects due, whom to ask next). The week note that `--write` starts leaves those out: they
change every day and live on the dashboard, so a note that held them would soon tell a stale story.
Values from the data are escaped for Markdown and HTML (the week page is rendered as a docs page) and for
the terminal (control characters shown escaped).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from ..core.analysis import Analysis
from ..core.calendar import week_label
from ..core.terminal import tty
from ..core.wording import cadence_words, day, days
from .commands import ask_command, done_command

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")


def md(value: object) -> str:
    """A value from the data as literal Markdown text: one line, no markup, no HTML."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", tty(value))


def code(command: str) -> str:
    """A command as a Markdown code span (a longer fence when it holds backticks)."""
    text = tty(command)
    fence = "``" if "`" in text else "`"
    return f"{fence} {text} {fence}" if fence == "``" else f"`{text}`"


def week_review(now: Analysis, a: Analysis, monday: dt.date, live: bool = True) -> str:
    """The review of the week starting `monday`.

    `now` is the journal analysed for today (the week's final status, streak and strength); `a` as of the
    week's end (what waited, what was open and due then). `live`: with the lists that change every day
    (waiting, open promises, reconnects, whom to ask); the week note is written without them.
    """
    label = week_label(monday)
    sunday = monday + dt.timedelta(days=6)
    week = next((w for w in now.weeks if w.monday == monday), None)
    name = {pid: f.person.name for pid, f in a.people.items()}

    def who(pid: str) -> str:
        return f"{md(name.get(pid, pid))} (`{pid}`)"

    out = [f"# Week {label}", "",
           f"*{day(monday)} – {day(sunday)}* · "
           + (f"**{week.status}**" if week else "before the challenge")
           + f" · today: streak {now.current_streak}, strength {now.strength} of 100", ""]

    out += ["## Handshakes", ""]
    reached = week.handshakes if week else []
    out += [f"- {who(pid)} — first {'met' if a.options.counts == 'meetings' else 'reached'} "
            f"{day(a.people[pid].handshake)}" for pid in reached] or ["None this week."]

    out += ["", "## Meetings", ""]
    meetings = week.meetings if week else []
    out += [f"- {day(ref.day, True)} · {md(ref.meeting.kind)} with "
            + ", ".join(md(name.get(p, p)) for p in ref.people)
            + (f" · {md(ref.meeting.where)}" if ref.meeting.where else "") for ref in meetings] or ["None."]

    out += ["", "## Promises made", ""]
    out += [f"- {md(p.do)} — " + ", ".join(md(name.get(q, q)) for q in ref.people)
            + f", {md(ref.meeting.kind)} of {day(ref.day)}"
            for ref in meetings for p in ref.meeting.follow_up] or ["None."]

    if live:
        out += _live(a, who, name)
    else:
        out += ["", "*What still waits — answers, open promises, reconnects, whom to ask — is on the dashboard.*"]

    out += ["", "## Looking back", "", "*What went well? Whom did you enjoy meeting, and why?*", "",
            "## Next week", "", "*Whom will you ask? Which promise will you keep first?*", ""]
    return "\n".join(out)


def _live(a: Analysis, who: Callable[[str], str], name: dict[str, str]) -> list[str]:
    """The lists of what waits as of the week's end: they change every day, so only the printed review has them."""
    out = ["", "## Waiting for an answer", ""]
    out += [f"- {who(w.person)} — asked {day(w.ask.date)}, {days(w.days)} ago: one friendly follow-up, "
            f"then {code(ask_command(w.person, w.ask.via))}" for w in a.waiting] or [
        f"No ask has waited {cadence_words(a.options.nudge_after)} or more."]

    out += ["", "## Open promises", ""]
    out += [f"- {md(f.promise.do)} — {md(name[f.owner])}, {md(f.ref.meeting.kind)} of {day(f.day)} · "
            f"kept? {code(done_command(a, f))}" for f in a.follow_ups] or ["None: every promise is kept."]

    out += ["", "## Reconnects due", ""]
    out += [f"- {who(pid)} — due {day(due)}" for pid, due in a.reconnect] or ["No one is due."]

    out += ["", "## Whom to ask next", ""]
    ideas = []
    for pid in a.radar[:5]:
        found = a.people[pid].person.found
        why = " · ".join(md(t.strip().splitlines()[0]) for t in (found.where, found.note) if t and t.strip()) \
            if found else ""
        ideas.append(f"- {who(pid)}{' — ' + why if why else ''} · {code(ask_command(pid))}")
    out += ideas or ['Your radar is empty: add someone with `handshake new "Their Name"`.']
    return out
