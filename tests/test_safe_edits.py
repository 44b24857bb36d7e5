"""Edits that cannot corrupt: every edit proves its effect in any layout, one writer per file, faults told in a line.

The property test writes person files in many layouts (block scalars of every chomping, blank lines and
comments everywhere, flow lists, CR, CRLF and LF, a byte-order mark, no final newline, odd indents) and runs
every editing function on them: the result must read back, with PyYAML's own loader, as the old data plus
exactly the one change — or the edit is refused.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import multiprocessing
import os
import signal
import time
import unicodedata
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import run, write_journal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handshake_plugin.cli import arguments
from handshake_plugin.files import atomic
from handshake_plugin.files.edit import (
    EditError,
    answer_latest,
    append_entry,
    ask_entry,
    mark_done,
    mark_dropped,
    meeting_entry,
)

DAY = dt.date(2026, 3, 2)


# -- the layouts ---------------------------------------------------------------------------------

NOTE_STYLES = ["plain", "quoted", "|", "|-", "|+", ">", ">-", "|+blank", "|blank", "none"]


def _note(style: str, key: str, indent: int) -> list[str]:
    pad = " " * indent
    inner = " " * (indent + 2)
    return {
        "plain": [f"{pad}{key}: A plain note"],
        "quoted": [f"{pad}{key}: 'Topic: quoted'"],
        "|": [f"{pad}{key}: |", f"{inner}Line one.", f"{inner}Line two."],
        "|-": [f"{pad}{key}: |-", f"{inner}Stripped."],
        "|+": [f"{pad}{key}: |+", f"{inner}Kept.", ""],
        ">": [f"{pad}{key}: >", f"{inner}Folded", f"{inner}text."],
        ">-": [f"{pad}{key}: >-", f"{inner}Folded."],
        "|+blank": [f"{pad}{key}: |+", f"{inner}Kept with blanks.", "", ""],
        "|blank": [f"{pad}{key}: |", f"{inner}Clipped with a blank after.", ""],
        "none": [],
    }[style]


@st.composite
def person_files(draw: st.DrawFn) -> str:
    """A person file with asks and meetings in one of many layouts, as people and editors write them."""
    dash = draw(st.sampled_from([0, 2, 4]))
    gap = draw(st.sampled_from(["", " ", "   "]))  # spaces after the dash
    keys = dash + 1 + len(gap) + 0
    keys = max(keys, dash + 2)
    lead = " " * dash + "-" + " " * (keys - dash - 1)
    comment = draw(st.booleans())
    lines = ["# yaml-language-server: $schema=../schema/person.schema.json"] if comment else []
    lines.append("name: Ada Lovelace")
    sections = draw(st.permutations(["asks", "meetings", "tags", "notes"]))
    for section in sections:
        if section == "tags":
            if draw(st.booleans()):
                lines.append("tags: [math, writing]")
            continue
        if section == "notes":
            lines += _note(draw(st.sampled_from(NOTE_STYLES)), "notes", 0)
            continue
        layout = draw(st.sampled_from(["block", "block", "block", "flow", "empty", "absent"]))
        if layout == "absent":
            continue
        if layout == "empty":
            lines.append(f"{section}:" + draw(st.sampled_from(["", " ~", " []"])))
            continue
        count = draw(st.integers(1, 3))
        if layout == "flow":
            if section == "asks":
                items = [f"{{date: 2026-01-0{n + 1}, answer: pending}}" for n in range(count)]
            else:
                items = [f"{{date: 2026-01-0{n + 1}, kind: tea, follow_up: Send the book {n}}}" for n in range(count)]
            lines.append(f"{section}: [{', '.join(items)}]")
            continue
        lines.append(f"{section}:")
        for n in range(count):
            lines.append(f"{lead}date: 2026-01-0{n + 1}")
            pad = " " * keys
            if section == "asks":
                lines.append(f"{pad}via: DM")
                if draw(st.booleans()):
                    lines.append(f"{pad}answer: pending")
                lines += _note(draw(st.sampled_from(NOTE_STYLES)), "note", keys)
            else:
                lines.append(f"{pad}kind: coffee")
                promise = draw(st.sampled_from(["text", "list", "block", "mapping", "none"]))
                if promise == "text":
                    lines.append(f"{pad}follow_up: Send the book {n}")
                elif promise == "list":
                    if draw(st.booleans()):  # a promise let go before: never picked again
                        lines += [f"{pad}follow_up:", f"{pad}  - {{do: Call back {n}, dropped: 2026-01-09}}"]
                    else:
                        lines.append(f"{pad}follow_up:")
                    lines += [f"{pad}  - Call back {n}", f"{pad}  - {{do: Old one, done: 2026-01-09}}"]
                elif promise == "mapping":  # a `{do}` mapping, in block style, with or without an empty key
                    lines += [f"{pad}follow_up:", f"{pad}  - do: Write back {n}"]
                    lines += draw(st.sampled_from([[], [f"{pad}    done:"], [f"{pad}    dropped: ~"]]))
                elif promise == "block":
                    lines += [f"{pad}follow_up: |", f"{pad}  Write to her {n}"]
                lines += _note(draw(st.sampled_from(NOTE_STYLES)), "notes", keys)
            if draw(st.integers(0, 3)) == 0:
                lines.append("")
            if draw(st.integers(0, 4)) == 0:
                lines.append(" " * draw(st.sampled_from([0, dash, keys])) + "# a comment")
    text = "\n".join(lines) + "\n"
    if draw(st.integers(0, 5)) == 0:
        text = text.rstrip("\n")
    newline = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    text = text.replace("\n", newline)
    if draw(st.integers(0, 5)) == 0:
        text = "\ufeff" + text
    return text


def _load(text: str) -> Any:
    """PyYAML's own pure-Python loader: independent of the product's loader."""
    return yaml.load(text.removeprefix("\ufeff"), Loader=yaml.SafeLoader)


def _inserted_once(before: str, after: str) -> bool:
    """Whether `after` is `before` with one piece of text inserted somewhere: no other character changed."""
    prefix = len(os.path.commonprefix([before, after]))
    suffix = len(os.path.commonprefix([before[prefix:][::-1], after[prefix:][::-1]]))
    return prefix + suffix >= len(before)


EDITS = ["ask", "met", "answer", "done", "drop"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=person_files(), edit=st.sampled_from(EDITS), notes=st.sampled_from([None, "One line.", "Two\nlines.\n"]))
def test_every_edit_lands_where_it_says_or_is_refused(text: str, edit: str, notes: str | None) -> None:
    try:
        old = _load(text)
    except yaml.YAMLError:
        return  # not a layout a person file can have
    expected = copy.deepcopy(old)
    try:
        if edit == "ask":
            entry = ask_entry(DAY, "email", None, notes)
            new = append_entry(text, "asks", entry)
            expected["asks"] = [*(expected.get("asks") or []), entry]
        elif edit == "met":
            entry = meeting_entry(DAY, "walk", "Park", [], notes)
            new = append_entry(text, "meetings", entry)
            expected["meetings"] = [*(expected.get("meetings") or []), entry]
        elif edit == "answer":
            new, day = answer_latest(text, "accepted")
            asks = expected["asks"]
            pending = [i for i, a in enumerate(asks) if a.get("answer") in (None, "pending")]
            latest = max(pending, key=lambda i: (str(asks[i]["date"]), i))
            asks[latest]["answer"] = "accepted"
        else:
            key = "done" if edit == "done" else "dropped"
            new, promise, _ = (mark_done if edit == "done" else mark_dropped)(text, DAY)
            for meeting in expected.get("meetings") or []:
                items = meeting.get("follow_up")
                if isinstance(items, str) and items == promise:
                    meeting["follow_up"] = [{"do": promise, key: DAY}]
                    break
                if isinstance(items, list) and promise in items:
                    items[items.index(promise)] = {"do": promise, key: DAY}
                    break
                still = [i for i in items or [] if isinstance(i, dict) and i.get("do") == promise
                         and i.get("done") is None and i.get("dropped") is None] if isinstance(items, list) else []
                if still:
                    still[0][key] = DAY
                    break
    except EditError:
        return  # refused, and said why: nothing written
    assert _load(new) == expected
    assert new.startswith("\ufeff") == text.startswith("\ufeff")
    section = {"ask": "asks", "met": "meetings"}.get(edit)
    if section and old.get(section) is not None:
        assert _inserted_once(text, new)  # every other byte as it was, line ends included


BLOCK_THEN_MEETINGS = """\
name: Grace
asks:
  - date: 2026-01-05
    via: DM
    note: |
      She answered quickly.
{blank}meetings:
  - date: 2026-01-10
    kind: coffee
    notes: |+
      Long talk.
{blank}"""


@pytest.mark.parametrize("blank", ["", "\n", "\n\n"])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_the_reported_layouts_take_every_edit(blank: str, newline: str) -> None:
    """The issue's files: an ask after `note: |` then `meetings:`, a meeting after `|+`, CR-only line ends."""
    text = BLOCK_THEN_MEETINGS.format(blank=blank).replace("\n", newline)
    asked = _load(append_entry(text, "asks", ask_entry(DAY, "DM", None)))
    assert len(asked["asks"]) == 2 and len(asked["meetings"]) == 1 and asked["meetings"][0]["kind"] == "coffee"
    met = _load(append_entry(text, "meetings", meeting_entry(DAY, "tea", None, [], None)))
    assert len(met["asks"]) == 1 and [m["kind"] for m in met["meetings"]] == ["coffee", "tea"]
    assert met["meetings"][0]["notes"] == _load(text)["meetings"][0]["notes"]
    answered, day = answer_latest(text, "accepted")
    assert day == "2026-01-05" and _load(answered)["asks"][0]["answer"] == "accepted"
    assert "answer" not in _load(answered)["meetings"][0]


