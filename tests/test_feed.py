"""The calendar feed stays RFC 5545-valid with hostile names and places: two independent parsers read it back."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

import icalendar
import vobject
from conftest import build, write_journal

from handshake_plugin.core.analysis import Options, analyse
from handshake_plugin.core.problems import errors_in
from handshake_plugin.core.read import read_journal
from handshake_plugin.render.feed import calendar_feed, fold

LONG = "Ünïcödé 李小龙 Дмитрий " * 12 + "end"
HOSTILE_NAME = 'Ada, Countess; of "Lovelace"\\ the \u202eFirst\u202c\nSecond line\r\nThird\tTab'
HOSTILE_PLACE = "Café; back room, table 3\\4\nupstairs\x07\x1b[31m " + LONG


def _journal(root: Path) -> Path:
    people = {
        "ada.yml": f"name: {json.dumps(HOSTILE_NAME)}\nbirthday: \"12-10\"\n"
                   f"meetings:\n  - date: 2026-12-03 09:30\n    kind: coffee\n"
                   f"    where: {json.dumps(HOSTILE_PLACE)}\n    with: [bob]\n",
        "bob.yml": f"name: {json.dumps(LONG)}\nbirthday: 1990-02-28\n"
                   "meetings:\n  - date: 2026-10-01\n    kind: walk\n  - date: 2026-12-24\n    kind: tea\n"
                   "    where: ',;,;\\\\,'\n",
    }
    write_journal(root, people)
    return root


def _expected_summaries() -> set[str]:
    # A TEXT value holds no control characters but tabs and (escaped) line breaks: CRLF reads as one break.
    name = HOSTILE_NAME.replace("\r\n", "\n")
    return {f"Coffee with {name}, {LONG}", f"{name}'s birthday", f"{LONG}'s birthday", f"Tea with {LONG}"}


def test_hostile_text_survives_both_parsers(tmp_path: Path) -> None:
    root = _journal(tmp_path)
    a = analyse(read_journal(root / "people").journal, Options(today=dt.date(2026, 11, 25)))
    data = calendar_feed(a, "My; journal, \\ \n two")
    text = data.decode("utf-8")

    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")   # CRLF line ends only
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75, line                      # folded at 75 octets

    cal = icalendar.Calendar.from_ical(data)
    events = cal.walk("VEVENT")
    assert {str(e["SUMMARY"]) for e in events} == _expected_summaries()
    coffee = next(e for e in events if str(e["SUMMARY"]).startswith("Coffee"))
    assert str(coffee["LOCATION"]) == HOSTILE_PLACE.replace("\x07", "").replace("\x1b", "")
    assert coffee.decoded("DTSTART") == dt.datetime(2026, 12, 3, 9, 30)
    tea = next(e for e in events if str(e["SUMMARY"]).startswith("Tea"))
    assert str(tea["LOCATION"]) == ",;,;\\\\,"
    assert "\r\nX-WR-CALNAME:My\\; journal\\, \\\\ \\n two\r\n" in text   # an X- property: parsers keep it raw

    parsed = vobject.readOne(text)
    assert {e.summary.value for e in parsed.vevent_list} == _expected_summaries()
    assert {e.uid.value for e in parsed.vevent_list} == {
        "meeting-ada-2026-12-03T09:30:00-coffee@handshake", "meeting-bob-2026-12-24-tea@handshake",
        "birthday-ada@handshake", "birthday-bob@handshake"}
    assert any(getattr(e, "location", None) and e.location.value == str(coffee["LOCATION"])
               for e in parsed.vevent_list)


def test_folding_keeps_characters_and_escapes_whole() -> None:
    for line in ("SUMMARY:" + "é" * 80, "SUMMARY:" + "a" * 66 + "\\," * 20, "X:" + "\\\\" * 50, "X:" + "😀" * 40):
        folded = fold(line)
        parts = folded[:-2].split("\r\n ")
        assert "".join(parts) == line
        assert all(len(p.encode("utf-8")) <= (75 if i == 0 else 74) for i, p in enumerate(parts))
        # No part ends in the backslash of an escape that the next part completes.
        for part in parts[:-1]:
            run = len(part) - len(part.rstrip("\\"))
            assert run % 2 == 0, part


def test_feed_of_a_built_site_with_hostile_values_parses(tmp_path: Path) -> None:
    root = _journal(tmp_path)
    result = build(root)
    assert result.returncode == 0, result.stderr
    data = (root / "site" / "handshake.ics").read_bytes()
    assert {str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")} == _expected_summaries()
    assert {e.summary.value for e in vobject.readOne(data.decode("utf-8")).vevent_list} == _expected_summaries()


def _feed(people: dict[str, str], today: dt.date = dt.date(2026, 11, 25)) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_journal(root, people)
        result = read_journal(root / "people")
        assert not errors_in(result.problems), [str(p) for p in result.problems]
        return calendar_feed(analyse(result.journal, Options(today=today)))


SAME_DAY = {
    "ada.yml": "name: Ada\nmeetings:\n"
               "  - {date: 2026-12-03, kind: coffee, where: Café A}\n"
               "  - {date: 2026-12-03, kind: coffee, where: Café B}\n"
               "  - {date: 2026-12-03, kind: coffee#2}\n"          # a kind that reads like a second one's suffix
               "  - {date: 2026-12-03 09:30, kind: coffee}\n"
               "  - {date: 2026-12-03 09:30, kind: coffee}\n"
               "  - {date: 2026-12-03, kind: walk, with: [bob]}\n",
    "bob.yml": "name: Bob\nmeetings:\n  - {date: 2026-12-03, kind: coffee}\n  - {date: 2026-12-03, kind: coffee}\n",
}


def _uids(data: bytes) -> dict[str, str]:
    """Each meeting event's UID by its summary and place (or start)."""
    out: dict[str, str] = {}
    for e in icalendar.Calendar.from_ical(data).walk("VEVENT"):
        if str(e["SUMMARY"]).endswith("birthday"):
            continue
        key = f"{e['SUMMARY']} @ {e.get('LOCATION', '')} {e.decoded('DTSTART')}"
        out[key] = str(e["UID"]) if key not in out else out[key] + " | " + str(e["UID"])
    return out


