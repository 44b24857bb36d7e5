"""`handshake import-ics`: meetings from a calendar export (RFC 5545, parsed with icalendar).

An event whose attendees' (or organizer's) emails match people's contact emails becomes a meeting
in the first matched person's file, the others in `with`. Its date is the wall-clock date and time
in the event's own zone (TZID, or UTC for a `Z` time); an all-day event is a date. An event is
already logged when one of its people has a meeting that day (as owner or in `with`): it is skipped,
so running the import twice adds nothing. The files are edited through edit.py: every other byte kept.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from icalendar import Calendar

from ..core.calendar import BOUNDS, in_bounds
from ..core.model import Journal
from ..core.read import person_files
from .edit import EditError, append_entry, edit_person, meeting_entry
from .importing import ImportFileError, is_email, read_text, shortened

EXPECTED = "an iCalendar file (.ics) as Google Calendar, Apple Calendar or Outlook export it"
_KIND_WORDS = (  # within one text the first that matches wins: a "Zoom call" is a video, "lunch at a café" a meal
    ("video", r"video|zoom|google meet|meet\.google\.com|teams\.microsoft|microsoft teams|hangouts?|facetime|"
              r"webex|jitsi|skype"),
    ("meal", r"lunch|dinner|breakfast|brunch|meal|supper"),
    ("coffee", r"coffee|caf[eé]|espresso|latte|cappuccino"),
    ("tea", r"tea"),
    ("drinks", r"drinks?|beers?|wine|pub|cocktails?|apéro|apero"),
    ("walk", r"walk|hike|stroll"),
    ("call", r"call|phone"),
    ("event", r"conference|meetup|workshop|talk|concert|party|event|summit"),
)


@dataclass
class PlannedMeeting:
    """A meeting the import would add: in whose file, the entry, and the event it comes from (`file:line`)."""

    owner: str
    entry: dict[str, Any]
    where: str

    def describe(self) -> str:
        """One line: date, kind, the others, the place, the notes, and the event's `file:line`."""
        entry = self.entry
        others = f" with {', '.join(entry['with'])}" if entry.get("with") else ""
        at = f" at {entry['where']}" if entry.get("where") else ""
        about = f": {entry['notes']}" if entry.get("notes") else ""
        return f"{entry['date']} {entry['kind']}{others}{at}{about} ({self.where})"


@dataclass
class IcsPlan:
    """What an import-ics run would add, what it skipped (and why), and how many events matched no one."""

    meetings: list[PlannedMeeting] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    unmatched: int = 0
    events: int = 0


def guess_kind(*texts: str) -> str:
    """A meeting kind from words like coffee, lunch, zoom, else `other`: the first text that has one decides.

    Given the event's summary, then its location: "Lunch with Julia" at "Café Einstein" is a meal.
    """
    for text in texts:
        folded = text.casefold()
        for kind, words in _KIND_WORDS:
            if re.search(rf"(?<![\w])({words})(?![\w])", folded):
                return kind
    return "other"


def _calendars(text: str, shown: str) -> list[Any]:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if first.upper() != "BEGIN:VCALENDAR":
        raise ImportFileError(f"{shown}:1: expected BEGIN:VCALENDAR: this is not {EXPECTED}; nothing was imported")
    if not re.search(r"^END:VCALENDAR\s*$", text, re.MULTILINE | re.IGNORECASE):
        raise ImportFileError(f"{shown}: no END:VCALENDAR: the file is cut short; nothing was imported")
    try:
        return list(Calendar.from_ical(text, multiple=True))
    except (ValueError, KeyError, IndexError) as exc:
        raise ImportFileError(f"{shown}: not a valid calendar ({exc}): expected {EXPECTED}; "
                              "nothing was imported") from None


