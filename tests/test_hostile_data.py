"""Hostile data, round two (issue 11): bounded dates, links and special files, the terminal, edits in place."""

from __future__ import annotations

import json
import os
import re
import textwrap
from pathlib import Path

import pytest
from conftest import build, run, write_journal

from handshake_plugin.core.load import load_text
from handshake_plugin.core.problems import DataError, Problem
from handshake_plugin.files import edit
from handshake_plugin.files.edit import EditError, append_entry, ask_entry, edit_person

# -- dates and cadences are bounded everywhere -------------------------------------------------------

OUT_OF_RANGE = [
    ("found: {date: 0001-01-01}", "found.date"),
    ("found: {date: '1899-12-31'}", "found.date"),
    ("asks: [{date: 9999-12-31}]", "asks[0].date"),
    ("asks: [{date: 2200-01-01}]", "asks[0].date"),
    ("meetings: [{date: 0001-01-01, kind: tea}]", "meetings[0].date"),
    ("meetings: [{date: '9999-12-31 23:59', kind: tea}]", "meetings[0].date"),
    ("meetings: [{date: 1899-12-31 10:00:00, kind: tea}]", "meetings[0].date"),
    ("rapport: 9999-01-01", "rapport"),
    ("birthday: 0001-01-01", "birthday"),
    ("birthday: '2200-02-01'", "birthday"),
]


@pytest.mark.parametrize(("line", "where"), OUT_OF_RANGE)
def test_dates_outside_the_range_are_located_errors(tmp_path: Path, line: str, where: str) -> None:
    write_journal(tmp_path, {"ada.yml": f"name: Ada\n{line}\n"})
    check = run(["handshake", "check"], tmp_path)
    assert check.returncode == 1, check.stdout + check.stderr
    assert re.search(rf"people/ada.yml:2:\d+: {re.escape(where)}: .* is outside 1900-01-01..2199-12-31", check.stdout)
    assert "Traceback" not in check.stderr


def test_the_build_refuses_every_date_outside_the_range(tmp_path: Path) -> None:
    write_journal(tmp_path, {f"p{i}.yml": f"name: P\n{line}\n" for i, (line, _) in enumerate(OUT_OF_RANGE)})
    built = build(tmp_path)
    assert built.returncode != 0 and "Traceback" not in built.stderr
    for i, (_, where) in enumerate(OUT_OF_RANGE):
        assert re.search(rf"people/p{i}.yml:2:\d+: {re.escape(where)}: .* is outside 1900-01-01..2199-12-31",
                         built.stderr), built.stderr


@pytest.mark.parametrize("cadence", ["9999y", "101y", "1201m", "5219w", "9999w"])
def test_cadences_longer_than_100_years_are_refused(tmp_path: Path, cadence: str) -> None:
    write_journal(tmp_path, {"ada.yml": f"name: Ada\nkeep_in_touch: {cadence}\n"})
    check = run(["handshake", "check"], tmp_path)
    assert check.returncode == 1 and "at most 100 years" in check.stdout and "people/ada.yml:2:" in check.stdout
    write_journal(tmp_path, {"ada.yml": "name: Ada\n"}, options=f"today: 2026-11-25\nkeep_in_touch: {{met: {cadence}}}")
    built = build(tmp_path)
    assert built.returncode != 0 and "at most 100 years" in built.stderr and "Traceback" not in built.stderr


EDGES = """\
name: Edge
birthday: 2199-12-31
keep_in_touch: 100y
found: {date: 1900-01-01}
rapport: 2199-12-31
asks: [{date: 1900-01-01}]
meetings:
  - {date: 1900-01-01, kind: tea}
  - {date: "2199-12-31 23:59", kind: call, where: Mars}
"""


@pytest.mark.parametrize("today", ["1900-01-01", "2199-12-31", "2026-11-25"])
def test_the_edges_of_the_range_build_feed_and_report(tmp_path: Path, today: str) -> None:
    write_journal(tmp_path, {"edge.yml": EDGES, "leap.yml": "name: Leap\nbirthday: '02-29'\nkeep_in_touch: 9999d\n"
                             "meetings: [{date: 2199-12-30, kind: tea}]\n"},
                  options=f"today: {today}\nchallenge: {{pauses: [2199-W52, 1900-W01..1900-W02]}}")
    assert run(["handshake", "check"], tmp_path).returncode == 0
    built = build(tmp_path)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "site" / "handshake.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    for args in (["status"], ["status", "--json"]):
        result = run(["handshake", *args], tmp_path)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr


