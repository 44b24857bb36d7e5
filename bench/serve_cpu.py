"""CPU time of a `mkdocs serve --dirty` rebuild after one save: the plugin against plain MkDocs, in the same run.

`serve_incremental.py` times a save as a user sees it (wall clock, through the file watcher and the server),
which moves by ±30 % on a shared machine. This script times only the rebuild, as CPU seconds of the process
that builds, which holds still: each site is built in its own process the way `mkdocs serve --dirty` does it
(the config loaded again for each rebuild, the plugin instance kept), and each save is followed by one
rebuild. For the plugin the save changes a person file (their notes, or a new meeting); for the baseline
(bench/journal.py's plain-Markdown site of the same people) that person's Markdown page.

    python bench/serve_cpu.py                    # 1000 and 5000 people, 7 saves each, notes
    python bench/serve_cpu.py 1000 --saves 5 --edit meeting
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from journal import saves  # noqa: E402

# Runs in the site's folder: builds once, then saves and rebuilds; prints the rebuilds' CPU seconds as JSON.
REBUILDS = r"""
import gc, json, logging, os, sys, time
from pathlib import Path
logging.disable(logging.WARNING)
from mkdocs.commands.build import build
from mkdocs.config import load_config

path, saves = Path(sys.argv[1]), json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))

def config():
    c = load_config("mkdocs.yml")
    c["site_dir"] = os.path.abspath("site-served")
    return c

first = config()
first.plugins.on_startup(command="serve", dirty=True)
build(first, dirty=True)
seconds = []
for text in saves:
    path.write_text(text, encoding="utf-8")
    c = config()
    gc.collect()
    started = time.process_time()
    build(c, dirty=True)
    seconds.append(time.process_time() - started)
print(json.dumps(seconds))
"""


def rebuilds(root: Path, path: Path, saves: list[str]) -> list[float]:
    """CPU seconds of each rebuild of the site in `root` after writing each of `saves` to `path`."""
    texts = root / "saves.json"
    texts.write_text(json.dumps(saves), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    out = subprocess.run([sys.executable, "-c", REBUILDS, str(path), str(texts)], cwd=root, env=env,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000])
    parser.add_argument("--saves", type=int, default=7)
    parser.add_argument("--edit", choices=["notes", "meeting"], default="notes")
    args = parser.parse_args()
    print(f"{'people':>7} {'save':>8} {'plugin ms':>18} {'baseline ms':>18} {'ratio':>6}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"handshake-serve-cpu-{size}-") as tmp:
            plan = saves(Path(tmp), size, args.edit, args.saves)
            plugin = rebuilds(plan.journal, plan.person, plan.ours)
            plain = rebuilds(plan.baseline, plan.page, plan.theirs)
            p, b = sorted(plugin)[len(plugin) // 2], sorted(plain)[len(plain) // 2]
            print(f"{size:>7} {args.edit:>8} {min(plugin) * 1000:>7.0f} · {p * 1000:>6.0f} med "
                  f"{min(plain) * 1000:>7.0f} · {b * 1000:>6.0f} med {p / b:>6.2f}", flush=True)


if __name__ == "__main__":
    main()
