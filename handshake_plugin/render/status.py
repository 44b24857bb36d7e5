"""Layer 4: the status report of `handshake status`, as a JSON object whose keys scripts may rely on, and as text."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..core.analysis import Analysis, MeetingRef
from ..core.calendar import week_label
from ..core.focus import next_step
from ..core.many import TOP, Many, many
from ..core.terminal import tty
from ..core.wording import cadence_words, count, days, relative
from .commands import ask_command, done_command, step_command
from .focus import step_headline, step_reason


def status_object(a: Analysis) -> dict[str, Any]:
    """The `handshake status --json` object; its keys are a stable interface."""
    w = a.this_week
    total, from_strong = a.introductions()
    start = a.weeks[0].label if a.weeks else w.label
    return {
        "today": a.today.isoformat(),
        "week": week_label(a.today),
        "challenge": {
            "goal": a.options.goal,
            "start": start,
            "this_week": {"week": w.label, "status": w.status, "handshakes": len(w.handshakes)},
            "current_streak": a.current_streak,
            "longest_streak": a.longest_streak,
            "done": a.count("done"),
            "missed": a.count("missed"),
            "paused": a.count("paused"),
            "counts": a.options.counts,
            "strength": a.strength,
        },
        "weeks": [{"week": wk.label, "status": wk.status, "handshakes": list(wk.handshakes),
                   "meetings": len(wk.meetings)} for wk in a.weeks],
        "people": a.stage_counts(),
        "reconnect": [{"id": pid, "due": due.isoformat()} for pid, due in a.reconnect],
        "upcoming": [{"id": ref.owner, "date": ref.day.isoformat()} for ref in a.upcoming],
        "introductions": {"total": total, "from_strong": from_strong},
        "waiting": [{"id": w.person, "asked": w.ask.date.isoformat(), "days": w.days} for w in a.waiting],
        "follow_ups": [{"id": f.owner, "date": f.day.isoformat(), "text": f.promise.do} for f in a.follow_ups],
        "many": many_object(many(a)),
    }


def many_object(m: Many) -> dict[str, Any]:
    """The `many` key of `handshake status --json`: reached people by source and quarter, the top introducers."""
    return {
        "reached": m.reached, "found": m.found, "introduced": m.introduced,
        "quarters": [{"quarter": q.label, "found": q.found, "introduced": q.introduced} for q in m.quarters],
        "introducers": [{"id": i.id, "direct": i.direct, "reach": i.reach} for i in m.introducers[:TOP]],
    }


def many_line(a: Analysis, m: Many) -> str:
    """The many from the ones in one line: "20 people reached: 15 found, 5 through introductions; Ada brought 3"."""
    if not m.reached:
        return "Reached: no one yet (a handshake reaches a person)."
    line = (f"{m.reached} {'person' if m.reached == 1 else 'people'} reached: {m.found} found, "
            f"{m.introduced} through introductions")
    if m.introducers:
        top = m.introducers[0]
        line += f"; {tty(a.people[top.id].person.name)} brought {top.reach}"
    return line


def status_text(a: Analysis) -> str:
    """The same report for a person at a terminal."""
    obj = status_object(a)
    ch = obj["challenge"]
    w = ch["this_week"]
    names = {pid: tty(f.person.name) for pid, f in a.people.items()}
    lines = focus_lines(a) + ["", f"Today {obj['today']} · week {obj['week']}"]
    if w["status"] == "done":
        lines.append(f"This week: done ({count(w['handshakes'], 'handshake')}).")
    elif w["status"] == "paused":
        lines.append("This week: paused.")
    else:
        lines.append(f"This week: open ({w['handshakes']} of {ch['goal']}). Ask one new person to meet.")
        if a.radar:
            more = _more(len(a.radar) - RADAR_SHOWN, "handshake list --stage radar")
            lines.append("  On your radar: " + ", ".join(names[p] for p in a.radar[:RADAR_SHOWN])
                         + (f" {more}" if more else ""))
    lines.append(f"Streak: {ch['current_streak']} current, {ch['longest_streak']} longest · "
                 f"{ch['done']} done, {ch['missed']} missed, {ch['paused']} paused since {ch['start']}")
    lines.append(f"Strength: {ch['strength']} of 100 · a handshake is your first "
                 f"{'ask' if ch['counts'] == 'asks' else 'meeting'} with someone new")
    lines += waiting_lines(a)
    lines += follow_up_lines(a)
    p = obj["people"]
    lines.append(f"People: {p['total']} · {p['strong']} strong, {p['met']} met, {p['asked']} asked, "
                 f"{p['radar']} on the radar")
    lines.append(f"Introductions: {obj['introductions']['total']}, "
                 f"{obj['introductions']['from_strong']} through strong ties")
    lines.append(many_line(a, many(a)))
    lines.append("Reconnect:" if a.reconnect else "Reconnect: no one is due.")
    lines += _capped([f"  {due.isoformat()}  {names[pid]} ({pid}) · due {relative(due, a.today)}"
                      for pid, due in a.reconnect], "handshake list --stage strong; handshake list --stage met")
    lines.append("Upcoming:" if a.upcoming else "Upcoming: nothing planned.")
    lines += _capped([_upcoming_line(ref, names) for ref in a.upcoming], "handshake list: the NEXT column")
    return "\n".join(lines)


def focus_lines(a: Analysis) -> list[str]:
    """What the dashboard's first screen says: the days left, the streak at stake, the one person to reach now."""
    w = a.this_week
    left = (w.monday - a.today).days + 7
    streak = (f"your {a.current_streak}-week streak is at stake" if a.current_streak
              else "a new streak starts this week")
    if w.status == "done":
        head = f"This week: done, {count(len(w.handshakes), 'handshake')} · streak {count(a.current_streak, 'week')}."
    elif w.status == "paused":
        head = f"This week: a pause · streak {count(a.current_streak, 'week')}, waiting for you."
    else:
        head = (f"This week: {len(w.handshakes)} of {a.options.goal} · {count(left, 'day')} left (until Sunday) "
                f"· {streak}.")
    step = next_step(a)
    if step is None:
        return [head, "Reach now: no one; nothing waits." if w.status != "pending" else
                "Reach now: your radar is empty: handshake new \"Their Name\" adds someone."]
    verb, after = step_headline(step)
    name = tty(a.people[step.person].person.name)
    return [head, f"Reach now: {verb} {name}{' ' + after if after else ''} ({step.person}).",
            f"  {tty(step_reason(a, step))}", f"  {tty(step_command(a, step))}"]


