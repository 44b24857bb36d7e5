"""Real sites built with `mkdocs build --strict` in a temporary folder, read as HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import vobject
from conftest import ROOT, build, page, run, write_journal

PEOPLE = sorted(p.stem for p in (ROOT / "people").glob("*.yml") if not p.name.startswith(("_", ".")))


def nav_of(html: str) -> str:
    match = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>\s*</div>\s*</div>', html, re.S)
    assert match
    return match.group(0)


def text_of(html: str) -> str:
    body = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.S)
    assert body
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body.group(1)))


def test_sample_has_a_page_per_person(sample_site: Path) -> None:
    assert len(PEOPLE) >= 12
    for pid in PEOPLE:
        assert (sample_site / "people" / pid / "index.html").is_file(), pid


def test_people_page_lists_everyone_by_stage(sample_site: Path) -> None:
    html = (sample_site / "people" / "index.html").read_text()
    for pid in PEOPLE:
        assert f'href="../people/{pid}/"' in html
    text = text_of(html)
    assert "22 people: 2 on the radar · 7 asked · 10 met · 3 strong" in text      # the funnel's order
    assert re.search(r"On the radar 2 .*Asked 7 .*Met 10 .*Strong ties 3", text)


def test_person_page_tells_the_story(sample_site: Path) -> None:
    html = (sample_site / "people" / "elena-rossi" / "index.html").read_text()
    text = text_of(html)
    assert "<title>Elena Rossi - " in html
    assert "strong" in text and "first reached 30 Jun 2026" in text
    assert '<a href="../../people/ada-okafor/">Ada Okafor</a>' in html          # introduced by
    assert "Since October I would call her a friend." in text          # notes (Markdown)
    assert text.index("Tue 30 Jun 2026") < text.index("Thu 9 Jul 2026") < text.index("Thu 20 Aug 2026")
    assert "Introduced you to Ivan Petrov" in text
    assert "elena@example.org" not in html                            # contact is private


def test_meeting_from_another_file_shows_on_both_pages(sample_site: Path) -> None:
    text = text_of((sample_site / "people" / "farah-haddad" / "index.html").read_text())
    assert "Coffee at Granary Square with Ada Okafor (recorded in Ada Okafor ’s file)" in text
    ada = text_of((sample_site / "people" / "ada-okafor" / "index.html").read_text())
    assert "Coffee at Granary Square with Farah Haddad" in ada


def test_person_pages_stay_out_of_the_navigation(sample_site: Path) -> None:
    nav = nav_of((sample_site / "challenge" / "index.html").read_text())
    assert 'href="../people/"' in nav
    assert not any(f"people/{pid}/" in nav for pid in PEOPLE)


def test_dashboard_and_challenge_show_the_status_figures(sample_site: Path) -> None:
    result = run(["handshake", "status", "--json"], ROOT)
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    dash = text_of((sample_site / "index.html").read_text())
    ch = status["challenge"]
    assert f"This week · {status['week']}" in dash
    assert "Ask one new person to meet." in dash
    assert f"your {ch['current_streak']}-week streak is at stake" in dash
    assert f"{ch['longest_streak']} longest streak {ch['done']} weeks done {ch['missed']} missed" in dash
    assert dash.index("Tomas Berg") < dash.index("Uma Singh")          # radar: most recently found first
    reconnect = dash[dash.index("Reconnect"):dash.index("Upcoming meetings")]
    names = [re.search(r"name: (.*)", (ROOT / "people" / f"{r['id']}.yml").read_text())[1]
             for r in status["reconnect"]]
    assert [n for n in names if n in reconnect] == names[:3]
    assert sorted(names[:3], key=reconnect.index) == names[:3]
    challenge_html = (sample_site / "challenge" / "index.html").read_text()
    for week in status["weeks"]:
        section = re.search(rf'<section class="hs-weekrow hs-weekrow-{week["status"]}" id="{week["week"].lower()}">'
                            r"(.*?)</section>", challenge_html, re.S)
        assert section, week
        for pid in week["handshakes"]:
            assert f'href="../people/{pid}/"' in section.group(1)
    cells = re.findall(r'href="#(2026-w\d\d)" title="[^"]*" aria-label="2026-W\d\d · (done|missed|paused|pending) · ',
                       challenge_html)
    assert cells == [(w["week"].lower(), w["status"]) for w in status["weeks"]]
    assert 'aria-label="2026-W23 · done · 1 handshake"' in challenge_html
    assert 'aria-label="2026-W31 · paused · 0 handshakes"' in challenge_html
    assert "Paused last week for the holiday" in challenge_html       # the week note, under its week


def test_calendar_feed_parses_with_an_independent_parser(sample_site: Path) -> None:
    cal = vobject.readOne((sample_site / "handshake.ics").read_text())
    events = {e.summary.value: e for e in cal.vevent_list}
    assert "Coffee with Priya Raman" in events
    assert str(events["Coffee with Maya Cohen"].dtstart.value) == "2026-12-03 09:30:00"
    assert str(events["Reconnect with Elena Rossi"].dtstart.value) == "2026-11-12"
    assert "FREQ=YEARLY" in events["Hana Kim's birthday"].rrule.value
    assert "Reconnect with Maya Cohen" not in events                  # a meeting is planned


def test_init_journal_builds_strict(tmp_path: Path) -> None:
    result = run(["handshake", "init", "journal"], tmp_path)
    assert result.returncode == 0, result.stderr
    journal = tmp_path / "journal"
    result = build(journal)
    assert result.returncode == 0, result.stderr
    assert "Ada Lovelace" in page(journal, "people/ada-lovelace/")
    assert run(["handshake", "init", "journal"], tmp_path).returncode == 2   # refuses a non-empty folder


def test_docs_index_wins_and_dashboard_moves(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": "name: Ada\n"}, docs={"index.md": "# My home\n"})
    assert build(tmp_path).returncode == 0
    assert "My home" in page(tmp_path, "")
    assert "This week" in page(tmp_path, "dashboard/")


def test_data_error_stops_the_build_without_traceback(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": "name: Ada\nasks:\n  - date: 2026-01-05\n    answer: yes\n"})
    result = build(tmp_path, strict=False)
    assert result.returncode != 0
    assert "people/ada.yml:4:13:" in result.stderr and "write accepted" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_warnings_fail_only_strict_builds(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": "name: Ada\nnotez: x\n"})
    strict = build(tmp_path)
    assert strict.returncode != 0 and "people/ada.yml:2:1: warning: unknown key 'notez'" in strict.stderr
    assert build(tmp_path, strict=False).returncode == 0


def test_template_override_from_custom_dir(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": "name: Ada\n"})
    cfg = tmp_path / "mkdocs.yml"
    cfg.write_text(cfg.read_text().replace("  font: false\n", "  font: false\n  custom_dir: overrides\n"))
    (tmp_path / "overrides" / "handshake").mkdir(parents=True)
    (tmp_path / "overrides" / "handshake" / "person.html").write_text("<p>Custom: {{ facts.person.name }}</p>")
    assert build(tmp_path).returncode == 0
    assert "<p>Custom: Ada</p>" in page(tmp_path, "people/ada/")


def test_plain_urls_link_correctly(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": "name: Ada\nintroduced_by: bob\n", "bob.yml": "name: Bob\n"})
    cfg = tmp_path / "mkdocs.yml"
    cfg.write_text("use_directory_urls: false\n" + cfg.read_text())
    assert build(tmp_path).returncode == 0
    assert '<a href="../people/bob.html">Bob</a>' in page(tmp_path, "people/ada.html")
    assert '<a href="people/ada.html">Ada</a>' in page(tmp_path, "people.html")
    assert '<a href="people/ada.html">Ada</a>' in page(tmp_path, "introductions.html")


def test_properdocs_builds_the_sample(tmp_path: Path) -> None:
    result = run(["properdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", str(tmp_path / "site")], ROOT)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "people" / "ada-okafor" / "index.html").is_file()


def test_rebuilds_reread_only_the_changed_file(tmp_path: Path) -> None:
    """As under `mkdocs serve`: the plugin instance survives rebuilds and keeps its parsed files."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    write_journal(tmp_path, {f"p{i}.yml": f"name: Person {i}\n" for i in range(5)})

    def rebuild():
        config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
        config.plugins.on_startup(command="serve", dirty=False)
        mkdocs_build(config, serve_url="http://127.0.0.1:8000/")
        return config.plugins["handshake"]

    plugin = rebuild()
    try:
        before = plugin.cache.parses
        assert rebuild() is plugin and plugin.cache.parses == before
        (tmp_path / "people" / "p3.yml").write_text("name: Person Three\n")
        rebuild()
        assert plugin.cache.parses == before + 1
        assert "Person Three" in page(tmp_path, "people/p3/")
    finally:
        plugin.on_shutdown()  # as `mkdocs serve` ends: MkDocs keeps the instance for later builds in this process


