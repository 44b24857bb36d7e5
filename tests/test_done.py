"""`handshake done`: a promise marked kept in place, every other byte kept; ambiguity and mistakes refused."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import run, write_journal

from handshake_plugin.files.edit import EditError, mark_done

ADA = """\
name: Ada   # keep me
meetings:
  - date: 2026-11-03
    kind: tea
    follow_up: Send her the Strogatz book.   # the promise
    notes: |
      Talked about networks.
  # a comment between meetings
  - date: 2026-11-10
    kind: coffee
    follow_up:
      - Introduce her to Hana
      - {do: Lend the bike, done: 2026-11-12}
      - do: Send the slides
      - "Send the paper, the long one"
"""


def journal(tmp_path: Path, text: str = ADA) -> Path:
    write_journal(tmp_path, {"ada.yml": text, "hana.yml": "name: Hana\n"})
    return tmp_path / "people" / "ada.yml"


def test_a_single_text_becomes_a_one_item_list_in_place(tmp_path: Path) -> None:
    path = journal(tmp_path, ADA.split("  # a comment")[0])
    result = run(["handshake", "done", "ada"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert 'kept "Send her the Strogatz book." (promised at the meeting of 2026-11-03) on 2026-11-25' in result.stdout
    assert path.read_text() == ADA.split("  # a comment")[0].replace(
        "follow_up: Send her the Strogatz book.", "follow_up: [{do: Send her the Strogatz book., done: 2026-11-25}]")
    status = json.loads(run(["handshake", "status", "--json"], tmp_path).stdout)
    assert status["follow_ups"] == []
    again = run(["handshake", "done", "ada"], tmp_path)
    assert again.returncode == 2 and "no open follow-up" in again.stderr


def test_words_pick_one_of_several_and_date_is_kept(tmp_path: Path) -> None:
    path = journal(tmp_path)
    result = run(["handshake", "done", "ada", "hana", "--date", "2026-11-20"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert path.read_text() == ADA.replace("      - Introduce her to Hana\n",
                                           "      - {do: Introduce her to Hana, done: 2026-11-20}\n")
    result = run(["handshake", "done", "ada", "slides"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "      - do: Send the slides\n        done: 2026-11-25\n" in path.read_text()
    status = json.loads(run(["handshake", "status", "--json"], tmp_path).stdout)
    assert status["follow_ups"] == [
        {"id": "ada", "date": "2026-11-03", "text": "Send her the Strogatz book."},
        {"id": "ada", "date": "2026-11-10", "text": "Send the paper, the long one"}]


@pytest.mark.parametrize(("words", "message"), [
    ([], "3 follow-ups are open: say which with some of its words"),
    (["send"], '"send" matches 3 open follow-ups: add words to pick one'),
    (["bike"], 'no open follow-up matches "bike"'),                 # kept already
])
def test_ambiguity_and_no_match_are_refused_with_the_list(tmp_path: Path, words: list[str], message: str) -> None:
    text = ADA.replace("      - Introduce her to Hana\n", "")
    path = journal(tmp_path, text)
    result = run(["handshake", "done", "ada", *words], tmp_path)
    assert result.returncode == 2 and message in result.stderr, result.stderr
    assert "  Send the paper, the long one (meeting of 2026-11-10)" in result.stderr or "matches" not in message
    assert "Traceback" not in result.stderr
    assert path.read_text() == text


def test_exact_words_win_over_a_partial_match() -> None:
    text = "name: A\nmeetings:\n  - date: 2026-01-01\n    follow_up: [Call, Call Hana]\n"
    new, promise, _ = mark_done(text, dt.date(2026, 1, 2), "call")
    assert promise == "Call"
    assert new == text.replace("[Call,", "[{do: Call, done: 2026-01-02},")


@pytest.mark.parametrize("promise", [
    "'<script>alert(1)</script> & \"quotes\", [brackets]: {braces}'",
    '"line one\\nline two"',
    '"\\e[31mred\\u202e"',
    "|\n        block text\n        two lines\n",
    "'#not a comment'",
])
def test_hostile_promises_round_trip(promise: str) -> None:
    text = f"name: A\nmeetings:\n  - date: 2026-01-01\n    follow_up:\n      - {promise}\n    kind: tea\n"
    new, kept, _ = mark_done(text, dt.date(2026, 1, 2))
    import yaml
    assert yaml.safe_load(new)["meetings"][0]["follow_up"] == [{"do": kept, "done": dt.date(2026, 1, 2)}]
    assert yaml.safe_load(new)["meetings"][0]["kind"] == "tea"
    head = text.split("      - ")[0]
    assert new.startswith(head) and new.endswith("    kind: tea\n")


def test_terminal_output_escapes_control_characters(tmp_path: Path) -> None:
    journal(tmp_path, 'name: A\nmeetings:\n  - date: 2026-01-01\n    follow_up: ["x\\e[2J\\ny", "z"]\n')
    result = run(["handshake", "done", "ada"], tmp_path)
    assert result.returncode == 2
    assert "\x1b" not in result.stderr and "x\\x1b[2J\\ny" in result.stderr
    result = run(["handshake", "done", "ada", "x"], tmp_path)
    assert result.returncode == 0 and "\x1b" not in result.stdout


def test_an_invalid_result_or_a_broken_file_is_refused(tmp_path: Path) -> None:
    path = journal(tmp_path, "name: A\nmeetings:\n  - date: 2026-01-01\n    follow_up: Call\n    with: [nobody]\n")
    before = path.read_bytes()
    result = run(["handshake", "done", "ada"], tmp_path)
    assert result.returncode == 2 and "no person file for 'nobody'" in result.stderr
    assert path.read_bytes() == before
    assert run(["handshake", "done", "ghost"], tmp_path).returncode == 2
    with pytest.raises(EditError):
        mark_done("name: A\n", dt.date(2026, 1, 1))


def test_a_second_ask_is_the_follow_up_message_and_answer_clears_waiting(tmp_path: Path) -> None:
    path = journal(tmp_path, "name: Ada\nasks:\n  - date: 2026-11-01\n    via: LinkedIn\n")
    status = json.loads(run(["handshake", "status", "--json"], tmp_path).stdout)
    assert status["waiting"] == [{"id": "ada", "asked": "2026-11-01", "days": 24}]
    result = run(["handshake", "ask", "ada"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "via LinkedIn (pending)" in result.stdout and "a follow-up to your ask of 2026-11-01" in result.stdout
    assert path.read_text().endswith("  - date: 2026-11-25\n    via: LinkedIn\n    answer: pending\n")
    status = json.loads(run(["handshake", "status", "--json"], tmp_path).stdout)
    assert status["waiting"] == []                                     # the follow-up is a fresh ask
    assert [w["handshakes"] for w in status["weeks"]][0] == ["ada"]    # the first ask stays the handshake
    assert status["weeks"][0]["week"] == "2026-W44"
    assert status["people"]["asked"] == 1
    result = run(["handshake", "answer", "ada", "accepted"], tmp_path)
    assert result.returncode == 0 and "no longer waiting" in result.stdout
    assert path.read_text().endswith("    answer: accepted\n")


def test_crlf_and_a_byte_order_mark_are_kept() -> None:
    text = ("\ufeffname: A\r\nmeetings:\r\n  - date: 2026-01-01\r\n    follow_up:\r\n      - do: Walk\r\n"
            "      - Talk\r\n    kind: tea\r\n")
    day = dt.date(2026, 11, 25)
    assert mark_done(text, day, "walk")[0] == text.replace("do: Walk\r\n", "do: Walk\r\n        done: 2026-11-25\r\n")
    assert mark_done(text, day, "talk")[0] == text.replace("- Talk\r\n", "- {do: Talk, done: 2026-11-25}\r\n")


def test_done_refuses_when_the_editor_saved_the_file_meanwhile(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from handshake_plugin.files import edit

    path = journal(tmp_path, ADA.split("  # a comment")[0])
    saved = path.read_text(encoding="utf-8").replace("# keep me", "# saved!!")  # same size
    real = edit.atomic.replace

    def replace(target: Path, text: str, unchanged: object = None) -> None:
        path.write_text(saved, encoding="utf-8")  # the editor saves between the read and the rename
        real(target, text, unchanged)  # type: ignore[arg-type]

    monkeypatch.setattr(edit.atomic, "replace", replace)
    change = lambda text: mark_done(text, dt.date(2026, 11, 20), None, "ada")[0]  # noqa: E731
    with pytest.raises(EditError, match="changed on disk"):
        edit.edit_person(path, "people/ada.yml", ["ada", "hana"], change)
    assert path.read_text(encoding="utf-8") == saved


def test_drop_lets_a_promise_go_it_leaves_the_open_lists_and_stays_on_the_page_struck_through(
        tmp_path: Path) -> None:
    from conftest import build, page
    path = journal(tmp_path)
    before = path.read_text()
    several = run(["handshake", "drop", "ada"], tmp_path)
    assert several.returncode == 2 and 'e.g. handshake drop ada "Send her the Strogatz book."' in several.stderr
    result = run(["handshake", "drop", "ada", "slides", "--date", "2026-11-20"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert 'let go "Send the slides" (promised at the meeting of 2026-11-10) on 2026-11-20' in result.stdout
    after = path.read_text()
    assert after == before.replace("      - do: Send the slides\n",
                                   "      - do: Send the slides\n        dropped: 2026-11-20\n")
    status = json.loads(run(["handshake", "status", "--json"], tmp_path).stdout)
    assert "Send the slides" not in [f["text"] for f in status["follow_ups"]]
    assert len(status["follow_ups"]) == 3
    again = run(["handshake", "done", "ada", "slides"], tmp_path)          # let go: no longer open
    assert again.returncode == 2 and "no open follow-up matches" in again.stderr
    assert "Send the slides (meeting" not in run(["handshake", "done", "ada", "zzz"], tmp_path).stderr
    assert run(["handshake", "show", "ada"], tmp_path).stdout.count("Send the slides · let go 2026-11-20") == 1
    assert build(tmp_path).returncode == 0
    ada = page(tmp_path, "people/ada/")
    assert ('<p class="hs-follow-up hs-promise-done">Promised: <span class="hs-promise-text">Send the slides</span>'
            ' · <small class="hs-promise-state hs-promise-dropped">let go 20 Nov 2026</small></p>') in ada
    assert "Send the slides" not in page(tmp_path, "actions/")
    assert 'data-clipboard-text="handshake drop ada &#39;Introduce her to Hana&#39;"' in page(tmp_path, "actions/")


def test_drop_date_lies_between_the_meeting_and_today(tmp_path: Path) -> None:
    path = journal(tmp_path)
    for day, words in (("2026-11-01", "is let go on or after the day it was made"), ("2026-11-26", "after today")):
        result = run(["handshake", "drop", "ada", "Strogatz", "--date", day], tmp_path)
        assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr
    assert "dropped" not in path.read_text()