@pytest.mark.parametrize(("options", "env", "message"), [
    ("today: 9999-12-31", {}, "outside 1900-01-01..2199-12-31"),
    ("today: 0001-01-01", {}, "outside 1900-01-01..2199-12-31"),
    ("today: 2200-01-01", {}, "outside 1900-01-01..2199-12-31"),
    ("challenge: {start: 9999-W01}", {}, "weeks lie in the years 1900 to 2199"),
    ("challenge: {start: 1899-W52}", {}, "weeks lie in the years 1900 to 2199"),
    ("challenge: {pauses: [9999-W52]}", {}, "weeks lie in the years 1900 to 2199"),
    ("challenge: {pauses: [2199-W52..2200-W01]}", {}, "weeks lie in the years 1900 to 2199"),
    ("{}", {"HANDSHAKE_TODAY": "9999-12-31"}, "HANDSHAKE_TODAY 9999-12-31 is outside"),
    ("{}", {"HANDSHAKE_TODAY": "1899-12-31"}, "HANDSHAKE_TODAY 1899-12-31 is outside"),
])
def test_option_dates_outside_the_range_are_explained(tmp_path: Path, options: str, env: dict[str, str],
                                                     message: str) -> None:
    write_journal(tmp_path, {"ada.yml": "name: Ada\nasks: [{date: 2026-01-05}]\n"}, options=options)
    built = build(tmp_path, env=env)
    assert built.returncode != 0 and message in built.stderr and "Traceback" not in built.stderr
    status = run(["handshake", "status"], tmp_path, env=env)
    assert status.returncode == 2 and message in status.stderr and "Traceback" not in status.stderr


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31", "2200-01-01", "1899-12-31"])
def test_command_line_dates_outside_the_range_are_refused(tmp_path: Path, date: str) -> None:
    write_journal(tmp_path, {"ada.yml": "name: Ada\n"})
    before = (tmp_path / "people" / "ada.yml").read_bytes()
    for args in (["ask", "ada", "--date", date], ["met", "ada", "--kind", "tea", "--date", date],
                 ["met", "ada", "--kind", "tea", "--date", f"{date} 10:00"]):
        result = run(["handshake", *args], tmp_path)
        assert result.returncode == 2, result
        assert "outside 1900-01-01..2199-12-31" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "people" / "ada.yml").read_bytes() == before


# -- links and special files in the people folder ------------------------------------------------------


def test_links_outside_the_journal_or_nowhere_are_errors_that_name_them(tmp_path: Path) -> None:
    journal = tmp_path / "journal"
    write_journal(journal, {"ada.yml": "name: Ada\n"})
    (tmp_path / "secret.yml").write_text("name: Secret Person\nnotes: private\n", encoding="utf-8")
    people = journal / "people"
    (people / "outside.yml").symlink_to(tmp_path / "secret.yml")
    (people / "relative.yml").symlink_to(Path("..") / ".." / "secret.yml")
    (people / "dangling.yml").symlink_to(people / "missing.yml")
    (people / "loop.yml").symlink_to(people / "loop.yml")
    (journal / "shared").mkdir()
    (journal / "shared" / "bo.yml").write_text("name: Bo\n", encoding="utf-8")
    (people / "bo.yml").symlink_to(journal / "shared" / "bo.yml")
    check = run(["handshake", "check"], journal)
    assert check.returncode == 1 and "Traceback" not in check.stderr
    lines = check.stdout.splitlines()
    assert any(re.match(r"people/outside.yml:1:1: 'outside.yml' is a link to .*secret.yml, outside the journal", x)
               for x in lines), lines
    assert any(x.startswith("people/relative.yml:1:1: 'relative.yml' is a link to") for x in lines)
    assert any(x.startswith("people/dangling.yml:1:1: 'dangling.yml' is a link that leads nowhere") for x in lines)
    assert any(x.startswith("people/loop.yml:1:1: 'loop.yml' is a link that leads nowhere") for x in lines)
    assert not any(x.startswith(("people/bo.yml", "people/ada.yml")) for x in lines)
    built = build(journal)
    assert built.returncode != 0 and "outside the journal" in built.stderr
    assert not (journal / "site" / "people" / "outside").exists()
    for name in ("outside.yml", "relative.yml", "dangling.yml", "loop.yml"):
        (people / name).unlink()
    assert run(["handshake", "check"], journal).returncode == 0
    assert build(journal).returncode == 0
    assert "Bo" in (journal / "site" / "people" / "bo" / "index.html").read_text(encoding="utf-8")


