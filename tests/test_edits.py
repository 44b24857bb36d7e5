"""`handshake ask|met|answer`: new lines appended, every other byte kept, nothing lost on failure."""

from __future__ import annotations

import difflib
import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run, write_journal

from handshake_plugin.files import atomic
from handshake_plugin.files.edit import EditError, append_entry, ask_entry, edit_person

HAND_WRITTEN = """\
# yaml-language-server: $schema=../schema/person.schema.json
name: "Ada Lovelace"   # quoted on purpose
found: {date: 2026-01-03, where: Mastodon}

tags: [math,   writing]
asks:
    -   date: 2026-01-05
        via: 'DM'
        answer: pending   # waiting

    # a comment between entries
meetings:
- date: 2026-01-14
  kind: coffee
  notes: |
    Talked about networks.

# the end
"""


def added_lines(before: str, after: str) -> list[str]:
    """The lines of `after` that are not in `before`, checking that nothing of `before` changed."""
    diff = list(difflib.ndiff(before.splitlines(keepends=True), after.splitlines(keepends=True)))
    assert not [d for d in diff if d.startswith("- ")], "an original line changed"
    return [d[2:] for d in diff if d.startswith("+ ")]


def test_ask_met_answer_keep_every_other_byte(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": HAND_WRITTEN, "grace.yml": "name: Grace\n"})
    path = tmp_path / "people" / "ada.yml"
    result = run(["handshake", "ask", "ada", "--via", "email: short note", "--date", "2026-02-01"], tmp_path)
    assert result.returncode == 0, result.stderr
    after_ask = path.read_text()
    assert added_lines(HAND_WRITTEN, after_ask) == [
        "    -   date: 2026-02-01\n", "        via: 'email: short note'\n", "        answer: pending\n"]
    result = run(["handshake", "met", "ada", "--kind", "walk", "--date", "2026-02-03 09:15", "--where", "Park",
                  "--with", "grace", "--notes", "First line.\nSecond: line."], tmp_path)
    assert result.returncode == 0, result.stderr
    after_met = path.read_text()
    assert added_lines(after_ask, after_met) == [
        "- date: 2026-02-03 09:15\n", "  kind: walk\n", "  where: Park\n", "  with: [grace]\n", "  notes: |\n",
        "    First line.\n", "    Second: line.\n"]
    result = run(["handshake", "answer", "ada", "accepted"], tmp_path)
    assert result.returncode == 0, result.stderr
    answered = path.read_text()
    diff = [d for d in difflib.ndiff(after_met.splitlines(), answered.splitlines()) if d[0] in "+-"]
    assert diff == ["-         answer: pending", "+         answer: accepted"]   # the latest ask, Feb 1
    assert run(["handshake", "check"], tmp_path).returncode == 0
    status = json.loads(run(["handshake", "status", "--json"], tmp_path).stdout)
    assert status["people"] == {"total": 2, "radar": 0, "asked": 0, "met": 2, "strong": 0}


def test_a_bad_edit_leaves_the_file_untouched(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": HAND_WRITTEN})
    path = tmp_path / "people" / "ada.yml"
    result = run(["handshake", "met", "ada", "--kind", "tea", "--with", "nobody"], tmp_path)
    assert result.returncode == 2 and "no person file for 'nobody'" in result.stderr
    assert path.read_text() == HAND_WRITTEN
    assert sorted(os.listdir(path.parent)) == ["ada.yml"]


def test_a_write_killed_midway_leaves_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ada.yml"
    path.write_text(HAND_WRITTEN)

    def crash(*args: object) -> None:
        raise KeyboardInterrupt  # the process dies between writing the new file and the rename

    monkeypatch.setattr(atomic.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        edit_person(path, "ada.yml", [], lambda t: append_entry(t, "asks", ask_entry(
            __import__("datetime").date(2026, 3, 1), None, None)))
    assert path.read_text() == HAND_WRITTEN
    assert os.listdir(tmp_path) == ["ada.yml"]


def test_an_unsafe_file_is_not_edited(tmp_path: Path) -> None:
    path = tmp_path / "ada.yml"
    path.write_text("name: &a Ada\nnotes: *a\n")
    with pytest.raises(EditError, match="aliases"):
        edit_person(path, "ada.yml", [], lambda t: t + "tags: [x]\n")
    assert path.read_text() == "name: &a Ada\nnotes: *a\n"


def test_sample_person_files_take_an_ask(tmp_path: Path) -> None:
    for src in sorted((ROOT / "people").glob("*.yml")):
        copy = tmp_path / src.name
        shutil.copy(src, copy)
        before = copy.read_text()
        edit_person(copy, src.name, [p.stem for p in (ROOT / "people").glob("*.yml")],
                    lambda t: append_entry(t, "asks", ask_entry(__import__("datetime").date(2026, 12, 1), "x", None)))
        assert added_lines(before, copy.read_text()), src.name


def test_commands_refuse_unknown_kinds_and_impossible_dates(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": HAND_WRITTEN})
    path = tmp_path / "people" / "ada.yml"
    kind = run(["handshake", "met", "ada", "--kind", "coffe"], tmp_path)
    assert kind.returncode == 2 and "did you mean 'coffee'?" in kind.stderr
    date = run(["handshake", "ask", "ada", "--date", "2026-02-30"], tmp_path)
    assert date.returncode == 2 and "2026-02-30 is not a real date" in date.stderr
    assert path.read_text() == HAND_WRITTEN


def test_a_late_reply_changes_the_latest_answer(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": "name: Ada\nasks:\n  - date: 2026-01-05\n    answer: no-reply\n"})
    refused = run(["handshake", "answer", "ada", "accepted"], tmp_path)
    assert refused.returncode == 2 and "--latest" in refused.stderr
    assert run(["handshake", "answer", "ada", "accepted", "--latest"], tmp_path).returncode == 0
    assert (tmp_path / "people" / "ada.yml").read_text() == \
        "name: Ada\nasks:\n  - date: 2026-01-05\n    answer: accepted\n"


@pytest.mark.parametrize("via", ["DM, then email", "call: at noon", "{braces} and [brackets]", "a # hash"])
def test_an_ask_added_to_a_flow_list_keeps_a_value_with_commas_and_colons_whole(tmp_path: Path, via: str) -> None:
    path = tmp_path / "bob.yml"
    path.write_text("name: Bob\nasks: [{date: 2026-01-05, answer: declined}]\n", encoding="utf-8")
    edit_person(path, "people/bob.yml", [], lambda text: append_entry(text, "asks", ask_entry(
        __import__("datetime").date(2026, 2, 1), via, None)))
    from handshake_plugin.core.load import load_text

    assert load_text(path.read_text(encoding="utf-8"), "bob.yml").data["asks"][1]["via"] == via


def test_an_edit_that_cannot_be_made_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bob.yml"
    path.write_text("name: Bob\nasks: not a list\n", encoding="utf-8")
    with pytest.raises(EditError, match=r"^people/bob.yml: 'asks' is not a list"):
        edit_person(path, "people/bob.yml", [], lambda text: append_entry(text, "asks", {"date": "2026-02-01"}))
