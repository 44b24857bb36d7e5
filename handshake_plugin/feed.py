"""Layer 4: `/handshake.ics`, an RFC 5545 calendar of upcoming meetings, reconnect-by dates and birthdays."""

from __future__ import annotations

import datetime as dt

import icalendar

from .analysis import Analysis


def calendar_feed(a: Analysis, site_name: str = "Handshake") -> bytes:
    """The calendar feed as bytes; UIDs are stable so calendar apps update events in place."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Handshake//handshake-plugin//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", site_name)
    stamp = dt.datetime.combine(a.today, dt.time(0, 0), tzinfo=dt.timezone.utc)
    names = {pid: f.person.name for pid, f in a.people.items()}

    def event(uid: str, summary: str, start: dt.date | dt.datetime, **extra: object) -> None:
        ev = icalendar.Event()
        ev.add("uid", f"{uid}@handshake")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", start)
        if not isinstance(start, dt.datetime):
            ev.add("dtend", start + dt.timedelta(days=1))
        else:
            ev.add("dtend", start + dt.timedelta(hours=1))
        ev.add("summary", summary)
        for key, value in extra.items():
            ev.add(key, value)
        cal.add_component(ev)

    for ref in a.upcoming:
        m = ref.meeting
        who = ", ".join(names[p] for p in ref.people)
        extra: dict[str, object] = {"location": m.where} if m.where else {}
        event(f"meeting-{ref.owner}-{m.date.isoformat()}-{m.kind}", f"{m.kind.capitalize()} with {who}",
              m.date, **extra)
    for pid, facts in a.people.items():
        if facts.reconnect_by and not facts.upcoming:
            event(f"reconnect-{pid}", f"Reconnect with {names[pid]}", facts.reconnect_by)
        birthday = facts.person.birthday
        if birthday:
            if isinstance(birthday, str):
                month, day = (int(x) for x in birthday.split("-"))
                year = a.today.year
                start = dt.date(2000 if (month, day) == (2, 29) else year, month, day)
            else:
                start = birthday
            event(f"birthday-{pid}", f"{names[pid]}'s birthday", start, rrule={"freq": "yearly"})
    return cal.to_ical()
