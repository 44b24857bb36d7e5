"""Layer 4: the status report of `handshake status`, as a JSON object whose keys scripts may rely on, and as text."""

from __future__ import annotations

from typing import Any

from .analysis import Analysis
from .calendar import week_label
from .commands import ask_command, done_command
from .terminal import tty


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
    }


def status_text(a: Analysis) -> str:
    """The same report for a person at a terminal."""
    obj = status_object(a)
    ch = obj["challenge"]
    w = ch["this_week"]
    names = {pid: tty(f.person.name) for pid, f in a.people.items()}
    lines = [f"Today {obj['today']} · week {obj['week']}"]
    if w["status"] == "done":
        lines.append(f"This week: done ({w['handshakes']} handshake{'s' if w['handshakes'] != 1 else ''}).")
    elif w["status"] == "paused":
        lines.append("This week: paused.")
    else:
        lines.append(f"This week: open ({w['handshakes']} of {ch['goal']}). Ask one new person to meet.")
        if a.radar:
            lines.append("  On your radar: " + ", ".join(names[p] for p in a.radar[:5]))
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
    lines.append("Reconnect:" if obj["reconnect"] else "Reconnect: no one is due.")
    lines += [f"  {r['due']}  {names[r['id']]} ({r['id']})" for r in obj["reconnect"]]
    lines.append("Upcoming:" if obj["upcoming"] else "Upcoming: nothing planned.")
    lines += [f"  {u['date']}  {names[u['id']]} ({u['id']})" for u in obj["upcoming"]]
    return "\n".join(lines)


def waiting_lines(a: Analysis) -> list[str]:
    """Asks waiting for an answer, for a terminal: each with the days since and the command of a follow-up."""
    if not a.waiting:
        return ["Waiting for an answer: no one (asks wait here once they are "
                f"{a.options.nudge_after} old without an answer)."]
    lines = ["Waiting for an answer (one friendly follow-up each?):"]
    for w in a.waiting:
        name = a.people[w.person].person.name
        lines.append(f"  {w.ask.date.isoformat()}  {tty(name)} ({w.person}) · asked {w.days} days ago · "
                     f"{tty(ask_command(w.person, w.ask.via))}")
    return lines


def follow_up_lines(a: Analysis) -> list[str]:
    """Open promises, for a terminal: each with the command that marks it kept."""
    if not a.follow_ups:
        return ["Promises: none open."]
    lines = ["Promises you made (open):"]
    for f in a.follow_ups:
        lines.append(f"  {f.day.isoformat()}  {tty(f.promise.do)} · {tty(a.people[f.owner].person.name)} "
                     f"· {tty(done_command(a, f))}")
    return lines

