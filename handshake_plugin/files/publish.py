"""Publishing in one step: the CI workflow that builds the encrypted site and deploys it to GitHub Pages.

Handshake is on no package index, so the workflow installs it from a wheel of the installed version
that `publish-setup` writes into the journal (`.handshake/`, wheel.py), and only its dependencies
from the index. It runs on pushes to the journal's own branch.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import Refused, write_new
from .wheel import write_wheel

SCAFFOLD = Path(__file__).parent / "scaffold"
WORKFLOW = Path(".github") / "workflows" / "handshake.yml"
WHEELS = Path(".handshake")
ENCRYPTED_CONFIG = "mkdocs.encrypted.yml"
DEFAULT_BRANCHES = ("main", "master")


@dataclass
class Published:
    """What `publish_setup` did: the files written, and the branches the workflow publishes."""

    written: list[Path] = field(default_factory=list)
    branches: tuple[str, ...] = DEFAULT_BRANCHES
    kept: Path | None = None
    """The workflow, when one that installs from .handshake/ was there already: only the wheel was renewed."""


def publish_setup(root: Path, config_name: str = "mkdocs.yml") -> Published:
    """Write the wheel of the installed Handshake, the GitHub Actions workflow and (if the journal has none)
    mkdocs.encrypted.yml into the journal `root`, whose config file is `config_name`.

    Never overwrites the user's files: an existing workflow that installs from .handshake/ is kept and only
    the wheel renewed (after an upgrade); any other existing workflow is refused; an existing encrypted config
    is kept.
    """
    workflow = root / WORKFLOW
    done = Published(branches=journal_branches(root))
    if workflow.exists():
        if str(WHEELS) + "/" not in workflow.read_text(encoding="utf-8", errors="replace"):
            raise Refused(f"{workflow} already exists: it was left as it is (it does not install Handshake from "
                          f"{WHEELS}/: delete it and run this again to write one that does)")
        done.written.append(write_wheel(root / WHEELS))
        done.kept = workflow
        return done
    done.written.append(write_wheel(root / WHEELS))
    encrypted = root / ENCRYPTED_CONFIG
    if not encrypted.exists():
        text = (SCAFFOLD / ENCRYPTED_CONFIG).read_text(encoding="utf-8")
        write_new(encrypted, text.replace("INHERIT: mkdocs.yml\n", f"INHERIT: {config_name}\n", 1))
        done.written.append(encrypted)
    text = (SCAFFOLD / "github" / "handshake.yml").read_text(encoding="utf-8")
    write_new(workflow, text.replace("__BRANCHES__", "[" + ", ".join(done.branches) + "]", 1))
    done.written.append(workflow)
    return done


def journal_branches(root: Path) -> tuple[str, ...]:
    """The branch the journal's git repository is on (even before its first commit); main and master when
    it is not a repository yet, or git cannot say."""
    try:
        result = subprocess.run(["git", "symbolic-ref", "--quiet", "--short", "HEAD"], cwd=root,
                                capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return DEFAULT_BRANCHES
    branch = result.stdout.strip()
    if result.returncode != 0 or not re.fullmatch(r"[\w./-]+", branch):
        return DEFAULT_BRANCHES
    return (branch,)


def branch_note(published: Published) -> str:
    """Which pushes the workflow publishes, and how to change that."""
    listed = "[" + ", ".join(published.branches) + "]"
    if published.branches == DEFAULT_BRANCHES:
        return (f"The workflow publishes every push to main or master (no git branch here yet); to publish "
                f"another branch, change `branches: {listed}` in {WORKFLOW}.")
    return (f"The workflow publishes every push to {published.branches[0]}, this journal's branch; to publish "
            f"another, change `branches: {listed}` in {WORKFLOW}.")


_PLUGIN_LIST = re.compile(r"^plugins:[ \t]*(#.*)?\n(?:[ \t]*(#.*)?\n)*[ \t]*- ", re.MULTILINE)


def plugins_need_mapping(config_text: str) -> str | None:
    """What to change in mkdocs.yml when its plugins are a list: INHERIT in mkdocs.encrypted.yml cannot extend one."""
    if not _PLUGIN_LIST.search(config_text):
        return None
    return ("mkdocs.yml lists its plugins (`- search`, `- handshake:`): write them as a mapping instead "
            "(`search: {}`, `handshake:` with its options indented under it), so that mkdocs.encrypted.yml "
            "can add the encryption to them; until then its build leaves out the search plugin")
