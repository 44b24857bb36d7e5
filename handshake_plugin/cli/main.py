"""The commands of `handshake` (init, new, check, status, list, show, ask, met, answer, done, drop, review, imports,
export-md, publish-setup); the parser, the entry point and `completion` are in arguments.py, which
imports this module (never the other way round).

No logic of its own: each command reads the journal and calls the core. The journal is the nearest
mkdocs.yml here or above (journal.py; `-f FILE` or `-f FOLDER` for another); its plugin options are
read with MkDocs' own config machinery.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.analysis import Analysis, analyse, core_options
from ..core.calendar import clock_time, monday, parse_day, parse_week, week_label
from ..core.hints import did_you_mean, suggest
from ..core.journal import find_config, shown
from ..core.model import is_id
from ..core.options import PluginOptions, impossible_dates, located_message, quick_options, resolve_today
from ..core.problems import HandshakeError, errors_in
from ..core.read import link_problem, person_files
from ..core.terminal import tty
from ..core.vocabulary import KINDS, closest_kind
from ..pipeline import JournalFiles, open_journal
from ..render.status import status_object, status_text

if TYPE_CHECKING:
    from ..files.importing import Candidate, ImportReport
    from ..pipeline import Analysed

# Each command imports what only it needs (templates, Markdown, calendars, vCards, the export) inside
# itself: `handshake status` should not pay for the imports of `export-md` or `import-ics`.


class CliError(HandshakeError):
    """A problem to print as one line, with exit status 2."""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.warnings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        (self.messages if record.levelno >= logging.ERROR else self.warnings).append(record.getMessage())


def _journal_config(config_file: str | None) -> tuple[JournalFiles, PluginOptions]:
    """The journal and its plugin options, read without MkDocs when its config is plain (much faster)."""
    path = find_config(config_file)
    quick = quick_options(path)
    if quick is not None:
        return JournalFiles(path, quick.people_dir), quick
    journal, _, cfg = _load_config(str(path))
    return journal, cfg


def _load_config(config_file: str | None, warnings: list[str] | None = None,
                 ) -> tuple[JournalFiles, Any, PluginOptions]:
    """The journal, its config and plugin options, loaded and checked by the engine installed (MkDocs,
    else ProperDocs: engine.py)."""
    from ..engine.loader import engine

    name = engine()
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    path = find_config(config_file)
    shown_path = shown(path)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    # The engine logs what is wrong with a config, then raises a bare "Aborted": keep the log for the message.
    logger = logging.getLogger(name)
    collected = _Collect()
    logger.addHandler(collected)
    propagate, logger.propagate = logger.propagate, False
    try:
        config = load_config(str(path))
    except MkDocsException as exc:
        details = "; ".join(collected.messages) or str(exc)
        raise CliError(located_message(path, shown_path, details)) from None
    except ValueError:  # PyYAML reads an unquoted 2026-02-30 as a date, then fails without saying where
        raise CliError("\n".join(f"{shown_path}:{line}:{column}: {text} is not a real date: write a date that "
                                  f"exists, as YYYY-MM-DD" for line, column, text in impossible_dates(path))
                       or f"{shown_path}: a value cannot be read: check its dates") from None
    except RecursionError:  # PyYAML's pure-Python composer recurses once per level of nesting
        raise CliError(f"{shown_path}: nesting is too deep to read (brackets or indentation hundreds of levels "
                       "deep): a config needs only a few levels") from None
    finally:
        logger.removeHandler(collected)
        logger.propagate = propagate
    if warnings is not None:
        warnings += [f"{shown_path}: warning: {tty(w)}" for w in collected.warnings if w.startswith("Config value")]
    plugin = config.plugins.get("handshake")
    if plugin is None:
        raise CliError(f"{shown_path}: the handshake plugin is not enabled: add `- handshake` under `plugins:`")
    from ..engine.config import plugin_options

    cfg = plugin_options(plugin.config)  # type: ignore[attr-defined]
    return JournalFiles(path, cfg.people_dir), config, cfg


def cmd_init(args: argparse.Namespace) -> int:
    from ..files.scaffold import init_journal
    written = init_journal(Path(args.dir), resolve_today(None), github=args.github)
    for path in written:
        print(f"wrote {tty(shown(path))}")
    print("\npeople/ada-lovelace.yml is an example person: edit it, or delete it once you add your own.")
    if args.github:
        from ..files.publish import Published, branch_note, journal_branches
        print(branch_note(Published(branches=journal_branches(Path(args.dir)))))
        print(PUBLISH_NEXT)
    from ..engine.loader import expected_engine_text, installed_engine
    print(expected_engine_text())
    print(f"Next: cd {tty(args.dir)} && {installed_engine() or 'properdocs'} serve")
    return 0


def cmd_publish_setup(args: argparse.Namespace) -> int:
    from ..files.publish import branch_note, plugins_need_mapping, publish_setup
    config = find_config(args.config_file)
    done = publish_setup(config.parent, config.name)
    for path in done.written:
        print(f"wrote {tty(shown(path))}")
    if done.kept is not None:
        print(f"kept {tty(shown(done.kept))} as it is: it installs the wheel just written (commit .handshake/)")
        return 0
    change = plugins_need_mapping(config.read_text(encoding="utf-8", errors="replace"))
    if change:
        print(f"handshake: note: {change}", file=sys.stderr)
    print(branch_note(done))
    print(PUBLISH_NEXT)
    return 0


PUBLISH_NEXT = ("To publish: commit .github, .handshake and mkdocs.encrypted.yml and push to GitHub, add the "
                "repository secret HANDSHAKE_PASSWORD (Settings → Secrets and variables → Actions; a passphrase of "
                "six or more words with a capital letter, as --strict asks) and choose GitHub Actions as the Pages "
                "source (Settings → Pages).")


def cmd_new(args: argparse.Namespace) -> int:
    from ..files.scaffold import PersonDetails, new_person, schema_ref_for
    journal, cfg = _journal_config(args.config_file)
    # After `git rm` of the last person the folder is gone (git keeps no empty folders): `new` makes it again.
    people = journal.root / cfg.people_dir if not (journal.root / cfg.people_dir).exists() else journal.people
    if args.introduced_by is not None:
        _person_file(journal, args.introduced_by, "--introduced-by ")
    tags = [t.strip() for t in (args.tags or "").split(",") if t.strip()]
    details = PersonDetails(where=args.where, found=args.found, tags=tags, introduced_by=args.introduced_by)
    path = new_person(people, args.name, resolve_today(cfg.today), schema_ref_for(people), args.id, details)
    print(f"wrote {tty(shown(path))}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    config_warnings: list[str] = []
    journal, _, cfg = _load_config(args.config_file, config_warnings)
    result = open_journal(journal, core_options(cfg), display_root=Path.cwd())
    for line in config_warnings:
        print(line)
    for problem in result.problems:
        print(problem)
    errors = len(errors_in(result.problems))
    warnings = len(result.problems) - errors + len(config_warnings)
    files = len(person_files(journal.people))
    where = "" if journal.root == Path.cwd().resolve() else f" (journal {shown(journal.config_file)})"
    strict = " (--strict: warnings fail)" if args.strict and warnings else ""
    print(f"{files} person files checked{where}: {errors} error(s), {warnings} warning(s){strict}", file=sys.stderr)
    return 1 if errors or (args.strict and warnings) else 0


def _analysed(journal: JournalFiles, cfg: PluginOptions) -> Analysed | None:
    """The journal read, checked and analysed; None (with its errors printed) while it has errors."""
    analysed = open_journal(journal, core_options(cfg), display_root=Path.cwd())
    if analysed.errors:
        for problem in analysed.errors:
            print(problem, file=sys.stderr)
        print("fix these errors first (handshake check lists them all)", file=sys.stderr)
        return None
    # A misspelt list key (`meetngs:`) hides its entries from every figure: say so wherever they are missing.
    for problem in analysed.warnings:
        if any(f"did you mean '{key}'" in problem.message for key in ("asks", "meetings")):
            print(f"{problem} (its entries are left out until it is renamed)", file=sys.stderr)
    return analysed


def cmd_status(args: argparse.Namespace) -> int:
    journal, cfg = _journal_config(args.config_file)
    analysed = _analysed(journal, cfg)
    if analysed is None or analysed.analysis is None:
        return 1
    analysis = analysed.analysis
    if args.json:
        print(json.dumps(status_object(analysis), indent=2, ensure_ascii=False))
    else:
        print(status_text(analysis))
    return 0


def _person_file(journal: JournalFiles, person_id: str, option: str = "") -> tuple[Path, list[str]]:
    people = journal.people
    files = person_files(people)
    ids = [p.stem for p in files if is_id(p.stem)]
    for path in files:
        if path.stem == person_id:
            return path, ids
    from ..core.ids import slug
    as_id = slug(person_id)  # a name typed where the id goes: "Zoë Ångström" -> zoe-angstrom
    hint = suggest(as_id) if as_id in ids and as_id != person_id else did_you_mean(person_id, ids, prefix=True)
    raise CliError(f"{option}no person file for '{person_id}' in {shown(people)}/. {hint}"
                   f"(handshake new \"Their Name\" makes one)")


def _day(text: str | None, cfg: PluginOptions) -> dt.date:
    if text is None:
        return resolve_today(cfg.today)
    return parse_day(text, "--date")


def _edit(args: argparse.Namespace, change: Callable[[str], str],
          opened: tuple[JournalFiles, PluginOptions] | None = None) -> Path:
    from ..files.edit import edit_person
    journal, _ = opened or _journal_config(args.config_file)
    path, ids = _person_file(journal, args.id)
    refused = link_problem(path, shown(path), journal.root)
    if refused is not None:
        raise CliError(str(refused))
    edit_person(path, shown(path), ids, change)
    return path


def cmd_ask(args: argparse.Namespace) -> int:
    from ..files.edit import append_entry, ask_entry, pending_ask, refuse_second_entry
    journal, cfg = _journal_config(args.config_file)
    day = _day(args.date, cfg)
    earlier: list[dict[str, Any]] = []
    entry: dict[str, Any] = {}

    def change(text: str) -> str:
        refuse_second_entry(text, "asks", day.isoformat())
        waiting = pending_ask(text)
        if waiting is not None:  # a follow-up message: by default the same way as the ask it follows
            earlier.append(waiting)
        via = args.via or (waiting.get("via") if waiting and isinstance(waiting.get("via"), str) else None)
        entry.update(ask_entry(day, via, args.answer, args.note))
        return append_entry(text, "asks", entry)

    path = _edit(args, change, (journal, cfg))
    print(f"{shown(path)}: added an ask on {entry['date']}"
          f"{' via ' + tty(entry['via']) if entry.get('via') else ''} ({entry['answer']})")
    if earlier:
        print(f"  a follow-up to your ask of {tty(earlier[0]['date'])}: it waits for an answer again from today; "
              "your first ask stays the handshake")
    return 0


def cmd_met(args: argparse.Namespace) -> int:
    from ..files.edit import append_entry, meeting_entry, recorded_elsewhere, refuse_second_entry
    journal, cfg = _journal_config(args.config_file)
    when: dt.date | str = _day(args.date, cfg) if args.date is None or len(args.date) == 10 else args.date
    if isinstance(when, str):
        _day(when[:10], cfg)
    if args.time is not None:
        if isinstance(when, str):
            raise CliError(f"--time {args.time}: --date already has a time; give one of them")
        if clock_time(args.time) is None:
            raise CliError(f"--time {args.time}: write the time as HH:MM, between 00:00 and 23:59, e.g. 14:30")
        when = f"{when.isoformat()} {args.time.zfill(5)}"
    with_ = [part.strip() for part in (args.with_ or "").split(",") if part.strip()]
    for other in with_:  # checked before the edit: the message names the option, not a line never written
        if other == args.id:
            raise CliError(f"--with {other}: that is the person you met; list only the others who were there")
        _person_file(journal, other, f"--with {other}: ")
    if args.kind not in KINDS:
        raise CliError(f"--kind {args.kind}: {suggest(closest_kind(args.kind))}write one of {', '.join(KINDS)}")
    entry = meeting_entry(when, args.kind, args.where, with_, args.notes, args.follow_up)
    day = str(when)[:10]
    elsewhere = recorded_elsewhere(journal.people, args.id, day, args.kind)
    if elsewhere is not None:
        raise CliError(f"{tty(shown(elsewhere))} already records a {args.kind} on {day} with {args.id}: nothing was "
                       f"added (it shows on both pages from there; another one that day? give it another --kind)")

    def change(text: str) -> str:
        refuse_second_entry(text, "meetings", day, args.kind)
        return append_entry(text, "meetings", entry)

    path = _edit(args, change, (journal, cfg))
    promises = f" with {len(args.follow_up)} promise(s) to keep" if args.follow_up else ""
    print(f"{shown(path)}: added a {args.kind} on {when}{promises}")
    return 0


def cmd_answer(args: argparse.Namespace) -> int:
    from ..files.edit import answer_latest
    answered: list[str] = []

    def change(text: str) -> str:
        new_text, day = answer_latest(text, args.answer, pending_only=not args.latest)
        answered.append(day)
        return new_text

    path = _edit(args, change)
    settled = "" if args.latest else ": no longer waiting for an answer"
    print(f"{shown(path)}: the ask of {answered[0]} is now {args.answer}{settled}")
    return 0


def cmd_done(args: argparse.Namespace) -> int:
    return _close_promise(args, "done")


def cmd_drop(args: argparse.Namespace) -> int:
    return _close_promise(args, "drop")


def _close_promise(args: argparse.Namespace, verb: str) -> int:
    """`done` (a promise kept) or `drop` (a promise let go): one open promise of ID's file closed on a day."""
    from ..files.edit import NoOpenPromise, mark_done, mark_dropped
    journal, cfg = _journal_config(args.config_file)
    day = _day(args.date, cfg)
    today = resolve_today(cfg.today)
    closed = "kept" if verb == "done" else "let go"
    if day > today:
        raise CliError(f"--date {day.isoformat()} is after today ({today.isoformat()}): a promise is marked "
                       f"{closed} once it is {closed}")
    mark = mark_done if verb == "done" else mark_dropped
    kept: list[tuple[str, str]] = []

    def change(text: str) -> str:
        new_text, promise, meeting_date = mark(text, day, args.text, args.id)
        kept.append((promise, meeting_date))
        return new_text

    try:
        path = _edit(args, change, (journal, cfg))
    except NoOpenPromise as exc:
        elsewhere = _promises_recorded_elsewhere(journal, cfg, args.id)
        if not elsewhere:
            raise
        raise CliError(f"{exc}\n" + "\n".join(
            f"  an open promise of a meeting with {tty(args.id)} is recorded in {tty(shown(where))} "
            f"(the meeting of {day.isoformat()}): handshake {verb} {where.stem}" for where, day in elsewhere)) from None
    promise, meeting_date = kept[0]
    print(f"{shown(path)}: {closed} \"{tty(promise)}\" (promised at the meeting of {tty(meeting_date)}) "
          f"on {day.isoformat()}")
    return 0


