"""The dashboard, challenge log and person pages show the weekly loop with the same figures as `status --json`."""

from __future__ import annotations

import html as htmllib
import json
import re
from pathlib import Path

from conftest import ROOT, build, page, run, write_journal
from test_site import nav_of


def text_of(html: str) -> str:
    body = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.S)
    assert body
    return htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body.group(1))))


def section(text: str, start: str, end: str) -> str:
    return text[text.index(start):text.index(end, text.index(start))]


def check_same_figures(root: Path, site: Path) -> dict:
    result = run(["handshake", "status", "--json"], root)
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    names = {p.stem: re.search(r"^name: (.*)$", p.read_text(), re.M)[1].strip('"')
             for p in (root / "people").glob("*.yml")}
    dash = text_of((site / "index.html").read_text())
    strength = status["challenge"]["strength"]
    assert f"{strength} / 100 strength" in dash
    challenge = text_of((site / "challenge" / "index.html").read_text())
    assert f"{strength} / 100 strength" in challenge and f"Strength {strength} of 100" in challenge

    # every open item on the page of all of them; the dashboard shows the first three of each list
    everything = text_of((site / "actions" / "index.html").read_text())
    for texts, start, end in (([names[w["id"]] for w in status["waiting"]], "Waiting for an answer", "Promises"),
                              ([f["text"] for f in status["follow_ups"]], "Promises you made", "Reconnect")):
        shown = section(dash, start, end)
        assert [t in shown for t in texts[:4]] == [True] * len(texts[:3]) + [False] * len(texts[3:4])
    waiting = section(everything, "Waiting for an answer", "Promises you made")
    positions = []
    for w in status["waiting"]:
        line = f"{names[w['id']]} · asked "
        assert line in waiting and f"{w['days']} days ago" in waiting, w
        positions.append(waiting.index(line))
        person = text_of((site / "people" / w["id"] / "index.html").read_text())
        assert f"Asked {w['days']} days ago" in person and "one friendly follow-up?" in person
    assert positions == sorted(positions)
    if not status["waiting"]:
        assert "No ask is waiting." in waiting

    promises = section(everything, "Promises you made", "Reconnect")
    positions = []
    for f in status["follow_ups"]:
        assert f["text"] in promises, f
        positions.append(promises.index(f["text"], positions[-1] if positions else 0))
        person = text_of((site / "people" / f["id"] / "index.html").read_text())
        assert f["text"] in section(person, " You promised ", " The story so far ")   # open ones at the top
    assert positions == sorted(positions)
    open_on_pages = sum(text_of((site / "people" / pid / "index.html").read_text()).count("once you have kept it")
                        for pid in names)
    assert open_on_pages >= len(status["follow_ups"])
    return status


def test_a_hand_made_journal_shows_the_same_figures(tmp_path: Path) -> None:
    write_journal(tmp_path, {
        "ada.yml": """\
            name: Ada
            asks: [{date: 2026-10-01, answer: accepted}]
            meetings:
              - date: 2026-10-05
                kind: tea
                with: [bob]
                follow_up: ["<img src=x onerror=alert(1)> Send the book", {do: Intro to Cal, done: 2026-10-09}]
              - date: 2026-12-01
                kind: coffee
                follow_up: Bring the map
            """,
        "bob.yml": "name: Bob\nasks: [{date: 2026-10-02, via: DM}]\n",
        "cal.yml": "name: Cal\nasks: [{date: 2026-11-01, via: email}, {date: 2026-11-08, via: email}]\n",
        "dan.yml": "name: Dan\nasks: [{date: 2026-11-20}]\n",
        "eve.yml": "name: Eve\nfound: {date: 2026-11-01, where: HN, note: Her *essay* on maps.}\n",
    }, options="today: 2026-11-25\nnudge_after: 2w\nchallenge: {pauses: [2026-W44]}")
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    status = check_same_figures(tmp_path, tmp_path / "site")
    assert status["waiting"] == [{"id": "cal", "asked": "2026-11-08", "days": 17}]   # bob met ada and him
    assert [f["text"] for f in status["follow_ups"]] == ["<img src=x onerror=alert(1)> Send the book"]
    dash = page(tmp_path, "")
    assert "<img src=x" not in dash and "&lt;img src=x onerror=alert(1)&gt; Send the book" in dash
    text = text_of(dash)
    order = [text.index(h) for h in ("This week", "Whom to ask", "Waiting for an answer", "Promises you made",
                                     "Reconnect", "Upcoming meetings", "Your figures", "Weak and strong ties")]
    assert order == sorted(order)
    assert "5 days left , until Sun 29 Nov 2026" in text
    assert "Eve · HN · found 1 Nov 2026 Her essay on maps." in text
    assert 'data-clipboard-text="handshake ask eve --via DM"' in dash      # a copy button, the command whole
    assert "No answer after 2 weeks or more" in text_of(page(tmp_path, "actions/"))
    ada = text_of(page(tmp_path, "people/ada/"))
    assert "Promised: Intro to Cal · kept 9 Oct 2026" in ada                      # kept stays on the timeline
    assert "Promised: Bring the map · for an upcoming meeting" in ada
    assert "Intro to Cal" not in section(ada, " You promised ", " The story so far ")   # kept: only on the timeline
    bob = text_of(page(tmp_path, "people/bob/"))
    assert "Promised: <img src=x onerror=alert(1)> Send the book · open · 51 days" in bob   # he was there too