def test_an_edit_that_cannot_be_proven_is_refused() -> None:
    # The last value is a kept block scalar with no final line break: any line after it would change it.
    text = "name: A\nmeetings:\n  - date: 2026-01-10\n    kind: tea\n    notes: |+\n      end"
    with pytest.raises(EditError, match="safely .* nothing was written"):
        append_entry(text, "meetings", meeting_entry(DAY, "walk", None, [], None))


# -- through the commands ------------------------------------------------------------------------


def _journal(tmp_path: Path, **people: str) -> Path:
    return write_journal(tmp_path, {f"{k}.yml": v for k, v in people.items()} or {"ada.yml": "name: Ada\n"})


def test_a_cr_only_file_gets_its_ask_in_asks_and_its_answer_on_the_ask(tmp_path: Path) -> None:
    text = ("name: Zoe\rasks:\r  - date: 2026-01-05\r    note: |\r      hi\r"
            "meetings:\r  - date: 2026-01-10\r    kind: tea\r")
    root = write_journal(tmp_path, {})
    (root / "people" / "zoe.yml").write_bytes(text.encode())
    assert run(["handshake", "ask", "zoe", "--date", "2026-02-01"], root).returncode == 0
    assert run(["handshake", "answer", "zoe", "accepted"], root).returncode == 0
    raw = (root / "people" / "zoe.yml").read_bytes()
    assert b"\n" not in raw
    data = _load(raw.decode())
    assert [a["date"] for a in data["asks"]] == [dt.date(2026, 1, 5), dt.date(2026, 2, 1)]
    assert data["asks"][1]["answer"] == "accepted" and "answer" not in data["meetings"][0]


