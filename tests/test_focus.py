"""Focus at any size (issue 26a): the one next step, the same on the dashboard and in the terminal, and a
dashboard that stays four phone screens tall on the sample and on generated journals of 300 and 1,000 people."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest
from browser import chromium, static_server
from conftest import ROOT, build, page, run, write_journal

from handshake_plugin.core.analysis import Options, analyse
from handshake_plugin.core.focus import next_step
from handshake_plugin.core.read import read_journal

sys.path.insert(0, str(ROOT / "bench"))
import journal as bench_journal  # noqa: E402 - the bench's generator of realistic journals

PHONE = {"width": 390, "height": 844}
MAX_DASHBOARD = 3400
"""About four phone screens (DESIGN.md §5)."""

STEPS = {
    "radar.yml": "name: Rae\nfound: {date: 2026-11-20, where: HN}\n",
    "asked.yml": "name: Ash\nasks: [{date: 2026-11-01, via: email}]\n",
    "owed.yml": "name: Owen\nmeetings: [{date: 2026-10-01, kind: tea, follow_up: Send the map}]\n",
    "old.yml": "name: Olga\nkeep_in_touch: 2w\nmeetings: [{date: 2026-09-01, kind: walk}]\n",
}


def _step(tmp_path: Path, people: dict[str, str], today: str = "2026-11-25"):
    write_journal(tmp_path, people)
    a = analyse(read_journal(tmp_path / "people").journal, Options(today=dt.date.fromisoformat(today)))
    return next_step(a)


@pytest.mark.parametrize(("left_out", "kind", "person"), [
    ((), "ask", "radar"),                                   # the week is open: ask someone new first
    (("radar.yml",), "chase", "asked"),                     # then the answer to chase
    (("radar.yml", "asked.yml"), "promise", "owed"),        # then the promise to keep
    (("radar.yml", "asked.yml", "owed.yml"), "reconnect", "old"),
])
def test_the_next_step_follows_one_order(tmp_path: Path, left_out: tuple[str, ...], kind: str, person: str) -> None:
    step = _step(tmp_path, {k: v for k, v in STEPS.items() if k not in left_out})
    assert step is not None and (step.kind, step.person) == (kind, person)


def test_a_done_week_goes_on_to_the_waiting_answer_and_nothing_due_is_no_step(tmp_path: Path) -> None:
    done = {**STEPS, "new.yml": "name: New\nasks: [{date: 2026-11-24}]\n"}   # this week's handshake
    step = _step(tmp_path / "a", done)
    assert step is not None and (step.kind, step.person) == ("chase", "asked")
    assert _step(tmp_path / "b", {"new.yml": done["new.yml"]}) is None


def test_status_starts_with_what_the_dashboards_first_screen_says(tmp_path: Path) -> None:
    write_journal(tmp_path, STEPS)
    lines = run(["handshake", "status"], tmp_path).stdout.splitlines()
    assert lines[:4] == [
        "This week: 0 of 1 · 5 days left (until Sunday) · a new streak starts this week.",
        "Reach now: Ask Rae to meet (radar).",
        "  Newest on your radar from HN, noted 20 Nov 2026: one short, specific message is this week's handshake.",
        "  handshake ask radar --via DM",
    ]
    assert build(tmp_path).returncode == 0
    dash = page(tmp_path, "")
    first = dash[:dash.index('id="whom-to-ask"')]
    assert 'Ask <a class="hs-next-person" href="people/radar/">Rae</a> to meet' in first
    assert "Newest on your radar from HN, noted 20 Nov 2026" in first
    assert 'data-clipboard-text="handshake ask radar --via DM"' in first
    assert json.loads(run(["handshake", "status", "--json"], tmp_path).stdout)["follow_ups"]   # the keys stay


@pytest.fixture(scope="module")
def generated(sample_site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Built sites of the sample and of bench journals of 300 and 1,000 people (bench/journal.py)."""
    sites = {"sample": sample_site}
    for size in (300, 1000):
        root = tmp_path_factory.mktemp(f"j{size}")
        bench_journal.generate(root, size)
        result = build(root)
        assert result.returncode == 0, result.stderr
        sites[str(size)] = root / "site"
    return sites


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_dashboard_stays_four_phone_screens_and_its_first_screen_links_the_person(
        generated: dict[str, Path], scheme: str) -> None:
    heights = {}
    with chromium() as browser:
        for name, site in generated.items():
            with static_server(site) as base:
                context = browser.new_context(viewport=PHONE, color_scheme=scheme,
                                              permissions=["clipboard-read", "clipboard-write"])
                palette = json.dumps({"index": 0 if scheme == "light" else 1})
                context.add_init_script(f"localStorage.setItem('/.__palette', {json.dumps(palette)})")
                pg = context.new_page()
                pg.goto(base, wait_until="load")
                heights[name] = pg.evaluate("document.scrollingElement.scrollHeight")
                person = pg.locator(".hs-next-person")
                box = person.bounding_box()
                assert box is not None and box["y"] + box["height"] <= PHONE["height"], (name, box)
                href = person.get_attribute("href")
                assert href and "people/" in href, name
                cmd = pg.locator(".hs-next .hs-cmdline")
                assert cmd.evaluate("c => getComputedStyle(c).whiteSpace") == "pre"     # one line, never broken
                line = cmd.bounding_box()
                assert line is not None and line["height"] < 40 and line["y"] + line["height"] <= PHONE["height"]
                assert pg.locator(".hs-next .hs-copy").is_visible()
                if name == "sample":  # the button copies the whole command, through Material's own clipboard code
                    pg.locator(".hs-next .hs-copy").click()
                    pg.locator(".md-dialog", has_text="Copied to clipboard").wait_for()
                    assert pg.evaluate("navigator.clipboard.readText()") == "handshake ask tomas-berg --via DM"
                assert pg.evaluate("document.scrollingElement.scrollWidth - innerWidth") <= 0, name
                pg.goto(base + "actions/", wait_until="load")
                assert pg.locator("h1").inner_text() == "All open items", name
                context.close()
    print("dashboard heights at 390 px:", heights)
    assert all(h <= MAX_DASHBOARD for h in heights.values()), heights