def _promises_recorded_elsewhere(journal: JournalFiles, cfg: PluginOptions, person_id: str,
                                 ) -> list[tuple[Path, dt.date]]:
    """The files and days of the meetings with `person_id` recorded in other files that hold open promises."""
    analysis = open_journal(journal, core_options(cfg)).analysis
    facts = analysis.people.get(person_id) if analysis is not None else None
    if facts is None:
        return []
    files = {p.stem: p for p in person_files(journal.people)}
    found = {(f.owner, f.day) for f in facts.open_promises if f.owner != person_id and f.owner in files}
    return [(files[owner], day) for owner, day in sorted(found)]


def cmd_review(args: argparse.Namespace) -> int:
    from ..files import atomic
    from ..render.review import week_review
    weeks: Path | None = None
    if args.write:
        journal, config, cfg = _load_config(args.config_file)
        weeks = Path(config.docs_dir) / "weeks"
    else:  # printing needs only the plugin's options
        journal, cfg = _journal_config(args.config_file)
    analysed = _analysed(journal, cfg)
    if analysed is None or analysed.analysis is None:
        return 1
    now = analysed.analysis
    options = now.options
    try:
        week = parse_week(args.week) if args.week else monday(options.today)
    except HandshakeError as exc:
        raise CliError(f"--week: {exc}") from None
    if week > options.today:
        raise CliError(f"--week {args.week}: that week has not started yet (today is {options.today.isoformat()})")
    # The week as it stood at its end: what waited, what was open and due then.
    as_of = min(options.today, week + dt.timedelta(days=6))
    text = week_review(now, analyse(analysed.journal, dataclasses.replace(options, today=as_of)), week,
                       live=weeks is None)
    if weeks is None:
        print(text, end="")
        return 0
    path = weeks / f"{week_label(week)}.md"
    atomic.write_new(path, text)
    print(f"wrote {shown(path)}: finish it in your editor (Looking back, Next week)")
    return 0


