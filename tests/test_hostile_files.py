"""Each hostile or broken file stops both `handshake check` and `mkdocs build`, located, with no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build, run, write_journal

BOMB = "name: A\n" + "a: &a [x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 8)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True))

CASES = {
    "duplicate key": ("ada.yml", "name: Ada\nname: Ada Byron\n", "people/ada.yml:2:1", "duplicate key"),
    "alias bomb": ("ada.yml", BOMB, "people/ada.yml:2:4", "aliases"),
    "python tag": ("ada.yml", "name: !!python/object/apply:os.system ['touch RAN']\n", "people/ada.yml:1:7", "tag"),
    "impossible date": ("ada.yml", "name: Ada\nrapport: 2026-02-30\n", "people/ada.yml:2:10", "not a real date"),
    "unknown introduced_by": ("ada.yml", "name: Ada\nintroduced_by: nobody\n", "people/ada.yml:2:16",
                              "no person file for 'nobody'"),
    "file name not an id": ("Ada_Lovelace.yml", "name: Ada\n", "people/Ada_Lovelace.yml:1:1", "ada-lovelace.yml"),
    "answer yes": ("ada.yml", "name: Ada\nasks:\n  - date: 2026-01-05\n    answer: yes\n", "people/ada.yml:4:13",
                   "write accepted"),
    "unquoted phone": ("ada.yml", "name: Ada\ncontact:\n  phone: 5551234\n", "people/ada.yml:3:10", "in quotes"),
    "broken syntax": ("ada.yml", "name: Ada\ntags: [a, b\nnotes: x\n", "people/ada.yml:3:", "YAML syntax error"),
    "list at the top": ("ada.yml", "- name: Ada\n", "people/ada.yml:1:1", "a mapping"),
    "empty file": ("ada.yml", "", "people/ada.yml:1:1", "file is empty"),
    "missing name": ("ada.yml", "tags: [x]\n", "people/ada.yml:1:1", "'name' is required"),
    "with names own person": ("ada.yml", "name: Ada\nmeetings:\n  - date: 2026-01-05\n    with: [ada]\n",
                              "people/ada.yml:4:11", "own person"),
    "javascript link": ("ada.yml", "name: Ada\nlinks: ['javascript:alert(1)']\n", "people/ada.yml:2:9",
                        "https://"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_check_and_build_refuse_the_file(tmp_path: Path, case: str) -> None:
    name, text, where, words = CASES[case]
    write_journal(tmp_path, {name: text, "grace.yml": "name: Grace\n"})
    check = run(["handshake", "check"], tmp_path)
    built = build(tmp_path, strict=False)
    for result in (check, built):
        out = result.stdout + result.stderr
        assert result.returncode != 0, out
        assert where in out and words in out, out
        assert "Traceback" not in out
    assert not (tmp_path / "RAN").exists()
