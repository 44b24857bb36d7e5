"""Bringing people in (vCard, CSV exports): the one place that decides duplicates and ids, and writes the files.

Every import turns its file into `Candidate`s first; a file that cannot be read whole is refused
with `ImportFileError` before anything is written. Then each candidate is either skipped (already
in the journal, or in the file twice) or written as a new person file, never over another one.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..core.ids import id_for
from ..core.load import MAX_BYTES
from ..core.model import Person, is_id, person_from_data, suggest_id
from ..core.problems import InputError
from ..core.read import person_files
from ..pipeline import JournalFiles, read_people
from .atomic import write_new_files

PROGRESS_EVERY = 1000
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


class ImportFileError(InputError):
    """The import file is refused whole (wrong format, cut short, unreadable): nothing was written."""


class Quoted(str):
    """Text written in quotes (phone numbers, "MM-DD" birthdays: they must never read as numbers or dates)."""


try:  # libyaml's emitter is several times faster: it matters for imports of thousands of people
    from yaml import CSafeDumper as _BaseDumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]


class _Dumper(_BaseDumper):
    pass


_Dumper.add_representer(Quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style='"'))
_Dumper.add_representer(str, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v,
                                                             style="|" if "\n" in v else None))


@dataclass
class Candidate:
    """One person found in an import file: person-file data and where it came from (`file:line`)."""

    data: dict[str, Any]
    where: str


@dataclass
class ImportReport:
    """What an import wrote, what it skipped (with why) and the values it left out (located)."""

    written: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def by_line(located: list[str]) -> list[str]:
    """Located messages (`file:line: …`) in line order."""
    def key(text: str) -> tuple[int, str]:
        match = re.match(r"[^\n]*?:(\d+): ", text)
        return (int(match[1]) if match else 0, text)
    return sorted(located, key=key)


def is_email(text: str) -> bool:
    """Whether a contact value is an email address."""
    return bool(_EMAIL.match(text.strip()))


def read_text(path: Path, expected: str, shown: str | None = None) -> str:
    """The UTF-8 text of an import file (a byte-order mark is dropped); a clear error for binary or other encodings.

    `shown` is the file as messages name it (relative to where the user is); `path` by default.
    """
    shown = shown or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"{shown}: cannot read it ({exc.strerror or exc})") from None
    if b"\x00" in raw[:8192]:
        raise ImportFileError(f"{shown}: this is a binary file, not {expected}")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ImportFileError(f"{shown}:{line}: not UTF-8 text: expected {expected} saved as UTF-8") from None


def norm_link(link: str) -> str:
    """A link as compared for duplicates: no scheme, no `www.`, no trailing slash, lower case."""
    text = re.sub(r"^(https?://|mailto:)", "", link.strip().lower())
    return text.removeprefix("www.").rstrip("/")


def _norm_name(name: str) -> str:
    return " ".join(name.casefold().split())


def _emails(data: dict[str, Any]) -> set[str]:
    found = {v.strip().lower() for v in (data.get("contact") or {}).values() if isinstance(v, str) and is_email(v)}
    found |= {link[7:].lower() for link in data.get("links") or [] if link.lower().startswith("mailto:")}
    return found


def _links(data: dict[str, Any]) -> set[str]:
    return {norm_link(link) for link in data.get("links") or [] if not link.lower().startswith("mailto:")}


def _person_data(person: Person) -> dict[str, Any]:
    return {"name": person.name, "links": list(person.links), "contact": dict(person.contact)}


class Known:
    """The people already in the journal (and those written so far): by link, email and name."""

    def __init__(self, taken: Iterable[str]) -> None:
        self.taken = set(taken)
        self.by_link: dict[str, str] = {}
        self.by_email: dict[str, str] = {}
        self.by_name: dict[str, list[tuple[str, set[str], set[str]]]] = {}

    def add(self, person_id: str, data: dict[str, Any]) -> None:
        """Remember a person (their id, links, emails and name)."""
        self.taken.add(person_id)
        links, emails = _links(data), _emails(data)
        for link in links:
            self.by_link.setdefault(link, person_id)
        for email in emails:
            self.by_email.setdefault(email, person_id)
        self.by_name.setdefault(_norm_name(data["name"]), []).append((person_id, links, emails))

    def duplicate(self, data: dict[str, Any]) -> str | None:
        """Why `data` is someone already known (same link, same email, or same name with nothing that differs)."""
        links, emails = _links(data), _emails(data)
        for link in sorted(links):
            if link in self.by_link:
                return f"same link as {self.by_link[link]}"
        for email in sorted(emails):
            if email in self.by_email:
                return f"same email as {self.by_email[email]}"
        for person_id, their_links, their_emails in self.by_name.get(_norm_name(data["name"]), []):
            # A stranger with the same name: both have links (or emails) and none is shared.
            if not ((links and their_links) or (emails and their_emails)):
                return f"same name as {person_id}, and no link or email that tells them apart"
        return None


def known_people(journal: JournalFiles) -> Known:
    """Who is in the journal now (read by the pipeline's own rule); files with errors still hold their ids."""
    known = Known(p.stem for p in person_files(journal.people))
    for person_id, person in read_people(journal).journal.people.items():
        known.add(person_id, _person_data(person))
    return known


IMPORTED_TEXT_MAX = 4000
"""Longest text an import copies into one field: a note, a summary (a person file holds 256 KiB in all)."""


def shortened(text: str, limit: int = IMPORTED_TEXT_MAX) -> str:
    """`text` cut to `limit` characters (ending in "…") when longer."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _shorten_fields(data: Any) -> tuple[Any, int]:
    """`data` with every text longer than IMPORTED_TEXT_MAX shortened; and how many were."""
    if isinstance(data, str):
        short = shortened(data)
        return short, int(short != data)
    if isinstance(data, dict):
        pairs = [(k, _shorten_fields(v)) for k, v in data.items()]
        return {k: v for k, (v, _) in pairs}, sum(n for _, (_, n) in pairs)
    if isinstance(data, list):
        items = [_shorten_fields(v) for v in data]
        return [v for v, _ in items], sum(n for _, n in items)
    return data, 0


def person_text(data: dict[str, Any], schema_ref: str) -> str:
    """The YAML of a new person file."""
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    return f"# yaml-language-server: $schema={schema_ref}\n{body}"


def progress_printer(total: int, label: str) -> Callable[[int], None]:
    """Prints `label: n/total` to stderr every PROGRESS_EVERY items, for files that big."""
    def show(done: int) -> None:
        if total >= PROGRESS_EVERY and (done % PROGRESS_EVERY == 0 or done == total):
            print(f"{label}: {done}/{total}", file=sys.stderr, flush=True)
    return show


def write_people(candidates: list[Candidate], journal: JournalFiles, schema_ref: str,
                 progress: Callable[[int], None] | None = None, report: ImportReport | None = None,
                 chosen_id: str | None = None) -> ImportReport:
    """Write one new person file per candidate not known yet; skip (and report) the others.

    `chosen_id` (`--id`) names the one person of a file that holds one person.
    """
    report = report or ImportReport()
    if chosen_id is not None:
        if len(candidates) != 1:
            raise ImportFileError(f"--id names one person, and this file holds {len(candidates)}: "
                                  "import it without --id")
        if not is_id(chosen_id):
            raise ImportFileError(f"--id {chosen_id}: ids use a-z, 0-9 and dashes (at most 64), "
                                  f"e.g. {suggest_id(chosen_id)}")
    people_dir = journal.people
    known = known_people(journal)
    planned: list[tuple[Path, str, Candidate]] = []
    for n, candidate in enumerate(candidates, 1):
        data, name = candidate.data, candidate.data["name"]
        why = known.duplicate(data)
        if why is None:
            try:
                person_id = chosen_id or id_for(name, known.taken)
                if person_id in known.taken:
                    why = f"{person_id}.yml already exists, left as it is"
            except ValueError:
                why = "no letters or digits to make an id from: add them with handshake new NAME --id ID"
        if why is None:
            try:
                person_from_data(data, person_id)
            except ValidationError as exc:
                why = f"not valid as a person file ({exc.errors()[0]['msg']})"
        if why is None:
            text = person_text(data, schema_ref)
            if len(text.encode("utf-8")) > MAX_BYTES // 4:  # what the user adds later needs room too
                data, cut = _shorten_fields(data)
                text = person_text(data, schema_ref)
                report.notes.append(f"{candidate.where}: {name}: {cut} long text(s) shortened to "
                                    f"{IMPORTED_TEXT_MAX} characters to fit a person file")
                if len(text.encode("utf-8")) > MAX_BYTES // 4:
                    why = f"too long for a person file ({MAX_BYTES // 1024} KiB) even shortened"
        if why is None:
            known.add(person_id, data)
            planned.append((people_dir / f"{person_id}.yml", text, candidate))
        else:
            report.skipped.append(f"{candidate.where}: {name}: {why}")
        if progress:
            progress(n)
    existed = set(write_new_files([(path, text) for path, text, _ in planned]))
    for path, _, candidate in planned:
        if path in existed:  # made by someone else since the journal was read
            report.skipped.append(f"{candidate.where}: {candidate.data['name']}: {path.name} already exists, "
                                  "left as it is")
        else:
            report.written.append(path)
    return report