def test_a_done_week_and_a_promise_let_go_pass_axe_in_both_schemes_at_both_widths(tmp_path: Path) -> None:
    from axe_playwright_python.sync_playwright import Axe
    from test_looks import AXE_CONTEXT, AXE_OPTIONS

    write_journal(tmp_path, {
        "new.yml": "name: Nia\nasks: [{date: 2026-11-24, answer: accepted}]\n",       # this week is done
        "val.yml": "name: Val\nasks: [{date: 2026-11-09}]\n",
        "owen.yml": "name: Owen\nmeetings: [{date: 2026-10-01, kind: tea, "
                    "follow_up: [Send the map, {do: Call, dropped: 2026-10-10}]}]\n",
    })
    assert build(tmp_path).returncode == 0
    dash = page(tmp_path, "")
    assert 'class="hs-focus hs-focus-done"' in dash and "hs-ring-check" in dash
    assert 'Follow up with <a class="hs-next-person" href="people/val/">Val</a>' in dash
    assert "let go 10 Oct 2026" in page(tmp_path, "people/owen/")
    axe, failures = Axe(), []
    with static_server(tmp_path / "site") as base, chromium() as browser:
        for width in (390, 1280):
            for index, scheme in enumerate(("light", "dark")):
                context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
                palette = json.dumps({"index": index})
                context.add_init_script(f"localStorage.setItem('/.__palette', {json.dumps(palette)})")
                pg = context.new_page()
                for url in ("", "people/owen/", "actions/"):
                    pg.goto(base + url, wait_until="load")
                    violations = axe.run(pg, context=AXE_CONTEXT, options=AXE_OPTIONS).response["violations"]
                    failures += [f"{url or 'dashboard'} {width} {scheme}: {v['id']}" for v in violations
                                 if v["impact"] in ("serious", "critical")]
                context.close()
    assert failures == []