def _met_in_child(config: str, day: str, queue: Any) -> None:
    real = os.replace

    def slow(src: str, dst: str) -> None:
        time.sleep(0.15)  # a slow disk: the window between the check and the rename is wide open
        real(src, dst)

    atomic.os.replace = slow  # type: ignore[assignment]
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = arguments.main(["met", "ada", "--kind", "coffee", "--date", day, "-f", config])
    queue.put((day, status, err.getvalue()))


def test_concurrent_edits_lose_nothing_with_a_slow_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _journal(tmp_path)
    monkeypatch.chdir(root)
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    days = [f"2026-02-{n:02d}" for n in range(1, 11)]
    children = [context.Process(target=_met_in_child, args=(str(root / "mkdocs.yml"), d, queue)) for d in days]
    for child in children:
        child.start()
    results = [queue.get(timeout=60) for _ in children]
    for child in children:
        child.join(timeout=60)
    succeeded = {day for day, status, _ in results if status == 0}
    refused = [err for _, status, err in results if status != 0]
    assert all("being edited by another handshake" in err for err in refused), refused
    logged = {m["date"].isoformat() for m in _load((root / "people" / "ada.yml").read_text())["meetings"]}
    assert logged == succeeded and len(succeeded) >= 8
    assert sorted(p.name for p in (root / "people").iterdir()) == ["ada.yml"]


