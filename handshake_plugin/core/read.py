"""Reading a journal's people folder into a `Journal`, re-reading only files that changed."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .bulk import collector_paused
from .ids import RESERVED_IDS, id_key
from .journal import SUFFIXES
from .load import Document, load_file
from .model import (
    Journal,
    Person,
    check_duplicates,
    check_references,
    is_id,
    missing_id,
    named_ids,
    person_from_document,
    suggest_id,
)
from .problems import DataError, Problem


@dataclass
class _Entry:
    stamp: tuple[int, ...]
    person: Person | None
    problems: list[Problem]
    named: tuple[tuple[int, int, str], ...] = ()
    """Where a file that did not validate names other ids (`model.named_ids`), checked with the others."""


@dataclass
class FileCache:
    """Parsed person files keyed by path, size, modification and change time; survives rebuilds of `mkdocs serve`."""

    entries: dict[str, _Entry] = field(default_factory=dict)
    parses: int = 0
    """How many files were parsed since the cache was made (tests read it)."""
    analysis: Any = None
    """The last analysis made from these files (`pipeline.open_journal`): the next one reuses the facts of
    people whose records did not change."""
    render: Any = None
    """What the renderers keep for the next build (`render.kept.Kept`), set by the pipeline: the engine that
    keeps this cache across `mkdocs serve` rebuilds keeps those pieces too, and nothing is kept at module level."""


@dataclass
class ReadResult:
    """A journal and every problem found while reading it."""

    journal: Journal
    problems: list[Problem]


def person_files(people_dir: Path) -> list[Path]:
    """The person files of a folder: `.yml`/`.yaml`, not starting with `_` or `.`, no sub-folders."""
    if not people_dir.is_dir():
        return []
    # Links that lead nowhere and special files are listed too: reading them reports what they are.
    # Sorted by name (the order of sorting the paths, as they share a folder): comparing thousands of
    # Path objects costs a tenth of a second on every `mkdocs serve` rebuild.
    return [people_dir / name for name, _ in _listing(people_dir)]


def _listing(people_dir: Path) -> list[tuple[str, bool]]:
    """(name, is a link) of each person file of a folder (see `person_files`), sorted by name."""
    with os.scandir(people_dir) as entries:
        return sorted(
            (entry.name, entry.is_symlink()) for entry in entries
            if os.path.splitext(entry.name)[1] in SUFFIXES and not entry.name.startswith(("_", "."))
            and not _is_dir(entry)
        )


def _is_dir(entry: os.DirEntry) -> bool:
    """Whether a folder entry is, or links to, a folder; a link that loops or leads nowhere is not."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def person_file(people_dir: Path, person_id: str) -> Path | None:
    """The file of `person_id` in `people_dir`, with either suffix, or None when there is none."""
    for suffix in SUFFIXES:
        path = people_dir / f"{person_id}{suffix}"
        if path.exists():
            return path
    return None


