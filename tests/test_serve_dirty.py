"""`mkdocs serve --dirty`: a save rebuilds only the pages whose content changed, and nothing stale remains."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from browser import free_port, until, wait_for_port
from conftest import build, page, write_journal

from handshake_plugin.core.analysis import Options
from handshake_plugin.core.read import FileCache
from handshake_plugin.pipeline import JournalFiles, Settings, build_site, feed_key
from handshake_plugin.render.feed import calendar_feed

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




def _mtimes(site: Path) -> dict[str, int]:
    return {str(p.relative_to(site)): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def _save(site: Path, path: Path, text: str) -> dict[str, int]:
    """Write `text` to `path` and wait until the served rebuild is written (the search index, last): the pages'
    stamps from just before the save (`_rewritten`)."""
    index = site / "search" / "search_index.json"
    before, index_before = _mtimes(site), index.stat().st_mtime_ns
    time.sleep(0.05)  # a coarse clock must still tell the rewritten pages apart
    path.write_text(text, encoding="utf-8")
    until(lambda: index.stat().st_mtime_ns != index_before)
    return before


def _rewritten(site: Path, before: dict[str, int]) -> set[str]:
    """The HTML files written since the stamps `before` were taken."""
    return {name for name, stamp in _mtimes(site).items() if before.get(name) != stamp}


def test_a_saved_shared_meeting_shows_on_both_pages_and_the_dashboard_and_nothing_else_is_rewritten(
        tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": ADA, "grace.yml": GRACE, "alan.yml": ALAN})
    with dirty_server(tmp_path) as (base, site):
        index = site / "search" / "search_index.json"
        assert "Hyde Park" in _get(base + "people/grace/")
        before = _save(site, tmp_path / "people" / "ada.yml",
                       ADA.replace("Hyde Park", "Kew Gardens").replace("*engines*", "*looms*"))
        for url in ("people/ada/", "people/grace/", ""):
            until(lambda url=url: "Kew Gardens" in _get(base + url))
            assert "Hyde Park" not in _get(base + url)
        assert "<em>looms</em>" in _get(base + "people/grace/")
        searched = json.loads(index.read_text(encoding="utf-8"))["docs"]
        assert "Hyde Park" not in json.dumps(searched)  # no stale search entry either
        grace = [e["location"] for e in searched if e["location"].startswith("people/grace/")]
        assert grace and len(grace) == len(set(grace))
        assert any(e["location"].startswith("people/alan/") for e in searched)
        rewritten = _rewritten(site, before)
        assert before.keys() == _mtimes(site).keys()
    assert {"people/ada/index.html", "people/grace/index.html", "index.html"} <= rewritten
    assert "people/alan/index.html" not in rewritten


def test_a_save_that_changes_no_hub_page_rewrites_none(tmp_path: Path) -> None:
    """Every save changes the hub pages' input (the analysis), but their HTML, rendered from kept pieces, is
    compared with the last one written: a notes edit rewrites the person's page and no hub page, and the hub
    pages come back from the error page once the journal is fixed."""
    write_journal(tmp_path, {"ada.yml": ADA, "grace.yml": GRACE, "alan.yml": ALAN})
    with dirty_server(tmp_path) as (base, site):
        _get(base)
        before = _save(site, tmp_path / "people" / "alan.yml", ALAN + "notes: Thinks about *machines*.\n")
        until(lambda: "<em>machines</em>" in _get(base + "people/alan/"))
        rewritten = _rewritten(site, before)
        assert rewritten - {"404.html"} == {"people/alan/index.html"}, rewritten  # MkDocs writes its 404 each time
        (tmp_path / "people" / "alan.yml").write_text(ALAN.replace("kind: tea", "kind: [tea"), encoding="utf-8")
        until(lambda: "The journal has 1 problem" in _get(base + "people/"))
        (tmp_path / "people" / "alan.yml").write_text(ALAN, encoding="utf-8")
        until(lambda: "The journal has" not in _get(base + "people/"))
        assert "Alan Turing" in _get(base + "people/") and "The journal has" not in _get(base + "challenge/")


def test_a_name_shown_on_another_page_rebuilds_that_page_too(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": ADA, "grace.yml": GRACE, "alan.yml": ALAN})
    with dirty_server(tmp_path) as (base, site):
        _get(base)
        before = _save(site, tmp_path / "people" / "grace.yml", GRACE.replace("Grace Hopper", "Grace Murray"))
        assert "Grace Murray" in _get(base + "people/ada/")  # Ada's timeline names her
        assert "Grace Murray" in _get(base + "people/")
        rewritten = _rewritten(site, before)
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
    settings = Settings(JournalFiles.beside(root / "people"), {}, custom_dir=custom_dir)
    site = build_site(settings, Options(today=dt.date(2026, 11, 25)), cache)
    return {uri: p.key for uri, p in site.pages.items()}


def test_page_keys_change_exactly_for_the_pages_that_show_a_change(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": ADA, "grace.yml": GRACE, "alan.yml": ALAN})
    cache = FileCache()
    first = _keys(tmp_path, cache)
    assert first == _keys(tmp_path, cache)  # stable across rebuilds
    assert all(first[f"people/{pid}.md"] for pid in ("ada", "grace", "alan"))
    hubs = {"index.md", "challenge.md", "people.md", "introductions.md", "actions.md"}

    def changed_by(text: str, who: str = "ada") -> set[str]:
        before = _keys(tmp_path, cache)
        (tmp_path / "people" / f"{who}.yml").write_text(text, encoding="utf-8")
        after = _keys(tmp_path, cache)
        return {uri for uri in before if before[uri] != after[uri]}

    # The hub pages are rendered from the analysis, which any save changes (their unchanged pieces are kept:
    # see the next tests); a person page changes only when something of theirs, or of whom it names, changed.
    both = {"people/ada.md", "people/grace.md"}
    # a meeting's place shows on both people's pages
    text = ADA.replace("Cafe Nero", "Cafe Bar")
    assert changed_by(text) == both | hubs
    # a shared meeting's notes show on both people's pages
    text = text.replace("*engines*", "*looms*")
    assert changed_by(text) == both | hubs
    # her own notes: her page, and Grace's, whose timeline holds the meetings of Ada's file, read again
    text += "notes: Met at a salon.\n"
    assert changed_by(text) == both | hubs
    # Alan's notes: his page alone, as no one else's names him
    assert changed_by(ALAN + "notes: Codes.\n", "alan") == {"people/alan.md"} | hubs
    # a new meeting with Alan shows on her page, his, and Grace's (Ada's file, read again, holds their meetings)
    text = text.replace("meetings:\n", "meetings:\n  - {date: 2026-11-20, kind: tea, with: [alan]}\n")
    assert changed_by(text) == {"people/ada.md", "people/alan.md", "people/grace.md"} | hubs
    second = _keys(tmp_path, cache)
    overrides = tmp_path / "theme" / "handshake"  # a user's template override counts too
    overrides.mkdir(parents=True)
    (overrides / "person.html").write_text("<p>{{ facts.person.name }}</p>", encoding="utf-8")
    third = _keys(tmp_path, cache, custom_dir=str(tmp_path / "theme"))
    assert all(third[f"people/{pid}.md"] != second[f"people/{pid}.md"] for pid in ("ada", "grace", "alan"))


SAMPLE = Path(__file__).resolve().parent.parent / "people"
EDITS = [  # (pattern, replacement) applied throughout a person file of the sample journal
    (r"(?m)^name: .*$", "name: Someone <em>Else</em>"),
    (r"(?m)(where: )\S+", r"\1Elsewhere"),
    (r"(?m)^(    where: )\S+", r"\1Elsewhere"),  # meetings only, not where they were found
    (r"(?m)^(      notes: \|\n)", r"\1      *Changed*\n"),  # meetings' notes only
    (r"(?m)(notes: )(.*)$", r"\1*changed* \2"),
    (r"(?m)(note: )(.*)$", r"\1changed \2"),
    (r"(?m)(answer: )\w[\w-]*", r"\1declined"),
    (r"(?m)(date: 2026-)(\d\d)-(\d\d)", r"\g<1>\2-01"),
    (r"(?m)(kind: )\w+", r"\1walk"),
    (r"(?m)(tags: )\[", r"\1[edited, "),
    (r"(?m)(do: )(.*)$", r"\1call back"),
    (r"(?m)(done: )\S+", r"\g<1>2026-11-24"),
    (r"(?m)^(    follow_up: )(.+)$", r"\1[{do: \2, dropped: 2026-11-24}]"),  # a promise let go
    (r"(?m)(birthday: )\S+", r"\g<1>1990-01-02"),
    (r"(?m)(keep_in_touch: )\S+", r"\g<1>2w"),
    (r"(?m)(time: )\S+", r'\g<1>"18:30"'),
    (r"(?m)^introduced_by: \S+", "introduced_by: quinn-obrien"),  # reach moves; Maya and Quinn become a cycle
]


def _edits(text: str) -> Iterator[tuple[str, str]]:
    """(pattern, edited text) for each of EDITS that changes `text`."""
    import re

    for pattern, replacement in EDITS:
        edited = re.sub(pattern, replacement, text)
        if edited != text:
            yield pattern, edited


def _rendered(people: Path, cache: FileCache) -> dict[str, tuple[str | None, str | bytes]]:
    site = build_site(Settings(JournalFiles.beside(people), {}),
                      Options(today=dt.date(2026, 11, 25), start=dt.date(2026, 6, 1)), cache)
    rendered: dict[str, tuple[str | None, str | bytes]] = {uri: (p.key, p.render()) for uri, p in site.pages.items()}
    if site.analysed.analysis is not None:  # the feed is made again only when its key changes: made fresh here
        a = site.analysed.analysis
        rendered["handshake.ics"] = (feed_key(a, ""), calendar_feed(a, ""))
    return rendered


def test_an_unchanged_key_always_means_an_unchanged_page(tmp_path: Path) -> None:
    """Whatever is edited in the sample journal, a page (or the feed) whose key did not change is the same."""
    import shutil

    people = tmp_path / "people"
    shutil.copytree(SAMPLE, people)
    cache = FileCache()
    before = _rendered(people, cache)
    checked = skipped = 0
    for path in sorted(people.glob("*.yml")):
        original = path.read_text(encoding="utf-8")
        for pattern, edited in _edits(original):
            path.write_text(edited, encoding="utf-8")
            after = _rendered(people, cache)
            path.write_text(original, encoding="utf-8")
            if any(key is None for key, _ in after.values()):  # the edit made the journal invalid
                skipped += 1
                continue
            for uri, (key, html) in after.items():
                if uri in before and before[uri][0] == key:
                    assert before[uri][1] == html, f"{uri} is stale after {pattern!r} in {path.name}"
                    checked += 1
            assert after[f"people/{path.stem}.md"][0] != before[f"people/{path.stem}.md"][0]
        # The file is back as it was, with a new stamp: compare the next edits with the journal as it is now,
        # so that the pages of people whose files were edited before are checked too.
        before = _rendered(people, cache)
    assert checked > 1000 and skipped < 40  # some edits break the data (a meeting before the ask): skipped


def test_hand_written_pages_that_show_the_journal_are_never_stale(tmp_path: Path) -> None:
    """A week note's header lists the week's meetings, and every page shows the errors while there are any:
    neither has a changed Markdown file, yet `--dirty` rebuilds them."""
    write_journal(tmp_path, {"ada.yml": ADA, "grace.yml": GRACE, "alan.yml": ALAN},
                  docs={"weeks/2026-W47.md": "# Week 47\n\nA quiet week.\n", "about.md": "# About\n\nMine.\n"})
    with dirty_server(tmp_path) as (base, site):
        note = base + "weeks/2026-W47/"
        assert "Alan Turing" not in _get(note) and "problem" not in _get(base + "about/")
        alan = tmp_path / "people" / "alan.yml"
        alan.write_text(ALAN.replace("meetings: [", "meetings: [{date: 2026-11-18, kind: walk}, "), encoding="utf-8")
        until(lambda: "Alan Turing" in _get(note))
        alan.write_text(ALAN.replace("kind: tea", "kind: [tea"), encoding="utf-8")  # a YAML error
        until(lambda: "The journal has 1 problem" in _get(base + "about/"))
        alan.write_text(ALAN, encoding="utf-8")
        until(lambda: "The journal has" not in _get(base + "about/"))
        assert "Alan Turing" not in _get(note)


HUBS = ("index.md", "challenge.md", "people.md", "introductions.md", "actions.md")


def test_hub_pages_rebuilt_from_kept_pieces_are_the_pages_a_fresh_build_writes(tmp_path: Path) -> None:
    """Under `mkdocs serve` the people table's rows and tag lines and the challenge log's weeks are kept from the
    last build and reused while their value is equal: after any edit of the sample, or of a week note, each hub
    page is exactly what a fresh build writes, and a save renders again only the pieces that name someone whose
    facts changed."""
    import shutil

    from handshake_plugin.render.pages import blocks_of, people_groups

    people = tmp_path / "people"
    shutil.copytree(SAMPLE, people)
    note = ["# Week 47\n\nA *good* week.\n"]
    docs = {"weeks/2026-W47.md": lambda: note[0]}
    options = Options(today=dt.date(2026, 11, 25), start=dt.date(2026, 6, 1))
    kept = FileCache()

    def hubs(cache: FileCache, rebuilds: bool) -> dict[str, str]:
        site = build_site(Settings(JournalFiles.beside(people), docs, rebuilds=rebuilds), options, cache)
        return {uri: site.pages[uri].render() for uri in HUBS}

    def made() -> int:
        return sum(f.made for f in kept.render.fragments.values())

    hubs(kept, True)
    compared = 0
    for path in sorted(people.glob("*.yml")):
        original = path.read_text(encoding="utf-8")
        for pattern, edited in _edits(original):
            path.write_text(edited, encoding="utf-8")
            reused, fresh = hubs(kept, True), hubs(FileCache(), False)
            path.write_text(original, encoding="utf-8")
            if "The journal has" in fresh["people.md"]:  # the edit made the journal invalid
                continue
            assert reused == fresh, f"a hub page is stale after {pattern!r} in {path.name}"
            compared += 1
        hubs(kept, True)
    assert compared > 100
    # the text, then the title alone (the challenge log links the note by its title)
    for text in ("# Week 47\n\nA *better* week.\n", "# Week 47\n\nA <b>bold</b> week.\n",
                 "# Back on track\n\nA <b>bold</b> week.\n"):
        note[0] = text
        assert hubs(kept, True) == hubs(FileCache(), False)
    hubs(kept, True)
    ada = people / "ada-okafor.yml"
    original = ada.read_text(encoding="utf-8")
    edits = (original.replace("notes: |\n", "notes: |\n  Only the notes change.\n", 1),  # her notes: and back
             original, original.replace("name: Ada Okafor", "name: Ada O."), original)  # her name: and back
    for text in edits:
        made_before = {name: f.made for name, f in kept.render.fragments.items()}
        old = kept.analysis
        ada.write_text(text, encoding="utf-8")
        assert hubs(kept, True) == hubs(FileCache(), False)
        made_now = {name: f.made - made_before[name] for name, f in kept.render.fragments.items()}
        # Only the pieces that name someone whose facts changed (she, and those who share a meeting recorded in
        # her file): the blocks of rows that hold them and their tag lines; in the log, the weeks that name
        # them and the log around them. The other rows, tag lines and weeks are the ones kept.
        new = kept.analysis
        assert old is not None and new is not None
        changed = {pid for pid, f in new.people.items() if f is not old.people.get(pid)}
        assert "ada-okafor" in changed and len(changed) < len(new.people) / 2
        blocks = [block for group in people_groups(new)["groups"].values() for block in blocks_of(group)]
        people_pieces = (sum(1 for block in blocks if changed & {f.person.id for f in block})
                         + len({t for pid in changed for t in new.people[pid].person.tags}))
        weeks = [w for w in new.weeks if changed & {*w.handshakes, *(p for r in w.meetings for p in r.people)}]
        assert made_now["people.html"] == people_pieces and made_now["challenge.html"] == len(weeks) + 1, made_now
    ada.write_text(original, encoding="utf-8")


def test_serving_leaves_full_collections_to_the_pauses_between_rebuilds() -> None:
    """While serving, Python's full collection does not interrupt a rebuild: it runs once the rebuild is done
    and the server is idle (freeing a rebuild's leftover cycles then), and Python gets it back when serving ends."""
    import gc
    import weakref

    from handshake_plugin.core.bulk import IdleCollector

    class Node:
        pass

    full: list[float] = []

    def watch(phase: str, info: dict) -> None:
        if phase == "stop" and info["generation"] == 2:
            full.append(time.perf_counter())

    before = gc.get_threshold()
    collector = IdleCollector(delay=0.2)
    gc.callbacks.append(watch)
    try:
        collector.start()
        gc.collect()
        collector.build_started()
        cycle = Node()
        cycle.self = cycle  # type: ignore[attr-defined]
        alive = weakref.ref(cycle)
        del cycle
        full.clear()
        kept = [[Node() for _ in range(100)] for _ in range(4000)]  # a rebuild's worth of objects that stay
        assert not full, "a full collection ran during the rebuild"
        del kept
        collector.build_done()
        done = time.perf_counter()
        until(lambda: full and alive() is None, timeout=5)
        assert full[0] - done >= 0.15  # after the pause, not during the rebuild
        assert collector.skipped == 0
        for _ in range(3):  # rebuilds back to back: the fourth starts with the full pass it was owed
            collector.build_started()
            collector.build_done()
        full.clear()
        collector.build_started()
        assert full and collector.skipped == 0
    finally:
        collector.stop()
        gc.callbacks.remove(watch)
    assert gc.get_threshold() == before


def test_a_promise_added_in_one_file_changes_the_done_command_on_the_partner_page(tmp_path: Path) -> None:
    """Grace's page shows `handshake done ada` for the promise of the meeting Ada recorded with her; once Ada's file
    holds a second open promise, the command needs the promise's words, so Grace's page changes although the
    shared meeting did not."""
    shared = ADA.replace("    notes: We talked about *engines*.\n",
                         "    notes: We talked about *engines*.\n    follow_up: Send the slides.\n")
    write_journal(tmp_path, {"ada.yml": shared, "grace.yml": GRACE, "alan.yml": ALAN})
    cache = FileCache()
    before = _keys(tmp_path, cache)
    (tmp_path / "people" / "ada.yml").write_text(
        shared + "  - {date: 2026-11-12, kind: tea, with: [alan], follow_up: Book a table.}\n", encoding="utf-8")
    after = _keys(tmp_path, cache)
    assert before["people/grace.md"] != after["people/grace.md"]
    html = build_site(Settings(JournalFiles.beside(tmp_path / "people"), {}), Options(today=dt.date(2026, 11, 25)),
                      cache).pages["people/grace.md"].render()
    import html as markup
    import re

    assert "handshake done ada 'Send the slides.'" in markup.unescape(re.sub(r"<[^>]+>", "", html))


def test_an_analysis_that_reuses_the_last_one_is_the_fresh_one(tmp_path: Path) -> None:
    """Under `mkdocs serve` the facts of people whose record, meetings and introductions did not change are taken
    from the last analysis: after any edit of the sample, every figure is what a fresh analysis computes, and the
    people the edit did not touch kept their facts."""
    import shutil

    from handshake_plugin.pipeline import open_journal
    from handshake_plugin.render.status import status_object

    people = tmp_path / "people"
    shutil.copytree(SAMPLE, people)
    options = Options(today=dt.date(2026, 11, 25), start=dt.date(2026, 6, 1))
    kept = FileCache()

    def dump(a: object) -> str:
        assert a is not None
        return repr((a, status_object(a)))  # type: ignore[arg-type]  # every figure, every list in its order

    open_journal(JournalFiles.beside(people), options, cache=kept)
    compared = reused = 0
    for path in sorted(people.glob("*.yml")):
        original = path.read_text(encoding="utf-8")
        for pattern, edited in _edits(original):
            before = kept.analysis
            path.write_text(edited, encoding="utf-8")
            again = open_journal(JournalFiles.beside(people), options, cache=kept).analysis
            fresh = open_journal(JournalFiles.beside(people), options).analysis
            path.write_text(original, encoding="utf-8")
            if fresh is None:  # the edit made the journal invalid
                continue
            assert dump(again) == dump(fresh), f"a figure is stale after {pattern!r} in {path.name}"
            compared += 1
            reused += sum(again.people[pid] is before.people.get(pid) for pid in again.people)
            open_journal(JournalFiles.beside(people), options, cache=kept)
    assert compared > 100 and reused > compared * 15  # most of the 22 people keep their facts on each edit


def test_pages_move_when_the_url_style_changes_while_serving(tmp_path: Path) -> None:
    """A save keeps the generated pages' files from the last build, with their URLs, only while the settings
    those URLs come from are the same: switching to `use_directory_urls: false` moves every page."""
    write_journal(tmp_path, {"ada.yml": ADA, "grace.yml": GRACE, "alan.yml": ALAN})
    with dirty_server(tmp_path) as (base, _site):
        assert "Hyde Park" in _get(base + "people/ada/")
        config = tmp_path / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8") + "use_directory_urls: false\n", encoding="utf-8")
        until(lambda: "Hyde Park" in _get(base + "people/ada.html"), timeout=20)
        ada = _get(base + "people/ada.html")
        assert 'href="grace.html"' in ada or 'href="../people/grace.html"' in ada, ada
        assert "Grace Hopper" in _get(base + "people/grace.html")


def test_someone_new_down_an_introduction_chain_changes_the_pages_that_count_them(tmp_path: Path) -> None:
    """Ada introduced Grace; when Alan now names Grace as his introducer, Ada's own record and facts are the same,
    yet her page now says she brought two: her page's key changes (and Grace's, and the hubs'), Alan's old
    neighbours' do not, and the page rendered anew says so."""
    grace = GRACE + "introduced_by: ada\n"
    write_journal(tmp_path, {"ada.yml": ADA, "grace.yml": grace, "alan.yml": ALAN})
    cache = FileCache()
    before = _keys(tmp_path, cache)
    (tmp_path / "people" / "alan.yml").write_text(ALAN + "introduced_by: grace\n", encoding="utf-8")
    after = _keys(tmp_path, cache)
    assert {uri for uri in before if before[uri] != after[uri]} == {
        "people/ada.md", "people/grace.md", "people/alan.md", *HUBS}
    site = build_site(Settings(JournalFiles.beside(tmp_path / "people"), {}), Options(today=dt.date(2026, 11, 25)),
                      cache)
    html = site.pages["people/ada.md"].render()
    assert ('Through Ada Lovelace you reached 2 people in all: <a href="../../people/grace/">Grace Hopper</a>, '
            '<a href="../../people/alan/">Alan Turing</a>.') in html
    assert "2 people (1 directly, 1 more through them)" in site.pages["introductions.md"].render()


def test_a_dirty_server_rewrites_the_introducers_page_when_someone_new_names_them(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": ADA, "grace.yml": GRACE + "introduced_by: ada\n", "alan.yml": ALAN})
    with dirty_server(tmp_path) as (base, site):
        index = site / "search" / "search_index.json"
        assert "you reached" not in _get(base + "people/ada/")  # the one she introduced is listed: nothing to add
        index_before = index.stat().st_mtime_ns
        (tmp_path / "people" / "alan.yml").write_text(ALAN + "introduced_by: grace\n", encoding="utf-8")
        until(lambda: index.stat().st_mtime_ns != index_before)
        until(lambda: "you reached 2 people in all" in _get(base + "people/ada/"))
        assert "Alan Turing</a>." in _get(base + "people/ada/")
        assert "2 people (1 directly, 1 more through them)" in _get(base + "introductions/")


def _with_overrides(root: Path, templates: dict[str, str]) -> None:
    """The journal's theme gets `custom_dir: theme`, with these template overrides in theme/handshake/."""
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  font: false\n",
                                                                 "  font: false\n  custom_dir: theme\n"),
                      encoding="utf-8")
    folder = root / "theme" / "handshake"
    folder.mkdir(parents=True)
    for name, text in templates.items():
        (folder / name).write_text(text, encoding="utf-8")


