"""Layer 4: `/handshake.ics`, an RFC 5545 calendar of upcoming meetings, reconnect-by dates and birthdays.

The feed is written line by line: building an icalendar object tree for thousands of events cost
more than the rest of a person's page. What RFC 5545 asks of such a writer is small and kept here:
TEXT values escaped (backslash, `;`, `,`, line breaks; other control characters, which TEXT does
not allow, dropped), content lines folded at 75 octets without splitting a character or an
escape, CRLF line ends. Tests parse the feed back with vobject and with icalendar.

Every event has its own UID, the same from build to build, so calendar apps update events in place
and keep two meetings with one person on one day as two events.
"""

from __future__ import annotations

import datetime as dt

from ..core.analysis import Analysis
from .kept import Kept

PRODID = "-//Handshake//handshake-plugin//EN"
_LIMIT = 75  # octets of a content line, without its CRLF
# One pass: the escapes, and the control characters TEXT does not allow dropped (line breaks become \n first).
_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n",
                               **{chr(c): None for c in [*range(0x09), 0x0b, 0x0c, *range(0x0e, 0x20), 0x7f]}})


def text_value(value: str) -> str:
    """A TEXT value escaped as RFC 5545 §3.3.11 asks."""
    return value.replace("\r\n", "\n").replace("\r", "\n").translate(_TEXT_ESCAPES)


def fold(line: str) -> str:
    """A content line folded into parts of at most 75 octets (RFC 5545 §3.1), CRLF-ended.

    A fold never splits a UTF-8 character, nor a backslash from the character it escapes.
    """
    if len(line) < _LIMIT // 4 or len(line.encode("utf-8")) <= _LIMIT:
        return line + "\r\n"
    parts: list[str] = []
    current: list[str] = []
    size = 0
    limit = _LIMIT
    for char in line:
        width = len(char.encode("utf-8"))
        if current and size + width > limit:
            carry = current.pop() if current[-1] == "\\" and len(current) > 1 and _escaping(current) else None
            parts.append("".join(current))
            current, size, limit = [], 0, _LIMIT - 1  # a continuation line starts with a space
            if carry is not None:
                current, size = [carry], 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts) + "\r\n"


def _escaping(chars: list[str]) -> bool:
    """Whether the last backslash of `chars` starts an escape (an odd run of backslashes ends it)."""
    run = 0
    for char in reversed(chars):
        if char != "\\":
            break
        run += 1
    return run % 2 == 1


def _date(value: dt.date) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def _moment(value: dt.date | dt.datetime) -> tuple[str, str]:
    """DTSTART and DTEND lines: a whole day, or an hour from a (floating, local) time."""
    if isinstance(value, dt.datetime):
        end = value + dt.timedelta(hours=1)
        return (f"DTSTART:{_date(value)}T{value:%H%M%S}", f"DTEND:{_date(end)}T{end:%H%M%S}")
    return (f"DTSTART;VALUE=DATE:{_date(value)}", f"DTEND;VALUE=DATE:{_date(value + dt.timedelta(days=1))}")


_LEAP_DAY_RULE = "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1\r\n"


def _meeting_uid(owner: str, date: dt.date | dt.datetime, kind: str, used: set[str]) -> str:
    """The UID of an upcoming meeting: its file, date (and time) and kind, which an edit of another meeting
    never changes; a second meeting of that kind on that day in that file gets `#2` (in file order)."""
    base = uid = f"meeting-{owner}-{date.isoformat()}-{kind}"
    n = 1
    while uid in used:
        n += 1
        uid = f"{base}#{n}"
    used.add(uid)
    return uid


def calendar_feed(a: Analysis, site_name: str = "Handshake", kept: Kept | None = None) -> bytes:
    """The calendar feed as bytes; UIDs are stable so calendar apps update events in place.

    With `kept` (`mkdocs serve`), the events that did not change are taken as the last feed wrote them.
    """
    out = ["BEGIN:VCALENDAR\r\n", "VERSION:2.0\r\n", f"PRODID:{PRODID}\r\n",
           fold(f"X-WR-CALNAME:{text_value(site_name)}")]
    stamp = f"DTSTAMP:{_date(a.today)}T000000Z\r\n"
    names = {pid: f.person.name for pid, f in a.people.items()}
    # Under `mkdocs serve` the feed is made again when one event changed: the others are taken as written.
    last = kept.events[1] if kept is not None and kept.events[0] == stamp else {}
    now: dict[tuple, str] = {}

    def event(uid: str, summary: str, start: dt.date | dt.datetime, location: str | None = None,
              rule: str = "") -> None:
        key = (uid, summary, start, location, rule)
        text = last.get(key)
        if text is None:
            begin, end = _moment(start)
            text = "".join(("BEGIN:VEVENT\r\n", fold(f"SUMMARY:{text_value(summary)}"), begin, "\r\n", end,
                            "\r\n", stamp, fold(f"UID:{text_value(uid)}@handshake"),
                            fold(f"LOCATION:{text_value(location)}") if location else "", rule,
                            "END:VEVENT\r\n"))
        now[key] = text
        out.append(text)

    used: set[str] = set()
    for ref in a.upcoming:
        m = ref.meeting
        who = ", ".join(names[p] for p in ref.people)
        event(_meeting_uid(ref.owner, m.date, m.kind, used), f"{m.kind.capitalize()} with {who}", m.date, m.where)
    for pid, facts in a.people.items():
        if facts.reconnect_by and not facts.upcoming:
            event(f"reconnect-{pid}", f"Reconnect with {names[pid]}", facts.reconnect_by)
        birthday = facts.person.birthday
        if birthday:
            if isinstance(birthday, str):
                month, day = (int(x) for x in birthday.split("-"))
                start = dt.date(2000 if (month, day) == (2, 29) else a.today.year, month, day)
            else:
                start = birthday
            # FREQ=YEARLY alone skips the years without a 29 February (RFC 5545 drops invalid dates): the last
            # day of February is that day in leap years and the 28th in the others.
            leap_day = (start.month, start.day) == (2, 29)
            event(f"birthday-{pid}", f"{names[pid]}'s birthday", start,
                  rule=_LEAP_DAY_RULE if leap_day else "RRULE:FREQ=YEARLY\r\n")
    out.append("END:VCALENDAR\r\n")
    if kept is not None:
        kept.events = (stamp, now)
    return "".join(out).encode("utf-8")
