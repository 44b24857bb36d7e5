"""The command line of `handshake`: its parser, shell completion and the entry point.

Light on purpose (standard library, argcomplete and the vocabulary only): completing a person id
at a shell prompt must not wait for MkDocs and pydantic to load. The commands live in main.py.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from ..core.journal import person_ids
from ..core.problems import InputError
from ..core.vocabulary import ANSWERS, KINDS, SOURCES, STAGES

SHELLS = ("bash", "zsh", "fish")
TODAY = "the journal's today"


def _version() -> str:
    try:
        return version("handshake-plugin")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without installing
        return "unknown"


def _complete_ids(prefix: str, parsed_args: argparse.Namespace, **_: Any) -> list[str]:
    return [i for i in person_ids(getattr(parsed_args, "config_file", None)) if i.startswith(prefix)]


def _complete_id_list(prefix: str, parsed_args: argparse.Namespace, **_: Any) -> list[str]:
    # --with a,b,c: complete the id after the last comma
    done, _comma, last = prefix.rpartition(",")
    head = f"{done}," if done else ""
    return [head + i for i in person_ids(getattr(parsed_args, "config_file", None)) if i.startswith(last)]


def _complete_kinds(prefix: str, **_: Any) -> list[str]:
    # A completer, not choices: `met` answers a misspelt kind itself, with "did you mean".
    return [k for k in KINDS if k.startswith(prefix)]


def parser() -> argparse.ArgumentParser:
    """The argument parser of `handshake`; each sub-command's name is in `args.command`."""
    p = argparse.ArgumentParser(
        prog="handshake", description="Handshake: a private relationship journal kept as code.",
        epilog="The commands find the journal as git finds its repository: the nearest mkdocs.yml in this "
               "folder or one above. Dates default to the journal's today: the `today` option in "
               "mkdocs.yml, else the environment variable HANDSHAKE_TODAY, else the date.")
    p.add_argument("--version", action="version", version=f"handshake {_version()}")
    p.add_argument("-f", "--config-file", default=None, metavar="PATH",
                   help="the journal's mkdocs.yml, or its folder (default: the nearest mkdocs.yml here or above)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str, *positional: tuple[str, str], journal: bool = True,
                ids: bool = False, choices: Sequence[str] | None = None) -> argparse.ArgumentParser:
        s = sub.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".")
        for index, (arg, arg_help) in enumerate(positional):
            action = s.add_argument(arg, help=arg_help, choices=choices)
            if ids and index == 0:
                action.completer = _complete_ids  # type: ignore[attr-defined]
        if journal:  # -f also after the command name
            s.add_argument("-f", "--config-file", default=argparse.SUPPRESS, metavar="PATH",
                           help="the journal's mkdocs.yml, or its folder")
        return s

    person = ("id", "the person's id: their file name in people/ without .yml (e.g. ada-lovelace)")

    s = command("init", "write a new journal in DIR (which must be new or empty)",
                ("dir", "the folder to create the journal in"), journal=False)
    s.add_argument("--github", action="store_true",
                   help="also write a GitHub Actions workflow that publishes the encrypted site to GitHub Pages")
    s = command("new", 'add people/<id>.yml for NAME, e.g. handshake new "Ada Lovelace"',
                ("name", "the person's name, in quotes"))
    s.add_argument("--id", help="the id (file name) to use instead of the one made from the name")
    s.add_argument("--tags", metavar="TAG,…", help="tags, separated by commas")
    s.add_argument("--where", help="where you first noticed them (found.where)")
    s.add_argument("--found", metavar="NOTE", help="what caught your interest (found.note)")
    introducer = s.add_argument("--introduced-by", metavar="ID", help="the id of the person who introduced you")
    introducer.completer = _complete_ids  # type: ignore[attr-defined]
    s = command("check", "validate every person file; exit 1 on errors")
    s.add_argument("--strict", action="store_true", help="warnings fail too (exit 1), as mkdocs build --strict")
    s = command("status", "this week, streaks, waiting asks, promises, reconnect list, upcoming meetings")
    s.add_argument("--json", action="store_true", help="print the stable JSON object")
    s = command("list", "list people: id, name, stage, handshake, last and next meeting, tags")
    s.add_argument("--stage", choices=STAGES, help="only people at this stage")
    s.add_argument("--tag", help="only people with this tag")
    s.add_argument("--json", action="store_true", help="print a JSON array ordered by id")
    command("show", "one person's story: found, asks, meetings, promises, reconnect, introductions", person,
            ids=True)
    s = command("ask", "append an ask to a person's file", person, ids=True)
    s.add_argument("--via", help="how you asked: DM, email, in person…")
    s.add_argument("--date", help="YYYY-MM-DD (default: " + TODAY + ")")
    s.add_argument("--answer", choices=ANSWERS, help="default: pending")
    s.add_argument("--note", help="a note on the ask")
    s = command("met", "append a meeting to a person's file", person, ids=True)
    s.add_argument("--kind", required=True, help=" | ".join(KINDS)
                   ).completer = _complete_kinds  # type: ignore[attr-defined]
    s.add_argument("--date", help='YYYY-MM-DD or "YYYY-MM-DD HH:MM" (default: ' + TODAY + ")")
    s.add_argument("--time", metavar="HH:MM", help="the time of day of the meeting")
    s.add_argument("--where", help="where you met")
    s.add_argument("--with", dest="with_", metavar="ID,…", help="others who were there (ids, separated by commas)"
                   ).completer = _complete_id_list  # type: ignore[attr-defined]
    s.add_argument("--notes", help="what you talked about (Markdown)")
    s.add_argument("--follow-up", dest="follow_up", action="append", metavar="PROMISE",
                   help="a promise you made (repeat for several); handshake done marks it kept")
    s = command("answer", "record the answer to the latest pending ask", person, ids=True)
    s.add_argument("answer", choices=[a for a in ANSWERS if a != "pending"], help="the answer they gave")
    s.add_argument("--latest", action="store_true",
                   help="change the latest ask even if it is answered (a late reply to a no-reply)")
    s = command("done", "mark a promise (a meeting's follow_up) kept, in ID's file", person, ids=True)
    s.add_argument("text", nargs="?", help="some words of the promise, when several are open")
    s.add_argument("--date", help="the day you kept it, YYYY-MM-DD (default: " + TODAY + ")")
    s = command("drop", "let go of a promise you will not keep (it stays on the page, struck through)", person,
                ids=True)
    s.add_argument("text", nargs="?", help="some words of the promise, when several are open")
    s.add_argument("--date", help="the day you let it go, YYYY-MM-DD (default: " + TODAY + ")")
    s = command("review", "the week in review: handshakes, meetings, waiting, promises, whom to ask")
    s.add_argument("--week", help="ISO week YYYY-Www (default: this week)")
    s.add_argument("--write", action="store_true", help="start docs/weeks/YYYY-Www.md with it (never overwrites)")
    s = command("import-vcard", "a person file per contact of a .vcf file; never overwrites",
                ("file", "the .vcf file (contacts exported from your phone or mail program)"))
    s.add_argument("--id", help="the id for the one contact of a single-card file")
    s = command("import-csv", "a radar person per row of a LinkedIn, Mastodon or plain CSV export",
                ("file", "the .csv file"))
    s.add_argument("--from", dest="source", choices=SOURCES, required=True,
                   help="linkedin: Connections.csv; mastodon: following_accounts.csv; csv: a name column and "
                        "optional email, url, note, date, tags")
    s.add_argument("--id", help="the id for the one person of a one-row file")
    s = command("import-ics", "meetings from a calendar export, matched by your people's emails",
                ("file", "the .ics file"))
    s.add_argument("--apply", action="store_true", help="write them (without it, only print what would be added)")
    command("export-md", "write every page as Markdown into DIR (builds without the plugin)",
            ("dir", "a new folder for the Markdown site"))
    s = command("publish-setup", "write a CI workflow that publishes the encrypted site (never overwrites)",
                ("host", "where to publish: github (GitHub Pages through GitHub Actions)"), choices=("github",))
    s = command("completion", "print the shell completion script for SHELL (commands, options, person ids)",
                ("shell", "your shell: bash, zsh or fish"), journal=False, choices=SHELLS)
    s.epilog = ('bash: eval "$(handshake completion bash)" in ~/.bashrc; zsh: the same in ~/.zshrc after compinit; '
                "fish: handshake completion fish > ~/.config/fish/completions/handshake.fish")
    return p


