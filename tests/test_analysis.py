"""The figures (weeks, streaks, stages, reconnect…) on hand-made journals, and their invariants (hypothesis)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from conftest import journal
from hypothesis import given, settings
from hypothesis import strategies as st

from handshake_plugin.core.analysis import Options, analyse
from handshake_plugin.core.calendar import add_cadence, monday, parse_pauses, parse_week, week_label
from handshake_plugin.core.model import Journal
from handshake_plugin.render.status import status_object

D = dt.date




def ask(day: str, answer: str = "accepted") -> dict[str, str]:
    return {"date": day, "answer": answer}


def meet(day: str, kind: str = "coffee", **extra: Any) -> dict[str, Any]:
    return {"date": day, "kind": kind, **extra}


def opts(today: str, **kw: Any) -> Options:
    return Options(today=D.fromisoformat(today), **kw)


def statuses(a) -> dict[str, str]:
    return {w.label: w.status for w in a.weeks}


def test_iso_weeks_use_the_iso_year() -> None:
    assert week_label(D(2027, 1, 1)) == "2026-W53"
    assert week_label(D(2026, 12, 28)) == "2026-W53"
    assert week_label(D(2027, 1, 4)) == "2027-W01"
    assert parse_week("2026-W53") == D(2026, 12, 28)


def test_pause_range_across_the_new_year() -> None:
    weeks = parse_pauses(["2026-W52..2027-W01"])
    assert sorted(week_label(w) for w in weeks) == ["2026-W52", "2026-W53", "2027-W01"]


def test_cadence_months_clamp_the_day() -> None:
    assert add_cadence(D(2026, 10, 31), "1m") == D(2026, 11, 30)
    assert add_cadence(D(2026, 1, 31), "1m") == D(2026, 2, 28)
    assert add_cadence(D(2028, 2, 29), "1y") == D(2029, 2, 28)
    assert add_cadence(D(2026, 1, 1), "6w") == D(2026, 2, 12)
    assert add_cadence(D(2026, 1, 1), "10d") == D(2026, 1, 11)


def test_handshake_is_the_earliest_ask_or_held_meeting_and_declines_count() -> None:
    j = journal(ada={"asks": [ask("2026-03-10", "declined"), ask("2026-03-02", "no-reply")]},
                bob={"meetings": [meet("2026-03-04")]})
    a = analyse(j, opts("2026-03-20"))
    assert a.people["ada"].handshake == D(2026, 3, 2)
    assert a.people["bob"].handshake == D(2026, 3, 4)  # a first meeting with no ask
    assert statuses(a) == {"2026-W10": "done", "2026-W11": "missed", "2026-W12": "pending"}
    assert a.weeks[0].handshakes == ["ada", "bob"]


def test_a_meeting_with_two_people_is_a_handshake_for_both_and_counts_once() -> None:
    j = journal(ada={"meetings": [meet("2026-03-04", **{"with": ["bob"]})]}, bob={})
    a = analyse(j, opts("2026-03-05"))
    assert a.people["bob"].handshake == D(2026, 3, 4)
    assert [len(w.meetings) for w in a.weeks] == [1]
    assert a.people["bob"].held[0].owner == "ada"


def test_future_meeting_this_week_is_upcoming_and_not_a_handshake() -> None:
    j = journal(ada={"meetings": [meet("2026-03-06")]})
    a = analyse(j, opts("2026-03-04"))  # a Wednesday; the meeting is on Friday
    assert a.people["ada"].handshake is None
    assert a.this_week.status == "pending"
    assert [r.day for r in a.upcoming] == [D(2026, 3, 6)]
    assert status_object(a)["upcoming"] == [{"id": "ada", "date": "2026-03-06"}]


def test_goal_two() -> None:
    j = journal(a={"asks": [ask("2026-03-02")]}, b={"asks": [ask("2026-03-03")]}, c={"asks": [ask("2026-03-10")]})
    a = analyse(j, opts("2026-03-18", goal=2))
    assert statuses(a) == {"2026-W10": "done", "2026-W11": "missed", "2026-W12": "pending"}


def test_streaks_pass_over_paused_and_pending_weeks() -> None:
    days = ["2026-01-05", "2026-01-12", "2026-01-26", "2026-02-09", "2026-02-16", "2026-02-23"]
    j = journal(**{f"p{i}": {"asks": [ask(d)]} for i, d in enumerate(days)})
    pauses = parse_pauses(["2026-W05"])
    a = analyse(j, opts("2026-03-04", pauses=pauses))
    assert statuses(a) == {
        "2026-W02": "done", "2026-W03": "done", "2026-W04": "missed", "2026-W05": "done",
        "2026-W06": "missed", "2026-W07": "done", "2026-W08": "done", "2026-W09": "done", "2026-W10": "pending",
    }
    assert (a.current_streak, a.longest_streak) == (3, 3)
    j2 = journal(**{f"p{i}": {"asks": [ask(d)]} for i, d in enumerate(["2026-01-05", "2026-01-19"])})
    a2 = analyse(j2, opts("2026-01-28", pauses=parse_pauses(["2026-W03"])))
    assert statuses(a2) == {"2026-W02": "done", "2026-W03": "paused", "2026-W04": "done", "2026-W05": "pending"}
    assert (a2.current_streak, a2.longest_streak) == (2, 2)


def test_year_end_week_53_and_pause_range() -> None:
    j = journal(a={"asks": [ask("2026-12-21")]}, b={"asks": [ask("2027-01-11")]})
    a = analyse(j, opts("2027-01-13", pauses=parse_pauses(["2026-W52..2027-W01"])))
    assert statuses(a) == {"2026-W52": "done", "2026-W53": "paused", "2027-W01": "paused", "2027-W02": "done",
                           }
    assert a.current_streak == 2


def test_challenge_start_option() -> None:
    j = journal(a={"asks": [ask("2026-03-04")]})
    a = analyse(j, opts("2026-03-04", start=parse_week("2026-W08")))
    assert statuses(a) == {"2026-W08": "missed", "2026-W09": "missed", "2026-W10": "done"}


def test_radar_suggestions_leave_out_people_already_due_to_meet() -> None:
    j = journal(old={"found": {"date": "2026-01-01"}}, new={"found": {"date": "2026-02-01"}},
                planned={"found": {"date": "2026-03-01"}, "meetings": [meet("2026-04-01")]})
    a = analyse(j, opts("2026-03-10"))
    assert a.radar == ["new", "old"]
    assert a.people["planned"].stage == "radar"


def test_stages() -> None:
    j = journal(
        radar={},
        asked={"asks": [ask("2026-03-01", "pending")]},
        met={"meetings": [meet("2026-03-01"), meet("2026-03-02")]},
        strong3={"meetings": [meet("2026-03-01"), meet("2026-03-02"), meet("2026-03-03")]},
        rapport={"rapport": "2026-03-01"},
        later={"rapport": "2026-12-01", "meetings": [meet("2026-03-01")]},
        future={"meetings": [meet("2026-03-01"), meet("2026-03-02"), meet("2026-04-03")]},
    )
    a = analyse(j, opts("2026-03-10"))
    stages = {pid: f.stage for pid, f in a.people.items()}
    assert stages == {"radar": "radar", "asked": "asked", "met": "met", "strong3": "strong", "rapport": "strong",
                      "later": "met", "future": "met"}
    assert status_object(a)["people"] == {"total": 7, "radar": 1, "asked": 1, "met": 3, "strong": 2}


def test_reconnect_most_overdue_first_and_not_when_a_meeting_is_planned() -> None:
    j = journal(
        a={"meetings": [meet("2026-01-01")]},                       # met: 12w -> 2026-03-26
        b={"meetings": [meet("2026-01-01")], "keep_in_touch": "4w"},  # -> 2026-01-29
        c={"meetings": [meet("2026-01-01"), meet("2026-06-01")], "keep_in_touch": "4w"},  # planned
        d={"meetings": [meet("2026-03-20")]},                       # -> 2026-06-12, not due
        e={"meetings": [meet("2026-01-01")], "keep_in_touch": "4w"},  # same due as b: by id
    )
    a = analyse(j, opts("2026-04-01", keep_in_touch={"strong": "6w", "met": "12w"}))
    assert status_object(a)["reconnect"] == [{"id": "b", "due": "2026-01-29"}, {"id": "e", "due": "2026-01-29"},
                                             {"id": "a", "due": "2026-03-26"}]


def test_by_default_only_strong_ties_and_chosen_cadences_are_due() -> None:
    """Someone met once has no cadence unless you give them one (or set keep_in_touch.met): no flood of duties."""
    j = journal(
        once={"meetings": [meet("2026-01-01")]},                                  # met: no cadence by default
        chosen={"meetings": [meet("2026-01-01")], "keep_in_touch": "4w"},          # their own cadence
        strong={"meetings": [meet("2025-12-01"), meet("2025-12-08"), meet("2026-01-01")]},  # strong: 6w
        radar={},
    )
    a = analyse(j, opts("2026-04-01"))
    assert a.people["once"].cadence is None and a.people["once"].reconnect_by is None
    assert status_object(a)["reconnect"] == [{"id": "chosen", "due": "2026-01-29"},
                                             {"id": "strong", "due": "2026-02-12"}]


def test_introductions_count_strong_introducers() -> None:
    j = journal(
        hub={"rapport": "2026-01-01"},
        weak={"meetings": [meet("2026-01-01")]},
        x={"introduced_by": "hub"}, y={"introduced_by": "hub"}, z={"introduced_by": "weak"},
    )
    a = analyse(j, opts("2026-02-01"))
    assert status_object(a)["introductions"] == {"total": 3, "from_strong": 2}
    assert a.people["hub"].introduced == ["x", "y"]


def test_upcoming_lists_each_meeting_once_soonest_first() -> None:
    j = journal(a={"meetings": [meet("2026-05-02", **{"with": ["b"]}), meet("2026-05-01")]},
                b={"meetings": [meet("2026-05-01")]})
    a = analyse(j, opts("2026-04-01"))
    assert status_object(a)["upcoming"] == [{"id": "a", "date": "2026-05-01"}, {"id": "b", "date": "2026-05-01"},
                                            {"id": "a", "date": "2026-05-02"}]


# -- properties ---------------------------------------------------------------------------------

days = st.dates(min_value=D(2025, 11, 1), max_value=D(2027, 2, 1))
entry = st.tuples(st.sampled_from(["ask", "meet"]), days)
people_st = st.dictionaries(st.sampled_from([f"p{i}" for i in range(12)]), st.lists(entry, max_size=4), max_size=12)
pause_st = st.lists(st.dates(min_value=D(2026, 1, 1), max_value=D(2027, 1, 31)).map(monday), max_size=6)


def to_journal(spec: dict[str, list[tuple[str, D]]]) -> Journal:
    return journal(**{pid: {"asks": [ask(d.isoformat()) for k, d in entries if k == "ask"],
                            "meetings": [meet(d.isoformat()) for k, d in entries if k == "meet"]}
                      for pid, entries in spec.items()})


@settings(max_examples=150, deadline=None)
@given(people_st, pause_st, days, st.integers(1, 3))
def test_week_counts_add_up_and_streaks_are_ordered(spec, pauses, today, goal) -> None:
    a = analyse(to_journal(spec), Options(today=today, goal=goal, pauses=frozenset(pauses)))
    assert a.count("done") + a.count("missed") + a.count("paused") + a.count("pending") == len(a.weeks)
    assert a.count("pending") <= 1
    assert a.current_streak <= a.longest_streak


@settings(max_examples=150, deadline=None)
@given(people_st, days, days)
def test_adding_a_handshake_never_lowers_a_streak(spec, today, extra) -> None:
    start = parse_week("2025-W45")
    before = analyse(to_journal(spec), Options(today=today, start=start))
    spec = {**spec, "newcomer": [("ask", extra)]}
    after = analyse(to_journal(spec), Options(today=today, start=start))
    assert after.current_streak >= before.current_streak
    assert after.longest_streak >= before.longest_streak


@settings(max_examples=100, deadline=None)
@given(people_st, days, st.randoms())
def test_statuses_do_not_depend_on_order(spec, today, rnd) -> None:
    first = status_object(analyse(to_journal(spec), Options(today=today)))
    shuffled = {}
    for pid in rnd.sample(list(spec), len(spec)):
        entries = list(spec[pid])
        rnd.shuffle(entries)
        shuffled[pid] = entries
    j = to_journal(shuffled)
    j.people = dict(rnd.sample(list(j.people.items()), len(j.people)))
    assert status_object(analyse(j, Options(today=today))) == first