def _emails(event: Any) -> list[str]:
    found = []
    for key in ("ATTENDEE", "ORGANIZER"):
        values = event.get(key)
        if values is None:
            continue
        for value in values if isinstance(values, list) else [values]:
            address = re.sub(r"^mailto:", "", str(value).strip(), flags=re.IGNORECASE).lower()
            if is_email(address):
                found.append(address)
    return found


def _when(event: Any) -> dt.date | dt.datetime | None:
    start = event.get("DTSTART")
    if start is None:
        return None
    value = start.dt
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)  # the wall clock of the event's own zone (or UTC)
    return value if isinstance(value, dt.date) else None


def plan_meetings(path: Path, journal: Journal, shown: str | None = None) -> IcsPlan:
    """The meetings a calendar file would add to `journal`; ImportFileError if the file is refused."""
    shown = shown or str(path)
    text = read_text(path, EXPECTED, shown)
    calendars = _calendars(text, shown)
    lines = [n for n, line in enumerate(text.splitlines(), 1) if line.strip().upper() == "BEGIN:VEVENT"]
    by_email: dict[str, str] = {}
    logged: set[tuple[str, dt.date]] = set()
    for person_id, person in journal.people.items():
        for value in person.contact.values():
            if is_email(value):
                by_email.setdefault(value.strip().lower(), person_id)
        for meeting in person.meetings:
            logged.update((who, meeting.day) for who in (person_id, *meeting.with_))
    plan = IcsPlan()
    events = [event for calendar in calendars for event in calendar.walk("VEVENT")]
    for n, event in enumerate(events):
        plan.events += 1
        where = f"{shown}:{lines[n] if n < len(lines) else 1}"
        summary = shortened(" ".join(str(event.get("SUMMARY", "")).split()))
        people = list(dict.fromkeys(by_email[e] for e in _emails(event) if e in by_email))
        if not people:
            plan.unmatched += 1
            continue
        label = f"{where}: '{summary}'" if summary else where
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            plan.skipped.append(f"{label}: cancelled")
            continue
        try:
            when = _when(event)
        except (ValueError, TypeError, AttributeError) as exc:
            plan.skipped.append(f"{label}: its start (DTSTART) cannot be read ({exc})")
            continue
        if when is None:
            plan.skipped.append(f"{label}: no start date (DTSTART)")
            continue
        day = when.date() if isinstance(when, dt.datetime) else when
        if not in_bounds(day):
            plan.skipped.append(f"{label}: {day} is outside {BOUNDS}")
            continue
        already = next((p for p in people if (p, day) in logged), None)
        if already is not None:
            plan.skipped.append(f"{label}: already logged ({already} has a meeting on {day})")
            continue
        location = " ".join(str(event.get("LOCATION", "")).split())
        date: dt.date | str = when.strftime("%Y-%m-%d %H:%M") if isinstance(when, dt.datetime) else when
        entry = meeting_entry(date, guess_kind(summary, location), location or None, people[1:], summary or None)
        plan.meetings.append(PlannedMeeting(people[0], entry, where))
        logged.update((p, day) for p in people)
    return plan


def apply_plan(plan: IcsPlan, people_dir: Path, shown: Callable[[Path], str]) -> tuple[list[Path], list[str]]:
    """Append the planned meetings through edit_person (validated, atomic); returns files edited and refusals."""
    files = {p.stem: p for p in person_files(people_dir)}
    ids = list(files)
    by_owner: dict[str, list[PlannedMeeting]] = {}
    for planned in plan.meetings:
        by_owner.setdefault(planned.owner, []).append(planned)
    edited, refused = [], []
    for owner, meetings in sorted(by_owner.items()):
        path = files[owner]

        def change(text: str, meetings: list[PlannedMeeting] = meetings) -> str:
            for planned in meetings:
                text = append_entry(text, "meetings", planned.entry)
            return text

        try:
            edit_person(path, shown(path), ids, change)
        except EditError as exc:
            refused.append(f"{shown(path)}: {exc} ({len(meetings)} meeting(s) not added)")
            continue
        edited.append(path)
    return edited, refused