def _print_report(report: ImportReport, what: str) -> None:
    from ..files.importing import by_line
    for path in report.written:
        print(f"wrote {tty(shown(path))}")
    for line in by_line(report.skipped):
        print(f"skipped {tty(line)}")
    for line in by_line(report.notes):
        print(f"note: {tty(line)}")
    print(f"{what}: {len(report.written)} added, {len(report.skipped)} skipped, {len(report.notes)} value(s) left out",
          file=sys.stderr)


def _import_people(args: argparse.Namespace,
                   read: Callable[[Path, dt.date, str], tuple[list[Candidate], ImportReport]]) -> int:
    from ..files.importing import ImportFileError, progress_printer, write_people
    from ..files.scaffold import schema_ref_for
    journal, cfg = _journal_config(args.config_file)
    people = journal.people
    file = shown(Path(args.file))
    try:
        candidates, report = read(Path(args.file), resolve_today(cfg.today), file)
    except ImportFileError as exc:
        raise CliError(tty(exc)) from None
    progress = progress_printer(len(candidates), f"importing {tty(file)}")
    try:
        write_people(candidates, journal, schema_ref_for(people), progress, report, args.id)
    except ImportFileError as exc:
        raise CliError(tty(exc)) from None
    _print_report(report, tty(file))
    return 0