def test_a_lock_left_behind_is_explained_not_broken(tmp_path: Path) -> None:
    root = _journal(tmp_path)
    lock = root / "people" / ".ada.yml.lock"
    dead = os.fork()
    if dead == 0:
        os._exit(0)
    os.waitpid(dead, 0)
    import socket
    lock.write_text(f"{dead} {socket.gethostname()} 2026-12-01T10:00:00+00:00\n")
    result = run(["handshake", "met", "ada", "--kind", "tea"], root)
    assert result.returncode == 2 and "left by a handshake that stopped" in result.stderr
    assert f"pid {dead}" in result.stderr and "people/.ada.yml.lock" in result.stderr
    assert lock.exists() and "meetings" not in (root / "people" / "ada.yml").read_text()
    lock.write_text(f"{os.getpid()} {socket.gethostname()} 2026-12-01T10:00:00+00:00\n")  # alive: this test
    with pytest.raises(atomic.Locked, match="being edited by another handshake"):
        with atomic.locked(root / "people" / "ada.yml", wait=0.2):
            pass
    lock.unlink()
    assert run(["handshake", "met", "ada", "--kind", "tea"], root).returncode == 0
    assert not lock.exists()


def test_edits_refuse_to_grow_a_file_past_the_size_limit(tmp_path: Path) -> None:
    root = _journal(tmp_path)
    notes = "word " * 24_000  # 120 KB
    results = [run(["handshake", "met", "ada", "--kind", kind, "--notes", notes], root)
               for kind in ("tea", "walk", "call")]
    assert [r.returncode for r in results] == [0, 0, 2]
    assert "over the 256 KiB" in results[2].stderr and "nothing was written" in results[2].stderr
    assert (root / "people" / "ada.yml").stat().st_size <= 256 * 1024
    assert run(["handshake", "check"], root).returncode == 0


def test_imports_shorten_huge_texts_and_say_so(tmp_path: Path) -> None:
    root = write_journal(tmp_path, {})
    card = tmp_path / "big.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big Note\r\nNOTE:" + "x" * 300_000 + "\r\nEND:VCARD\r\n")
    result = run(["handshake", "import-vcard", str(card)], root)
    assert result.returncode == 0, result.stderr
    assert "shortened" in result.stdout
    written = root / "people" / "big-note.yml"
    assert written.stat().st_size < 64 * 1024
    rows = tmp_path / "long.csv"
    rows.write_text("name,note\nLong Note," + "y" * 120_000 + "\n")
    assert run(["handshake", "import-csv", str(rows), "--from", "csv"], root).returncode == 0
    assert (root / "people" / "long-note.yml").stat().st_size < 64 * 1024
    assert run(["handshake", "check"], root).returncode == 0