def test_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": "name: Ada\n"})
    os.mkfifo(tmp_path / "people" / "pipe.yml")
    check = run(["handshake", "check"], tmp_path, timeout=30)
    assert check.returncode == 1
    assert "people/pipe.yml:1:1: not a regular file" in check.stdout and "Traceback" not in check.stderr
    built = build(tmp_path)
    assert built.returncode != 0 and "not a regular file" in built.stderr


@pytest.mark.parametrize(("error", "message"), [(PermissionError(13, "Permission denied"), "permission denied"),
                                                (IsADirectoryError(21, "Is a directory"), "Is a directory"),
                                                (OSError(5, "Input/output error"), "Input/output error")])
def test_an_unreadable_person_file_is_a_located_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      error: OSError, message: str) -> None:
    from handshake_plugin.core import load
    from handshake_plugin.core.read import read_journal

    write_journal(tmp_path, {"ada.yml": "name: Ada\n", "bo.yml": "name: Bo\n"})
    real_open = os.open

    def fake_open(path: object, *args: object, **kwargs: object) -> int:
        if str(path).endswith("bo.yml"):
            raise error
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(load.os, "open", fake_open)
    result = read_journal(tmp_path / "people", display_root=tmp_path)
    assert [str(p) for p in result.problems] == [f"people/bo.yml:1:1: cannot read the file: {message}"
                                                 + ("; make it readable (chmod u+r)" if "denied" in message else "")]
    assert list(result.journal.people) == ["ada"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_person_file_from_the_command_line(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": "name: Ada\n"})
    (tmp_path / "people" / "ada.yml").chmod(0)
    check = run(["handshake", "check"], tmp_path)
    assert check.returncode == 1 and "people/ada.yml:1:1: cannot read the file" in check.stdout


@pytest.mark.parametrize("target", ["docs/export", "docs", "docs/a/b", "site", "site/x"])
def test_export_into_docs_or_the_site_is_refused_before_writing(tmp_path: Path, target: str) -> None:
    write_journal(tmp_path, {"ada.yml": "name: Ada\n"}, docs={"about.md": "# About\n"})
    (tmp_path / "site").mkdir()
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = run(["handshake", "export-md", target], tmp_path, timeout=60)
    assert result.returncode == 2, result
    assert "the export would copy itself into itself" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


# -- the terminal does not trust the data -----------------------------------------------------------

FORGERS = ["Ada\npeople/zed.yml:1:1: forged error", "Ada\x1b[2J\x1b[H", "Ada\r\x1b[31mred", "Ada\u202egnp.exe",
           "Ada\x9b2J", "Ada\x07\x08\x7f"]


@pytest.mark.parametrize("value", FORGERS)
def test_check_and_status_print_control_characters_escaped(tmp_path: Path, value: str) -> None:
    write_journal(tmp_path, {"ada.yml": f"""\
        name: {json.dumps(value)}
        asks: [{{date: 2026-11-02, answer: {json.dumps(value)}}}]
        meetings: [{{date: 2026-01-05, kind: {json.dumps(value)}, where: {json.dumps(value)}}}]
        """, "bo.yml": f"name: {json.dumps(value)}\n"})
    check = run(["handshake", "check"], tmp_path)
    out = check.stdout
    assert check.returncode == 1
    assert all(line.startswith("people/ada.yml:") for line in out.splitlines()), out
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", out + check.stderr)
    quoted = json.dumps(value)
    write_journal(tmp_path, {"ada.yml": f"name: {quoted}\nmeetings: [{{date: 2026-01-05, kind: {quoted}, "
                             f"where: {quoted}}}]\n", "bo.yml": f"name: {quoted}\n"})
    check = run(["handshake", "check"], tmp_path)
    # bo.yml has ada.yml's name: the same-person warning quotes it, escaped like every other line.
    assert all(line.startswith(("people/ada.yml:", "people/bo.yml:1:7: warning: the same name as people/ada.yml"))
               for line in check.stdout.splitlines()), check.stdout
    assert "unknown meeting kind" in check.stdout
    status = run(["handshake", "status"], tmp_path)
    assert status.returncode == 0
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", status.stdout), status.stdout
    assert "\\x1b" in status.stdout or "\\n" in status.stdout or "\\r" in status.stdout or "\\u202e" in status.stdout \
        or "\\x9b" in status.stdout or "\\x07" in status.stdout
    assert len(status.stdout.splitlines()) == len(run(["handshake", "status"], tmp_path).stdout.splitlines())


def test_problem_lines_are_one_line_whatever_they_quote() -> None:
    problem = Problem("people/a\nb.yml", 3, 4, "'x\ny\x1b[2J' is not an answer")
    assert str(problem) == "people/a\\nb.yml:3:4: 'x\\ny\\x1b[2J' is not an answer"


# -- control characters and NUL bytes are located ------------------------------------------------------


@pytest.mark.parametrize(("text", "where"), [
    ("name: Ada\nnotes: a\x00b\n", (2, 9)),
    ("name: Ada\n\x00", (2, 1)),
    ("\x00name: Ada\n", (1, 1)),
    ("name: Zoë\nnotes: éé\x00\n", (2, 10)),
    ("\ufeffname: Ada\r\nnotes: x\x07\r\n", (2, 9)),
    ("name: Ada\nasks:\n  - date: 2026-01-05\n    via: \"D\x1bM\"\n", (4, 12)),
    ("name: 李小龙\nnotes: 龙\x7f\n", (2, 9)),
])
def test_control_characters_are_reported_where_they_are(text: str, where: tuple[int, int]) -> None:
    with pytest.raises(DataError) as caught:
        load_text(text, "people/ada.yml")
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == where
    assert "\n" not in str(problem) and "control character U+00" in str(problem)


def test_a_nul_byte_from_the_command_line(tmp_path: Path) -> None:
    write_journal(tmp_path, {})
    (tmp_path / "people" / "ada.yml").write_bytes(b"name: Ada\nnotes: |\n  line\n  a\x00b\n")
    check = run(["handshake", "check"], tmp_path)
    assert check.stdout.splitlines() == ["people/ada.yml:4:4: the control character U+0000 is not allowed in a person "
                                         "file: delete it"]


# -- the loader and edits keep a byte-order mark and CRLF ------------------------------------------------

PERSON = "name: Ada\nasks:\n  - date: 2026-01-05\n    via: DM\nmeetings:\n  - date: 2026-01-10\n    kind: tea\n"


@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("crlf", [False, True])
def test_edits_keep_the_byte_order_mark_and_line_endings(tmp_path: Path, bom: bool, crlf: bool) -> None:
    text = PERSON.replace("\n", "\r\n") if crlf else PERSON
    raw = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    write_journal(tmp_path, {})
    path = tmp_path / "people" / "ada.yml"
    path.write_bytes(raw)
    assert run(["handshake", "check"], tmp_path).returncode == 0
    for args in (["answer", "ada", "accepted"], ["ask", "ada", "--date", "2026-02-01", "--via", "mail"],
                 ["met", "ada", "--kind", "coffee", "--date", "2026-02-03 10:30", "--notes", "two\nlines"]):
        result = run(["handshake", *args], tmp_path)
        assert result.returncode == 0, result.stderr
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") == bom and after.count(b"\xef\xbb\xbf") == int(bom)
    lines = iter(after.splitlines(keepends=True))
    assert all(line in lines for line in raw.splitlines(keepends=True))  # every old line kept, in order
    if crlf:
        assert after.count(b"\n") == after.count(b"\r\n")
    else:
        assert b"\r" not in after
    body = after.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
    assert "answer: accepted" in body and "via: mail" in body and "kind: coffee" in body
    assert run(["handshake", "check"], tmp_path).returncode == 0
    assert build(tmp_path).returncode == 0


@pytest.mark.parametrize("asks", [
    "asks:\n  - {date: 2026-01-05, via: DM}\n",
    "asks:\n  - {date: 2026-01-05}\n  - {date: 2026-01-09, via: mail}\n",
    "asks: [{date: 2026-01-05, via: DM}]\n",
    "asks: [{date: 2026-01-05, via: DM, answer: pending}]\n",
    "asks:\n  - {date: 2026-01-05,\n     via: DM}\n",
])
def test_answer_works_on_flow_style_asks(tmp_path: Path, asks: str) -> None:
    write_journal(tmp_path, {"ada.yml": "\ufeffname: Ada\n" + asks})
    result = run(["handshake", "answer", "ada", "declined"], tmp_path)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "people" / "ada.yml").read_text(encoding="utf-8")
    assert text.startswith("\ufeffname: Ada\n")
    assert run(["handshake", "check"], tmp_path).returncode == 0
    status = json.loads(run(["handshake", "status", "--json"], tmp_path).stdout)
    assert status["people"]["asked"] == 1
    from handshake_plugin.core.load import load_text as parse

    answers = [a.get("answer") for a in parse(text.removeprefix("\ufeff"), "x").data["asks"]]
    assert answers[-1] == "declined"


def _editor_saves(path: Path, text: str, *, same_stamp: bool) -> None:
    stat = path.stat()
    path.write_text(text, encoding="utf-8")
    if same_stamp:  # an editor that keeps size and modification time: only the content tells
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


@pytest.mark.parametrize("same_stamp", [False, True])
@pytest.mark.parametrize("when", ["before_check", "before_replace"])
def test_a_save_from_the_editor_during_an_edit_is_not_lost(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           same_stamp: bool, when: str) -> None:
    path = tmp_path / "ada.yml"
    path.write_text(PERSON, encoding="utf-8")
    saved = PERSON.replace("name: Ada", "name: Abe")  # same size
    entry = ask_entry(__import__("datetime").date(2026, 2, 1), "DM", None)

    def change(text: str) -> str:
        if when == "before_check":
            _editor_saves(path, saved, same_stamp=same_stamp)
        return append_entry(text, "asks", entry)

    if when == "before_replace":
        real = edit.atomic.replace

        def replace(target: Path, text: str, unchanged: object = None) -> None:
            _editor_saves(path, saved, same_stamp=same_stamp)
            real(target, text, unchanged)  # type: ignore[arg-type]

        monkeypatch.setattr(edit.atomic, "replace", replace)
    with pytest.raises(EditError, match="changed on disk .* nothing was written"):
        edit_person(path, "people/ada.yml", [], change)
    assert path.read_text(encoding="utf-8") == saved
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".handshake-")]


