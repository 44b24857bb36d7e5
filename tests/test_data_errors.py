"""Every bad input gets a located message with what to write instead, never a traceback."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest

from handshake_plugin.core.load import MAX_BYTES, load_text
from handshake_plugin.core.problems import DataError
from handshake_plugin.core.read import FileCache, read_journal


def problems_of(tmp_path: Path, files: dict[str, str]) -> list[str]:
    people = tmp_path / "people"
    people.mkdir(exist_ok=True)
    for name, text in files.items():
        (people / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return [str(p) for p in read_journal(people, display_root=tmp_path).problems]


def only(problems: list[str]) -> str:
    assert len(problems) == 1, problems
    return problems[0]


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("name: A\nname: B\n", "2:1", "duplicate key 'name'"),
        ("name: &a A\ntags: [*a]\n", "1:7", "aliases"),
        ("name: !!python/object/apply:os.system [echo pwned]\n", "1:7", "tag"),
        ("name: A\nrapport: 2026-02-30\n", "2:10", "not a real date"),
        ("name: [A\n", "2:1", "YAML syntax error"),
        ("- name: A\n", "1:1", "holds a list"),
        ("", "1:1", "file is empty"),
        ("found: {where: x}\n", "1:1", "'name' is required"),
        ("name: A\nasks:\n  - date: 2026-01-05\n    answer: yes\n", "4:13", "write accepted"),
        ("name: A\nasks:\n  - date: 2026-01-05\n    answer: no\n", "4:13", "write declined"),
        ("name: A\ncontact:\n  phone: 5551234\n", "3:10",
         'put it in quotes exactly as you mean it, e.g. phone: "5551234"'),
        ("name: A\nlinks: ['javascript:alert(1)']\n", "2:9", "https://"),
        ("name: A\ncontact:\n  phone: 01701234\n", "3:10", 'e.g. phone: "01701234"'),   # not the octal value
        ("name: A\ncontact: {phone: +15550100}\n", "2:18", 'e.g. phone: "+15550100"'),
        ("name: A\nmeetings:\n  - date: '2026-01-14 25:00'\n", "3:11", "the time must be between 00:00 and 23:59"),
        ("name: A\nnotes: Topic: COBOL\n", "2:13", 'must be in quotes, e.g. notes: "Topic: COBOL"'),
        ("name: A\n\tnotes: x\n", "2:1", "indent with spaces, not tabs"),
        ("name: A\nmeetings:\n  - date: 2026-02-30\n", "3:11", "meetings[0].date: '2026-02-30' is not a real date"),
        ("name: A\nkeep_in_touch: 6 weeks\n", "2:16", "e.g. 6w"),
        ("name: A\nmeetings:\n  - date: 2026-01-14\n    with: [a]\n", "4:11", "own person"),
        ("name: A\nintroduced_by: a\n", "2:16", "introduced by themself"),
        ("name: A\nbirthday: 13-40\n", "2:11", "not a birthday"),
        ("name: '   '\n", "1:7", "name is empty"),
    ],
)
def test_each_bad_file_is_located(tmp_path: Path, text: str, where: str, words: str) -> None:
    message = only(problems_of(tmp_path, {"a.yml": text}))
    assert message.startswith(f"people/a.yml:{where}: "), message
    assert words in message


def test_unknown_key_is_a_warning_with_a_suggestion(tmp_path: Path) -> None:
    message = only(problems_of(tmp_path, {"a.yml": "name: A\nmeetngs: []\n"}))
    assert message.startswith("people/a.yml:2:1: warning: ")
    assert "did you mean 'meetings'?" in message


def test_unknown_meeting_kind_is_a_warning(tmp_path: Path) -> None:
    message = only(problems_of(tmp_path, {"a.yml": "name: A\nmeetings:\n  - {date: 2026-01-01, kind: cofee}\n"}))
    assert message.startswith("people/a.yml:3:30: warning: ")
    assert "did you mean 'coffee'?" in message


def test_unknown_ids_are_located_and_suggested(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, {
        "ada.yml": "name: Ada\n",
        "bob.yml": "name: Bob\nintroduced_by: adda\nmeetings:\n  - date: 2026-01-01\n    with: [ada, zed]\n",
    })
    assert problems == [
        "people/bob.yml:2:16: no person file for 'adda': did you mean 'ada'? create people/adda.yml or fix the id",
        "people/bob.yml:5:17: no person file for 'zed': create people/zed.yml or fix the id",
    ]


def test_file_name_must_be_an_id(tmp_path: Path) -> None:
    message = only(problems_of(tmp_path, {"Ada Lovelace.yml": "name: Ada\n"}))
    assert message.startswith("people/Ada Lovelace.yml:1:1: ")
    assert "rename it to ada-lovelace.yml" in message


def test_drafts_and_templates_are_ignored(tmp_path: Path) -> None:
    assert problems_of(tmp_path, {"_template.yml": "not: [valid", ".draft.yml": "- x", "notes.txt": "x"}) == []


def test_all_problems_of_a_run_are_reported(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, {"a.yml": "name: A\nname: B\n", "b.yml": "", "c.yml": "name: C\nrapport: x\n"})
    assert [p.split(":")[0] for p in problems] == ["people/a.yml", "people/b.yml", "people/c.yml"]


def test_alias_bomb_is_refused_fast() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 9)}]")
    started = time.perf_counter()
    with pytest.raises(DataError) as err:
        load_text("\n".join(lines), "bomb.yml")
    assert time.perf_counter() - started < 1
    assert "aliases" in str(err.value)


def test_huge_file_is_refused_without_parsing(tmp_path: Path) -> None:
    people = tmp_path / "people"
    people.mkdir()
    (people / "big.yml").write_text("name: A\nnotes: " + "x" * (MAX_BYTES + 1), encoding="utf-8")
    message = only([str(p) for p in read_journal(people, display_root=tmp_path).problems])
    assert message.startswith("people/big.yml:1:1: ") and "over the limit" in message


def test_python_tag_never_runs(tmp_path: Path) -> None:
    canary = tmp_path / "ran"
    text = f"name: !!python/object/apply:os.system ['touch {canary}']\n"
    with pytest.raises(DataError):
        load_text(text, "x.yml")
    assert not canary.exists()


def test_unchanged_files_are_not_parsed_again(tmp_path: Path) -> None:
    people = tmp_path / "people"
    people.mkdir()
    for i in range(3):
        (people / f"p{i}.yml").write_text(f"name: P{i}\n", encoding="utf-8")
    cache = FileCache()
    read_journal(people, cache)
    assert cache.parses == 3
    read_journal(people, cache)
    assert cache.parses == 3
    (people / "p1.yml").write_text("name: Changed\n", encoding="utf-8")
    result = read_journal(people, cache)
    assert cache.parses == 4
    assert result.journal.people["p1"].name == "Changed"