def completion_script(shell: str) -> str:
    """The completion script of `handshake` for bash, zsh or fish (argcomplete's, which calls back for ids)."""
    import argcomplete

    if shell not in SHELLS:
        raise InputError(f"completion {shell}: write one of {', '.join(SHELLS)}")
    return argcomplete.shellcode(["handshake"], shell=shell)


def main(argv: Sequence[str] | None = None) -> int:
    """The `handshake` program: completion answered at once, else the command run, a closed pipe ended quietly."""
    if "_ARGCOMPLETE" in os.environ:
        import argcomplete

        argcomplete.autocomplete(parser())  # answers the shell and exits
    # --help, --version and a mistyped command are answered before the commands (MkDocs, pydantic) load.
    args = parser().parse_args(argv)
    if args.command == "completion":
        try:
            print(completion_script(args.shell), end="")
        except InputError as exc:
            print(f"handshake: {exc}", file=sys.stderr)
            return 2
        return 0
    try:
        from .main import run  # Ctrl-C while the commands load: no traceback either

        status = run(args)
        sys.stdout.flush()
    except BrokenPipeError:
        # `handshake status | head -1`: the reader has what it wanted; Python's own flush at exit must not fail.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        status = 0
    except KeyboardInterrupt:
        print("handshake: interrupted", file=sys.stderr)
        status = 130
    return status


def entry() -> None:  # pragma: no cover - the console script
    """The console script `handshake`."""
    sys.exit(main())
