"""The command-line adapter: `handshake init|new|check|status`. No logic of its own.

The commands find the journal through `mkdocs.yml` in the current folder (`-f FILE` for another)
and read the plugin's options from it with MkDocs' own config machinery.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path
from typing import Sequence

from .analysis import analyse
from .options import HandshakeConfig, core_options, resolve_today
from .problems import errors_in
from .read import read_journal
from .scaffold import Refused, init_journal, new_person, schema_ref_for
from .status import status_object, status_text


class CliError(Exception):
    """A problem to print as one line, with exit status 2."""


def _journal_config(config_file: str) -> tuple[Path, HandshakeConfig]:
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    path = Path(config_file)
    if not path.is_file():
        raise CliError(f"{config_file}: no such file: run this in your journal's folder, or give -f path/to/mkdocs.yml")
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        config = load_config(str(path))
    except ConfigurationError as exc:
        raise CliError(f"{config_file}: {exc}") from None
    plugin = config.plugins.get("handshake")
    if plugin is None:
        raise CliError(f"{config_file}: the handshake plugin is not enabled: add `- handshake` under `plugins:`")
    return path.resolve().parent, plugin.config  # type: ignore[attr-defined]


def _people_dir(root: Path, cfg: HandshakeConfig) -> Path:
    people = root / cfg.people_dir
    if not people.is_dir():
        raise CliError(f"people_dir '{cfg.people_dir}' is not a folder next to mkdocs.yml")
    return people


def cmd_init(args: argparse.Namespace) -> int:
    written = init_journal(Path(args.dir), resolve_today(None))
    for path in written:
        print(f"wrote {path}")
    print(f"\nNext: cd {args.dir} && mkdocs serve")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    root, cfg = _journal_config(args.config_file)
    people = _people_dir(root, cfg)
    path = new_person(people, args.name, resolve_today(cfg.today), schema_ref_for(people))
    print(f"wrote {os.path.relpath(path)}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    root, cfg = _journal_config(args.config_file)
    result = read_journal(_people_dir(root, cfg), display_root=Path.cwd())
    for problem in result.problems:
        print(problem)
    errors = len(errors_in(result.problems))
    warnings = len(result.problems) - errors
    people = len(result.journal.people)
    print(f"{people} people checked: {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors else 0


def cmd_status(args: argparse.Namespace) -> int:
    root, cfg = _journal_config(args.config_file)
    result = read_journal(_people_dir(root, cfg), display_root=Path.cwd())
    errors = errors_in(result.problems)
    if errors:
        for problem in errors:
            print(problem, file=sys.stderr)
        print("fix these errors first (handshake check lists them all)", file=sys.stderr)
        return 1
    try:
        options = core_options(cfg)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    analysis = analyse(result.journal, options)
    if args.json:
        print(json.dumps(status_object(analysis), indent=2, ensure_ascii=False))
    else:
        print(status_text(analysis))
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser of `handshake`."""
    p = argparse.ArgumentParser(prog="handshake", description="Handshake: a private relationship journal kept as code.")
    p.add_argument("-f", "--config-file", default="mkdocs.yml", help="the journal's mkdocs.yml (default: ./mkdocs.yml)")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("init", help="write a new journal in DIR (which must be new or empty)")
    s.add_argument("dir")
    s.set_defaults(func=cmd_init)
    s = sub.add_parser("new", help='add people/<id>.yml for NAME, e.g. handshake new "Ada Lovelace"')
    s.add_argument("name")
    s.set_defaults(func=cmd_new)
    s = sub.add_parser("check", help="validate every person file; exit 1 on errors")
    s.set_defaults(func=cmd_check)
    s = sub.add_parser("status", help="this week, streaks, reconnect list, upcoming meetings")
    s.add_argument("--json", action="store_true", help="print the stable JSON object")
    s.set_defaults(func=cmd_status)
    for name in ("new", "check", "status"):
        sub.choices[name].add_argument("-f", "--config-file", default=argparse.SUPPRESS,
                                       help="the journal's mkdocs.yml")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run `handshake`; returns the exit status."""
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except (CliError, Refused, ValueError) as exc:
        print(f"handshake: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