def cmd_import_vcard(args: argparse.Namespace) -> int:
    from ..files.vcard import vcard_candidates
    return _import_people(args, vcard_candidates)


def cmd_import_csv(args: argparse.Namespace) -> int:
    from ..files.import_csv import csv_candidates
    return _import_people(args, lambda path, today, file: csv_candidates(path, args.source, today, file))


def cmd_import_ics(args: argparse.Namespace) -> int:
    from ..files.import_ics import apply_plan, plan_meetings
    from ..files.importing import ImportFileError, by_line
    journal, cfg = _journal_config(args.config_file)
    people = journal.people
    analysed = _analysed(journal, cfg)
    if analysed is None:
        return 1
    file = shown(Path(args.file))
    try:
        plan = plan_meetings(Path(args.file), analysed.journal, file)
    except ImportFileError as exc:
        raise CliError(tty(exc)) from None
    files = {p.stem: p for p in person_files(people)}
    verb = "add to" if args.apply else "would add to"
    for planned in sorted(plan.meetings, key=lambda m: (m.owner, str(m.entry["date"]))):
        print(tty(f"{verb} {shown(files[planned.owner])}: {planned.describe()}"))
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
    print(f"{tty(file)}: {plan.events} event(s): {done}; {len(plan.skipped)} skipped; "
          f"{plan.unmatched} with none of your people's emails", file=sys.stderr)
    return 2 if refused else 0


