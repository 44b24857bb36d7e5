"""The weekly loop: waiting asks, promises, challenge.counts and strength, on hand-made journals."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from conftest import journal

from handshake_plugin.core.analysis import STRENGTH_DECAY, Options, analyse
from handshake_plugin.core.load import load_text
from handshake_plugin.core.model import Journal, person_from_document
from handshake_plugin.render.status import status_object, status_text

D = dt.date




def status(j: Journal, today: str, **kw: Any) -> dict[str, Any]:
    return status_object(analyse(j, Options(today=D.fromisoformat(today), **kw)))


def test_a_pending_ask_waits_once_it_is_nudge_after_old() -> None:
    j = journal(ada={"asks": [{"date": "2026-11-10", "via": "DM"}]},                 # pending by default
                bob={"asks": [{"date": "2026-11-19", "answer": "pending"}]},         # 6 days: not yet
                cal={"asks": [{"date": "2026-11-18", "answer": "pending"}]},         # exactly 7 days
                dan={"asks": [{"date": "2026-11-01", "answer": "no-reply"}]},        # answered
                eve={"asks": [{"date": "2026-11-10"}]})
    s = status(j, "2026-11-25")
    assert s["waiting"] == [{"id": "ada", "asked": "2026-11-10", "days": 15},
                            {"id": "eve", "asked": "2026-11-10", "days": 15},        # ties by id
                            {"id": "cal", "asked": "2026-11-18", "days": 7}]
    assert [w["id"] for w in status(j, "2026-11-25", nudge_after="2w")["waiting"]] == ["ada", "eve"]


def test_only_the_latest_ask_counts_and_of_one_day_the_last_written() -> None:
    j = journal(ada={"asks": [{"date": "2026-11-01", "answer": "pending"}, {"date": "2026-11-20", "via": "email"}]},
                bob={"asks": [{"date": "2026-11-01", "answer": "accepted"}, {"date": "2026-11-01"}]},
                cal={"asks": [{"date": "2026-11-01"}, {"date": "2026-11-01", "answer": "declined"}]})
    s = status(j, "2026-11-25")
    # ada's follow-up message of 20 Nov is the latest ask: 5 days, not waiting yet
    assert s["waiting"] == [{"id": "bob", "asked": "2026-11-01", "days": 24}]


def test_a_pending_ask_followed_by_a_meeting_is_not_waiting() -> None:
    j = journal(ada={"asks": [{"date": "2026-11-01"}], "meetings": [{"date": "2026-11-05", "kind": "tea"}]},
                bob={"asks": [{"date": "2026-11-01"}], "meetings": [{"date": "2026-12-02", "kind": "tea"}]},
                cal={"asks": [{"date": "2026-11-01"}], "meetings": [{"date": "2026-10-05", "kind": "tea"}]},
                dan={"asks": [{"date": "2026-11-01"}]},
                eve={"meetings": [{"date": "2026-11-03", "kind": "walk", "with": ["dan"]}]})
    s = status(j, "2026-11-25")
    # ada met since, bob has one planned, dan met at eve's walk; cal's meeting was before the ask
    assert s["waiting"] == [{"id": "cal", "asked": "2026-11-01", "days": 24}]


def test_an_ask_dated_in_the_future_counts_for_nothing_yet() -> None:
    j = journal(ada={"asks": [{"date": "2026-11-01"}, {"date": "2026-12-01"}]},
                bob={"asks": [{"date": "2026-12-01"}]})
    a = analyse(j, Options(today=D(2026, 11, 25), start=D(2026, 11, 23)))
    s = status_object(a)
    assert s["waiting"] == [{"id": "ada", "asked": "2026-11-01", "days": 24}]
    assert a.people["bob"].stage == "radar" and a.people["bob"].handshake is None
    assert s["challenge"]["this_week"] == {"week": "2026-W48", "status": "pending", "handshakes": 0}


def test_follow_ups_mix_forms_and_list_open_promises_of_held_meetings() -> None:
    j = journal(
        ada={"meetings": [
            {"date": "2026-11-03", "kind": "tea", "follow_up": ["Send the book.", {"do": "Intro to Hana", "done":
                                                                                     "2026-11-05"}, "Call back"]},
            {"date": "2026-10-01", "kind": "coffee", "follow_up": "Share the draft."},
            {"date": "2026-12-01", "kind": "coffee", "follow_up": "Bring the map."}]},      # upcoming: not yet
        bob={"meetings": [{"date": "2026-11-03", "kind": "walk", "with": ["ada"], "follow_up": ["Lend the bike"]}]})
    a = analyse(j, Options(today=D(2026, 11, 25)))
    assert status_object(a)["follow_ups"] == [
        {"id": "ada", "date": "2026-10-01", "text": "Share the draft."},
        {"id": "ada", "date": "2026-11-03", "text": "Send the book."},
        {"id": "ada", "date": "2026-11-03", "text": "Call back"},
        {"id": "bob", "date": "2026-11-03", "text": "Lend the bike"}]
    ada = a.people["ada"]
    assert [(f.promise.do, f.promise.done) for f in ada.promises] == [
        ("Share the draft.", None), ("Send the book.", None), ("Intro to Hana", D(2026, 11, 5)), ("Call back", None),
        ("Lend the bike", None), ("Bring the map.", None)]
    assert len(ada.open_promises) == 4                       # bob's walk with ada counts on her page too
    assert "Send the book. · Ada · handshake done ada 'Send the book.'" in status_text(a)


@pytest.mark.parametrize(("follow_up", "words"), [
    ("follow_up: 3\n", "follow_up: YAML reads this as a number: put it in quotes"),
    ("follow_up: {do: x}\n", "write the promise as text, or a list of texts and {do: TEXT, done: YYYY-MM-DD}"),
    ("follow_up: [{done: 2026-01-02}]\n", "'do' is required"),
    ("follow_up: [{do: x, done: soon}]\n", "'soon' is not a date"),
    ("follow_up: [[a]]\n", "write text here"),
])
def test_bad_follow_ups_are_located_errors(follow_up: str, words: str) -> None:
    text = "name: Ada\nmeetings:\n  - date: 2026-01-01\n    kind: tea\n    " + follow_up
    _, problems = person_from_document(load_text(text, "people/ada.yml"), "ada")
    assert problems and any(words in p.message for p in problems), problems
    assert all(p.line >= 5 for p in problems)


def test_unknown_promise_key_is_a_warning() -> None:
    text = "name: Ada\nmeetings:\n  - date: 2026-01-01\n    follow_up:\n      - {do: x, don: 2026-01-02}\n"
    person, problems = person_from_document(load_text(text, "people/ada.yml"), "ada")
    assert person is not None
    assert [(p.line, p.severity) for p in problems] == [(5, "warning")]
    assert "did you mean 'done'?" in problems[0].message


def test_counts_meetings_makes_the_first_held_meeting_the_handshake() -> None:
    j = journal(ada={"asks": [{"date": "2026-11-02"}], "meetings": [
                    {"date": "2026-11-12", "kind": "tea", "with": ["bob", "cal"]}]},
                bob={"asks": [{"date": "2026-11-03"}]}, cal={},
                dan={"asks": [{"date": "2026-11-24"}]})
    s = status(j, "2026-11-25", counts="meetings")
    assert s["challenge"]["counts"] == "meetings"
    assert [(w["week"], w["status"], w["handshakes"], w["meetings"]) for w in s["weeks"]] == [
        ("2026-W46", "done", ["ada", "bob", "cal"], 1),        # one group meeting: three handshakes, one meeting
        ("2026-W47", "missed", [], 0),
        ("2026-W48", "pending", [], 0)]                        # dan's ask counts for nothing
    asks = status(j, "2026-11-25")
    assert asks["challenge"]["counts"] == "asks"
    assert [(w["week"], w["handshakes"]) for w in asks["weeks"]] == [
        ("2026-W45", ["ada", "bob"]), ("2026-W46", ["cal"]), ("2026-W47", []), ("2026-W48", ["dan"])]


def _weekly(first: str, weeks: int) -> dict[str, Any]:
    start = D.fromisoformat(first)
    return {f"p{i:02d}": {"asks": [{"date": (start + dt.timedelta(weeks=i)).isoformat()}]} for i in range(weeks)}


def test_strength_grows_with_done_weeks_and_halves_over_a_missed_quarter() -> None:
    a = analyse(journal(**_weekly("2026-01-05", 13)), Options(today=D(2026, 4, 8)))   # 13 done, then W14 pending
    assert [w.status for w in a.weeks].count("done") == 13 and a.this_week.status == "pending"
    assert a.strength == round(100 * (1 - STRENGTH_DECAY ** 13)) == 50
    later = analyse(journal(**_weekly("2026-01-05", 13)), Options(today=D(2026, 7, 8)))  # then 13 missed
    assert later.count("missed") == 13
    assert later.strength == round(100 * 0.5 * 0.5) == 25
    assert status_object(later)["challenge"]["strength"] == 25


def test_strength_passes_over_a_pause() -> None:
    pauses = frozenset(D(2026, 2, 2) + dt.timedelta(weeks=i) for i in range(5))   # W06..W10 off
    again = {"q": _weekly("2026-03-09", 1)["p00"]}                                  # W11 done, W12 open
    j = journal(**_weekly("2026-01-05", 4), **again)
    paused = analyse(j, Options(today=D(2026, 3, 18), pauses=pauses))
    assert [w.status for w in paused.weeks] == ["done"] * 4 + ["paused"] * 5 + ["done", "pending"]
    expected = 0.0
    for _ in range(5):
        expected = expected * STRENGTH_DECAY + (1 - STRENGTH_DECAY)
    assert paused.strength == round(100 * expected) == 23
    missed = analyse(j, Options(today=D(2026, 3, 18)))
    assert missed.strength < paused.strength
    assert paused.current_streak == 5 and missed.current_streak == 1


def test_strength_of_an_empty_journal_is_zero() -> None:
    s = status(Journal(), "2026-11-25")
    assert s["challenge"]["strength"] == 0 and s["waiting"] == [] and s["follow_ups"] == []


def test_schema_takes_every_follow_up_form_and_refuses_others() -> None:
    import json

    import jsonschema

    from handshake_plugin.files.scaffold import SCHEMA_FILE

    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text()),
                                                format_checker=jsonschema.FormatChecker())

    def person(follow_up: Any) -> dict[str, Any]:
        return {"name": "A", "meetings": [{"date": "2026-01-01", "follow_up": follow_up}]}

    for good in ("Send it", ["Send it", {"do": "Intro", "done": "2026-01-20"}, {"do": "Call"}]):
        assert not list(validator.iter_errors(person(good))), good
    for bad in (3, {"do": "x"}, [{"done": "2026-01-20"}], [{"do": "x", "done": "soon"}]):
        assert list(validator.iter_errors(person(bad))), bad


@pytest.mark.parametrize("nudge_after", ["9999y", "9999m", "9999w", "9999d", "1d"])
def test_huge_nudge_after_never_crashes(nudge_after: str) -> None:
    j = journal(ada={"asks": [{"date": "2199-12-30"}]}, bob={"asks": [{"date": "1900-01-01"}]})
    s = status(j, "2199-12-31", nudge_after=nudge_after)
    assert [w["id"] for w in s["waiting"]] in ([], ["bob"], ["bob", "ada"])
