"""Benchmark: `handshake import-csv --from linkedin` of a LinkedIn Connections.csv (DESIGN.md §10 style).

Writes a realistic export (LinkedIn's notes above the header, quoted companies with commas, names in
several scripts, namesakes, a few emails), starts a new journal with `handshake init`, and times the
real command: the first import (every row a new file) and a second one (every row a duplicate).

    python bench/import_bench.py            # 5000 rows
    python bench/import_bench.py 1000 5000  # chosen sizes
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIRST = ["Ada", "Grace", "Alan", "Zoë", "José", "Дмитрий", "小龙", "Björk", "Nguyễn", "Fatima", "Kwame", "Aiko"]
LAST = ["Lovelace", "Hopper", "Turing", "Ångström", "Núñez", "Шостакович", "李", "Guðmundsdóttir", "Van An",
        "Zahra", "Mensah", "Tanaka"]
COMPANIES = ["Acme, Inc.", "Analytical Engines, Ltd.", "Blue Bottle", "Initech", "Umbrella \"Labs\"", ""]
POSITIONS = ["Engineer", "Founder & CEO", "Poet, Mathematician", "Designer", "Researcher", ""]
NOTES = ('Notes:\n"When exporting your connection data, you may notice that some of the email addresses are '
         'missing. You will only see email addresses for connections who have allowed their connections to see '
         'or download their email address using this setting https://www.linkedin.com/psettings/privacy/email. '
         'You can learn more here https://www.linkedin.com/help/linkedin/answer/261"\n\n')


def connections(rows: int, seed: int = 17) -> str:
    """The text of a LinkedIn Connections.csv with `rows` connections."""
    rng = random.Random(seed)
    lines = []
    for n in range(rows):
        first, last = rng.choice(FIRST), f"{rng.choice(LAST)} {n // len(FIRST)}"
        email = f"person{n}@example.org" if rng.random() < 0.1 else ""
        day = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(4000))
        lines.append([first, last, f"https://www.linkedin.com/in/person-{n}", email, rng.choice(COMPANIES),
                      rng.choice(POSITIONS), day.strftime("%d %b %Y")])
    out = tempfile.SpooledTemporaryFile(mode="w+", newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"])
    writer.writerows(lines)
    out.seek(0)
    return NOTES.replace("\n", "\r\n") + out.read()


def _timed(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{result.stderr}")
    return elapsed


def main() -> None:
    """Time the import at each size and print one line per size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[5000])
    sizes = parser.parse_args().sizes
    handshake = str(Path(sys.executable).parent / "handshake")
    print(f"{'rows':>6} {'first import s':>15} {'ms/row':>7} {'re-import s':>12} {'files':>6}")
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "journal"
            subprocess.run([handshake, "init", str(root)], check=True, capture_output=True)
            (root / "Connections.csv").write_text(connections(size), encoding="utf-8", newline="")
            args = [handshake, "import-csv", "Connections.csv", "--from", "linkedin"]
            first = _timed(args, root)
            again = _timed(args, root)
            files = len(list((root / "people").glob("*.yml")))
            print(f"{size:>6} {first:>15.2f} {1000 * first / size:>7.2f} {again:>12.2f} {files:>6}")


if __name__ == "__main__":
    main()