def _main(args: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        status = arguments.main(args)
    return status, err.getvalue()


@pytest.mark.parametrize("errno_name", ["ENOSPC", "EROFS", "EACCES"])
def test_a_fault_while_writing_is_one_line_and_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           errno_name: str) -> None:
    import errno

    root = _journal(tmp_path)
    monkeypatch.chdir(root)
    real = os.fsync

    def failing(fd: int) -> None:
        raise OSError(getattr(errno, errno_name), os.strerror(getattr(errno, errno_name)))

    monkeypatch.setattr(atomic.os, "fsync", failing)
    monkeypatch.setattr(atomic.os, "sync", lambda: failing(0))
    before = (root / "people" / "ada.yml").read_text()
    for args in (["met", "ada", "--kind", "tea"], ["new", "Grace Hopper"], ["review", "--write"]):
        status, err = _main(args)
        assert status == 2 and err.count("\n") == 1 and "Traceback" not in err, (args, err)
        assert "nothing was written" in err and os.strerror(getattr(errno, errno_name)) in err
    rows = tmp_path / "rows.csv"
    rows.write_text("name\nAlan Turing\nHedy Lamarr\n")
    status, err = _main(["import-csv", str(rows), "--from", "csv"])
    assert status == 2 and "nothing was written" in err
    monkeypatch.setattr(atomic.os, "fsync", real)
    assert (root / "people" / "ada.yml").read_text() == before
    assert sorted(p.name for p in (root / "people").iterdir()) == ["ada.yml"]
    assert not (root / "docs" / "weeks").exists() or not list((root / "docs" / "weeks").iterdir())


def test_ctrl_c_during_a_write_finishes_it_or_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _journal(tmp_path)
    monkeypatch.chdir(root)
    real = os.fsync

    def interrupted(fd: int) -> None:
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C lands in the middle of the write
        real(fd)

    monkeypatch.setattr(atomic.os, "fsync", interrupted)
    status, err = _main(["met", "ada", "--kind", "tea", "--date", "2026-11-20"])
    assert status == 130 and "interrupted" in err and "Traceback" not in err
    data = _load((root / "people" / "ada.yml").read_text())
    assert [m["kind"] for m in data["meetings"]] == ["tea"]  # the write was whole
    assert sorted(p.name for p in (root / "people").iterdir()) == ["ada.yml"]
    rows = tmp_path / "rows.csv"
    rows.write_text("name\n" + "".join(f"Person {n}\n" for n in range(300)))
    monkeypatch.setattr(atomic.os, "sync", lambda: os.kill(os.getpid(), signal.SIGINT))
    status, err = _main(["import-csv", str(rows), "--from", "csv"])
    assert status == 130 and "Traceback" not in err
    assert not [p for p in (root / "people").iterdir() if p.name.startswith(".")]


# -- everyday safety ------------------------------------------------------------------------------


def test_a_second_ask_or_meeting_on_a_day_adds_nothing_and_says_what_is_there(tmp_path: Path) -> None:
    root = _journal(tmp_path, zoe="name: Zoe\nmeetings:\n  - date: 2026-11-25 09:30\n    kind: coffee\n")
    met = run(["handshake", "met", "zoe", "--kind", "coffee"], root)
    assert met.returncode == 2 and "already has a coffee on 2026-11-25" in met.stderr and "09:30" in met.stderr
    assert run(["handshake", "met", "zoe", "--kind", "walk"], root).returncode == 0
    again = run(["handshake", "met", "zoe", "--kind", "walk", "--date", "2026-11-25"], root)
    assert again.returncode == 2
    for day in ("2026-11-20", "2026-11-21"):
        assert run(["handshake", "ask", "zoe", "--date", day, "--via", "DM"], root).returncode == 0
        twice = run(["handshake", "ask", "zoe", "--date", day], root)
        assert twice.returncode == 2 and f"already has an ask on {day} (via DM" in twice.stderr
    data = _load((root / "people" / "zoe.yml").read_text())
    assert len(data["asks"]) == 2 and [m["kind"] for m in data["meetings"]] == ["coffee", "walk"]


