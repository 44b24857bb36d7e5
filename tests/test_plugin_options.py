"""The commands read the plugin's options straight from a plain mkdocs.yml, with exactly MkDocs' values.

Whenever the quick reader accepts an entry, MkDocs accepts it without a warning and gives the same
options; everything else goes through MkDocs, whose messages the commands print as before.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, run, write_journal
from hypothesis import event, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config

from handshake_plugin.core.options import PluginOptions, options_from, quick_options
from handshake_plugin.engine.config import HandshakeConfig, plugin_options

SAMPLE_ENTRY = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"]["handshake"]


WEEK = st.sampled_from(["2026-W02", "2026-W53", " 2026-W10 ", "2027-W01"])
BAD_WEEK = st.sampled_from(["2026-W60", "2026-14", "1899-W01", ""])
CADENCE = st.sampled_from(["6w", "12w", "7d", "3m", "1y", " 2w "])
BAD_CADENCE = st.sampled_from(["0d", "6 weeks", "101y", "w"])
ANYTHING = st.one_of(st.none(), st.booleans(), st.integers(-2, 5), st.text(max_size=6), st.dates(),
                     st.lists(st.integers(), max_size=2),
                     st.dictionaries(st.text(max_size=3), st.integers(), max_size=1))


def _value(good: st.SearchStrategy, bad: st.SearchStrategy | None = None) -> st.SearchStrategy:
    """Mostly a good value (so that many entries are good throughout), sometimes a bad one or anything at all."""
    odd = ANYTHING if bad is None else st.one_of(bad, ANYTHING)
    return st.integers(0, 9).flatmap(lambda n: odd if n == 0 else good)


ENTRY = st.fixed_dictionaries({}, optional={
    "people_dir": _value(st.sampled_from(["people", "friends", "a/b"])),
    "today": _value(st.one_of(st.dates(), st.sampled_from(["2026-11-25", "2026-02-28"])),
                    st.sampled_from(["tomorrow", "2026-02-30", "0001-01-01"])),
    "show_contact": _value(st.booleans()),
    "encrypted": _value(st.booleans()),
    "strong_after": _value(st.integers(1, 6), st.integers(-1, 0)),
    "nudge_after": _value(CADENCE, BAD_CADENCE),
    "keep_in_touch": _value(st.fixed_dictionaries({}, optional={"strong": _value(CADENCE, BAD_CADENCE),
                                                                  "met": _value(CADENCE, BAD_CADENCE)}),
                            st.fixed_dictionaries({"weak": CADENCE})),
    "challenge": _value(st.fixed_dictionaries({}, optional={
        "goal": _value(st.integers(1, 4), st.integers(-1, 0)), "start": _value(WEEK, BAD_WEEK),
        "counts": _value(st.sampled_from(["asks", "meetings"]), st.just("meets")),
        "pauses": _value(st.lists(st.one_of(WEEK, st.tuples(WEEK, WEEK).map("..".join)), max_size=3),
                         st.lists(BAD_WEEK, min_size=1, max_size=1))})),
    "strong_aftr": st.integers(1, 3),
})


def _mkdocs(entry: dict) -> tuple[HandshakeConfig, list, list]:
    cfg = HandshakeConfig()
    cfg.load_dict(yaml.safe_load(yaml.safe_dump(entry)))  # a copy: validation replaces values in place
    errors, warnings = cfg.validate()
    return cfg, errors, warnings


def _agree(entry: dict) -> str:
    """What the quick reader did with `entry`, having checked that MkDocs agrees."""
    try:
        quick = options_from(entry)
    except ValueError:
        assert _mkdocs(entry)[1], f"the quick reader refused {entry}, MkDocs accepts it"
        return "refused as wrong"
    if quick is None:
        return "left to MkDocs"
    cfg, errors, warnings = _mkdocs(entry)
    assert not errors and not warnings, (entry, errors, warnings)
    assert plugin_options(cfg) == quick
    return "read quickly"


@settings(max_examples=400, deadline=None)
@given(entry=ENTRY)
def test_what_the_quick_reader_accepts_mkdocs_accepts_with_the_same_values(entry: dict) -> None:
    event(_agree(entry))


@pytest.mark.parametrize("entry", [
    {"people_dir": "<script>alert(1)</script>\x07\u202e\u00e9\U0001f600", "strong_after": 10 ** 30},
    {"challenge": {"goal": 10 ** 30, "start": "9999-W52"}},
    {"today": "9999-12-31"}, {"today": "2026-11-25\x00"}, {"nudge_after": "9" * 400 + "d"},
    {"keep_in_touch": {"strong": "\u0666w"}}, {"challenge": {"pauses": ["2026-W01..9999-W01"]}},
])
def test_hostile_values_are_read_as_mkdocs_reads_them(entry: dict) -> None:
    _agree(entry)


def test_the_usual_entries_need_no_mkdocs() -> None:
    """The scaffold's and the sample's entries, a bare `- handshake` and a null entry are all read quickly."""
    for entry in (SAMPLE_ENTRY, {}, {"challenge": {"counts": "meetings", "pauses": []}, "show_contact": True}):
        quick = options_from(entry)
        assert quick is not None and quick == plugin_options(_mkdocs(entry)[0])
    assert options_from({}) == PluginOptions()


@pytest.mark.parametrize(("path", "bad"), [
    ("people_dir", 5), ("today", "tomorrow"), ("today", 20261125), ("show_contact", "yes"), ("encrypted", 1),
    ("strong_after", 0), ("strong_after", True), ("strong_after", 2.5), ("nudge_after", "6 weeks"),
    ("nudge_after", 7), ("keep_in_touch", None), ("keep_in_touch.weak", "6w"), ("keep_in_touch.met", "0w"),
    ("challenge.counts", "meets"), ("challenge.goal", 0), ("challenge.start", "2026-14"),
    ("challenge.pauses", "2026-W02"), ("challenge.pauses", ["2026-W60"]), ("enabled", False), ("strong_aftr", 2),
])
def test_each_wrong_or_unknown_value_is_left_to_mkdocs(path: str, bad: object) -> None:
    entry = yaml.safe_load(yaml.safe_dump(SAMPLE_ENTRY))
    *parents, key = path.split(".")
    target = entry
    for parent in parents:
        target = target[parent]
    target[key] = bad
    try:
        assert options_from(entry) is None
    except ValueError:
        pass
    _, errors, warnings = _mkdocs(entry)
    assert errors or warnings


def _config_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mkdocs.yml"
    (tmp_path / "docs").mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text", [
    "site_name: J\nplugins:\n  - search\n  - handshake:\n      strong_after: 2\n",
    "site_name: J\nplugins:\n  search: {}\n  handshake:\n    strong_after: 2\n",
    "site_name: J\nplugins: [handshake]\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
    "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
    "site_name: !ENV [SITE, J]\nplugins:\n  - handshake:\n",
])
def test_plain_configs_are_read_quickly_and_as_mkdocs_reads_them(tmp_path: Path, text: str) -> None:
    path = _config_file(tmp_path, text)
    quick = quick_options(path)
    assert quick is not None
    mkdocs = load_config(str(path))
    assert quick == plugin_options(mkdocs.plugins["handshake"].config)  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", [
    "INHERIT: base.yml\nplugins: [handshake]\n",
    "site_name: J\nplugins:\n  - handshake:\n      today: !ENV [HANDSHAKE_DAY, 2026-11-25]\n",
    "site_name: J\nplugins: [search]\n",
    "site_name: J\nplugins: [handshake, handshake]\n",
    "site_name: J\nplugins:\n  - handshake:\n      enabled: false\n",
    "site_name: J\nplugins:\n  - {handshake: {}, search: {}}\n",
    "site_name: J\nplugins:\n  - handshake:\n      strong_after: 0\n",
    "site_name: [unclosed\n",
    "- a list\n",
    "site_name: J\nextra: {a: =}\nplugins: [handshake]\n",
    "site_name: J\nextra: !foo bar\nplugins: [handshake]\n",
    "site_name: J\nplugins:\n  - /handshake\n  - handshake: {people_dir: friends}\n",
    "site_name: J\nplugins: [handshake, 5]\n",
])
def test_anything_unusual_is_left_to_mkdocs(tmp_path: Path, text: str) -> None:
    assert quick_options(_config_file(tmp_path, text)) is None


def test_commands_give_mkdocs_messages_for_options_it_refuses(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": "name: Ada\n"}, options="challenge: {goal: 0}")
    result = run(["handshake", "status"], tmp_path)
    assert result.returncode == 2
    assert "Sub-option 'goal': expected a whole number of 1 or more, got 0" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_an_env_tag_in_the_options_is_read_through_mkdocs(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": "name: Ada\nasks: [{date: 2026-03-02}]\n"},
                  options="today: !ENV [HANDSHAKE_DAY, 2026-01-01]")
    result = run(["handshake", "status", "--json"], tmp_path, env={"HANDSHAKE_DAY": "2026-03-04"})
    assert result.returncode == 0, result.stderr
    assert '"today": "2026-03-04"' in result.stdout


def test_status_on_the_sample_loads_neither_mkdocs_nor_its_theme() -> None:
    """What makes `handshake status` quick: on a plain mkdocs.yml it never imports MkDocs, Jinja or Markdown."""
    code = ("import sys; from handshake_plugin.cli.arguments import main; main(['status']); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'mkdocs', 'jinja2', 'markdown', 'material'}))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                            env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""})
    assert result.stdout.rstrip().endswith("[]"), result.stdout
    assert "This week:" in result.stdout


def test_yaml_aliases_that_repeat_lists_cost_the_quick_reader_no_more_than_their_text(tmp_path: Path) -> None:
    """Nine lists of nine references to the list before: 387 million values spelled out, 800 bytes written."""
    lines = ["site_name: J", "x:", "  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"  a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    lines += ["plugins:", "  - handshake:", "      today: 2026-11-25", "      keep_in_touch: {strong: *a8}"]
    assert quick_options(_config_file(tmp_path, "\n".join(lines) + "\n")) is None
    _, errors, _ = _mkdocs({"keep_in_touch": {"strong": [["6w"] * 9] * 9}})
    assert "write one value here, not a list or mapping, e.g. 6w" in str(errors[0][1])  # not printed whole
