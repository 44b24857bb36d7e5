"""Whatever `check` accepts, the whole pipeline handles: random values within the data format (issue 11).

Random people (names and notes with markup and control characters, dates across 1900–2199 and just
outside, cadences, answers, kinds, follow-ups) and random options (today, start, pauses) go through
load → check → analyse → render → feed → status, in process, as the plugin and the CLI call them.
The only failure allowed is the project's own: a located `Problem`, or an option refused with a message.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from mkdocs.config import base

from handshake_plugin.core.analysis import core_options
from handshake_plugin.core.options import PluginOptions
from handshake_plugin.core.problems import errors_in
from handshake_plugin.engine.config import HandshakeConfig, plugin_options
from handshake_plugin.pipeline import JournalFiles, open_journal
from handshake_plugin.render.feed import calendar_feed
from handshake_plugin.render.notes import same_site
from handshake_plugin.render.pages import site_renderer
from handshake_plugin.render.status import status_object, status_text

HOSTILE_TEXT = ["<script>alert(1)</script>", "<img src=//evil.example/x onerror=alert(1)>", "{{ 7*7 }}", "{% raw %}",
                "\x1b[2J", "line\nbreak", "\r", "\u202e", "&amp;", "](javascript:alert(1))", "`", "*", "\\\\host/x",
                '<p style="background:url(//evil.example/x)">', "李小龙", "Zoë", "\U0001f600", "'", '"', ": ", "- "]
TEXT = st.lists(st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=8)), max_size=4).map("".join)
NAME = st.builds(lambda first, rest: first + rest, st.sampled_from(["A", "李", "<b>", "\x1b[2J", "Zoë"]), TEXT)
# Dates across the whole range and its edges; with `hostile`, also just outside it and far away.
IN_RANGE = st.one_of(st.dates(dt.date(1900, 1, 1), dt.date(2199, 12, 31)),
                     st.sampled_from([dt.date(1900, 1, 1), dt.date(2199, 12, 31), dt.date(2026, 11, 25)]))
OUTSIDE = st.sampled_from([dt.date(1899, 12, 31), dt.date(2200, 1, 1), dt.date(1, 1, 1), dt.date(9999, 12, 31)])
# Notes that cost Markdown super-linear time or deep recursion (issue 24), and long ordinary ones.
HEAVY_NOTE = st.builds(lambda unit, n: unit * n,
                       st.sampled_from(["[", "![", "*_", "<", "`", "[x][", "[](", ">", "[\n", "*[a]: b\n", "a\n: b\n",
                                        "<a ", "(", "[[", "]]"]), st.integers(50, 8_000))
NESTED_NOTE = st.builds(lambda marker, n: "\n".join(marker * i + "- x" for i in range(n)),
                        st.sampled_from(["  ", "    ", "\t", "> "]), st.integers(10, 400))
LONG_NOTE = st.builds(lambda text, n: "\n\n".join([text] * n), TEXT.filter(bool), st.integers(100, 3_000))
NOTE = st.one_of(TEXT, HEAVY_NOTE, NESTED_NOTE, LONG_NOTE)


def day(hostile: bool) -> st.SearchStrategy[dt.date]:
    return st.one_of(IN_RANGE, OUTSIDE) if hostile else IN_RANGE


def when(hostile: bool) -> st.SearchStrategy[object]:
    return st.one_of(day(hostile), st.builds(lambda d, h, m: f"{d.isoformat()} {h:02d}:{m:02d}", day(hostile),
                                             st.integers(0, 23), st.integers(0, 59)))


def cadence(hostile: bool) -> st.SearchStrategy[str]:
    longest = {"d": 9999, "w": 5218, "m": 1200, "y": 100}
    valid = st.sampled_from("dwmy").flatmap(
        lambda u: st.sampled_from([1, 2, 6, 12, 99, 100, longest[u]]).map(lambda n: f"{n}{u}"))
    too_long = st.sampled_from(["101y", "1201m", "5219w", "9999y", "36525d"])
    return st.one_of(valid, too_long) if hostile else valid


def answer(hostile: bool) -> st.SearchStrategy[object]:
    return st.sampled_from(["accepted", "declined", "pending", "no-reply", None] + (["maybe", True] if hostile else []))


KIND = st.one_of(st.sampled_from(["coffee", "tea", "call", "video", "other"]), TEXT)
IDS = ["ada", "bo", "cy"]


@st.composite
def person(draw: st.DrawFn, pid: str, hostile: bool, ids: list[str]) -> dict:
    DAY, WHEN, CADENCE, ANSWER = day(hostile), when(hostile), cadence(hostile), answer(hostile)  # noqa: N806
    data: dict = {"name": draw(NAME)}
    if draw(st.booleans()):
        data["found"] = {"date": draw(DAY), "where": draw(TEXT), "note": draw(TEXT)}
    if draw(st.booleans()):
        data["tags"] = draw(st.lists(TEXT, max_size=3))
    if draw(st.booleans()):
        data["birthday"] = draw(st.one_of(DAY, st.sampled_from(["02-29", "12-31", "01-01"])))
    if draw(st.booleans()):
        data["keep_in_touch"] = draw(CADENCE)
    if draw(st.booleans()):
        data["rapport"] = draw(DAY)
    if draw(st.booleans()):
        data["introduced_by"] = draw(st.sampled_from([i for i in ids if i != pid] or [pid]))
    data["notes"] = draw(NOTE)
    data["asks"] = draw(st.lists(st.fixed_dictionaries(
        {"date": DAY, "answer": ANSWER}, optional={"via": TEXT, "note": TEXT}), max_size=3))
    data["meetings"] = draw(st.lists(st.fixed_dictionaries(
        {"date": WHEN, "kind": KIND},
        optional={"where": TEXT, "notes": NOTE, "follow_up": TEXT,
                  "with": st.lists(st.sampled_from([i for i in ids if i != pid] or [pid]), max_size=2)}), max_size=3))
    return data


def _week(day: dt.date) -> str:
    year, number, _ = day.isocalendar()
    return f"{year}-W{number:02d}"


def options(hostile: bool) -> st.SearchStrategy[dict]:
    DAY, CADENCE = day(hostile), cadence(hostile)  # noqa: N806
    return st.fixed_dictionaries({}, optional={
        "today": DAY,
        "people_dir": st.sampled_from(["people", "./people", "people/"] + (["", ".", "./", "..", "/tmp", "people/.."]
                                                                             if hostile else [])),
        "keep_in_touch": st.fixed_dictionaries({}, optional={"met": CADENCE, "strong": CADENCE}),
        "challenge": st.fixed_dictionaries({}, optional={
            "start": DAY.map(_week),
            "goal": st.integers(1, 3),
            "pauses": st.lists(st.one_of(DAY.map(_week), st.tuples(DAY, DAY).map(
                lambda p: f"{_week(min(p))}..{_week(max(p))}")), max_size=2)}),
    })

class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: object) -> bool:  # values drawn twice are written twice, as a person would
        return True


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]")


def _config(options: dict) -> HandshakeConfig | None:
    cfg = HandshakeConfig()
    cfg.load_dict({"today": "2026-11-25", **options})
    errors, _ = cfg.validate()
    for _, error in errors:
        assert isinstance(error, base.ValidationError) and str(error)
    return None if errors else cfg


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                 HealthCheck.function_scoped_fixture])
@given(hostile=st.booleans(), count=st.integers(1, 3), data=st.data())
def test_what_check_accepts_the_whole_pipeline_handles(tmp_path: Path, hostile: bool, count: int,
                                                       data: st.DataObject) -> None:
    people = [data.draw(person(pid, hostile, IDS[:count]), label=pid) for pid in IDS[:count]]
    chosen = data.draw(options(hostile), label="options")
    folder = tmp_path / "people"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for pid, fields in zip(IDS[:count], people, strict=True):
        text = yaml.dump(fields, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)
        (folder / f"{pid}.yml").write_text(text, encoding="utf-8")
    cfg = _config(chosen)
    result = open_journal(JournalFiles.beside(folder), core_options(plugin_options(cfg) if cfg else PluginOptions()),
                          display_root=tmp_path)
    for problem in result.problems:
        assert "\n" not in str(problem) and not _CONTROL.search(str(problem)), problem
    if errors_in(result.problems) or cfg is None or result.analysis is None:
        return  # refused with located problems or option messages: the project's own errors
    event("accepted")
    analysis = result.analysis
    renderer = site_renderer(analysis, {}, custom_dir=None, markdown_extensions=["extra", "sane_lists"],
                             mdx_configs={}, directory_urls=True, show_contact=False)
    for page in renderer.pages():
        start = time.perf_counter()
        html = renderer.render(page)
        assert time.perf_counter() - start < 5, page.src_uri  # bounded work per note (a guard, not a benchmark)
        tags = re.findall(r"<[a-zA-Z][^>]*>", html)
        assert not [t for t in tags if re.match(r"<(script|iframe|object|video|audio|link|style)\b", t, re.I)]
        # Attribute names only: an escaped value (a command to copy that quotes a note) may spell `style=`.
        names = [re.sub(r'"[^"]*"|\'[^\']*\'', '""', t) for t in tags]
        assert not [t for t in names if re.search(r"\s(on\w+|style|srcset)\s*=", t, re.I)]
        for src in re.findall(r'<img[^>]*\ssrc="([^"]*)"', html):
            assert same_site(src), src
    assert calendar_feed(analysis, "Test").startswith(b"BEGIN:VCALENDAR")
    status_object(analysis)
    text = status_text(analysis)
    assert not _CONTROL.search(text), text


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                HealthCheck.function_scoped_fixture])
@given(length=st.integers(1_200, 3_000), loop=st.booleans(), branch=st.integers(0, 5))
def test_deep_introduction_chains_go_through_the_pipeline(tmp_path: Path, length: int, loop: bool,
                                                          branch: int) -> None:
    """Thousands of people, each introduced by the one before (with a cycle at the end, and branches):
    nothing in reading, analysis, the introductions drawing, person pages or status recurses over them."""
    folder = tmp_path / "people"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for i in range(length):
        by = f"p{(i - 1) % length}" if i or loop else None
        text = f"name: Person {i}\n" + (f"introduced_by: {by}\n" if by else "") + "asks:\n  - date: 2026-01-05\n"
        (folder / f"p{i}.yml").write_text(text, encoding="utf-8")
    for j in range(branch):
        (folder / f"b{j}.yml").write_text(f"name: Branch {j}\nintroduced_by: p{length // 2}\n", encoding="utf-8")
    result = open_journal(JournalFiles.beside(folder), core_options(PluginOptions()),
                          display_root=tmp_path)
    assert not errors_in(result.problems) and result.analysis is not None
    analysis = result.analysis
    renderer = site_renderer(analysis, {}, custom_dir=None, markdown_extensions=["extra"], mdx_configs={},
                             directory_urls=True, show_contact=False)
    pages = {page.src_uri: page for page in renderer.pages()}
    drawing = renderer.render(pages["introductions.md"])
    assert f"Person {length - 1}" in drawing
    assert "Person 0" in renderer.render(pages["people/p1.md"])
    assert status_text(analysis)