def _without_front_matter(path: Path) -> Callable[[], str]:
    """A reader of a docs page's Markdown without its front matter, by MkDocs' own rule (as the plugin reads it)."""
    from mkdocs.utils.meta import get_data

    return lambda: get_data(path.read_text(encoding="utf-8"))[0]


def cmd_export_md(args: argparse.Namespace) -> int:
    from ..engine.config import site_settings
    from ..engine.loader import engine
    from ..files.export import Journal as ExportedJournal
    from ..files.export import export_markdown, site_root
    from ..pipeline import build_site
    _, config, cfg = _load_config(args.config_file)
    docs = Path(config.docs_dir)
    files = [p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()]
    pages = {uri: _without_front_matter(docs / uri) for uri in files if uri.endswith(".md")}
    custom = config.theme.custom_dir
    site = build_site(site_settings(config, cfg, pages, files, display_root=Path.cwd(),
                                    site_root=site_root(config.site_url)), core_options(cfg))
    if site.errors:
        for problem in site.errors:
            print(problem, file=sys.stderr)
        return 1
    journal = ExportedJournal(Path(config.config_file_path), docs, Path(custom) if custom else None,
                              Path(config.site_dir))
    written = export_markdown(journal, site, Path(args.dir))
    print(f"copied your docs and wrote {len(written)} generated files to {args.dir}; build them with any engine, "
          f"e.g.: cd {args.dir} && {engine()} build (or zensical build)")
    if not config.site_url:
        print("note: without site_url, links between the generated pages are relative to each page, as MkDocs and "
              "ProperDocs keep them; for Zensical, set site_url (e.g. https://example.org/journal/) and export again",
              file=sys.stderr)
    return 0


