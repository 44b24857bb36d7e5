"""The screens stay short as the journal grows (DESIGN.md §5 "Focus at any size"): a generated journal of 1,000
people (bench/journal.py), measured in Chromium at a phone's width: the People index, the challenge log, the
heatmaps' links and the commands."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import chromium, static_server
from conftest import ROOT, build

sys.path.insert(0, str(ROOT / "bench"))
from journal import generate  # noqa: E402 - the bench's journal generator, beside the tests

PEOPLE = 1000
PHONE = {"width": 390, "height": 844}

# Each `code` of the article that holds a command: one line box, no taller than one line of its text.
COMMANDS = """() => [...document.querySelectorAll('article code')]
  .filter(c => /^handshake /.test(c.textContent.trim()))
  .map(c => {
    const boxes = c.getClientRects().length, r = c.getBoundingClientRect();
    const line = parseFloat(getComputedStyle(c).lineHeight) || parseFloat(getComputedStyle(c).fontSize) * 1.6;
    return {text: c.textContent, boxes, tall: r.height > line * 1.5 + 8,
            copy: !!(c.closest('.hs-cmdbox') && c.closest('.hs-cmdbox').querySelector('button.hs-copy'))};
  })"""


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("thousand")
    generate(root, PEOPLE)
    result = build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def phone(big_site: Path) -> Iterator:
    with static_server(big_site) as base, chromium() as browser:
        pg = browser.new_page(viewport=PHONE)
        pg.base = base  # type: ignore[attr-defined]
        yield pg


def _height(pg, url: str) -> int:
    pg.goto(pg.base + url, wait_until="load")
    return pg.evaluate("document.documentElement.scrollHeight")


def test_the_people_index_costs_at_most_60_px_a_person_on_a_phone(phone) -> None:
    height = _height(phone, "people/")
    rows = phone.locator(".hs-people-table tbody tr").count()
    assert rows == PEOPLE
    assert height <= 60 * PEOPLE, f"{height} px for {PEOPLE} people"
    stages = phone.evaluate("[...document.querySelectorAll('article h2[id]')].map(h => h.id)")
    assert stages[:4] == ["radar", "asked", "met", "strong"]              # the people to ask come first
    assert phone.evaluate("document.scrollingElement.scrollWidth - innerWidth") <= 0


def test_the_challenge_log_folds_to_at_most_9000_px_on_a_phone(phone) -> None:
    height = _height(phone, "challenge/")
    assert height <= 9000, f"the challenge log is {height} px"
    open_weeks = phone.evaluate("[...document.querySelectorAll('section.hs-weekrow')]"
                                ".filter(s => !s.closest('details')).length")
    assert open_weeks == 8
    groups = phone.locator("details.hs-week-group")
    assert groups.count() >= 12 and phone.locator("details.hs-week-group[open]").count() == 0
    hints = phone.locator("article").inner_text().count("A week note is your look back at a week")
    assert hints == 1                                                     # the week-note hint once


def test_heatmap_cells_are_links_to_their_week_with_an_accessible_name(phone) -> None:
    for url in ("", "challenge/"):
        phone.goto(phone.base + url, wait_until="load")
        cells = phone.evaluate("""[...document.querySelectorAll('.hs-heatmap a.hs-cell')].map(a => ({
            name: a.getAttribute('aria-label'), hash: new URL(a.href).hash, path: new URL(a.href).pathname}))""")
        assert len(cells) >= 52, url                                      # the last 52 weeks, every one in the log
        assert all(c["name"] and c["name"].startswith(c["hash"][1:].upper()) for c in cells), cells[:3]
        assert {c["path"] for c in cells} == {"/challenge/"}
    phone.goto(phone.base + "challenge/", wait_until="load")
    ids = set(phone.evaluate("[...document.querySelectorAll('section.hs-weekrow')].map(s => s.id)"))
    assert {c["hash"][1:] for c in cells} <= ids                          # every link has its week to land on
    folded = next(c for c in cells if phone.locator(f"details [id='{c['hash'][1:]}']").count())
    phone.goto(phone.base + "challenge/" + folded["hash"], wait_until="load")
    week = phone.locator(f"[id='{folded['hash'][1:]}']")
    assert week.is_visible(), "a week folded by month opens when a heatmap cell leads to it"
    assert week.locator(".hs-status").is_visible()                        # what the hover title said, on a phone


def test_no_command_breaks_across_lines_on_a_phone(phone, big_site: Path) -> None:
    rich = max((big_site / "people").glob("*/index.html"), key=lambda p: p.stat().st_size).parent.name
    radar = "people/person-00003/"
    seen = 0
    for url in ("", "challenge/", "people/", f"people/{rich}/", radar):
        phone.goto(phone.base + url, wait_until="load")
        commands = phone.evaluate(COMMANDS)
        broken = [c for c in commands if c["boxes"] != 1 or c["tall"]]
        assert broken == [], f"{url}: {broken[:3]}"
        seen += len(commands)
    assert seen >= 5


def test_every_command_of_the_person_pages_and_the_challenge_log_has_a_copy_button(phone, big_site: Path) -> None:
    rich = max((big_site / "people").glob("*/index.html"), key=lambda p: p.stat().st_size).parent.name
    seen = 0
    for url in ("challenge/", f"people/{rich}/", "people/person-00003/"):
        phone.goto(phone.base + url, wait_until="load")
        commands = phone.evaluate(COMMANDS)
        assert [c["text"] for c in commands if not c["copy"]] == [], url
        seen += len(commands)
    assert seen >= 5