def test_a_meeting_already_recorded_in_the_other_persons_file_is_not_added_twice(tmp_path: Path) -> None:
    """Ann's file records a coffee with Zoe: `handshake met zoe --kind coffee` that day would record the same
    meeting a second time (both pages would show two coffees). It names Ann's file and adds nothing; another
    kind, another day, or a file that merely mentions Zoe elsewhere does not stop it."""
    root = _journal(tmp_path, zoe="name: Zoe\n",
                    ann="name: Ann\nnotes: Zoe's friend.\n"
                        "meetings:\n  - {date: 2026-11-25, kind: coffee, with: [zoe]}\n",
                    bob="name: Bob\nnotes: met zoe once\nmeetings:\n  - {date: 2026-11-25, kind: coffee}\n")
    before = (root / "people" / "zoe.yml").read_text()
    met = run(["handshake", "met", "zoe", "--kind", "coffee", "--date", "2026-11-25"], root)
    assert met.returncode == 2 and "ann.yml already records a coffee on 2026-11-25 with zoe" in met.stderr, met.stderr
    assert "nothing was added" in met.stderr and (root / "people" / "zoe.yml").read_text() == before
    assert run(["handshake", "met", "zoe", "--kind", "walk", "--date", "2026-11-25"], root).returncode == 0
    assert run(["handshake", "met", "zoe", "--kind", "coffee", "--date", "2026-11-24"], root).returncode == 0


def test_a_meeting_written_with_seconds_counts_for_its_day(tmp_path: Path) -> None:
    """`2026-11-25 09:30:00` is read as a date and time (not text): its day is still 2026-11-25."""
    root = _journal(tmp_path, zoe="name: Zoe\nmeetings:\n  - date: 2026-11-25 09:30:00\n    kind: tea\n")
    result = run(["handshake", "met", "zoe", "--kind", "tea"], root)
    assert result.returncode == 2 and "already has a tea on 2026-11-25" in result.stderr


@pytest.mark.parametrize(("day", "words"), [("2026-11-01", "before the meeting"), ("2026-11-26", "after today"),
                                           ("2027-01-01", "after today")])
def test_done_date_lies_between_the_meeting_and_today(tmp_path: Path, day: str, words: str) -> None:
    root = _journal(tmp_path, ada="name: Ada\nmeetings:\n  - date: 2026-11-10\n    kind: tea\n"
                                  "    follow_up: Send the book\n")
    result = run(["handshake", "done", "ada", "--date", day], root)
    assert result.returncode == 2 and words in result.stderr
    assert "done" not in (root / "people" / "ada.yml").read_text()
    assert run(["handshake", "done", "ada", "--date", "2026-11-10"], root).returncode == 0


def test_done_names_the_file_where_a_shared_meetings_promise_is(tmp_path: Path) -> None:
    root = _journal(tmp_path, zoe="name: Zoe\n", ada="name: Ada\nmeetings:\n  - date: 2026-11-10\n    kind: tea\n"
                    "    with: [zoe]\n    follow_up: Send Zoe the book\n")
    result = run(["handshake", "done", "zoe"], root)
    assert result.returncode == 2 and "recorded in people/ada.yml" in result.stderr
    assert "handshake done ada" in result.stderr


