"""The calendar feed stays RFC 5545-valid with hostile names and places: two independent parsers read it back."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import icalendar
import vobject
from conftest import build, write_journal

from handshake_plugin.analysis import Options, analyse
from handshake_plugin.feed import calendar_feed, fold
from handshake_plugin.read import read_journal

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
