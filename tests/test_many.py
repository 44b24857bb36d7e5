"""The many from the ones (DESIGN.md §4): the product's figures against a plain reference written here.

The reference below is written from the design's words alone and shares no code with the product: handshakes
from asks and meetings, sources, quarters, and each introducer's reach by walking the introductions with an
explicit stack. Hypothesis compares the two on random journals, with cycles and with chains of 1,500 people.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from conftest import ROOT, build, journal, page, run, write_journal
from hypothesis import given, settings
from hypothesis import strategies as st

from handshake_plugin.core.analysis import Options, analyse
from handshake_plugin.core.many import many, reach_counts, reached_through
from handshake_plugin.pipeline import JournalFiles, Settings, build_site
from handshake_plugin.render.status import status_object, status_text

D = dt.date
FIRST = D(2025, 1, 1)


# ---------------------------------------------------------------------------------------------- the reference

def reference(people: dict[str, dict[str, Any]], today: D, counts: str = "asks") -> dict[str, Any]:
    """The `many` object of `status --json`, computed the slow and obvious way from the people's data."""
    def handshake(pid: str) -> D | None:
        days = []
        for owner, data in people.items():
            for meeting in data.get("meetings", []):
                if (owner == pid or pid in meeting.get("with", [])) and D.fromisoformat(meeting["date"]) <= today:
                    days.append(D.fromisoformat(meeting["date"]))
        if counts == "asks":
            days += [D.fromisoformat(a["date"]) for a in people[pid].get("asks", [])
                     if D.fromisoformat(a["date"]) <= today]
        return min(days) if days else None

    reached = {}
    for pid in people:
        day = handshake(pid)
        if day is not None:
            reached[pid] = day
    introduced = [pid for pid in reached if people[pid].get("introduced_by")]

    quarters = []
    if reached:
        year, q = min(reached.values()).year, (min(reached.values()).month - 1) // 3 + 1
        while (year, q) <= (today.year, (today.month - 1) // 3 + 1):
            inside = [pid for pid, day in reached.items() if day.year == year and (day.month - 1) // 3 + 1 == q]
            by = [pid for pid in inside if people[pid].get("introduced_by")]
            quarters.append({"quarter": f"{year}-Q{q}", "found": len(inside) - len(by), "introduced": len(by)})
            year, q = (year + 1, 1) if q == 4 else (year, q + 1)

    named_by: dict[str, list[str]] = {pid: [] for pid in people}
    for pid, data in people.items():
        if data.get("introduced_by"):
            named_by[data["introduced_by"]].append(pid)
    introducers = []
    for pid in people:
        if not named_by[pid]:
            continue
        seen = set()
        stack = list(named_by[pid])
        while stack:
            other = stack.pop()
            if other == pid or other in seen:
                continue
            seen.add(other)
            stack.extend(named_by[other])
        introducers.append({"id": pid, "direct": len(named_by[pid]), "reach": len(seen)})
    introducers.sort(key=lambda i: (-i["reach"], i["id"]))
    return {"reached": len(reached), "found": len(reached) - len(introduced), "introduced": len(introduced),
            "quarters": quarters, "introducers": introducers[:10], "all_reach": {i["id"]: i["reach"]
                                                                              for i in introducers}}


def product(people: dict[str, dict[str, Any]], today: D, counts: str = "asks") -> dict[str, Any]:
    """The same figures from the product: `status --json`'s `many`, plus every introducer's reach."""
    a = analyse(journal(**people), Options(today=today, counts=counts))  # type: ignore[arg-type]
    got = dict(status_object(a)["many"])
    got["all_reach"] = dict(many(a).reach)
    listed = {pid: list(reached_through(a.people, pid)) for pid in got["all_reach"]}
    assert {pid: len(ids) for pid, ids in listed.items()} == got["all_reach"]  # the counted are the listed
    assert all(len(set(ids)) == len(ids) and pid not in ids for pid, ids in listed.items())
    return got


# ---------------------------------------------------------------------------------------------- journals

ids = st.integers(0, 24).map(lambda i: f"p{i}")
day_st = st.integers(0, 800).map(lambda n: (FIRST + dt.timedelta(days=n)).isoformat())


@st.composite
def journals(draw: st.DrawFn) -> dict[str, dict[str, Any]]:
    """Up to 25 people with asks, meetings (some with others) and introducers: cycles come naturally."""
    pids = sorted(set(draw(st.lists(ids, min_size=1, max_size=25))))
    people: dict[str, dict[str, Any]] = {}
    for pid in pids:
        data: dict[str, Any] = {}
        others = [p for p in pids if p != pid]
        if others and draw(st.booleans()):
            data["introduced_by"] = draw(st.sampled_from(others))  # never themself: that is invalid data
        asks = draw(st.lists(day_st, max_size=2))
        if asks:
            data["asks"] = [{"date": d} for d in asks]
        meetings = []
        for d in draw(st.lists(day_st, max_size=2)):
            meeting: dict[str, Any] = {"date": d, "kind": "coffee"}
            if others and draw(st.booleans()):
                meeting["with"] = draw(st.lists(st.sampled_from(others), min_size=1, max_size=2, unique=True))
            meetings.append(meeting)
        if meetings:
            data["meetings"] = meetings
        people[pid] = data
    return people


def chain(length: int, closed: bool, every: int = 7) -> dict[str, dict[str, Any]]:
    """c0 introduced c1, who introduced c2, …; `closed`: the last one introduced c0 (one long cycle).
    Every `every`-th person has an ask, spread over the quarters."""
    people: dict[str, dict[str, Any]] = {}
    for i in range(length):
        data: dict[str, Any] = {}
        if i or closed:
            data["introduced_by"] = f"c{(i - 1) % length}"
        if i % every == 0:
            data["asks"] = [{"date": (FIRST + dt.timedelta(days=i % 700)).isoformat()}]
        people[f"c{i}"] = data
    return people


# ---------------------------------------------------------------------------------------------- the tests

@settings(max_examples=300, deadline=None)
@given(journals(), day_st, st.sampled_from(["asks", "meetings"]))
def test_the_figures_match_the_reference_on_random_journals(people, today, counts) -> None:
    today = D.fromisoformat(today)
    assert product(people, today, counts) == reference(people, today, counts)


@settings(max_examples=6, deadline=None)
@given(st.integers(1200, 1600), st.booleans(), st.integers(1, 40), day_st)
def test_the_figures_match_the_reference_on_chains_of_a_thousand_and_more(length, closed, every, today) -> None:
    people = chain(length, closed, every)
    assert product(people, D.fromisoformat(today)) == reference(people, D.fromisoformat(today))


def test_a_chain_of_1500_people_and_a_cycle_of_1500() -> None:
    open_chain = product(chain(1500, closed=False), D(2026, 12, 31))
    assert open_chain["introducers"][:2] == [{"id": "c0", "direct": 1, "reach": 1499},
                                             {"id": "c1", "direct": 1, "reach": 1498}]
    assert open_chain["all_reach"]["c1498"] == 1 and "c1499" not in open_chain["all_reach"]
    closed = product(chain(1500, closed=True), D(2026, 12, 31))
    assert set(closed["all_reach"].values()) == {1499}  # on a cycle everyone reaches everyone else, once
    assert [i["id"] for i in closed["introducers"]] == sorted(f"c{i}" for i in range(1500))[:10]  # ties by id


def test_cycles_count_each_person_once_and_never_the_introducer() -> None:
    # a and b introduced each other; c hangs on b, d on c; e on its own
    parent = {"a": "b", "b": "a", "c": "b", "d": "c", "e": None}
    assert reach_counts(parent) == {"a": 3, "b": 3, "c": 1}
    # a cycle of three with a tail, and a second group: groups never mix
    parent = {"x": "z", "y": "x", "z": "y", "t": "x", "u": "t", "v": None, "w": "v"}
    assert reach_counts(parent) == {"x": 4, "y": 4, "z": 4, "t": 1, "v": 1}


def test_no_one_reached_gives_empty_figures_and_a_plain_line() -> None:
    people = {"ada": {}, "ben": {"introduced_by": "ada"}}
    got = product(people, D(2026, 11, 25))
    assert got == reference(people, D(2026, 11, 25))
    assert got["quarters"] == [] and got["reached"] == 0
    assert got["introducers"] == [{"id": "ada", "direct": 1, "reach": 1}]  # reach counts any stage


def test_quarters_run_to_today_with_zeros_and_later_asks_do_not_count() -> None:
    people = {"ada": {"asks": [{"date": "2025-02-01"}]},
              "ben": {"introduced_by": "ada", "asks": [{"date": "2025-11-30"}]},
              "cy": {"introduced_by": "ben", "asks": [{"date": "2026-03-01"}]}}  # after today: not reached
    got = product(people, D(2026, 1, 10))
    assert got["quarters"] == [{"quarter": "2025-Q1", "found": 1, "introduced": 0},
                               {"quarter": "2025-Q2", "found": 0, "introduced": 0},
                               {"quarter": "2025-Q3", "found": 0, "introduced": 0},
                               {"quarter": "2025-Q4", "found": 0, "introduced": 1},
                               {"quarter": "2026-Q1", "found": 0, "introduced": 0}]
    assert (got["reached"], got["found"], got["introduced"]) == (2, 1, 1)
    assert got["introducers"] == [{"id": "ada", "direct": 1, "reach": 2}, {"id": "ben", "direct": 1, "reach": 1}]


def test_at_most_ten_introducers_most_reach_first_ties_by_id() -> None:
    people: dict[str, dict[str, Any]] = {}
    for i in range(12):
        people[f"hub{i:02}"] = {}
        for k in range(1 + i % 3):
            people[f"kid{i:02}-{k}"] = {"introduced_by": f"hub{i:02}"}
    got = product(people, D(2026, 11, 25))
    assert got == reference(people, D(2026, 11, 25))
    assert [i["id"] for i in got["introducers"]] == ["hub02", "hub05", "hub08", "hub11", "hub01", "hub04",
                                                     "hub07", "hub10", "hub00", "hub03"]


def test_the_sample_journal_tells_the_story_in_json_and_text() -> None:
    result = run(["handshake", "status", "--json"], ROOT)
    assert result.returncode == 0, result.stderr
    import json

    assert json.loads(result.stdout)["many"] == {
        "reached": 20, "found": 15, "introduced": 5,
        "quarters": [{"quarter": "2026-Q2", "found": 4, "introduced": 1},
                     {"quarter": "2026-Q3", "found": 6, "introduced": 3},
                     {"quarter": "2026-Q4", "found": 5, "introduced": 1}],
        "introducers": [{"id": "ada-okafor", "direct": 2, "reach": 3}, {"id": "hana-kim", "direct": 1, "reach": 2},
                        {"id": "elena-rossi", "direct": 1, "reach": 1}, {"id": "maya-cohen", "direct": 1, "reach": 1}],
    }
    text = run(["handshake", "status"], ROOT).stdout
    assert "20 people reached: 15 found, 5 through introductions; Ada Okafor brought 3\n" in text


def test_the_status_line_for_one_person_and_for_no_introducer() -> None:
    a = analyse(journal(ada={"asks": [{"date": "2026-11-01"}]}), Options(today=D(2026, 11, 25)))
    assert "1 person reached: 1 found, 0 through introductions\n" in status_text(a) + "\n"
    a = analyse(journal(ada={}), Options(today=D(2026, 11, 25)))
    assert "Reached: no one yet" in status_text(a)


# ---------------------------------------------------------------------------------------------- the site

def test_the_built_sample_shows_the_chart_the_figures_and_whom_each_introducer_brought(sample_site: Path) -> None:
    html = (sample_site / "introductions" / "index.html").read_text(encoding="utf-8")
    chart = re.search(r'<svg class="hs-many"[^>]*aria-label="([^"]*)"', html)
    assert chart, "no chart of the many from the ones"
    assert chart[1] == ("People reached so far at the end of each quarter, found by you and through introductions: "
                        "2026-Q2 4 found, 1 introduced; 2026-Q3 10 found, 4 introduced; 2026-Q4 15 found, 5 introduced")
    assert "20 people reached: 15 found by you, 5 through introductions." in html
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td></tr>', html)
    assert rows == [("2026-Q2", "4", "1", "5"), ("2026-Q3", "6", "3", "14"), ("2026-Q4", "5", "1", "20")]
    top = html[html.index('id="introducers"'):html.index('id="tree"')]
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>: (\d+ \w+)', top) == [
        ("../people/ada-okafor/", "Ada Okafor", "3 people"), ("../people/hana-kim/", "Hana Kim", "2 people"),
        ("../people/elena-rossi/", "Elena Rossi", "1 person"), ("../people/maya-cohen/", "Maya Cohen", "1 person")]
    ada = (sample_site / "people" / "ada-okafor" / "index.html").read_text(encoding="utf-8")
    assert ('Through Ada Okafor you reached 3 people in all: <a href="../../people/elena-rossi/">Elena Rossi</a>, '
            '<a href="../../people/farah-haddad/">Farah Haddad</a>, '
            '<a href="../../people/ivan-petrov/">Ivan Petrov</a>.') in ada
    hana = (sample_site / "people" / "hana-kim" / "index.html").read_text(encoding="utf-8")
    assert "Through Hana Kim you reached 2 people in all" in hana and "Quinn O&#39;Brien</a>." in hana
    ivan = (sample_site / "people" / "ivan-petrov" / "index.html").read_text(encoding="utf-8")
    assert "you reached" not in ivan  # he introduced no one
    elena = (sample_site / "people" / "elena-rossi" / "index.html").read_text(encoding="utf-8")
    assert "you reached" not in elena and 'Ivan Petrov</a></p>' in elena  # the list of whom she introduced says it


def test_a_large_reach_is_capped_escaped_and_a_build_with_it_passes_strict(tmp_path: Path) -> None:
    people = {"hub.yml": "name: Hub <b>One</b>\nasks: [{date: 2026-05-04}]\n",
              "mid.yml": "name: Mid\nintroduced_by: hub\nasks: [{date: 2026-08-04}]\n"}
    for i in range(15):
        people[f"kid{i:02}.yml"] = f"name: Kid {i:02}\nintroduced_by: mid\nasks: [{{date: 2026-10-{i + 1:02}}}]\n"
    write_journal(tmp_path, people)
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    hub = page(tmp_path, "people/hub/")
    line = re.search(r'<p class="hs-through">(.*?)</p>', hub, re.DOTALL)
    assert line and line[1].startswith("Through Hub &lt;b&gt;One&lt;/b&gt; you reached 16 people in all: "
                                       '<a href="../../people/mid/">Mid</a>, <a href="../../people/kid00/">Kid 00</a>')
    assert line[1].count("<a ") == 13 and line[1].endswith(' and <a href="../../introductions/#tree">4 more</a>.')
    intro = page(tmp_path, "introductions/")
    assert "Hub &lt;b&gt;One&lt;/b&gt;</a>: 16 people (1 directly, 15 more through them)" in intro
    assert "<b>One" not in intro


def test_a_chain_of_1500_renders_its_pages(tmp_path: Path) -> None:
    """Every page of a journal whose introductions run 1,500 deep, and one where they close into a cycle."""
    for closed in (False, True):
        people = tmp_path / ("closed" if closed else "open")
        people.mkdir()
        for pid, data in chain(1500, closed).items():
            lines = [f"name: {pid.upper()}"] + ([f"introduced_by: {data['introduced_by']}"]
                                                if "introduced_by" in data else [])
            lines += [f"asks: [{{date: {a['date']}}}]" for a in data.get("asks", [])]
            (people / f"{pid}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        site = build_site(Settings(JournalFiles.beside(people), {}), Options(today=D(2026, 11, 25)))
        first = site.pages["people/c0.md"].render()
        assert "Through C0 you reached 1499 people in all: <a href=\"../../people/c1/\">C1</a>" in first
        assert "and <a href=\"../../introductions/#tree\">1487 more</a>." in first
        intro = site.pages["introductions.md"].render()
        assert ">C0</a>: 1499 people (1 directly, 1498 more through them)" in intro
        assert "hs-many" in intro
