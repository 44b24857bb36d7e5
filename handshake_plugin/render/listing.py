"""Layer 4: people for a terminal: `handshake list` (a table, or JSON) and `handshake show ID` (one person's story)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from wcwidth import wcswidth, wcwidth

from ..core.analysis import Analysis, MeetingRef
from ..core.terminal import tty
from ..core.wording import cadence_words, days, relative


def people_rows(a: Analysis, stage: str | None = None, tag: str | None = None) -> list[dict[str, Any]]:
    """The `handshake list --json` array: one object per person, ordered by id, filtered by stage and tag."""
    rows = []
    wanted = _folded(tag) if tag else None
    for pid in sorted(a.people):
        facts = a.people[pid]
        if stage and facts.stage != stage or wanted and wanted not in {_folded(t) for t in facts.person.tags}:
            continue
        rows.append({
            "id": pid, "name": facts.person.name, "stage": facts.stage,
            "handshake": _iso(facts.handshake), "last_met": _iso(facts.last_meeting),
            "next_meeting": _iso(facts.next_meeting), "tags": list(facts.person.tags),
        })
    return rows


def people_table(rows: list[dict[str, Any]]) -> str:
    """The rows of `people_rows` as an aligned table; every value escaped for the terminal."""
    if not rows:
        return "No one matches."
    header = ("ID", "NAME", "STAGE", "HANDSHAKE", "LAST MET", "NEXT", "TAGS")
    cells = [[tty(r["id"]), _clip(tty(r["name"]), 40), r["stage"], r["handshake"] or "-", r["last_met"] or "-",
              r["next_meeting"] or "-", _clip(tty(", ".join(r["tags"])), 40)] for r in rows]
    widths = [max(len(h), *(_width(c[i]) for c in cells)) for i, h in enumerate(header)]
    lines = ["  ".join(v + " " * (w - _width(v)) for v, w in zip(row, widths, strict=True)).rstrip()
             for row in [list(header), *cells]]
    return "\n".join(lines)


def person_story(a: Analysis, pid: str) -> str:
    """One person's story for `handshake show`: found, asks with answers, meetings with notes (theirs and those
    they joined), promises with their state, reconnect date, who introduced them and whom they introduced."""
    facts = a.people[pid]
    p = facts.person
    names = {i: tty(f.person.name) for i, f in a.people.items()}
    lines = [f"{tty(p.name)} ({pid}) · {facts.stage}"
             + (f" · handshake {facts.handshake.isoformat()}" if facts.handshake else "")]
    if p.tags:
        lines.append("Tags: " + ", ".join(tty(t) for t in p.tags))
    if p.found:
        found = " · ".join(tty(v) for v in (p.found.date and p.found.date.isoformat(), p.found.where) if v)
        lines.append("Found: " + (found or "-") + (f" — {_text(p.found.note)}" if p.found.note else ""))
    if p.introduced_by:
        lines.append(f"Introduced by: {names.get(p.introduced_by, tty(p.introduced_by))} ({tty(p.introduced_by)})")
    if facts.introduced:
        lines.append("Introduced you to: " + ", ".join(f"{names[i]} ({i})" for i in facts.introduced))
    for link in p.links:
        lines.append(f"Link: {tty(link)}")
    if p.notes:
        lines += ["", "Notes:", *_block(p.notes)]
    lines += ["", "Asks:" if p.asks else "Asks: none yet."]
    for ask in p.asks:
        via = f" via {tty(ask.via)}" if ask.via else ""
        lines.append(f"  {ask.date.isoformat()}{via} · {ask.answer}" + (f" — {_text(ask.note)}" if ask.note else ""))
    refs = sorted([*facts.held, *facts.upcoming], key=lambda r: (r.day, r.owner))
    lines += ["", "Meetings:" if refs else "Meetings: none yet."]
    for ref in refs:
        lines.append("  " + _meeting_line(ref, pid, names, a.today))
        if ref.meeting.notes:
            lines += ["    " + line for line in _block(ref.meeting.notes)]
    if facts.promises:
        lines += ["", "Promises:"]
        for f in facts.promises:
            state = (f"kept {f.promise.done.isoformat()}" if f.promise.done else
                     f"let go {f.promise.dropped.isoformat()}" if f.promise.dropped else
                     "open" if f.day <= a.today else "planned")
            lines.append(f"  {f.day.isoformat()}  {tty(f.promise.do)} · {state}")
    lines.append("")
    if facts.reconnect_by and facts.cadence:
        lines.append(f"Reconnect by {facts.reconnect_by.isoformat()} ({relative(facts.reconnect_by, a.today)}; "
                     f"every {cadence_words(facts.cadence)})")
    elif facts.cadence and facts.next_meeting:
        lines.append(f"Keep in touch every {cadence_words(facts.cadence)}: "
                     f"next meeting {facts.next_meeting.isoformat()}")
    if facts.waiting:
        asked = facts.waiting.ask.date.isoformat()
        lines.append(f"Waiting for an answer: asked {asked}, {days(facts.waiting.days)} ago")
    return "\n".join(lines).rstrip()


def _meeting_line(ref: MeetingRef, pid: str, names: dict[str, str], today: dt.date) -> str:
    m = ref.meeting
    time = f" {m.date:%H:%M}" if isinstance(m.date, dt.datetime) else ""
    others = [i for i in ref.people if i != pid]
    with_ = f" with {', '.join(names.get(i, tty(i)) for i in others)}" if others else ""
    where = f" at {tty(m.where)}" if m.where else ""
    upcoming = " (upcoming)" if ref.day > today else ""
    recorded = f" [in {ref.owner}.yml]" if ref.owner != pid else ""
    return f"{ref.day.isoformat()}{time}  {tty(m.kind)}{where}{with_}{upcoming}{recorded}"


def _text(text: str) -> str:
    return tty(" ".join(text.split()))


def _block(text: str) -> list[str]:
    return ["  " + tty(line) for line in text.strip().splitlines()]


def _folded(tag: str) -> str:
    """A tag as `list --tag` compares it: `Research` finds `research`, a composed `é` a decomposed one."""
    return unicodedata.normalize("NFC", tag).casefold()


def _width(text: str) -> int:
    """The columns `text` takes in a terminal: a CJK character or an emoji two, a combining accent none."""
    width = wcswidth(text)
    return width if width >= 0 else len(text)  # -1: a control character (tty() has escaped them all)


def _clip(text: str, width: int) -> str:
    """`text` cut to at most `width` columns, an ellipsis marking the cut."""
    if _width(text) <= width:
        return text
    used = 0
    for end, char in enumerate(text):
        used += max(wcwidth(char), 0)
        if used > width - 1:
            return text[:end] + "…"
    return text


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