@pytest.mark.parametrize("typo", ["meetngs", "meeting", "askss", "aks"])
def test_a_misspelt_list_key_is_named_by_every_command(tmp_path: Path, typo: str) -> None:
    text = f"name: Ada\n{typo}:\n  - date: 2026-11-10\n    kind: tea\n"
    root = _journal(tmp_path, ada=text)
    meant = "meetings" if typo.startswith("m") else "asks"
    for args in (["met", "ada", "--kind", "walk"], ["ask", "ada"], ["answer", "ada", "accepted"], ["done", "ada"]):
        result = run(["handshake", *args], root)
        assert result.returncode == 2 and f"people/ada.yml:2:1: '{typo}' looks like a misspelt '{meant}'" in \
            result.stderr, (args, result.stderr)
    for args in (["status"], ["show", "ada"], ["list"]):
        result = run(["handshake", *args], root)
        assert f"did you mean '{meant}'" in result.stderr and "left out" in result.stderr, args
    assert (root / "people" / "ada.yml").read_text() == text


@pytest.mark.parametrize("name", ["Con", "Aux", "Nul", "Com1", "Lpt9", "Prn", "Index"])
def test_new_never_writes_a_reserved_id(tmp_path: Path, name: str) -> None:
    root = _journal(tmp_path)
    result = run(["handshake", "new", name], root)
    assert result.returncode == 2 and "--id" in result.stderr
    assert run(["handshake", "new", name, "--id", name.lower()], root).returncode == 2
    assert run(["handshake", "new", name, "--id", f"{name.lower()}-person"], root).returncode == 0
    (root / "people" / f"{name.lower()}.yml").write_text(f"name: {name}\n")
    check = run(["handshake", "check"], root)
    assert check.returncode == 1 and f"rename it to {name.lower()}-2.yml" in check.stdout


def test_ids_that_differ_by_case_or_unicode_form_are_one_error_that_names_both(tmp_path: Path) -> None:
    nfc, nfd = unicodedata.normalize("NFC", "zoë"), unicodedata.normalize("NFD", "zoë")
    root = _journal(tmp_path, ada="name: Ada\n", Ada="name: Ada again\n", **{nfc: "name: Z\n", nfd: "name: Z\n"})
    out = run(["handshake", "check"], root).stdout
    assert "'Ada.yml' and 'ada.yml' are one person id" in out and "keep one file, ada.yml" in out
    assert "rename it to ada.yml" not in out
    assert out.count("are one person id") == 2 and "keep one file, zoe.yml" in out
    taken = run(["handshake", "new", "ADA"], root)
    assert taken.returncode == 2 and "already exists" in taken.stderr


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_written_files_keep_the_users_umask(tmp_path: Path, umask: int, mode: int) -> None:
    old = os.umask(umask)
    try:
        root = tmp_path / "journal"
        assert run(["handshake", "init", str(root)], tmp_path).returncode == 0
        assert run(["handshake", "new", "Grace Hopper"], root).returncode == 0
        rows = tmp_path / "rows.csv"
        rows.write_text("name\nAlan Turing\n")
        assert run(["handshake", "import-csv", str(rows), "--from", "csv"], root).returncode == 0
    finally:
        os.umask(old)
    for name in ("ada-lovelace.yml", "grace-hopper.yml", "alan-turing.yml"):
        assert (root / "people" / name).stat().st_mode & 0o777 == mode, name
    assert (root / "mkdocs.yml").stat().st_mode & 0o777 == mode


def test_a_name_given_for_an_id_gets_the_id(tmp_path: Path) -> None:
    root = _journal(tmp_path, **{"zoe-angstrom": "name: Zoë Ångström\n"})
    for args in (["ask", "Zoë Ångström"], ["met", "Zoë Ångström", "--kind", "tea"], ["show", "Zoë Ångström"]):
        result = run(["handshake", *args], root)
        assert result.returncode == 2 and "did you mean 'zoe-angstrom'?" in result.stderr, args


def test_new_makes_the_people_folder_again(tmp_path: Path) -> None:
    root = _journal(tmp_path)
    (root / "people" / "ada.yml").unlink()
    (root / "people").rmdir()
    assert run(["handshake", "new", "Grace Hopper"], root).returncode == 0
    assert (root / "people" / "grace-hopper.yml").is_file()