def test_an_override_showing_more_than_the_default_templates_is_never_stale_under_dirty(tmp_path: Path) -> None:
    """A user's override may show what the package's templates do not: on a person page, their contact data
    (shown by default only with show_contact) and every name the page is given; on the People page, each
    person's birthday, inside the kept rows. Under `serve --dirty` a save of that field changes those pages, as
    each page is rendered from one whole value that is also its key, not from a list of fields."""
    from handshake_plugin.render.pages import TEMPLATE_DIR

    person = (TEMPLATE_DIR / "person.html").read_text(encoding="utf-8") + (
        '<p class="extra">Write to {{ facts.person.contact.get("email", "nobody") }}</p>\n'
        '<p class="extra">Named here: {{ names.values() | sort | join(", ") }}</p>\n')
    table = (TEMPLATE_DIR / "people.html").read_text(encoding="utf-8")
    name_cell = '<td class="hs-cell-name">{{ person_a(p.id) }}</td>'
    assert name_cell in table
    table = table.replace(name_cell, name_cell + '<td class="extra">born {{ p.birthday }}</td>')
    write_journal(tmp_path, {"ada.yml": ADA + "contact: {email: ada@example.org}\n", "grace.yml": GRACE,
                             "alan.yml": ALAN + "birthday: 1912-06-23\n"})
    _with_overrides(tmp_path, {"person.html": person, "people.html": table})
    with dirty_server(tmp_path) as (base, site):
        assert "Write to ada@example.org" in _get(base + "people/ada/")
        assert "Named here: Ada Lovelace, Grace Hopper" in _get(base + "people/ada/")
        assert "born 1912-06-23" in _get(base + "people/")
        (tmp_path / "people" / "ada.yml").write_text(ADA + "contact: {email: ada@lovelace.org}\n", encoding="utf-8")
        until(lambda: "Write to ada@lovelace.org" in _get(base + "people/ada/"), "Ada's new email")
        (tmp_path / "people" / "grace.yml").write_text(GRACE.replace("Grace Hopper", "Grace Murray"), encoding="utf-8")
        until(lambda: "Named here: Ada Lovelace, Grace Murray" in _get(base + "people/ada/"), "Grace's new name")
        (tmp_path / "people" / "alan.yml").write_text(ALAN + "birthday: 1912-06-24\n", encoding="utf-8")
        until(lambda: "born 1912-06-24" in _get(base + "people/"), "Alan's new birthday")
        assert "born 1912-06-23" not in _get(base + "people/")