def test_empty_states_say_what_to_do(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": "name: Ada\nasks: [{date: 2026-11-24, answer: accepted}]\n"})
    assert build(tmp_path).returncode == 0
    text = text_of(page(tmp_path, ""))
    assert "Your radar is empty. When you notice someone" in text
    assert "No ask is waiting." in text and "No open promises." in text
    assert "Nothing planned yet: when someone says yes" in text
    assert "Week done: you reached Ada ." in text
    assert 'class="hs-focus hs-focus-done"' in page(tmp_path, "")            # a done week looks done
    assert "No introductions yet." in text


def test_counts_meetings_on_the_pages(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": "name: Ada\nasks: [{date: 2026-11-24}]\n"},
                  options="today: 2026-11-25\nchallenge: {counts: meetings}")
    assert build(tmp_path).returncode == 0
    assert "this challenge counts a first meeting with someone new" in text_of(page(tmp_path, ""))
    assert "Every week, meet one new person you are interested in" in text_of(page(tmp_path, "challenge/"))
    status = json.loads(run(["handshake", "status", "--json"], tmp_path).stdout)
    assert status["challenge"]["counts"] == "meetings"
    assert status["weeks"] == [{"week": "2026-W48", "status": "pending", "handshakes": [], "meetings": 0}]
    for options, words in (("challenge: {counts: handshakes}", "write one of asks, meetings, not 'handshakes'"),
                           ("nudge_after: soon", "'soon' is not a cadence")):
        bad = write_journal(tmp_path / "bad", {"ada.yml": "name: Ada\n"}, options=options)
        result = build(bad)
        assert result.returncode != 0 and words in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_the_sample_shows_the_same_figures(sample_site: Path) -> None:
    status = check_same_figures(ROOT, sample_site)
    assert status["waiting"] and status["follow_ups"]
    ada = text_of((sample_site / "people" / "ada-okafor" / "index.html").read_text())
    assert "Promised: Send her the Brooks chapter on surgical teams. · kept 11 Jun 2026" in ada   # on the timeline
    assert "Promised: Intro her to Hana about design contractors. · open · 22 days" in ada
    nadia = text_of((sample_site / "people" / "nadia-ali" / "index.html").read_text())
    assert "Asked 12 days ago via Bluesky DM, no answer yet — one friendly follow-up?" in nadia


def test_long_lists_stay_short_on_the_dashboard(tmp_path: Path) -> None:
    people = {f"p{i:02d}.yml": f"name: P{i}\nasks: [{{date: 2026-10-{i + 1:02d}}}]\n"
                               f"meetings: [{{date: 2026-09-01, kind: tea, follow_up: [Promise {i}]}}]\n"
              for i in range(30)}
    write_journal(tmp_path, people)
    assert build(tmp_path).returncode == 0
    dash = page(tmp_path, "")
    text = text_of(dash)
    promises = section(text, "Promises you made", "Reconnect")
    assert [f"Promise {i} " in promises for i in range(30)] == [True] * 3 + [False] * 27   # the oldest few
    assert '<a href="actions/#promises">All 30 open promises</a>' in dash
    everything = page(tmp_path, "actions/")
    assert all(f"Promise {i} " in text_of(everything) for i in range(30))
    assert 'data-clipboard-text="handshake done p07"' in everything
    assert 'data-clipboard-text="handshake drop p07"' in everything
    assert "actions/" not in nav_of(dash)                                    # reached from the dashboard only
