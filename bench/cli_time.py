"""How long `handshake` commands take on the sample journal, from the shell's point of view.

Each command runs in a fresh process (as a user runs it), ten times; the fastest wall time counts (the
machine is shared). Beside them, the floor every command pays: starting Python, and importing the
libraries the read-only commands need (pydantic for validating the person files, MkDocs for reading
the plugin's options from mkdocs.yml).

    python bench/cli_time.py            # from the repository (the sample journal)
    python bench/cli_time.py --runs 20
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# As a user's shell runs them: with Python's bytecode cache (some CI images turn it off, and then every
# run compiles the plugin's changed modules again).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"NO_MKDOCS_2_WARNING": "1"}

COMMANDS = {
    "python -c pass (the interpreter alone)": [sys.executable, "-c", "pass"],
    "import pydantic": [sys.executable, "-c", "import pydantic"],
    "import the person schema (pydantic models)": [sys.executable, "-c", "import handshake_plugin.core.model"],
    "import MkDocs' config loading": [sys.executable, "-c", "import mkdocs.config.config_options"],
    "handshake --version": [str(BIN / "handshake"), "--version"],
    "handshake status": [str(BIN / "handshake"), "status"],
    "handshake list": [str(BIN / "handshake"), "list"],
    "handshake check": [str(BIN / "handshake"), "check"],
}


def best_of(command: list[str], runs: int) -> float:
    """The fastest of `runs` wall times of `command`, run in the sample journal."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    width = max(map(len, COMMANDS))
    for label, command in COMMANDS.items():
        print(f"{label:<{width}}  {best_of(command, args.runs):6.3f} s", flush=True)


if __name__ == "__main__":
    main()
