"""`handshake review`: the week in review; `--write` starts the week note, never overwrites, builds strict."""

from __future__ import annotations

from pathlib import Path

from conftest import build, page, run, write_journal

PEOPLE = {
    "ada.yml": """\
        name: Ada
        asks: [{date: 2026-11-03, via: email, answer: accepted}]
        meetings:
          - date: 2026-11-12
            kind: coffee
            where: Blue Bottle
            with: [bob]
            follow_up: [Send the book, {do: Intro to Cal, done: 2026-11-13}]
        """,
    "bob.yml": "name: Bob\nasks: [{date: 2026-11-02, via: DM}]\n",
    "cal.yml": "name: Cal\nfound: {date: 2026-11-01, where: Mastodon, note: Her post on maps.}\n",
    "dan.yml": "name: Dan\nasks: [{date: 2026-11-05, via: \"`rm` x\"}]\n",
    "eve.yml": 'name: "<script>alert(1)</script> *Eve* \\e[2J"\nasks: [{date: 2026-11-10, via: DM}]\n',
}


def test_review_prints_the_week_as_it_stood_at_its_end(tmp_path: Path) -> None:
    write_journal(tmp_path, PEOPLE)
    result = run(["handshake", "review", "--week", "2026-W46"], tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("# Week 2026-W46\n")
    assert "**done**" in out
    handshakes = out[out.index("## Handshakes"):out.index("## Meetings")]
    assert "Eve" in handshakes and "Bob" not in handshakes       # Bob was first asked the week before
    meetings = out[out.index("## Meetings"):out.index("## Promises made")]
    assert "Thu 12 Nov 2026 · coffee with Ada, Bob · Blue Bottle" in meetings
    waiting = out[out.index("## Waiting"):out.index("## Open promises")]
    assert "Bob" not in waiting                                  # he met on the 12th
    assert "Dan (`dan`) — asked 5 Nov 2026, 10 days ago" in waiting       # as of Sun 15 Nov
    assert "`` handshake ask dan --via '`rm` x' ``" in waiting
    assert "Eve" not in waiting                                  # 5 days: not yet
    made = out[out.index("## Promises made"):out.index("## Waiting")]
    assert "- Send the book — Ada, Bob, coffee of 12 Nov 2026\n- Intro to Cal — Ada, Bob" in made
    promises = out[out.index("## Open promises"):out.index("## Reconnects")]
    assert "Send the book — Ada, coffee of 12 Nov 2026 · kept? `handshake done ada`" in promises
    assert "Intro to Cal" not in promises
    ask_next = out[out.index("## Whom to ask next"):out.index("## Looking back")]
    assert "Cal (`cal`) — Mastodon · Her post on maps. · `handshake ask cal --via DM`" in ask_next
    assert "\x1b" not in out and "<script>" not in out and "\\<script\\>" in out


def test_review_defaults_to_this_week_and_refuses_future_or_bad_weeks(tmp_path: Path) -> None:
    write_journal(tmp_path, PEOPLE)
    assert run(["handshake", "review"], tmp_path).stdout.startswith("# Week 2026-W48\n")
    future = run(["handshake", "review", "--week", "2026-W49"], tmp_path)
    assert future.returncode == 2 and "has not started yet" in future.stderr
    bad = run(["handshake", "review", "--week", "2026-W60"], tmp_path)
    assert bad.returncode == 2 and "2026 has weeks W01 to W53" in bad.stderr and "Traceback" not in bad.stderr


def test_write_starts_the_note_never_overwrites_and_the_log_links_it(tmp_path: Path) -> None:
    write_journal(tmp_path, PEOPLE, docs={"weeks/2026-W45.md": "# W45\n\nMy own words.\n"})
    assert build(tmp_path).returncode == 0
    log = page(tmp_path, "challenge/")
    assert 'href="../weeks/2026-W45/"' in log and 'href="../weeks/2026-W46/"' not in log

    result = run(["handshake", "review", "--week", "2026-W46", "--write"], tmp_path)
    assert result.returncode == 0, result.stderr
    note = tmp_path / "docs" / "weeks" / "2026-W46.md"
    assert "wrote docs/weeks/2026-W46.md" in result.stdout
    written = note.read_text()
    printed = run(["handshake", "review", "--week", "2026-W46"], tmp_path).stdout
    # the note holds the week (handshakes, meetings, promises made); the live lists stay on the dashboard
    assert written.startswith(printed[:printed.index("## Waiting for an answer")])
    assert "- Send the book — Ada, Bob, coffee of 12 Nov 2026" in written
    for live in ("## Waiting for an answer", "## Open promises", "## Reconnects due", "## Whom to ask next"):
        assert live in printed and live not in written
    assert "is on the dashboard" in written and written.endswith(printed[printed.index("## Looking back"):])
    note.write_text(written + "It went well.\n")
    again = run(["handshake", "review", "--week", "2026-W46", "--write"], tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr
    assert note.read_text() == written + "It went well.\n"
    own = run(["handshake", "review", "--week", "2026-W45", "--write"], tmp_path)
    assert own.returncode == 2 and (tmp_path / "docs/weeks/2026-W45.md").read_text() == "# W45\n\nMy own words.\n"
    assert not list((tmp_path / "docs" / "weeks").glob(".handshake-*"))

    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    log = page(tmp_path, "challenge/")
    assert 'href="../weeks/2026-W46/"' in log and "It went well." in log
    week = page(tmp_path, "weeks/2026-W46/")
    assert "<script>alert" not in week and "&lt;script&gt;" in week