def test_an_edit_without_a_concurrent_save_goes_through(tmp_path: Path) -> None:
    path = tmp_path / "ada.yml"
    path.write_text(PERSON, encoding="utf-8")
    entry = ask_entry(__import__("datetime").date(2026, 2, 1), "DM", None)
    edit_person(path, "people/ada.yml", [], lambda text: append_entry(text, "asks", entry))
    assert path.read_text(encoding="utf-8").startswith(PERSON[: PERSON.index("meetings")])
    assert "2026-02-01" in path.read_text(encoding="utf-8")


def test_an_edit_through_a_link_inside_the_journal_keeps_the_link(tmp_path: Path) -> None:
    write_journal(tmp_path, {})
    (tmp_path / "shared").mkdir()
    target = tmp_path / "shared" / "ada.yml"
    target.write_text(textwrap.dedent(PERSON), encoding="utf-8")
    (tmp_path / "people" / "ada.yml").symlink_to(target)
    assert run(["handshake", "ask", "ada", "--date", "2026-02-01"], tmp_path).returncode == 0
    assert (tmp_path / "people" / "ada.yml").is_symlink() and "2026-02-01" in target.read_text(encoding="utf-8")


def test_edits_refuse_a_link_outside_the_journal(tmp_path: Path) -> None:
    journal = tmp_path / "journal"
    write_journal(journal, {})
    outside = tmp_path / "ada.yml"
    outside.write_text(PERSON, encoding="utf-8")
    (journal / "people" / "ada.yml").symlink_to(outside)
    result = run(["handshake", "ask", "ada", "--date", "2026-02-01"], journal)
    assert result.returncode == 2 and "outside the journal" in result.stderr
    assert outside.read_text(encoding="utf-8") == PERSON


def test_messages_quoting_command_line_values_are_escaped(tmp_path: Path) -> None:
    write_journal(tmp_path, {"ada.yml": "name: Ada\n"}, options="{}")
    result = run(["handshake", "status"], tmp_path, env={"HANDSHAKE_TODAY": "\x1b[2J2026-01-01"})
    assert result.returncode == 2 and "\\x1b[2J" in result.stderr and "\x1b" not in result.stderr
