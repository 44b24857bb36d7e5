"""Save-to-served latency under `mkdocs serve --dirty`: the plugin against plain MkDocs, in the same run.

For each size it generates a journal and its plain-Markdown baseline (bench/journal.py), starts
`mkdocs serve --dirty` on each, and times, for one saved file (a person file for the plugin, that
person's Markdown page for the baseline): from the save until the rebuild has finished (the search
index, written last, is new) and the served page shows the change. Rounds alternate between the two
servers; the fastest round counts (the machine is shared).

    python bench/serve_incremental.py              # 1000 and 5000 people, 3 rounds
    python bench/serve_incremental.py 1000 --rounds 5
    python bench/serve_incremental.py --edit meeting   # the save adds a meeting (the hub pages change too)
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from journal import saves  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def dirty_server(root: Path) -> Iterator[tuple[str, Path]]:
    """`mkdocs serve --dirty` in `root`: its base URL and the folder it builds into, once the first build is done."""
    port = _free_port()
    temp = root / "serve-tmp"
    temp.mkdir()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(temp)}
    mkdocs = str(Path(sys.executable).parent / "mkdocs")
    server = subprocess.Popen([mkdocs, "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
                              cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            if server.poll() is not None:
                raise SystemExit(f"mkdocs serve stopped in {root}")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        site = next(p for p in temp.iterdir() if p.name.startswith("mkdocs_"))
        yield f"http://127.0.0.1:{port}/", site
    finally:
        server.terminate()
        server.wait(30)


def _served(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def save_to_served(path: Path, text: str, marker: str, url: str, site: Path) -> float:
    """Seconds from writing `text` to `path` until the rebuild is done and `url` shows `marker`."""
    index = site / "search" / "search_index.json"
    before = index.stat().st_mtime_ns
    time.sleep(0.2)  # let the watcher settle after the previous round
    started = time.perf_counter()
    path.write_text(text, encoding="utf-8")
    while index.stat().st_mtime_ns == before or marker not in _served(url):
        time.sleep(0.01)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--edit", choices=["notes", "meeting"], default="notes",
                        help="what the save changes in the person file: their notes, or a new meeting")
    args = parser.parse_args()
    print(f"{'people':>7} {'plugin s':>9} {'baseline s':>10} {'ratio':>6}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"handshake-serve-{size}-") as tmp:
            plan = saves(Path(tmp), size, args.edit, args.rounds)
            ours, theirs = [], []
            with dirty_server(plan.journal) as (our_url, our_site), \
                    dirty_server(plan.baseline) as (base_url, base_site):
                for marker, edited, page_text in zip(plan.markers, plan.ours, plan.theirs, strict=True):
                    ours.append(save_to_served(plan.person, edited, marker, f"{our_url}people/{plan.pid}/", our_site))
                    theirs.append(save_to_served(plan.page, page_text, marker, f"{base_url}people/{plan.pid}/",
                                                 base_site))
            best, base = min(ours), min(theirs)
            mid, base_mid = statistics.median(ours), statistics.median(theirs)
            print(f"{size:>7} {best:>9.2f} {base:>10.2f} {best / base:>6.2f}   medians {mid:.2f} / {base_mid:.2f}: "
                  f"{mid / base_mid:.2f}   "
                  f"(all rounds: plugin {', '.join(f'{t:.2f}' for t in ours)}; "
                  f"baseline {', '.join(f'{t:.2f}' for t in theirs)})", flush=True)


if __name__ == "__main__":
    main()
