"""New files for a journal: `handshake init` and `handshake new`. Written atomically, never over a file."""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..core.ids import RESERVED_IDS, id_for, id_key, slug
from ..core.model import is_id, json_schema, suggest_id
from ..core.read import person_file
from .atomic import Refused, make_folder, require_new_folder, write_new
from .edit import flow_scalar

SCAFFOLD = Path(__file__).parent / "scaffold"
SCHEMA_FILE = Path(__file__).parent.parent / "schema" / "person.schema.json"


def schema_text() -> str:
    """The JSON Schema of person files, as the package ships it."""
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"


def person_text(name: str, today: dt.date, schema_ref: str, details: PersonDetails | None = None) -> str:
    """A new person file from the template, with what `handshake new` was told filled in."""
    template = (SCAFFOLD / "person.yml").read_text(encoding="utf-8")
    text = template.format(name=json.dumps(name, ensure_ascii=False), today=today.isoformat(), schema=schema_ref)
    if details is None:
        return text
    filled = {"  where:": details.where, "  note:": details.found, "tags:": details.tags or None,
              "# introduced_by:": details.introduced_by}
    lines = []
    for line in text.splitlines(keepends=True):
        for start, value in filled.items():
            if value is not None and line.startswith(start + " ") or value is not None and line == start + "\n":
                line = f"{start.removeprefix('# ')} {flow_scalar(value)}\n"
                break
        lines.append(line)
    return "".join(lines)


@dataclass(frozen=True)
class PersonDetails:
    """What `handshake new` can fill in beyond the name."""

    where: str | None = None
    found: str | None = None
    tags: list[str] = field(default_factory=list)
    introduced_by: str | None = None


def new_person(people_dir: Path, name: str, today: dt.date, schema_ref: str, person_id: str | None = None,
               details: PersonDetails | None = None) -> Path:
    """Write `people/<id>.yml` for `name` (id from the name unless given); refuse if that id (either suffix) exists."""
    if not name.strip():
        raise Refused('give the person\'s name, e.g. handshake new "Ada Lovelace"')
    if person_id is not None and not is_id(person_id):
        raise Refused(f"--id {person_id}: ids use a-z, 0-9 and dashes (at most 64), e.g. {suggest_id(person_id)}")
    if person_id is None and slug(name) in RESERVED_IDS:
        raise Refused(f"'{slug(name)}' cannot be an id (a name the site or Windows keeps for itself): choose one "
                      f"with --id, e.g. --id {id_for(name)}")
    person_id = person_id or id_for(name)
    make_folder(people_dir)  # after `git rm` of the last person the folder is gone: make it again
    stems = {id_key(os.path.splitext(p.name)[0]): p for p in people_dir.iterdir()}
    existing = person_file(people_dir, person_id) or stems.get(id_key(person_id))
    if existing is not None:
        other = id_for(name, {os.path.splitext(p.name)[0].lower() for p in stems.values()})
        raise Refused(f"{os.path.relpath(existing)} already exists: it was left as it is "
                      f"(someone else with that name? give them their own id: --id {other})")
    path = people_dir / f"{person_id}.yml"
    write_new(path, person_text(name.strip(), today, schema_ref, details))
    return path


def init_journal(target: Path, today: dt.date, github: bool = False) -> list[Path]:
    """A new journal in `target` (which must be empty or absent) that builds at once; with `github`, also the
    encrypted config and the workflow that publishes it to GitHub Pages."""
    require_new_folder(target)
    written = []
    for source, dest in (("mkdocs.yml", "mkdocs.yml"), ("docs/about.md", "docs/about.md"),
                         ("gitignore", ".gitignore")):
        path = target / dest
        write_new(path, (SCAFFOLD / source).read_text(encoding="utf-8"))
        written.append(path)
    schema = target / "schema" / "person.schema.json"
    write_new(schema, schema_text())
    written.append(schema)
    written.append(new_person(target / "people", "Ada Lovelace", today, "../schema/person.schema.json"))
    if github:
        from .publish import publish_setup

        written += publish_setup(target).written
    return written


def schema_ref_for(people_dir: Path) -> str:
    """The `$schema` reference for a new person file: the journal's copy, else the package's file."""
    for candidate in (people_dir.parent / "schema" / "person.schema.json", SCHEMA_FILE):
        if candidate.is_file():
            return os.path.relpath(candidate, people_dir).replace(os.sep, "/")
    return SCHEMA_FILE.as_posix()
