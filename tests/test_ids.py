"""Ids from names in any script: readable, distinct, and --id when nothing transliterates."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run, write_journal

from handshake_plugin.core.ids import NoIdError, id_for, slug
from handshake_plugin.core.model import is_id


@pytest.mark.parametrize(("name", "expected"), [
    ("李小龙", "li-xiao-long"),
    ("Дмитрий Шостакович", "dmitrii-shostakovich"),
    ("Zoë", "zoe"),
    ("Zoë Ångström", "zoe-angstrom"),
    ("José Núñez", "jose-nunez"),
    ("Zoë O'Neil", "zoe-o-neil"),
    ("Σωκράτης", "sokrates"),
    ("  Ada   Lovelace (she/her) ", "ada-lovelace-she-her"),
])
def test_names_in_any_script_become_readable_ids(name: str, expected: str) -> None:
    assert slug(name) == expected
    assert id_for(name) == expected


def test_ids_are_valid_distinct_and_bounded() -> None:
    taken = {"ada-lovelace", "ada-lovelace-2"}
    assert id_for("Ada Lovelace", taken) == "ada-lovelace-3"
    long = id_for("Hubert Blaine Wolfeschlegelsteinhausenbergerdorff " * 3, {slug("Hubert " * 20)})
    assert is_id(long) and len(long) <= 64
    full = slug("a" * 80)
    assert id_for("a" * 80, {full}) == "a" * 62 + "-2"
    for name in ("\u202eevil", "<script>", "x\x1b[2J", "ﬁne", "①②"):
        assert is_id(id_for(name))
    with pytest.raises(NoIdError):
        id_for("😀🎉")


def test_new_takes_an_id_and_refuses_a_name_with_nothing_to_transliterate(tmp_path: Path) -> None:
    write_journal(tmp_path, {})
    for name in ("李小龙", "Дмитрий Шостакович"):
        assert run(["handshake", "new", name], tmp_path).returncode == 0
    assert {p.name for p in (tmp_path / "people").iterdir()} == {"li-xiao-long.yml", "dmitrii-shostakovich.yml"}
    refused = run(["handshake", "new", "😀"], tmp_path)
    assert refused.returncode == 2 and "choose one with --id" in refused.stderr and "Traceback" not in refused.stderr
    assert run(["handshake", "new", "😀", "--id", "smiley"], tmp_path).returncode == 0
    bad = run(["handshake", "new", "X", "--id", "Not An Id"], tmp_path)
    assert bad.returncode == 2 and "e.g. not-an-id" in bad.stderr
    twin = run(["handshake", "new", "李小龙"], tmp_path)
    assert twin.returncode == 2 and "--id li-xiao-long-2" in twin.stderr
    assert run(["handshake", "new", "李小龙", "--id", "li-xiao-long-2"], tmp_path).returncode == 0
    assert run(["handshake", "check"], tmp_path).returncode == 0


def test_a_file_stem_that_is_not_an_id_gets_a_transliterated_rename(tmp_path: Path) -> None:
    write_journal(tmp_path, {"李小龙.yml": "name: 李小龙\n"})
    result = run(["handshake", "check"], tmp_path)
    assert result.returncode == 1 and "rename it to li-xiao-long.yml" in result.stdout