def link_problem(path: Path, shown: str, root: Path) -> Problem | None:
    """The problem with a person file that is a link: one that leads nowhere or outside `root` (the journal)."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return Problem(shown, 1, 1, f"'{path.name}' is a link that leads nowhere ({os.readlink(path)}): "
                                    "put the person file itself here, or delete the link")
    if not target.is_relative_to(root.resolve()):
        return Problem(shown, 1, 1, f"'{path.name}' is a link to {target}, outside the journal: "
                                    "move or copy the file into the journal, or delete the link")
    return None


def read_journal(people_dir: Path, cache: FileCache | None = None, display_root: Path | None = None,
                 journal_root: Path | None = None) -> ReadResult:
    """Load and validate every person file of `people_dir`; problems of all files are collected.

    A person file that is a link must lead to a file inside `journal_root` (default: the folder that
    holds `people_dir`).
    """
    cache = cache if cache is not None else FileCache()
    root = journal_root if journal_root is not None else people_dir.absolute().parent
    problems: list[Problem] = []
    journal = Journal()
    shown_as: dict[str, str] = {}
    paths: dict[str, str] = {}
    unchecked: dict[str, tuple[tuple[int, int, str], ...]] = {}
    # Every file sits in people_dir: its shown path is the folder's (one relpath, not thousands) and its name.
    # Paths stay strings: on every `mkdocs serve` rebuild, thousands of Path objects cost more than the reading.
    folder = _display(people_dir, display_root) if display_root is not None else None
    base = str(people_dir)
    listing = _listing(people_dir)
    misnamed = _misnamed([name for name, _ in listing])
    with collector_paused():
        for name, is_link in listing:
            path = os.path.join(base, name)
            shown = (_display(Path(path), display_root) if folder is None
                     else name if folder == os.curdir else os.path.join(folder, name))
            stem = os.path.splitext(name)[0]
            if name in misnamed:
                if misnamed[name]:
                    problems.append(Problem(shown, 1, 1, misnamed[name]))
                continue
            if stem in shown_as:
                problems.append(Problem(shown, 1, 1, f"id '{stem}' is also {shown_as[stem]}: keep one file per person"))
                continue
            shown_as[stem] = shown
            paths[stem] = path
            refused = link_problem(Path(path), shown, root) if is_link else None
            entry = _Entry((-1,), None, [refused]) if refused else _read_one(path, shown, stem, cache)
            problems += entry.problems
            if entry.named:
                unchecked[stem] = entry.named
            if entry.person is not None:
                journal.people[stem] = entry.person
        live = set(paths.values())
        for stale in set(cache.entries) - live:
            del cache.entries[stale]

    def locate(person_id: str) -> Document:
        return load_file(Path(paths[person_id]), shown_as[person_id])

    problems += check_references(journal, locate, set(shown_as) - set(journal.people))
    for stem, named in unchecked.items():  # files that did not validate: their ids are checked all the same
        problems += [Problem(shown_as[stem], line, column, message) for line, column, other in named
                     if (message := missing_id(other, stem, set(shown_as))) is not None]
    problems += check_duplicates(journal, locate, shown_as)
    return ReadResult(journal, sorted(problems))


def _misnamed(names: list[str]) -> dict[str, str]:
    """The file names that are no valid id, each with its message ("" when another file's message covers it).

    Names that differ from another only by case or Unicode form (`Ada.yml` beside `ada.yml`, `zoë.yml`
    in NFC and NFD) are one message naming all of them; advice never names a file that exists.
    """
    stems = {name: os.path.splitext(name)[0] for name in names}
    taken = {id_key(stem) for stem in stems.values()}
    groups: dict[str, list[str]] = {}
    for name, stem in stems.items():
        groups.setdefault(id_key(suggest_id(stem) if not is_id(stem) else stem), []).append(name)
    found: dict[str, str] = {}
    for name, stem in stems.items():
        if is_id(stem):
            continue
        suffix = os.path.splitext(name)[1]
        suggestion = suggest_id(stem)
        same = [n for n in groups[id_key(suggestion)] if n != name]
        if same:
            if any(n in found for n in same):
                found[name] = ""
                continue
            everyone = " and ".join(f"'{n}'" for n in sorted([name, *same]))
            valid = [n for n in same if is_id(stems[n])]
            target = valid[0] if valid else f"{_free(suggestion, taken)}{suffix}"
            found[name] = (f"{everyone} are one person id (they differ only by case, accents or Unicode form, "
                           f"which a checkout on macOS or Windows cannot hold apart): keep one file, {target}, "
                           "and merge the others into it")
            continue
        why = (f"'{stem}' is a name the site or Windows keeps for itself" if stem.lower() in RESERVED_IDS
               else "ids use a-z, 0-9 and dashes (at most 64)")
        found[name] = f"'{name}' is not a valid id: {why}: rename it to {_free(suggestion, taken)}{suffix}"
    return found


def _free(suggestion: str, taken: set[str]) -> str:
    """`suggestion`, or with -2, -3… until it names no file that exists."""
    if id_key(suggestion) not in taken:
        return suggestion
    n = 2
    while id_key(f"{suggestion}-{n}") in taken:
        n += 1
    return f"{suggestion}-{n}"


def _read_one(path: str, shown: str, person_id: str, cache: FileCache) -> _Entry:
    try:
        stat = os.stat(path)
    except OSError:
        stamp: tuple[int, ...] = (-1,)  # gone or unreadable: load_file says which
    else:
        # ctime too: making an unreadable file readable (chmod) changes nothing else
        stamp = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
    cached = cache.entries.get(path)
    if cached is not None and cached.stamp == stamp:
        return cached
    cache.parses += 1
    named: tuple[tuple[int, int, str], ...] = ()
    try:
        # Positions cost time and memory for every value: record them only to locate a problem.
        person, problems = person_from_document(load_file(Path(path), shown, located=False), person_id)
        if problems:
            doc = load_file(Path(path), shown)
            person, problems = person_from_document(doc, person_id)
            named = named_ids(doc) if person is None else ()
    except DataError as exc:
        person, problems = None, exc.problems
    entry = _Entry(stamp, person, problems, named)
    cache.entries[path] = entry
    return entry


def _display(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return os.path.relpath(path, root)
        except ValueError:
            pass
    return str(path)
