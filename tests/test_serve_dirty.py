"""`mkdocs serve --dirty`: a save rebuilds only the pages whose content changed, and nothing stale remains."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from browser import free_port, wait_for_port
from conftest import build, page, write_journal

from handshake_plugin.analysis import Options
from handshake_plugin.read import FileCache
from handshake_plugin.site import Settings, build_site

ADA = """\
name: Ada Lovelace
asks: [{date: 2026-11-01, answer: accepted}]
meetings:
  - date: 2026-11-05
    kind: coffee
    where: Cafe Nero
    with: [grace]
    notes: We talked about *engines*.
  - date: 2026-11-28
    kind: walk
    where: Hyde Park
    with: [grace]
"""
GRACE = "name: Grace Hopper\nasks: [{date: 2026-11-02, answer: accepted}]\n"
ALAN = "name: Alan Turing\nasks: [{date: 2026-11-03, answer: accepted}]\nmeetings: [{date: 2026-11-10, kind: tea}]\n"


@contextmanager
def dirty_server(root: Path) -> Iterator[tuple[str, Path]]:
    """`mkdocs serve --dirty` on a free loopback port: its base URL and the folder it builds the site into."""
    port = free_port()
    temp = root / "tmp"  # serve builds into a temporary folder: make it one this test can find
    temp.mkdir()
    mkdocs = str(Path(sys.executable).parent / "mkdocs")
    server = subprocess.Popen([mkdocs, "serve", "--dirty", "-a", f"127.0.0.1:{port}"], cwd=root,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              env={"NO_MKDOCS_2_WARNING": "1", "PATH": str(Path(sys.executable).parent),
                                   "TMPDIR": str(temp)})
    try:
        wait_for_port(port, server)
        sites = [p for p in temp.iterdir() if p.name.startswith("mkdocs_")]
        assert len(sites) == 1, sites
        yield f"http://127.0.0.1:{port}/", sites[0]
    finally:
        server.terminate()
        server.wait(10)
        if server.stderr:
            server.stderr.close()


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def _until(check: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:  # the server may be mid-rebuild
            pass
        time.sleep(0.2)
    raise AssertionError("the served site never showed the change")


def _mtimes(site: Path) -> dict[str, int]:
    return {str(p.relative_to(site)): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def test_a_saved_shared_meeting_shows_on_both_pages_and_the_dashboard_and_nothing_else_is_rewritten(
        tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": ADA, "grace.yml": GRACE, "alan.yml": ALAN})
    with dirty_server(tmp_path) as (base, site):
        index = site / "search" / "search_index.json"
        assert "Hyde Park" in _get(base + "people/grace/")
        before, index_before = _mtimes(site), index.stat().st_mtime_ns
        time.sleep(0.05)  # a coarse clock must still tell the rewritten pages apart
        (tmp_path / "people" / "ada.yml").write_text(
            ADA.replace("Hyde Park", "Kew Gardens").replace("*engines*", "*looms*"), encoding="utf-8")
        _until(lambda: index.stat().st_mtime_ns != index_before)  # written last, once every page is written
        for url in ("people/ada/", "people/grace/", ""):
            _until(lambda url=url: "Kew Gardens" in _get(base + url))
            assert "Hyde Park" not in _get(base + url)
        assert "<em>looms</em>" in _get(base + "people/grace/")
        searched = json.loads(index.read_text(encoding="utf-8"))["docs"]
        assert "Hyde Park" not in json.dumps(searched)  # no stale search entry either
        grace = [e["location"] for e in searched if e["location"].startswith("people/grace/")]
        assert grace and len(grace) == len(set(grace))
        assert any(e["location"].startswith("people/alan/") for e in searched)
        after = _mtimes(site)
    rewritten = {name for name, stamp in after.items() if before.get(name) != stamp}
    assert {"people/ada/index.html", "people/grace/index.html", "index.html"} <= rewritten
    assert "people/alan/index.html" not in rewritten
    assert before.keys() == after.keys()


def test_a_name_shown_on_another_page_rebuilds_that_page_too(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": ADA, "grace.yml": GRACE, "alan.yml": ALAN})
    with dirty_server(tmp_path) as (base, site):
        index = site / "search" / "search_index.json"
        _get(base)
        before, index_before = _mtimes(site), index.stat().st_mtime_ns
        time.sleep(0.05)
        (tmp_path / "people" / "grace.yml").write_text(GRACE.replace("Grace Hopper", "Grace Murray"),
                                                       encoding="utf-8")
        _until(lambda: index.stat().st_mtime_ns != index_before)
        assert "Grace Murray" in _get(base + "people/ada/")  # Ada's timeline names her
        assert "Grace Murray" in _get(base + "people/")
        after = _mtimes(site)
    rewritten = {name for name, stamp in after.items() if before.get(name) != stamp}
    assert {"people/ada/index.html", "people/grace/index.html"} <= rewritten
    assert "people/alan/index.html" not in rewritten


def test_hub_pages_stay_out_of_the_search_index_and_person_pages_stay_in(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": ADA, "grace.yml": GRACE, "alan.yml": ALAN})
    assert build(tmp_path).returncode == 0
    index = page(tmp_path, "search/search_index.json")
    assert "people/ada/" in index and "people/grace/" in index
    for hub in ('"location":"people/"', '"location":"challenge/"', '"location":"introductions/"',
                '"location":""'):
        assert hub not in index.replace(" ", "")


def _keys(root: Path, cache: FileCache, custom_dir: str | None = None) -> dict[str, str | None]:
    settings = Settings(root / "people", {}, custom_dir=custom_dir)
    site = build_site(settings, Options(today=dt.date(2026, 11, 25)), cache)
    return {uri: p.key for uri, p in site.pages.items()}


def test_page_keys_change_exactly_for_the_pages_that_show_a_change(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": ADA, "grace.yml": GRACE, "alan.yml": ALAN})
    cache = FileCache()
    first = _keys(tmp_path, cache)
    assert first == _keys(tmp_path, cache)  # stable across rebuilds
    assert all(first[f"people/{pid}.md"] for pid in ("ada", "grace", "alan"))
    assert first["index.md"] is None and first["people.md"] is None  # hub pages: always rendered
    (tmp_path / "people" / "ada.yml").write_text(ADA.replace("Cafe Nero", "Cafe Bar"), encoding="utf-8")
    second = _keys(tmp_path, cache)
    changed = {uri for uri in first if first[uri] != second[uri] or first[uri] is None}
    assert changed == {"people/ada.md", "people/grace.md", "index.md", "challenge.md", "people.md",
                       "introductions.md"}
    overrides = tmp_path / "theme" / "handshake"  # a user's template override counts too
    overrides.mkdir(parents=True)
    (overrides / "person.html").write_text("<p>{{ facts.person.name }}</p>", encoding="utf-8")
    third = _keys(tmp_path, cache, custom_dir=str(tmp_path / "theme"))
    assert all(third[f"people/{pid}.md"] != second[f"people/{pid}.md"] for pid in ("ada", "grace", "alan"))