def test_every_event_has_its_own_uid_and_keeps_it() -> None:
    data = _feed(SAME_DAY)
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    uids = [str(e["UID"]) for e in events]
    assert len(events) == 8 and len(set(uids)) == 8, uids           # calendar apps keep every one
    assert len({e.uid.value for e in vobject.readOne(data.decode()).vevent_list}) == 8
    # The first of a kind on a day keeps the UID it always had: subscribed calendars see no change.
    assert "meeting-ada-2026-12-03-coffee@handshake" in uids and "meeting-bob-2026-12-03-coffee@handshake" in uids
    assert _feed(SAME_DAY) == data                                    # stable from build to build
    # An edit elsewhere (a meeting with someone else, one on another day, a new person) changes no UID.
    edited = dict(SAME_DAY, **{
        "bob.yml": "name: Bob\nmeetings:\n  - {date: 2026-12-01, kind: tea}\n"
                   "  - {date: 2026-12-03, kind: coffee}\n  - {date: 2026-12-03, kind: coffee}\n",
        "cy.yml": "name: Cy\nmeetings:\n  - {date: 2026-12-03, kind: coffee, with: [ada]}\n"})
    before, after = _uids(data), _uids(_feed(edited))
    assert {k: v for k, v in after.items() if k in before} == before
    # Editing a meeting's place keeps its UID: the app updates the event instead of adding one.
    moved = dict(SAME_DAY, **{"ada.yml": SAME_DAY["ada.yml"].replace("Café A", "Café C")})
    assert _uids(_feed(moved))["Coffee with Ada @ Café C 2026-12-03"] == before["Coffee with Ada @ Café A 2026-12-03"]


def _occurrences(data: bytes, summary: str, years: range) -> list[dt.date]:
    """The days of the event called `summary`, expanded by two readers of its RRULE (vobject, icalendar)."""
    from dateutil.rrule import rrulestr

    event = next(e for e in vobject.readOne(data.decode()).vevent_list if e.summary.value == summary)
    first, last = dt.datetime(years.start, 1, 1), dt.datetime(years.stop, 1, 1)
    by_vobject = [d.date() if isinstance(d, dt.datetime) else d
                  for d in event.getrruleset().between(first, last, inc=True)]
    ical = next(e for e in icalendar.Calendar.from_ical(data).walk("VEVENT") if str(e["SUMMARY"]) == summary)
    start = ical.decoded("DTSTART")
    rule = rrulestr(ical["RRULE"].to_ical().decode(), dtstart=dt.datetime(start.year, start.month, start.day))
    by_icalendar = [d.date() for d in rule.between(first, last, inc=True)]
    assert by_vobject == by_icalendar
    return by_vobject


def test_a_29_february_birthday_recurs_every_year() -> None:
    data = _feed({
        "ada.yml": 'name: Ada\nbirthday: "02-29"\n',
        "bob.yml": "name: Bob\nbirthday: 1992-02-29\n",
        "cy.yml": 'name: Cy\nbirthday: "02-28"\n',
        "di.yml": "name: Di\nbirthday: 1990-03-01\n",
    }, today=dt.date(2027, 1, 10))
    last_of_february = [dt.date(y, 2, 29 if y % 4 == 0 and (y % 100 or y % 400 == 0) else 28)
                        for y in range(2025, 2033)]
    for name in ("Ada", "Bob"):
        assert _occurrences(data, f"{name}'s birthday", range(2025, 2033)) == last_of_february, name
    assert _occurrences(data, "Bob's birthday", range(2099, 2102)) == [dt.date(2099, 2, 28), dt.date(2100, 2, 28),
                                                                       dt.date(2101, 2, 28)]
    assert _occurrences(data, "Cy's birthday", range(2027, 2030)) == [dt.date(y, 2, 28) for y in range(2027, 2030)]
    assert _occurrences(data, "Di's birthday", range(2027, 2030)) == [dt.date(y, 3, 1) for y in range(2027, 2030)]
