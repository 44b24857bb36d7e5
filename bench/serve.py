"""Save-to-reload latency under `mkdocs serve`: the plugin against the plain-Markdown baseline (DESIGN.md §10).

For each size it generates the realistic journal of bench/journal.py and its baseline, starts
`mkdocs serve --dirty` (and, unless --dirty-only, plain `mkdocs serve`) for each on a free loopback
port, waits until the site is served, then saves one person file with a visible change (for the
baseline: the same person's Markdown file) and times from the save until the changed text is
served over HTTP for that person's page. It also notes when the server logs "Reloading browsers".
Saves alternate plugin / baseline; the median of the repeats counts.

    python bench/serve.py                 # 1000 and 5000 people, --dirty and plain, 3 saves each
    python bench/serve.py 1000 --repeat 5 --dirty-only --json serve.json
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

from journal import generate, write_baseline  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
TIMEOUT = 600.0


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    """The page's text, or None while the server cannot answer."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


class Server:
    """A `mkdocs serve` child process whose log lines are kept with the time they arrived."""

    def __init__(self, config: Path, dirty: bool) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{self.port}",
                   "--livereload"]
        if dirty:
            command.append("--dirty")
        self.process = subprocess.Popen(command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        text=True)
        self.lines: list[tuple[float, str]] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append((time.perf_counter(), line.rstrip()))

    def wait_ready(self, page: str) -> float:
        """Seconds until the person page is served."""
        started = time.perf_counter()
        while time.perf_counter() - started < TIMEOUT:
            if self.process.poll() is not None:
                raise SystemExit("mkdocs serve stopped:\n" + "\n".join(line for _, line in self.lines[-20:]))
            if fetch(self.url + page) is not None:
                return time.perf_counter() - started
            time.sleep(0.2)
        raise SystemExit(f"mkdocs serve did not serve {page} within {TIMEOUT} s")

    def reload_after(self, moment: float) -> float | None:
        """When the server logged "Reloading browsers" after `moment`, if it did."""
        return next((t for t, line in self.lines if t >= moment and "Reloading browsers" in line), None)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def save_and_time(server: Server, path: Path, old: str, page: str, token: str) -> dict[str, float | None]:
    """Replace `old` by `token` in `path`, then time until the page shows the token."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    saved = time.perf_counter()
    path.write_text(text.replace(old, token, 1), encoding="utf-8")
    while True:
        html = fetch(server.url + page)
        if html is not None and token in html:
            served = time.perf_counter() - saved
            break
        if time.perf_counter() - saved > TIMEOUT:
            raise SystemExit(f"{page} did not show the change within {TIMEOUT} s")
        time.sleep(0.02)
    deadline = time.perf_counter() + 5
    reload = server.reload_after(saved)
    while reload is None and time.perf_counter() < deadline:  # let the build finish before the next save
        time.sleep(0.05)
        reload = server.reload_after(saved)
    return {"served_s": served, "reload_log_s": None if reload is None else reload - saved}


def measure(size: int, dirty: bool, repeat: int) -> dict[str, Any]:
    """Median save-to-served seconds for plugin and baseline at one size, saves alternating."""
    with tempfile.TemporaryDirectory(prefix=f"handshake-serve-{size}-") as tmp:
        journal, baseline = Path(tmp) / "journal", Path(tmp) / "baseline"
        generate(journal, size)
        write_baseline(journal, baseline)
        pid = f"person-{size // 2:05d}"
        page = f"people/{pid}/"
        person, markdown = journal / "people" / f"{pid}.yml", baseline / "docs" / "people" / f"{pid}.md"
        old = person.read_text(encoding="utf-8").split("\n")[0].split(" ", 1)[1]  # the name: on every page of them
        servers = {"plugin": Server(journal / "mkdocs.yml", dirty), "baseline": Server(baseline / "mkdocs.yml", dirty)}
        try:
            ready = {name: s.wait_ready(page) for name, s in servers.items()}
            runs: dict[str, list[dict[str, float | None]]] = {"plugin": [], "baseline": []}
            current = {"plugin": old, "baseline": old}
            for i in range(repeat):
                for name, path in (("plugin", person), ("baseline", markdown)):
                    token = f"Edited{i}x{name}"
                    runs[name].append(save_and_time(servers[name], path, current[name], page, token))
                    current[name] = token
        finally:
            for s in servers.values():
                s.stop()
    med = {name: statistics.median(r["served_s"] for r in rs) for name, rs in runs.items()}  # type: ignore[misc]
    logs = {name: [r["reload_log_s"] for r in rs if r["reload_log_s"] is not None] for name, rs in runs.items()}
    return {"people": size, "dirty": dirty, "repeat": repeat, "startup_s": ready,
            "plugin_s": med["plugin"], "baseline_s": med["baseline"], "ratio": med["plugin"] / med["baseline"],
            "plugin_reload_log_s": statistics.median(logs["plugin"]) if logs["plugin"] else None,
            "baseline_reload_log_s": statistics.median(logs["baseline"]) if logs["baseline"] else None,
            "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=3, help="saves per server; the median counts")
    parser.add_argument("--dirty-only", action="store_true", help="leave out plain `mkdocs serve`")
    parser.add_argument("--json", type=Path, help="also write the rows to this file")
    args = parser.parse_args()
    print(f"{'people':>7} {'mode':>9} {'plugin s':>9} {'baseline s':>10} {'ratio':>6} {'target':>7} "
          f"{'plugin log s':>12} {'base log s':>10}", flush=True)
    rows = []
    for size in args.sizes:
        for dirty in (True,) if args.dirty_only else (True, False):
            r = measure(size, dirty, args.repeat)
            rows.append(r)

            def s(x: float | None) -> str:
                return "-" if x is None else f"{x:.2f}"
            print(f"{size:>7} {'--dirty' if dirty else 'full':>9} {r['plugin_s']:>9.2f} {r['baseline_s']:>10.2f} "
                  f"{r['ratio']:>6.2f} {'≤ 1.50' if dirty else '':>7} {s(r['plugin_reload_log_s']):>12} "
                  f"{s(r['baseline_reload_log_s']):>10}", flush=True)
    print(json.dumps(rows, indent=1))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n")


if __name__ == "__main__":
    main()
