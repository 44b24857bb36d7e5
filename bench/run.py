"""Benchmark: the plugin against a plain-Markdown baseline, in the same run (DESIGN.md §10).

For each size it generates a realistic journal (bench/journal.py: half the notes in Markdown,
radar-only imports, 1–6 meetings, shared meetings, introductions) and a baseline with the same
pages and the same Markdown, built by plain MkDocs + Material + search. Builds run `mkdocs build`
in a child process, plugin and baseline ALTERNATING, and the best of N counts (the machine is
shared). It prints, per size:

- build CPU seconds (user + sys of the build process: its rusage, from os.wait4) and wall seconds, and the
  ratio plugin ÷ baseline of the CPU time;
- the plugin's own work in ms per person: read, validate, analyse, render every page and the
  `.ics` feed, measured in a fresh process each time (so no cache of an earlier run helps);
- bytes per person of the HTML pages and the search index (theme assets, sitemap, feed left out);
- peak memory (ru_maxrss) of each build process and its ratio.

    python bench/run.py                  # 100, 1000 and 5000 people
    python bench/run.py --quick          # 100 and 1000
    python bench/run.py 1000 --repeat 5 --json out.json
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

from journal import generate, write_baseline  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

OWN_WORK = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from run import plugin_work, site_config
from pathlib import Path
journal = Path(sys.argv[2])
site_config(journal)            # MkDocs' own config loading is not the plugin's work
cpu, wall = time.process_time(), time.perf_counter()
plugin_work(journal)
print(json.dumps({"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall}))
"""


@lru_cache(maxsize=4)
def site_config(journal_dir: Path) -> Any:
    """The journal's MkDocs config, loaded as `mkdocs build` loads it."""
    from mkdocs.config import load_config

    return load_config(str(journal_dir / "mkdocs.yml"))


def plugin_work(journal_dir: Path) -> None:
    """The plugin's own work on a journal: the pipeline the plugin calls (read, validate, analyse,
    the feed) and rendering every generated page, with the options and Markdown extensions of the
    journal's mkdocs.yml.
    """
    from handshake_plugin.core.analysis import core_options
    from handshake_plugin.engine.config import plugin_options, site_settings
    from handshake_plugin.pipeline import build_site

    config = site_config(journal_dir)
    options = plugin_options(config.plugins["handshake"].config)
    site = build_site(site_settings(config, options, {}, display_root=journal_dir), core_options(options))
    if site.errors:
        raise SystemExit(f"the bench journal has errors: {site.errors[:3]}")
    for page in site.pages.values():
        page.render()


def build(config: Path, site: Path) -> dict[str, float]:
    """One `mkdocs build` in a child process: its CPU seconds, wall seconds and peak memory."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
                             env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert child.stderr is not None
    errors = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"build of {config} failed:\n{errors.decode()}")
    return {"cpu": usage.ru_utime + usage.ru_stime, "wall": wall, "peak_mb": usage.ru_maxrss / 1024}


def own_work(journal: Path) -> dict[str, float]:
    """The plugin's own work, timed in a fresh process."""
    out = subprocess.run([sys.executable, "-c", OWN_WORK, str(Path(__file__).resolve().parent), str(journal)],
                         env=ENV, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def site_bytes(site: Path) -> int:
    """Bytes of the HTML pages and the search index: what grows with the journal."""
    index = site / "search" / "search_index.json"
    html = sum(p.stat().st_size for p in site.rglob("*.html") if "assets" not in p.parts)
    return html + (index.stat().st_size if index.exists() else 0)


def measure(size: int, repeat: int) -> dict[str, Any]:
    """Every figure for one size."""
    with tempfile.TemporaryDirectory(prefix=f"handshake-bench-{size}-") as tmp:
        journal, baseline = Path(tmp) / "journal", Path(tmp) / "baseline"
        generate(journal, size)
        write_baseline(journal, baseline)
        ours, base, work = [], [], []
        for _ in range(repeat):  # alternating, so a busy moment on the machine hits both
            ours.append(build(journal / "mkdocs.yml", journal / "site"))
            base.append(build(baseline / "mkdocs.yml", baseline / "site"))
            work.append(own_work(journal))
        best = min(ours, key=lambda r: r["cpu"])
        best_base = min(base, key=lambda r: r["cpu"])
        peak = min(r["peak_mb"] for r in ours)
        base_peak = min(r["peak_mb"] for r in base)
        own = min(w["cpu"] for w in work)
        return {
            "people": size, "repeat": repeat,
            "plugin_cpu_s": best["cpu"], "baseline_cpu_s": best_base["cpu"],
            "ratio_cpu": best["cpu"] / best_base["cpu"],
            "plugin_wall_s": min(r["wall"] for r in ours), "baseline_wall_s": min(r["wall"] for r in base),
            "own_ms_per_person": 1000 * own / size,
            "own_wall_ms_per_person": 1000 * min(w["wall"] for w in work) / size,
            "bytes_per_person": site_bytes(journal / "site") / size,
            "baseline_bytes_per_person": site_bytes(baseline / "site") / size,
            "peak_mb": peak, "baseline_peak_mb": base_peak, "peak_ratio": peak / base_peak,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int)
    parser.add_argument("--quick", action="store_true", help="100 and 1000 people only")
    parser.add_argument("--repeat", type=int, default=3, help="alternating builds per size; the best counts")
    parser.add_argument("--json", type=Path, help="also write the rows to this file")
    args = parser.parse_args()
    sizes = args.sizes or ([100, 1000] if args.quick else [100, 1000, 5000])
    header = (f"{'people':>7} {'plugin cpu s':>12} {'base cpu s':>10} {'ratio':>6} {'plugin wall':>11} "
              f"{'base wall':>9} {'own ms/p':>8} {'bytes/p':>8} {'base b/p':>8} {'peak MB':>7} "
              f"{'base MB':>7} {'mem ×':>5}")
    print(header, flush=True)
    rows = []
    for size in sizes:
        r = measure(size, args.repeat)
        rows.append(r)
        print(f"{size:>7} {r['plugin_cpu_s']:>12.2f} {r['baseline_cpu_s']:>10.2f} {r['ratio_cpu']:>6.2f} "
              f"{r['plugin_wall_s']:>11.2f} {r['baseline_wall_s']:>9.2f} {r['own_ms_per_person']:>8.3f} "
              f"{r['bytes_per_person']:>8,.0f} {r['baseline_bytes_per_person']:>8,.0f} {r['peak_mb']:>7.0f} "
              f"{r['baseline_peak_mb']:>7.0f} {r['peak_ratio']:>5.2f}", flush=True)
    print(json.dumps(rows, indent=1))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n")


if __name__ == "__main__":
    main()
