"""Finding the journal as git finds its repository: the nearest mkdocs.yml (or properdocs.yml) here or above.

Standard library only: shell completion lists person ids through it without importing MkDocs or pydantic.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .problems import InputError

# ProperDocs reads its own name first and warns that its mkdocs.yml fallback will go; MkDocs reads only its own.
CONFIG_NAMES = ("properdocs.yml", "properdocs.yaml", "mkdocs.yml", "mkdocs.yaml")
SUFFIXES = (".yml", ".yaml")


class JournalNotFound(InputError):
    """No mkdocs.yml or properdocs.yml where the user pointed, nor here or above."""


def find_config(given: str | None, start: Path | None = None) -> Path:
    """The journal's config: `given` (a file, or a folder holding mkdocs.yml or properdocs.yml), else the nearest
    one from `start` up."""
    start = (start or Path.cwd()).resolve()
    if given is not None:
        path = Path(given)
        if path.is_dir():
            found = _config_in(path)
            if found is None:
                raise JournalNotFound(f"{given}: no mkdocs.yml in that folder (nor properdocs.yml)")
            return found
        if not path.is_file():
            raise JournalNotFound(f"{given}: no such file: give -f path/to/mkdocs.yml or the journal's folder")
        return path
    for folder in (start, *start.parents):
        found = _config_in(folder)
        if found is not None:
            return found
    raise JournalNotFound("no mkdocs.yml here or in any folder above (nor properdocs.yml): run this inside your "
                          "journal (handshake init DIR starts one), or give -f path/to/journal")


def _config_in(folder: Path) -> Path | None:
    for name in CONFIG_NAMES:
        if (folder / name).is_file():
            return folder / name
    return None


def shown(path: Path) -> str:
    """`path` as the user should read it: relative to the current folder."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


_PEOPLE_DIR = re.compile(r"^\s+people_dir:\s*['\"]?([^'\"#\s]+)", re.MULTILINE)


def person_ids(given: str | None = None) -> list[str]:
    """The ids of the journal's person files, quickly, for completion: file stems of the people folder."""
    try:
        config = find_config(given)
        match = _PEOPLE_DIR.search(config.read_text(encoding="utf-8", errors="replace"))
        people = config.parent / (match[1] if match else "people")
        return sorted(entry.name.rsplit(".", 1)[0] for entry in os.scandir(people)
                      if entry.name.endswith(SUFFIXES) and not entry.name.startswith(("_", ".")))
    except (OSError, ValueError):
        return []
