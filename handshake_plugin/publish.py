"""Publishing in one step: the CI workflow that builds the encrypted site and deploys it to GitHub Pages."""

from __future__ import annotations

import re
from pathlib import Path

from .atomic import Refused, write_new

SCAFFOLD = Path(__file__).parent / "scaffold"
WORKFLOW = Path(".github") / "workflows" / "handshake.yml"
ENCRYPTED_CONFIG = "mkdocs.encrypted.yml"


def publish_setup(root: Path) -> list[Path]:
    """Write the GitHub Actions workflow (and mkdocs.encrypted.yml if the journal has none) into `root`.

    Never overwrites: an existing workflow is refused, an existing encrypted config is kept.
    """
    workflow = root / WORKFLOW
    if workflow.exists():
        raise Refused(f"{workflow} already exists: it was left as it is (delete it first to write a new one)")
    written = []
    encrypted = root / ENCRYPTED_CONFIG
    if not encrypted.exists():
        write_new(encrypted, (SCAFFOLD / ENCRYPTED_CONFIG).read_text(encoding="utf-8"))
        written.append(encrypted)
    write_new(workflow, (SCAFFOLD / "github" / "handshake.yml").read_text(encoding="utf-8"))
    written.append(workflow)
    return written


_PLUGIN_LIST = re.compile(r"^plugins:[ \t]*(#.*)?\n(?:[ \t]*(#.*)?\n)*[ \t]*- ", re.MULTILINE)


def plugins_need_mapping(config_text: str) -> str | None:
    """What to change in mkdocs.yml when its plugins are a list: INHERIT in mkdocs.encrypted.yml cannot extend one."""
    if not _PLUGIN_LIST.search(config_text):
        return None
    return ("mkdocs.yml lists its plugins (`- search`, `- handshake:`): write them as a mapping instead "
            "(`search: {}`, `handshake:` with its options indented under it), so that mkdocs.encrypted.yml "
            "can add the encryption to them; until then its build leaves out the search plugin")
