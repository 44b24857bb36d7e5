"""Benchmark: the plugin against a plain-Markdown baseline, in the same run (DESIGN.md §10).

For each size it generates a journal (4 meetings and 1 ask per person, with notes) and a baseline:
the same pages written as plain Markdown files, built by MkDocs with the same theme and the person
pages kept out of the navigation the same way. It prints, per size: both build times and their
ratio, the plugin's own milliseconds per person (load, validate, analyse, render), site bytes per
person (pages and search index; theme assets left out), and peak memory of each build.

    python bench/run.py                  # 100, 1000 and 5000 people
    python bench/run.py 100 1000         # chosen sizes
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TODAY = dt.date(2026, 11, 25)
THEME = """\
site_name: Bench
theme:
  name: material
  font: false
markdown_extensions:
  - admonition
  - attr_list
"""
KINDS = ["coffee", "tea", "drinks", "meal", "walk", "video", "call"]
WORDS = ("network trust introduction coffee essay project team design research writing python "
         "founder advice book conference weekly friend idea question hiring product").split()

BUILD = r"""
import json, resource, sys, time
from mkdocs.commands.build import build
from mkdocs.config import load_config
started = time.perf_counter()
build(load_config(sys.argv[1], site_dir=sys.argv[2]))
print(json.dumps({"seconds": time.perf_counter() - started,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def sentence(rnd: random.Random, n: int = 12) -> str:
    return " ".join(rnd.choice(WORDS) for _ in range(n)).capitalize() + "."


def generate(root: Path, size: int) -> None:
    """A journal of `size` people: people/*.yml and mkdocs.yml."""
    rnd = random.Random(size)
    people = root / "people"
    people.mkdir(parents=True)
    (root / "docs").mkdir()
    ids = [f"person-{i:05d}" for i in range(size)]
    for i, pid in enumerate(ids):
        start = TODAY - dt.timedelta(days=rnd.randint(30, 700))
        lines = [f"name: Person {i:05d} {rnd.choice(WORDS).title()}",
                 f"found: {{date: {start.isoformat()}, where: {rnd.choice(WORDS)}, note: {sentence(rnd, 6)}}}",
                 f"tags: [{rnd.choice(WORDS)}, {rnd.choice(WORDS)}]"]
        if i and rnd.random() < 0.3:
            lines.append(f"introduced_by: {ids[rnd.randrange(i)]}")
        lines += ["notes: |", f"  {sentence(rnd, 30)}", f"  {sentence(rnd, 20)}", "asks:",
                  f"  - date: {(start + dt.timedelta(days=1)).isoformat()}", "    via: email",
                  "    answer: accepted", f"    note: {sentence(rnd, 8)}", "meetings:"]
        day = start + dt.timedelta(days=7)
        for _ in range(4):
            lines += [f"  - date: {day.isoformat()}", f"    kind: {rnd.choice(KINDS)}",
                      f"    where: {rnd.choice(WORDS).title()} Cafe", "    notes: |", f"      {sentence(rnd, 25)}",
                      f"    follow_up: {sentence(rnd, 5)}"]
            day += dt.timedelta(days=rnd.randint(10, 60))
        (people / f"{pid}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(THEME + f"plugins:\n  - search\n  - handshake:\n      today: {TODAY}\n")


def write_baseline(journal: Path, root: Path) -> None:
    """The same pages as plain Markdown, made from the journal's data without the plugin."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from handshake_plugin.analysis import Options, analyse
    from handshake_plugin.read import read_journal

    a = analyse(read_journal(journal / "people").journal, Options(today=TODAY))
    docs = root / "docs"
    (docs / "people").mkdir(parents=True)
    for pid, f in a.people.items():
        p = f.person
        out = [f"# {p.name}", "", f"**{f.stage}** · first reached {f.handshake} · {len(f.held)} meetings", ""]
        if p.found:
            out += [f"Found: {p.found.where}, {p.found.date}", "", p.found.note or "", ""]
        out += [f"Tags: {', '.join(p.tags)}", "", "## Notes", "", p.notes or "", "## Timeline", ""]
        for e in f.timeline:
            if e.ask:
                out += [f"- {e.day} **Asked to meet** via {e.ask.via} · {e.ask.answer}", "", f"    {e.ask.note}", ""]
            elif e.meeting:
                m = e.meeting.meeting
                others = ", ".join(f"[{o}]({o}.md)" for o in e.meeting.people if o != pid)
                out += [f"- {e.day} **{m.kind}** at {m.where} {others}", "", f"    {m.notes}", "",
                        f"    Follow-up: {'; '.join(p.do for p in m.follow_up)}", ""]
        if f.introduced:
            out += ["## Introduced you to", "", ", ".join(f"[{o}]({o}.md)" for o in f.introduced)]
        (docs / "people" / f"{pid}.md").write_text("\n".join(out) + "\n", encoding="utf-8")
    rows = "\n".join(f"| [{f.person.name}](people/{pid}.md) | {f.stage} | {f.handshake} | {f.last_meeting} | "
                     f"{len(f.held)} | {', '.join(f.person.tags)} |" for pid, f in a.people.items())
    (docs / "people.md").write_text("# People\n\n| Name | Stage | Handshake | Last | Meetings | Tags |\n"
                                    "| --- | --- | --- | --- | --- | --- |\n" + rows + "\n")
    weeks = "\n".join(f"## {w.label} {w.status}\n\n" + ", ".join(f"[{h}](people/{h}.md)" for h in w.handshakes)
                      + "\n" for w in reversed(a.weeks))
    (docs / "challenge.md").write_text("# Challenge\n\n" + weeks)
    (docs / "index.md").write_text(f"# Dashboard\n\nStreak {a.current_streak}, longest {a.longest_streak}.\n\n"
                                   + "\n".join(f"- [{pid}](people/{pid}.md) due {due}" for pid, due in a.reconnect))
    intros = "\n".join(f"- [{pid}](people/{pid}.md) introduced "
                       + ", ".join(f"[{o}](people/{o}.md)" for o in f.introduced)
                       for pid, f in a.people.items() if f.introduced)
    (docs / "introductions.md").write_text("# Introductions\n\n" + intros + "\n")
    (root / "mkdocs.yml").write_text(THEME + "plugins:\n  - search\nnot_in_nav: |\n  /people/*.md\n")


def build(config: Path, site: Path) -> dict[str, float]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    out = subprocess.run([sys.executable, "-c", BUILD, str(config), str(site)], capture_output=True, text=True,
                         env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def site_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file() and "assets" not in p.parts
               and p.suffix != ".gz")


def plugin_work(journal: Path) -> float:
    """Seconds of the plugin's own work: the pipeline (load, validate, analyse, feed) and rendering every page."""
    from handshake_plugin.analysis import Options
    from handshake_plugin.site import Settings, build_site

    started = time.perf_counter()
    settings = Settings(journal / "people", {}, site_name="Bench",
                        markdown_extensions=["toc", "tables", "fenced_code", "admonition", "attr_list"])
    site = build_site(settings, Options(today=TODAY))
    for page in site.pages.values():
        page.render()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=2, help="builds per size; the fastest counts")
    args = parser.parse_args()
    print(f"{'people':>7} {'plugin s':>9} {'baseline s':>10} {'ratio':>6} {'plugin ms/person':>16} "
          f"{'bytes/person':>12} {'baseline b/p':>12} {'peak MB':>8} {'baseline MB':>11}")
    rows = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"handshake-bench-{size}-") as tmp:
            journal, baseline = Path(tmp) / "journal", Path(tmp) / "baseline"
            generate(journal, size)
            write_baseline(journal, baseline)
            runs = []
            for _ in range(args.repeat):
                runs.append((build(journal / "mkdocs.yml", journal / "site"),
                             build(baseline / "mkdocs.yml", baseline / "site")))
            ours = min(r[0]["seconds"] for r in runs)
            base = min(r[1]["seconds"] for r in runs)
            peak = max(r[0]["peak_mb"] for r in runs)
            base_peak = max(r[1]["peak_mb"] for r in runs)
            work = min(plugin_work(journal) for _ in range(args.repeat))
            row = {"people": size, "plugin_s": ours, "baseline_s": base, "ratio": ours / base,
                   "ms_per_person": 1000 * work / size, "bytes_per_person": site_bytes(journal / "site") / size,
                   "baseline_bytes_per_person": site_bytes(baseline / "site") / size,
                   "peak_mb": peak, "baseline_peak_mb": base_peak}
            rows.append(row)
            print(f"{size:>7} {ours:>9.2f} {base:>10.2f} {row['ratio']:>6.2f} {row['ms_per_person']:>16.3f} "
                  f"{row['bytes_per_person']:>12,.0f} {row['baseline_bytes_per_person']:>12,.0f} "
                  f"{peak:>8.0f} {base_peak:>11.0f}", flush=True)
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
