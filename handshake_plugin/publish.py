"""Publishing in one step: the CI workflow that builds the encrypted site and deploys it to GitHub Pages."""

from __future__ import annotations

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