SHOWN = 10
"""Lines a list of `handshake status` shows before "… and N more"."""
RADAR_SHOWN = 5


def _more(hidden: int, where: str) -> str:
    return f"… and {hidden} more ({where})" if hidden > 0 else ""


def _capped(lines: list[str], where: str) -> list[str]:
    more = _more(len(lines) - SHOWN, where)
    return lines[:SHOWN] + ([f"  {more}"] if more else [])


def _upcoming_line(ref: MeetingRef, names: dict[str, str]) -> str:
    m = ref.meeting
    time = f" {m.date:%H:%M}" if isinstance(m.date, dt.datetime) else ""
    where = f" at {tty(m.where)}" if m.where else ""
    who = ", ".join(f"{names.get(p, tty(p))} ({p})" for p in ref.people)
    return f"  {ref.day.isoformat()}{time}  {tty(m.kind)}{where} · {who}"


def waiting_lines(a: Analysis) -> list[str]:
    """Asks waiting for an answer, for a terminal: each with the days since and the command of a follow-up."""
    if not a.waiting:
        return ["Waiting for an answer: no one (asks wait here once they are "
                f"{cadence_words(a.options.nudge_after)} old without an answer)."]
    lines = ["Waiting for an answer (one friendly follow-up each?):"]
    for w in a.waiting[:SHOWN]:
        name = a.people[w.person].person.name
        lines.append(f"  {w.ask.date.isoformat()}  {tty(name)} ({w.person}) · asked {days(w.days)} ago · "
                     f"{tty(ask_command(w.person, w.ask.via))}")
    more = _more(len(a.waiting) - SHOWN, "handshake list --stage asked")
    return lines + ([f"  {more}"] if more else [])


def follow_up_lines(a: Analysis) -> list[str]:
    """Open promises, for a terminal: each with the command that marks it kept."""
    if not a.follow_ups:
        return ["Promises: none open."]
    lines = ["Promises you made (open):"]
    for f in a.follow_ups[:SHOWN]:
        lines.append(f"  {f.day.isoformat()}  {tty(f.promise.do)} · {tty(a.people[f.owner].person.name)} "
                     f"· {tty(done_command(a, f))}")
    more = _more(len(a.follow_ups) - SHOWN, "handshake review lists them all")
    return lines + ([f"  {more}"] if more else [])

