"""Shared helpers: write journals into a temporary folder and build them with the real `mkdocs` command."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from handshake_plugin.core.model import Journal, person_from_data

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

BASE_CONFIG = """\
site_name: Test journal
theme:
  name: material
  font: false
plugins:
  - search
  - handshake:
{options}
"""


def write_journal(root: Path, people: dict[str, str], options: str = "today: 2026-11-25",
                  docs: dict[str, str] | None = None) -> Path:
    """A journal in `root`: person files (name -> YAML text), plugin options (YAML lines), docs pages."""
    (root / "people").mkdir(parents=True, exist_ok=True)
    (root / "docs").mkdir(exist_ok=True)
    for name, text in people.items():
        (root / "people" / name).write_text(textwrap.dedent(text), encoding="utf-8")
    for name, text in (docs or {}).items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    indented = textwrap.indent(textwrap.dedent(options), " " * 6)
    (root / "mkdocs.yml").write_text(BASE_CONFIG.format(options=indented), encoding="utf-8")
    return root


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 120,
        ) -> subprocess.CompletedProcess[str]:
    """Run a command of this environment (mkdocs, handshake…) in `cwd`."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    exe = str(BIN / args[0]) if (BIN / args[0]).exists() else args[0]
    return subprocess.run([exe, *args[1:]], cwd=cwd, env=full_env, capture_output=True, text=True,
                          timeout=timeout)


def build(root: Path, *extra: str, strict: bool = True, env: dict[str, str] | None = None,
          ) -> subprocess.CompletedProcess[str]:
    """`mkdocs build [--strict]` into root/site."""
    args = ["mkdocs", "build", "-d", str(root / "site"), *extra]
    if strict:
        args.append("--strict")
    return run(args, root, env)


def page(root: Path, url: str) -> str:
    """The HTML of a built page, by its URL path (`people/ada/`)."""
    path = root / "site" / url
    if url.endswith("/") or url == "":
        path = path / "index.html"
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's sample journal, built once with --strict."""
    out = tmp_path_factory.mktemp("sample") / "site"
    result = run(["mkdocs", "build", "--strict", "-d", str(out)], ROOT)
    assert result.returncode == 0, result.stderr
    return out


def journal(**people: dict[str, Any]) -> Journal:
    """A journal made in memory: keyword = id (underscores become dashes), value = the person's data."""
    j = Journal()
    for pid, data in sorted(people.items()):
        person = person_from_data({"name": pid.title(), **data}, pid.replace("_", "-"))
        j.people[person.id] = person
    return j