def _analysis(args: argparse.Namespace) -> Analysis | None:
    """The journal analysed, or None after printing its errors."""
    journal, cfg = _journal_config(args.config_file)
    analysed = _analysed(journal, cfg)
    return analysed.analysis if analysed is not None else None


def cmd_list(args: argparse.Namespace) -> int:
    from ..render.listing import people_rows, people_table
    analysis = _analysis(args)
    if analysis is None:
        return 1
    rows = people_rows(analysis, args.stage, args.tag)
    print(json.dumps(rows, indent=2, ensure_ascii=False) if args.json else people_table(rows))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from ..render.listing import person_story
    analysis = _analysis(args)
    if analysis is None:
        return 1
    if args.id not in analysis.people:
        journal, _ = _journal_config(args.config_file)
        _person_file(journal, args.id)  # says "did you mean"
        raise CliError(f"'{args.id}' is not a person id")
    print(person_story(analysis, args.id))
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "init": cmd_init, "new": cmd_new, "check": cmd_check, "status": cmd_status, "list": cmd_list,
    "show": cmd_show, "ask": cmd_ask, "met": cmd_met, "answer": cmd_answer, "done": cmd_done, "drop": cmd_drop,
    "review": cmd_review, "import-vcard": cmd_import_vcard, "import-csv": cmd_import_csv,
    "import-ics": cmd_import_ics, "export-md": cmd_export_md, "publish-setup": cmd_publish_setup,
}


def run(args: argparse.Namespace) -> int:
    """Run the command `args` name (parsed by `arguments.parser`); returns the exit status."""
    try:
        return COMMANDS[args.command](args)
    except HandshakeError as exc:
        # Problem lines come escaped already; anything else a message quotes is escaped here.
        message = "\n".join(tty(line) for line in str(exc).split("\n"))
        print(f"handshake: {message}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        raise  # the entry point's: the reader of a pipe stopped reading
    except OSError as exc:  # a fault outside the writes (which say what they were writing): one line, no traceback
        where = f": {tty(shown(Path(exc.filename)))}" if exc.filename else ""
        print(f"handshake: {exc.strerror or exc}{where}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("handshake: interrupted: every file is as it was or whole (nothing is half-written)", file=sys.stderr)
        return 130
