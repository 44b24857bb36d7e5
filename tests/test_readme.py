"""The README is true: every person file it shows passes `check`, every `handshake` command it shows parses."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from pathlib import Path

import pytest
from conftest import ROOT, run, write_journal

from handshake_plugin.cli.arguments import parser

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"^```(\w*)\n(.*?)^```", README, re.MULTILINE | re.DOTALL)
PERSON_FILES = [body for lang, body in BLOCKS if lang == "yaml" and re.search(r"^name: ", body, re.MULTILINE)]


def test_the_readme_shows_person_files() -> None:
    assert PERSON_FILES and "follow_up:" in PERSON_FILES[0]  # the data format, every key shown


@pytest.mark.parametrize("text", PERSON_FILES, ids=lambda t: t.split("\n", 2)[1][:30])
def test_every_person_file_in_the_readme_passes_check(tmp_path: Path, text: str) -> None:
    ids = set(re.findall(r"introduced_by: ([a-z0-9-]+)|with: \[([a-z0-9, -]+)\]", text))
    others = {i.strip() for pair in ids for part in pair for i in part.split(",") if i.strip()}
    people = {"example.yml": text, **{f"{pid}.yml": f"name: {pid.title()}\n" for pid in others}}
    root = write_journal(tmp_path, people)
    result = run(["handshake", "check", "--strict"], root)
    assert result.returncode == 0, result.stdout + result.stderr


def _commands() -> list[str]:
    """Every `handshake …` command of the README: lines of code blocks, and code spans with arguments."""
    found = []
    for _lang, body in BLOCKS:
        for line in body.splitlines():
            line = line.strip().removeprefix("$ ")
            if line.startswith("handshake "):
                found.append(line)
    found += [span.replace("\\|", "|") for span in re.findall(r"`(handshake [^`]+)`", README)
              if " " in span.removeprefix("handshake ")]
    return found


def _forms(command: str) -> list[str]:
    """The command as written; a synopsis (`[--via TEXT]`, `bash|zsh|fish`, `…`) as each form it allows."""
    command = re.split(r"\s(?:\||&&|;|>|2>&1|#)(?:\s|$)", command)[0].replace("…", "").strip()
    optional = re.findall(r"\[([^\]]+)\]", command)
    bare = re.sub(r"\s*\[[^\]]+\]", "", command)
    forms = [bare] + [f"{bare} {group}" for group in optional]
    out = []
    for form in forms:
        alternatives = re.search(r"(\S+\|\S+)", form)
        out += ([form.replace(alternatives[1], a) for a in alternatives[1].split("|")] if alternatives else [form])
    return out


def _example_values(argv: list[str]) -> list[str]:
    """A synopsis' placeholder for an option with choices (`--answer A`) as its first choice."""
    sub = next(a for a in parser()._actions if a.dest == "command").choices[argv[0]]  # type: ignore[index]
    options = {o: a for a in sub._actions for o in a.option_strings}
    out = list(argv)
    for i, word in enumerate(argv[1:], 1):
        action = options.get(argv[i - 1])
        if action is not None and action.choices and word.isupper() and word not in action.choices:
            out[i] = next(iter(action.choices))
    return out


COMMANDS = _commands()


def test_the_readme_shows_commands() -> None:
    assert len(COMMANDS) > 20


@pytest.mark.parametrize("command", COMMANDS)
def test_every_handshake_command_in_the_readme_parses(command: str) -> None:
    if command.startswith("handshake COMMAND"):
        return  # a pattern, not a command
    for form in _forms(command):
        err = io.StringIO()
        try:
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                parser().parse_args(_example_values(shlex.split(form)[1:]))
        except SystemExit as exc:
            assert not exc.code, f"{form}: {err.getvalue().strip()}"
