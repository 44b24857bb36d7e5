"""The command-line adapter: `handshake init|new|check|status|ask|met|answer|import-*|export-md`.

No logic of its own: each command reads the journal and calls the core.

The commands find the journal through `mkdocs.yml` in the current folder (`-f FILE` for another)
and read the plugin's options from it with MkDocs' own config machinery.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from . import atomic
from .analysis import analyse
from .calendar import monday, parse_day, parse_week, week_label
from .edit import answer_latest, append_entry, ask_entry, edit_person, mark_done, meeting_entry, pending_ask
from .export import Journal as ExportedJournal
from .export import export_markdown
from .hints import did_you_mean
from .import_csv import SOURCES, csv_candidates
from .import_ics import apply_plan, plan_meetings
from .importing import Candidate, ImportFileError, ImportReport, by_line, progress_printer, write_people
from .model import ANSWERS, KINDS, is_id
from .options import HandshakeConfig, core_options, resolve_today
from .problems import HandshakeError, errors_in
from .read import link_problem, person_files, read_journal
from .review import week_review
from .scaffold import init_journal, new_person, schema_ref_for
from .site import Analysed, Settings, build_site, people_folder, read_and_analyse
from .status import status_object, status_text
from .terminal import tty
from .vcard import vcard_candidates


class CliError(HandshakeError):
    """A problem to print as one line, with exit status 2."""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _journal_config(config_file: str) -> tuple[Path, HandshakeConfig]:
    root, _, cfg = _load_config(config_file)
    return root, cfg


def _load_config(config_file: str) -> tuple[Path, Any, HandshakeConfig]:
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    path = Path(config_file)
    if not path.is_file():
        raise CliError(f"{config_file}: no such file: run this in your journal's folder, or give -f path/to/mkdocs.yml")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    # MkDocs logs what is wrong with a config, then raises a bare "Aborted": keep the log for the message.
    logger = logging.getLogger("mkdocs")
    collected = _Collect()
    logger.addHandler(collected)
    propagate, logger.propagate = logger.propagate, False
    try:
        config = load_config(str(path))
    except MkDocsException as exc:
        details = "; ".join(collected.messages) or str(exc)
        raise CliError(f"{config_file}: {details}") from None
    finally:
        logger.removeHandler(collected)
        logger.propagate = propagate
    plugin = config.plugins.get("handshake")
    if plugin is None:
        raise CliError(f"{config_file}: the handshake plugin is not enabled: add `- handshake` under `plugins:`")
    return path.resolve().parent, config, plugin.config  # type: ignore[attr-defined]


def _people_dir(root: Path, cfg: HandshakeConfig) -> Path:
    return people_folder(root, cfg.people_dir)


def cmd_init(args: argparse.Namespace) -> int:
    written = init_journal(Path(args.dir), resolve_today(None))
    for path in written:
        print(f"wrote {path}")
    print("\npeople/ada-lovelace.yml is an example person: edit it, or delete it once you add your own.")
    print(f"Next: cd {args.dir} && mkdocs serve")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    root, cfg = _journal_config(args.config_file)
    people = _people_dir(root, cfg)
    path = new_person(people, args.name, resolve_today(cfg.today), schema_ref_for(people), args.id)
    print(f"wrote {os.path.relpath(path)}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    root, cfg = _journal_config(args.config_file)
    result = read_journal(_people_dir(root, cfg), display_root=Path.cwd(), journal_root=root)
    for problem in result.problems:
        print(problem)
    errors = len(errors_in(result.problems))
    warnings = len(result.problems) - errors
    files = len(person_files(_people_dir(root, cfg)))
    print(f"{files} person files checked: {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors else 0


def _analysed(root: Path, cfg: HandshakeConfig) -> Analysed | None:
    """The journal read, checked and analysed; None (with its errors printed) while it has errors."""
    analysed = read_and_analyse(_people_dir(root, cfg), core_options(cfg), display_root=Path.cwd())
    if analysed.errors:
        for problem in analysed.errors:
            print(problem, file=sys.stderr)
        print("fix these errors first (handshake check lists them all)", file=sys.stderr)
        return None
    return analysed


def cmd_status(args: argparse.Namespace) -> int:
    root, cfg = _journal_config(args.config_file)
    analysed = _analysed(root, cfg)
    if analysed is None or analysed.analysis is None:
        return 1
    analysis = analysed.analysis
    if args.json:
        print(json.dumps(status_object(analysis), indent=2, ensure_ascii=False))
    else:
        print(status_text(analysis))
    return 0


def _person_file(root: Path, cfg: HandshakeConfig, person_id: str) -> tuple[Path, list[str]]:
    people = _people_dir(root, cfg)
    files = person_files(people)
    ids = [p.stem for p in files if is_id(p.stem)]
    for path in files:
        if path.stem == person_id:
            return path, ids
    hint = did_you_mean(person_id, ids, prefix=True)
    raise CliError(f"no person file for '{person_id}' in {cfg.people_dir}/.{' ' + hint.rstrip() if hint else ''} "
                   f"(handshake new \"Their Name\" makes one)")


def _day(text: str | None, cfg: HandshakeConfig) -> dt.date:
    if text is None:
        return resolve_today(cfg.today)
    try:
        return parse_day(text, "--date")
    except ValueError as exc:
        raise CliError(str(exc)) from None


def _edit(args: argparse.Namespace, change: Callable[[str], str],
          journal: tuple[Path, HandshakeConfig] | None = None) -> Path:
    root, cfg = journal or _journal_config(args.config_file)
    path, ids = _person_file(root, cfg, args.id)
    refused = link_problem(path, os.path.relpath(path), root)
    if refused is not None:
        raise CliError(str(refused))
    edit_person(path, os.path.relpath(path), ids, change)
    return path


def cmd_ask(args: argparse.Namespace) -> int:
    root, cfg = _journal_config(args.config_file)
    day = _day(args.date, cfg)
    earlier: list[dict[str, Any]] = []
    entry: dict[str, Any] = {}

    def change(text: str) -> str:
        waiting = pending_ask(text)
        if waiting is not None:  # a follow-up message: by default the same way as the ask it follows
            earlier.append(waiting)
        via = args.via or (waiting.get("via") if waiting and isinstance(waiting.get("via"), str) else None)
        entry.update(ask_entry(day, via, args.answer))
        return append_entry(text, "asks", entry)

    path = _edit(args, change, (root, cfg))
    print(f"{os.path.relpath(path)}: added an ask on {entry['date']}"
          f"{' via ' + tty(entry['via']) if entry.get('via') else ''} ({entry['answer']})")
    if earlier:
        print(f"  a follow-up to your ask of {tty(earlier[0]['date'])}: it waits for an answer again from today; "
              "your first ask stays the handshake")
    return 0


def cmd_met(args: argparse.Namespace) -> int:
    root, cfg = _journal_config(args.config_file)
    when: dt.date | str = _day(args.date, cfg) if args.date is None or len(args.date) == 10 else args.date
    if isinstance(when, str):
        _day(when[:10], cfg)
    with_ = [part.strip() for part in (args.with_ or "").split(",") if part.strip()]
    if args.kind not in KINDS:
        raise CliError(f"--kind {args.kind}: {did_you_mean(args.kind, KINDS)}write one of {', '.join(KINDS)}")
    entry = meeting_entry(when, args.kind, args.where, with_, args.notes)
    path = _edit(args, lambda text: append_entry(text, "meetings", entry), (root, cfg))
    print(f"{os.path.relpath(path)}: added a {args.kind} on {when}")
    return 0


def cmd_answer(args: argparse.Namespace) -> int:
    answered: list[str] = []

    def change(text: str) -> str:
        new_text, day = answer_latest(text, args.answer, pending_only=not args.latest)
        answered.append(day)
        return new_text

    path = _edit(args, change)
    settled = "" if args.latest else ": no longer waiting for an answer"
    print(f"{os.path.relpath(path)}: the ask of {answered[0]} is now {args.answer}{settled}")
    return 0


def cmd_done(args: argparse.Namespace) -> int:
    root, cfg = _journal_config(args.config_file)
    day = _day(args.date, cfg)
    kept: list[tuple[str, str]] = []

    def change(text: str) -> str:
        new_text, promise, meeting_date = mark_done(text, day, args.text, args.id)
        kept.append((promise, meeting_date))
        return new_text

    path = _edit(args, change, (root, cfg))
    promise, meeting_date = kept[0]
    print(f"{os.path.relpath(path)}: kept \"{tty(promise)}\" (promised at the meeting of {tty(meeting_date)}) "
          f"on {day.isoformat()}")
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    root, config, cfg = _load_config(args.config_file)
    analysed = _analysed(root, cfg)
    if analysed is None or analysed.analysis is None:
        return 1
    now = analysed.analysis
    options = now.options
    try:
        week = parse_week(args.week) if args.week else monday(options.today)
    except HandshakeError as exc:
        raise CliError(f"--week {args.week}: {exc}") from None
    if week > options.today:
        raise CliError(f"--week {args.week}: that week has not started yet (today is {options.today.isoformat()})")
    # The week as it stood at its end: what waited, what was open and due then.
    as_of = min(options.today, week + dt.timedelta(days=6))
    text = week_review(now, analyse(analysed.journal, dataclasses.replace(options, today=as_of)), week)
    if not args.write:
        print(text, end="")
        return 0
    path = Path(config.docs_dir) / "weeks" / f"{week_label(week)}.md"
    atomic.write_new(path, text)
    print(f"wrote {os.path.relpath(path)}: finish it in your editor (Looking back, Next week)")
    return 0


def _print_report(report: ImportReport, what: str) -> None:
    for path in report.written:
        print(f"wrote {tty(os.path.relpath(path))}")
    for line in by_line(report.skipped):
        print(f"skipped {tty(line)}")
    for line in by_line(report.notes):
        print(f"note: {tty(line)}")
    print(f"{what}: {len(report.written)} added, {len(report.skipped)} skipped, {len(report.notes)} value(s) left out",
          file=sys.stderr)


def _import_people(args: argparse.Namespace, read: Callable[[Path, dt.date], tuple[list[Candidate], ImportReport]],
                   ) -> int:
    root, cfg = _journal_config(args.config_file)
    people = _people_dir(root, cfg)
    try:
        candidates, report = read(Path(args.file), resolve_today(cfg.today))
    except ImportFileError as exc:
        raise CliError(tty(exc)) from None
    progress = progress_printer(len(candidates), f"importing {tty(args.file)}")
    try:
        write_people(candidates, people, schema_ref_for(people), progress, report, args.id)
    except ImportFileError as exc:
        raise CliError(tty(exc)) from None
    _print_report(report, tty(args.file))
    return 0


def cmd_import_vcard(args: argparse.Namespace) -> int:
    return _import_people(args, lambda path, today: vcard_candidates(path, today, args.file))


def cmd_import_csv(args: argparse.Namespace) -> int:
    return _import_people(args, lambda path, today: csv_candidates(path, args.source, today, args.file))


def cmd_import_ics(args: argparse.Namespace) -> int:
    root, cfg = _journal_config(args.config_file)
    people = _people_dir(root, cfg)
    analysed = _analysed(root, cfg)
    if analysed is None:
        return 1
    try:
        plan = plan_meetings(Path(args.file), analysed.journal, args.file)
    except ImportFileError as exc:
        raise CliError(tty(exc)) from None
    files = {p.stem: p for p in person_files(people)}
    verb = "add to" if args.apply else "would add to"
    for planned in sorted(plan.meetings, key=lambda m: (m.owner, str(m.entry["date"]))):
        print(tty(f"{verb} {os.path.relpath(files[planned.owner])}: {planned.describe()}"))
    for line in by_line(plan.skipped):
        print(f"skipped {tty(line)}")
    refused: list[str] = []
    if args.apply:
        edited, refused = apply_plan(plan, people, os.path.relpath)
        for line in refused:
            print(f"handshake: {tty(line)}", file=sys.stderr)
        done = f"{len(plan.meetings)} meeting(s) added to {len(edited)} file(s)"
    else:
        done = f"{len(plan.meetings)} meeting(s) to add (nothing written: run again with --apply to add them)"
    print(f"{tty(args.file)}: {plan.events} event(s): {done}; {len(plan.skipped)} skipped; "
          f"{plan.unmatched} with none of your people's emails", file=sys.stderr)
    return 2 if refused else 0


def cmd_export_md(args: argparse.Namespace) -> int:
    root, config, cfg = _load_config(args.config_file)
    docs = Path(config.docs_dir)
    files = [p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()]
    pages = {uri: partial((docs / uri).read_text, encoding="utf-8") for uri in files if uri.endswith(".md")}
    custom = config.theme.custom_dir
    site = build_site(Settings(
        _people_dir(root, cfg), pages, files=files, site_name=config.site_name, custom_dir=custom,
        markdown_extensions=config.markdown_extensions, mdx_configs=config.mdx_configs,
        directory_urls=config.use_directory_urls, show_contact=cfg.show_contact, display_root=Path.cwd()),
        core_options(cfg))
    if site.errors:
        for problem in site.errors:
            print(problem, file=sys.stderr)
        return 1
    journal = ExportedJournal(Path(config.config_file_path), docs, Path(custom) if custom else None,
                              Path(config.site_dir))
    written = export_markdown(journal, site, Path(args.dir))
    print(f"copied your docs and wrote {len(written)} generated files to {args.dir}; "
          f"build them with: cd {args.dir} && mkdocs build")
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser of `handshake`."""
    p = argparse.ArgumentParser(prog="handshake", description="Handshake: a private relationship journal kept as code.")
    p.add_argument("-f", "--config-file", default="mkdocs.yml", help="the journal's mkdocs.yml (default: ./mkdocs.yml)")
    sub = p.add_subparsers(dest="command", required=True)

    def command(name: str, func: Callable[[argparse.Namespace], int], help: str, *positional: str,
                journal: bool = True) -> argparse.ArgumentParser:
        s = sub.add_parser(name, help=help)
        for arg in positional:
            s.add_argument(arg)
        if journal:  # -f also after the command name
            s.add_argument("-f", "--config-file", default=argparse.SUPPRESS, help="the journal's mkdocs.yml")
        s.set_defaults(func=func)
        return s

    command("init", cmd_init, "write a new journal in DIR (which must be new or empty)", "dir", journal=False)
    s = command("new", cmd_new, 'add people/<id>.yml for NAME, e.g. handshake new "Ada Lovelace"', "name")
    s.add_argument("--id", help="the id (file name) to use instead of the one made from the name")
    command("check", cmd_check, "validate every person file; exit 1 on errors")
    s = command("status", cmd_status, "this week, streaks, reconnect list, upcoming meetings")
    s.add_argument("--json", action="store_true", help="print the stable JSON object")
    s = command("ask", cmd_ask, "append an ask to a person's file", "id")
    s.add_argument("--via", help="how you asked: DM, email, in person…")
    s.add_argument("--date", help="YYYY-MM-DD (default: today)")
    s.add_argument("--answer", choices=ANSWERS, help="default: pending")
    s = command("met", cmd_met, "append a meeting to a person's file", "id")
    s.add_argument("--kind", required=True, help=" | ".join(KINDS))
    s.add_argument("--date", help='YYYY-MM-DD or "YYYY-MM-DD HH:MM" (default: today)')
    s.add_argument("--where")
    s.add_argument("--with", dest="with_", metavar="ID,…", help="others who were there")
    s.add_argument("--notes")
    s = command("answer", cmd_answer, "record the answer to the latest pending ask", "id")
    s.add_argument("answer", choices=[a for a in ANSWERS if a != "pending"])
    s.add_argument("--latest", action="store_true",
                   help="change the latest ask even if it is answered (a late reply to a no-reply)")
    s = command("done", cmd_done, "mark a promise (a meeting's follow_up) kept, in ID's file", "id")
    s.add_argument("text", nargs="?", help="some words of the promise, when several are open")
    s.add_argument("--date", help="the day you kept it, YYYY-MM-DD (default: today)")
    s = command("review", cmd_review, "the week in review: handshakes, meetings, waiting, promises, whom to ask")
    s.add_argument("--week", help="ISO week YYYY-Www (default: this week)")
    s.add_argument("--write", action="store_true", help="start docs/weeks/YYYY-Www.md with it (never overwrites)")
    s = command("import-vcard", cmd_import_vcard, "a person file per contact of a .vcf file; never overwrites", "file")
    s.add_argument("--id", help="the id for the one contact of a single-card file")
    s = command("import-csv", cmd_import_csv, "a radar person per row of a LinkedIn, Mastodon or plain CSV export",
                "file")
    s.add_argument("--from", dest="source", choices=SOURCES, required=True,
                   help="linkedin: Connections.csv; mastodon: following_accounts.csv; csv: a name column and "
                        "optional email, url, note, date, tags")
    s.add_argument("--id", help="the id for the one person of a one-row file")
    s = command("import-ics", cmd_import_ics, "meetings from a calendar export, matched by your people's emails",
                "file")
    s.add_argument("--apply", action="store_true", help="write them (without it, only print what would be added)")
    command("export-md", cmd_export_md, "write every page as Markdown into DIR (builds without the plugin)", "dir")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run `handshake`; returns the exit status."""
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except HandshakeError as exc:
        # Problem lines come escaped already; anything else a message quotes is escaped here.
        message = "\n".join(tty(line) for line in str(exc).split("\n"))
        print(f"handshake: {message}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