def test_material_tags_plugin_lists_people(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": "name: Ada\ntags: [math]\n"},
                  docs={"tags.md": "# Tags\n\n<!-- material/tags -->\n"})
    cfg = tmp_path / "mkdocs.yml"
    cfg.write_text(cfg.read_text().replace("  - search\n", "  - search\n  - tags\n"))
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    tags = page(tmp_path, "tags/")
    assert "math" in tags and 'href="../people/ada/"' in tags


@pytest.mark.parametrize(("options", "words"), [
    ("challenge: {goal: 0}", "Sub-option 'goal': expected a whole number of 1 or more, got 0"),
    ("challenge: {pauses: [2026-W60]}", "'2026-W60': 2026 has weeks W01 to W53"),
    ("challenge: {pauses: [2026-W10..2026-W02]}", "the range ends before it starts"),
    ("challenge: {start: 2026-14}", "'2026-14' is not an ISO week: write it as YYYY-Www"),
    ("keep_in_touch: {strong: 6 weeks}", "'6 weeks' is not a cadence: write a number and d, w, m or y"),
    ("today: tomorrow", "'tomorrow' is not a date: write it as YYYY-MM-DD"),
    ("strong_aftr: 2", "unknown option 'strong_aftr' is ignored: did you mean 'strong_after'?"),
])
def test_bad_options_are_explained(tmp_path: Path, options: str, words: str) -> None:
    write_journal(tmp_path, {"ada.yml": "name: Ada\n"}, options=options)
    result = build(tmp_path)
    assert result.returncode != 0 and words in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_long_dashboard_lists_show_the_most_urgent_three_and_link_all_open_items(tmp_path: Path) -> None:
    """With 30 people due to reconnect and 27 upcoming meetings, the dashboard lists the 3 most overdue and
    the 3 soonest and links the page of all open items, which lists every one in the same order."""
    people = {}
    for n in range(30):
        people[f"old-{n:02d}.yml"] = (f"name: Old Friend {n:02d}\nkeep_in_touch: 2w\n"
                                      f"meetings: [{{date: 2026-{1 + n // 28:02d}-{1 + n % 28:02d}, kind: tea}}]\n")
    for n in range(27):
        people[f"soon-{n:02d}.yml"] = (f"name: Soon Friend {n:02d}\nasks: [{{date: 2026-11-01, answer: accepted}}]\n"
                                       f"meetings: [{{date: 2026-12-{1 + n:02d}, kind: walk}}]\n")
    write_journal(tmp_path, people)
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    html = page(tmp_path, "")
    dash = text_of(html)
    reconnect = dash[dash.index("Reconnect"):dash.index("Upcoming meetings")]
    assert [f"Old Friend {n:02d}" in reconnect for n in range(30)] == [True] * 3 + [False] * 27  # most overdue first
    assert '<a href="actions/#reconnect">All 30 people to get back to</a>' in html
    upcoming = dash[dash.index("Upcoming meetings"):dash.index("Your figures")]
    assert [f"Soon Friend {n:02d}" in upcoming for n in range(27)] == [True] * 3 + [False] * 24
    assert '<a href="actions/#upcoming">All 27 upcoming meetings</a>' in html
    everything = text_of(page(tmp_path, "actions/"))
    names = [f"Old Friend {n:02d}" for n in range(30)]
    assert sorted(names, key=everything.index) == names and "Soon Friend 26" in everything
    assert "30 to get back to" in everything and "27 upcoming" in everything