def test_an_override_that_reads_what_a_page_is_not_given_names_its_line(tmp_path: Path) -> None:
    """A person page is rendered from the person's input alone: an override that reaches for the whole
    journal (`a`, which only the journal's pages receive), or for more of another person than their name,
    fails the build with its file and line and what the template does receive, not with a traceback."""
    write_journal(tmp_path, {"ada.yml": ADA, "grace.yml": GRACE, "alan.yml": ALAN})
    _with_overrides(tmp_path, {"person.html": "<h1>{{ facts.person.name }}</h1>\n<p>{{ a.strength }}</p>\n"})
    result = build(tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    assert "theme/handshake/person.html:2: 'a' is undefined" in result.stderr, result.stderr
    assert "facts" in result.stderr and "names" in result.stderr and "today" in result.stderr
    (tmp_path / "theme" / "handshake" / "person.html").write_text(
        "<h1>{{ facts.person.name }}</h1>\n{% for pid, name in names.items() %}{{ name.person.notes }}{% endfor %}\n",
        encoding="utf-8")
    result = build(tmp_path)
    assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr
    assert "theme/handshake/person.html:2: 'str object' has no attribute 'person'" in result.stderr, result.stderr


def test_kept_blocks_of_long_lists_are_what_a_fresh_build_writes(tmp_path: Path) -> None:
    """At 300 people the people tables and the lists of all open items run to several kept blocks: whatever a save
    changes (notes, a new meeting and promise, a kept promise, a new person first in the alphabet, a removed
    person, a renamed one), each hub page is exactly what a fresh build writes."""
    import re

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from journal import generate

    generate(tmp_path, 300)
    people = tmp_path / "people"
    options = Options(today=dt.date(2026, 11, 25))
    kept = FileCache()

    def hubs(cache: FileCache, rebuilds: bool) -> dict[str, str]:
        site = build_site(Settings(JournalFiles.beside(people), {}, rebuilds=rebuilds), options, cache)
        return {uri: site.pages[uri].render() for uri in HUBS}

    first = hubs(kept, True)
    assert first["actions.md"].count('class="hs-brief-line"') > 100  # several blocks of open items
    files = sorted(people.glob("*.yml"))
    some = files[len(files) // 2]
    text = some.read_text(encoding="utf-8")
    edits = [
        (some, re.sub(r"(?m)^notes: \|\n  ", "notes: |\n  Changed. ", text, count=1)),
        (some, text.replace("meetings:\n", "meetings:\n  - {date: 2026-11-20, kind: tea, follow_up: [Call back.]}\n",
                            1)),
        (some, re.sub(r"(?m)^(    follow_up: )(.+)$", r"\1[{do: \2, done: 2026-11-24}]", text, count=1)),
        (some, re.sub(r"(?m)^name: .*$", "name: Aaron Aardvark", text, count=1)),
        (people / "aaa-first.yml", "name: Aaa First\nasks: [{date: 2026-11-20}]\n"),
    ]
    compared = 0
    for path, edited in edits:
        assert edited != (path.read_text(encoding="utf-8") if path.exists() else "")
        path.write_text(edited, encoding="utf-8")
        fresh = hubs(FileCache(), False)
        assert "The journal has" not in fresh["people.md"]
        assert hubs(kept, True) == fresh, f"a hub page is stale after editing {path.name}"
        compared += 1
    (people / "aaa-first.yml").unlink()
    named = {m for f in files for m in re.findall(r"(?:introduced_by: |with: \[)([a-z0-9-]+)", f.read_text())}
    leaving = next(f for f in files if f.stem not in named and f != some)
    leaving.unlink()  # someone leaves: every block after them moves up
    fresh = hubs(FileCache(), False)
    assert "The journal has" not in fresh["people.md"] and hubs(kept, True) == fresh
    assert compared == len(edits)


def test_a_person_page_receives_only_its_input_settings_and_functions(tmp_path: Path) -> None:
    """What a person page's template may read, and so what its key must hold: the fields of its input, values of
    the build's settings (fingerprinted in the input) and functions. A data entry added to the context beside
    these would be read by an override without being part of the key: this test names it."""
    import types

    from handshake_plugin.render import pages

    write_journal(tmp_path, {"ada.yml": ADA, "grace.yml": GRACE, "alan.yml": ALAN})
    seen: list[dict] = []
    real = pages.SiteRenderer._render_template

    def spy(self, name, context, template=None):
        if name == "person.html":
            seen.append(context)
        return real(self, name, context, template)

    pages.SiteRenderer._render_template = spy  # type: ignore[method-assign]
    try:
        site = build_site(Settings(JournalFiles.beside(tmp_path / "people"), {}), Options(today=dt.date(2026, 11, 25)))
        site.pages["people/ada.md"].render()
    finally:
        pages.SiteRenderer._render_template = real  # type: ignore[method-assign]
    context = seen[0]
    data = {k for k, v in context.items() if not callable(v) and not isinstance(v, types.ModuleType)}
    from_input = {"facts", "options", "today", "names", "through", "page_title"}
    from_settings = {"show_contact", "dashboard_link", "week_notes", "calendar_feed"}
    assert data == from_input | from_settings, data - (from_input | from_settings)


def _dirty_builds(root: Path):
    """Rebuilds of the journal in `root` as `mkdocs serve --dirty` makes them, in this process (the plugin kept):
    a function that rebuilds and returns the error it ended with, if any."""
    import logging
    import os

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    def config():
        c = load_config(str(root / "mkdocs.yml"))
        c["site_dir"] = str(root / "served")
        return c

    logging.disable(logging.WARNING)
    cwd = os.getcwd()
    os.chdir(root)
    first = config()
    first.plugins.on_startup(command="serve", dirty=True)
    mkdocs_build(first, dirty=True)

    def rebuild() -> BaseException | None:
        try:
            mkdocs_build(config(), dirty=True)
        except BaseException as exc:  # noqa: BLE001 - the test looks at what the build ended with
            return exc
        return None

    os.chdir(cwd)
    return rebuild


def test_a_build_that_fails_part_way_leaves_no_page_stale_once_the_save_is_undone(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A rename makes the theme fail on one page after others were written: when the save is undone, each page
    is built again, though its input is equal to the last complete build's again (the disk holds the failed
    build's HTML). Then an override added while serving is used at once, kept pieces and all, and a mistake in it
    is a clean error."""
    import logging

    from mkdocs.exceptions import Abort

    write_journal(tmp_path, {"ada.yml": ADA, "grace.yml": GRACE, "alan.yml": ALAN})
    _with_overrides(tmp_path, {})
    (tmp_path / "theme" / "main.html").write_text(
        '{% extends "base.html" %}{% block content %}{% if page and "Zed" in page.title %}{{ 1 // 0 }}{% endif %}'
        "{{ super() }}{% endblock %}", encoding="utf-8")
    rebuild = _dirty_builds(tmp_path)
    try:
        served = tmp_path / "served"
        ada = tmp_path / "people" / "ada.yml"
        ada.write_text(ADA.replace("Ada Lovelace", "Zed Lovelace"), encoding="utf-8")
        assert isinstance(rebuild(), ZeroDivisionError)
        ada.write_text(ADA, encoding="utf-8")
        assert rebuild() is None
        for page in ("people/index.html", "people/grace/index.html", "people/ada/index.html", "index.html"):
            html = (served / page).read_text(encoding="utf-8")
            assert "Zed" not in html and "Ada Lovelace" in html, page
        (tmp_path / "theme" / "handshake" / "people.html").write_text("<p>My own people page</p>", encoding="utf-8")
        assert rebuild() is None
        assert "My own people page" in (served / "people" / "index.html").read_text(encoding="utf-8")
        # a mistake in it is MkDocs' clean error (no traceback), naming the file and line, as in `mkdocs build`
        (tmp_path / "theme" / "handshake" / "people.html").write_text("<p>{{ a.nope }}</p>", encoding="utf-8")
        error = rebuild()
        assert isinstance(error, Abort), repr(error)  # what MkDocs makes of a PluginError, once it has logged it
        assert "theme/handshake/people.html:1: 'handshake_plugin.core.analysis.Analysis object' has no attribute " \
               "'nope'" in caplog.text
    finally:
        logging.disable(logging.NOTSET)


def test_a_template_error_naming_hostile_text_stays_one_line() -> None:
    """Jinja2 quotes the key a template asked for, which may come from the journal: control characters and bidi
    overrides are written as escapes, as every message of Handshake writes them."""
    import jinja2

    from handshake_plugin.render.pages import template_problem

    template = jinja2.Environment(undefined=jinja2.StrictUndefined).from_string("{{ d['\x1b[2Jevil\u202e'].x }}")
    try:
        template.render(d={})
    except jinja2.TemplateError as exc:
        message = str(template_problem(template, exc, {"d": {}}))
    assert "\x1b" not in message and "\u202e" not in message and "\n" not in message
    assert "\\x1b[2Jevil\\u202e" in message and message.startswith("<template>:1: ")
