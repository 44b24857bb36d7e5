"""The `handshake` command as a person uses it from a terminal."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import ROOT, run, write_journal


def test_new_writes_a_person_from_the_template_and_never_overwrites(tmp_path: Path) -> None:
    write_journal(tmp_path, {})
    result = run(["handshake", "new", "Zoë O'Neil"], tmp_path)
    assert result.returncode == 0, result.stderr
    path = tmp_path / "people" / "zoe-o-neil.yml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=")
    assert 'name: "Zoë O\'Neil"' in text
    path.write_text(text + "# my edit\n")
    again = run(["handshake", "new", "Zoë O'Neil"], tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr
    assert path.read_text().endswith("# my edit\n")
    assert run(["handshake", "check"], tmp_path).returncode == 0
    assert not [p for p in (tmp_path / "people").iterdir() if p.name.startswith(".handshake-")]


def test_schema_reference_of_new_files_resolves(tmp_path: Path) -> None:
    run(["handshake", "init", "j"], tmp_path)
    header = (tmp_path / "j" / "people" / "ada-lovelace.yml").read_text().splitlines()[0]
    ref = header.split("$schema=")[1]
    assert (tmp_path / "j" / "people" / ref).resolve().is_file()
    sample = (ROOT / "people" / "ada-okafor.yml").read_text().splitlines()[0].split("$schema=")[1]
    assert (ROOT / "people" / sample).resolve().is_file()


def test_check_prints_located_messages_and_exits_1(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": "name: Ada\nname: Ada\n", "bob.yml": "name: Bob\nnotez: x\n"})
    result = run(["handshake", "check"], tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("people/ada.yml:2:1: duplicate key 'name'")
    assert lines[1].startswith("people/bob.yml:2:1: warning: unknown key 'notez'")
    assert "Traceback" not in result.stderr


def test_check_and_status_take_another_config_file(tmp_path: Path) -> None:
    write_journal(tmp_path / "j", {"ada.yml": "name: Ada\nasks: [{date: 2026-11-24}]\n"})
    assert run(["handshake", "-f", "j/mkdocs.yml", "check"], tmp_path).returncode == 0
    result = run(["handshake", "status", "--json", "-f", "j/mkdocs.yml"], tmp_path)
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    assert status["challenge"]["this_week"] == {"week": "2026-W48", "status": "done", "handshakes": 1}


def test_status_json_has_the_stable_keys(tmp_path: Path) -> None:
    result = run(["handshake", "status", "--json"], ROOT)
    status = json.loads(result.stdout)
    assert list(status) == ["today", "week", "challenge", "weeks", "people", "reconnect", "upcoming", "introductions",
                            "waiting", "follow_ups", "many"]
    assert list(status["many"]) == ["reached", "found", "introduced", "quarters", "introducers"]
    assert all(list(q) == ["quarter", "found", "introduced"] for q in status["many"]["quarters"])
    assert all(list(i) == ["id", "direct", "reach"] for i in status["many"]["introducers"])
    assert list(status["challenge"]) == ["goal", "start", "this_week", "current_streak", "longest_streak", "done",
                                         "missed", "paused", "counts", "strength"]
    assert status["challenge"]["counts"] == "asks" and 0 <= status["challenge"]["strength"] <= 100
    assert all(list(w) == ["id", "asked", "days"] for w in status["waiting"])
    assert all(list(f) == ["id", "date", "text"] for f in status["follow_ups"])
    assert status["today"] == "2026-11-25" and status["week"] == "2026-W48"
    assert status["challenge"]["start"] == "2026-W23"
    assert status["weeks"][0] == {"week": "2026-W23", "status": "done", "handshakes": ["ada-okafor"], "meetings": 0}
    assert status["upcoming"] == [{"id": "priya-raman", "date": "2026-11-30"},
                                  {"id": "maya-cohen", "date": "2026-12-03"}]


def test_today_comes_from_the_environment_when_not_configured(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": "name: Ada\n"}, options="show_contact: false")
    result = run(["handshake", "status", "--json"], tmp_path, env={"HANDSHAKE_TODAY": "2027-01-01"})
    assert json.loads(result.stdout)["week"] == "2026-W53"


def test_status_text_for_people(tmp_path: Path) -> None:
    result = run(["handshake", "status"], ROOT)
    assert result.returncode == 0
    assert "This week: open (0 of 1). Ask one new person to meet." in result.stdout
    assert "On your radar: Tomas Berg, Uma Singh" in result.stdout


def test_missing_config_is_one_clear_line(tmp_path: Path) -> None:
    result = run(["handshake", "check"], tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("handshake: no mkdocs.yml here or in any folder above")
    assert result.stderr.count("\n") == 1
    result = run(["handshake", "check", "-f", "elsewhere.yml"], tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("handshake: elsewhere.yml: no such file")


def test_a_broken_config_is_explained(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": "name: Ada\n"})
    (tmp_path / "docs").rmdir()
    result = run(["handshake", "check"], tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("handshake: mkdocs.yml: Config value 'docs_dir'")
    assert "Traceback" not in result.stderr
