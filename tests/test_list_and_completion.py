"""`handshake list` as a terminal shows it (columns by display width, tags found whatever their case) and
the shell completion of option values (issue 24)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from conftest import BIN, run, write_journal


def _columns(text: str) -> int:
    """Terminal columns by the Unicode tables alone (East Asian Wide/Fullwidth two, combining marks none)."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


PEOPLE = {
    "li-xiao-long.yml": "name: 李小龙\ntags: [武术, Research]\nasks: [{date: 2026-11-02}]\n",
    "taro.yml": "name: 山田太郎\ntags: [research]\nmeetings: [{date: 2026-11-03, kind: tea}]\n",
    "zoe.yml": "name: \"Zoe\\u0308 A\\u030angstro\\u0308m\"\ntags: [RESEARCH, \"Re\\u0301seau\"]\n",  # decomposed
    "ada.yml": "name: Ada Lovelace\ntags: [math]\n",
    "kim.yml": "name: 김민준 (Minjun Kim)\ntags: [Réseau]\n",
    "long.yml": "name: " + "长" * 30 + "\n",
}


def test_list_aligns_columns_by_display_width(tmp_path: Path) -> None:
    write_journal(tmp_path, PEOPLE)
    result = run(["handshake", "list"], tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.rstrip("\n").split("\n")
    starts = [[_columns(line[:m.start()]) for m in re.finditer(r"\S+(?: \S+)*", line)] for line in lines]
    assert len(starts[0]) == 7 and all(len(row) in (6, 7) for row in starts), lines   # TAGS may be empty
    for line, row in zip(lines[1:], starts[1:], strict=True):
        assert row == starts[0][:len(row)], (line, row, starts[0])                     # each column at one place
    long_name = re.split(r" {2,}", next(line for line in lines if line.startswith("long ")))[1]
    assert long_name.endswith("…") and 38 <= _columns(long_name) <= 40, long_name


@pytest.mark.parametrize("tag", ["research", "Research", "RESEARCH", "rEsEaRcH"])
def test_list_finds_a_tag_whatever_its_case(tmp_path: Path, tag: str) -> None:
    write_journal(tmp_path, PEOPLE)
    rows = json.loads(run(["handshake", "list", "--tag", tag, "--json"], tmp_path).stdout)
    assert [r["id"] for r in rows] == ["li-xiao-long", "taro", "zoe"]
    table = run(["handshake", "list", "--tag", tag], tmp_path).stdout
    assert [line.split()[0] for line in table.splitlines()[1:]] == ["li-xiao-long", "taro", "zoe"]


def test_list_finds_a_tag_written_with_composed_or_decomposed_accents(tmp_path: Path) -> None:
    write_journal(tmp_path, PEOPLE)
    for tag in ("réseau", "Re\u0301seau", "RÉSEAU"):
        rows = json.loads(run(["handshake", "list", "--tag", tag, "--json"], tmp_path).stdout)
        assert [r["id"] for r in rows] == ["kim", "zoe"], tag
    assert run(["handshake", "list", "--tag", "nobody"], tmp_path).stdout == "No one matches.\n"


def _complete(line: str, cwd: Path, tmp_path: Path) -> list[str]:
    out = tmp_path / "completions"
    out.unlink(missing_ok=True)
    env = {**os.environ, "_ARGCOMPLETE": "1", "_ARGCOMPLETE_SHELL": "bash", "COMP_LINE": line,
           "COMP_POINT": str(len(line)), "_ARGCOMPLETE_STDOUT_FILENAME": str(out), "_ARGCOMPLETE_IFS": "\n"}
    subprocess.run([str(BIN / "handshake")], cwd=cwd, env=env, capture_output=True, timeout=30)
    return [w.strip() for w in out.read_text(encoding="utf-8").split("\n")] if out.exists() else []


def test_option_values_complete_to_their_words_not_file_names(tmp_path: Path) -> None:
    root = write_journal(tmp_path / "j", {"ada.yml": "name: Ada\n"})
    for name in ("coffee-notes.txt", "call.log", "mkdocs-old.yml"):
        (root / name).write_text("x", encoding="utf-8")
    kinds = ["coffee", "tea", "drinks", "meal", "walk", "video", "call", "event", "other"]
    assert _complete("handshake met ada --kind ", root, tmp_path) == kinds
    assert _complete("handshake met ada --kind c", root, tmp_path) == ["coffee", "call"]
    assert _complete("handshake met ada --date 2026-11-02 --kind w", root, tmp_path) == ["walk"]
    assert _complete("handshake list --stage ", root, tmp_path) == ["radar", "asked", "met", "strong"]
    assert _complete("handshake list --stage s", root, tmp_path) == ["strong"]
    assert _complete("handshake ask ada --answer d", root, tmp_path) == ["declined"]
    assert _complete("handshake import-csv x.csv --from l", root, tmp_path) == ["linkedin"]
    # A misspelt kind is answered by the command, with the closest kind, not by a bare argparse refusal.
    typo = run(["handshake", "met", "ada", "--kind", "cofee", "--date", "2026-11-02"], root)
    assert typo.returncode == 2 and "did you mean 'coffee'" in typo.stderr, typo.stderr


def test_show_names_the_people_folder_relative_to_where_you_are(tmp_path: Path) -> None:
    root = write_journal(tmp_path / "j", {"ada.yml": "name: Ada\n"})
    (root / "docs" / "weeks").mkdir(parents=True)
    for cwd, folder in ((root, "people/"), (root / "docs" / "weeks", "../../people/")):
        result = run(["handshake", "show", "nobody"], cwd)
        assert result.returncode == 2 and f"no person file for 'nobody' in {folder}." in result.stderr, result.stderr
        assert str(tmp_path) not in result.stderr
    shown = run(["handshake", "show", "ada"], root / "docs" / "weeks")
    assert shown.returncode == 0 and str(tmp_path) not in shown.stdout
