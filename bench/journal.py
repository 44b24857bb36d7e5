"""Realistic benchmark journals and their plain-Markdown baselines (DESIGN.md §10).

A journal of N people looks like one grown from a network import and a few years of the challenge:
about a sixth are radar-only people from an import (no asks, no meetings), the others have one or
two asks and 1–6 meetings, some meetings are shared (`with`), some people were introduced, some
meetings are still to come and some people have birthdays (so the feed has work). About half of
the notes use Markdown (emphasis, links, lists); the rest are plain prose.

The baseline holds the same pages with the same Markdown, written as plain files and built by
plain MkDocs + Material + search, person pages kept out of the navigation.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from dataclasses import dataclass
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
NETWORKS = ["linkedin", "mastodon", "conference", "newsletter"]


def sentence(rnd: random.Random, n: int = 12) -> str:
    """A sentence of `n` words."""
    return " ".join(rnd.choice(WORDS) for _ in range(n)).capitalize() + "."


def note(rnd: random.Random, n: int) -> str:
    """A note: plain prose half of the time, otherwise Markdown with emphasis, a link or a list."""
    text = sentence(rnd, n)
    if rnd.random() < 0.5:
        return text
    words = text.split()
    style = rnd.randrange(3)
    if style == 0:
        i = rnd.randrange(len(words))
        words[i] = f"*{words[i]}*"
        j = rnd.randrange(len(words))
        words[j] = f"**{words[j]}**"
        return " ".join(words)
    if style == 1:
        i = rnd.randrange(len(words))
        words[i] = f"[{words[i]}](https://example.org/{rnd.choice(WORDS)})"
        return " ".join(words)
    return text + "\n\n" + "\n".join(f"- {sentence(rnd, 4)}" for _ in range(rnd.randint(2, 4)))


def yaml_block(text: str, indent: int) -> list[str]:
    """A literal block scalar's lines for `text` at `indent` spaces."""
    pad = " " * indent
    return [f"{pad}{line}" if line else "" for line in text.split("\n")]


def generate(root: Path, size: int) -> None:
    """A journal of `size` people in `root`: people/*.yml, docs/ and mkdocs.yml."""
    rnd = random.Random(size)
    people = root / "people"
    people.mkdir(parents=True)
    (root / "docs").mkdir()
    ids = [f"person-{i:05d}" for i in range(size)]
    radar = {pid for pid in ids[1:] if rnd.random() < 0.15}
    met = [pid for pid in ids if pid not in radar]
    for i, pid in enumerate(ids):
        start = TODAY - dt.timedelta(days=rnd.randint(30, 900))
        lines = [f"name: Person {i:05d} {rnd.choice(WORDS).title()}"]
        if pid in radar:  # an import: found on a network, nothing else yet
            lines += [f"found: {{date: {start.isoformat()}, where: {rnd.choice(NETWORKS)}, "
                      f"note: {rnd.choice(WORDS).title()} · {rnd.choice(WORDS)} lead}}",
                      f"links: [https://www.linkedin.com/in/{pid}]"]
            (people / f"{pid}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
            continue
        lines.append(f"found: {{date: {start.isoformat()}, where: {rnd.choice(NETWORKS)}, "
                     f"note: {sentence(rnd, 6)}}}")
        lines.append(f"tags: [{rnd.choice(WORDS)}, {rnd.choice(WORDS)}]")
        if i and rnd.random() < 0.25:
            lines.append(f"introduced_by: {ids[rnd.randrange(i)]}")
        if rnd.random() < 0.3:
            lines.append(f"birthday: \"{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}\"")
        lines += ["notes: |", *yaml_block(note(rnd, rnd.randint(15, 40)), 2), "asks:"]
        for k in range(1 if rnd.random() < 0.8 else 2):
            lines += [f"  - date: {(start + dt.timedelta(days=1 + 3 * k)).isoformat()}", "    via: email",
                      "    answer: accepted", f"    note: {sentence(rnd, 8)}"]
        lines.append("meetings:")
        day = start + dt.timedelta(days=7)
        for _ in range(rnd.randint(1, 6)):
            lines += [f"  - date: {day.isoformat()}", f"    kind: {rnd.choice(KINDS)}",
                      f"    where: {rnd.choice(WORDS).title()} Cafe"]
            if rnd.random() < 0.12:
                other = rnd.choice(met)
                if other != pid:
                    lines.append(f"    with: [{other}]")
            lines += ["    notes: |", *yaml_block(note(rnd, rnd.randint(10, 30)), 6)]
            if rnd.random() < 0.5:
                lines.append(f"    follow_up: {sentence(rnd, 5)}")
            day += dt.timedelta(days=rnd.randint(10, 120))
        (people / f"{pid}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(THEME + f"plugins:\n  - search\n  - handshake:\n      today: {TODAY}\n")


def person_markdown(pid: str, facts: object) -> str:
    """A person page as plain Markdown, with the same notes (same Markdown) as the plugin's page."""
    f = facts
    p = f.person  # type: ignore[attr-defined]
    out = [f"# {p.name}", "", f"**{f.stage}** · first reached {f.handshake} · {len(f.held)} meetings", ""]
    if p.found:
        out += [f"Found: {p.found.where}, {p.found.date}", "", p.found.note or "", ""]
    if p.tags:
        out += [f"Tags: {', '.join(p.tags)}", ""]
    if p.links:
        out += [f"Links: {', '.join(f'<{link}>' for link in p.links)}", ""]
    if p.notes:
        out += ["## Notes", "", p.notes, ""]
    if f.timeline:
        out += ["## Timeline", ""]
    for e in f.timeline:
        if e.ask:
            out += [f"### {e.day} · asked to meet", "", f"Via {e.ask.via} · {e.ask.answer}", "",
                    e.ask.note or "", ""]
        elif e.meeting:
            m = e.meeting.meeting
            others = ", ".join(f"[{o}]({o}.md)" for o in e.meeting.people if o != pid)
            out += [f"### {e.day} · {m.kind}", "", f"At {m.where} {others}", "", m.notes or "", ""]
            if m.follow_up:
                out += [f"Follow-up: {'; '.join(x.do for x in m.follow_up)}", ""]
    if f.introduced:
        out += ["## Introduced you to", "", ", ".join(f"[{o}]({o}.md)" for o in f.introduced), ""]
    return "\n".join(out) + "\n"


def write_baseline(journal: Path, root: Path) -> None:
    """The same pages as plain Markdown, made from the journal's data, for plain MkDocs."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from handshake_plugin.core.analysis import Options
    from handshake_plugin.pipeline import JournalFiles, open_journal

    a = open_journal(JournalFiles(journal / "mkdocs.yml"), Options(today=TODAY)).analysis
    assert a is not None, "the bench journal has errors"
    docs = root / "docs"
    (docs / "people").mkdir(parents=True)
    for pid, f in a.people.items():
        (docs / "people" / f"{pid}.md").write_text(person_markdown(pid, f), encoding="utf-8")
    rows = "\n".join(f"| [{f.person.name}](people/{pid}.md) | {f.stage} | {f.handshake or ''} | "
                     f"{f.last_meeting or ''} | {len(f.held)} | {', '.join(f.person.tags)} |"
                     for pid, f in a.people.items())
    (docs / "people.md").write_text("# People\n\n| Name | Stage | Handshake | Last | Meetings | Tags |\n"
                                    "| --- | --- | --- | --- | --- | --- |\n" + rows + "\n")
    weeks = "\n".join(f"## {w.label} {w.status}\n\n" + ", ".join(f"[{h}](people/{h}.md)" for h in w.handshakes)
                      + "\n" for w in reversed(a.weeks))
    (docs / "challenge.md").write_text("# Challenge\n\n" + weeks)
    (docs / "index.md").write_text(f"# Dashboard\n\nStreak {a.current_streak}, longest {a.longest_streak}.\n\n"
                                   + "\n".join(f"- [{pid}](people/{pid}.md) due {due}" for pid, due in a.reconnect)
                                   + "\n")
    intros = "\n".join(f"- [{pid}](people/{pid}.md) introduced "
                       + ", ".join(f"[{o}](people/{o}.md)" for o in f.introduced)
                       for pid, f in a.people.items() if f.introduced)
    (docs / "introductions.md").write_text("# Introductions\n\n" + intros + "\n")
    (root / "mkdocs.yml").write_text(THEME + "plugins:\n  - search\nnot_in_nav: |\n  /people/*.md\n")


@dataclass(frozen=True)
class Saves:
    """A journal beside its plain-Markdown baseline, and the saves a serve benchmark makes to each: the same
    person's file (their notes, or a new meeting) and that person's Markdown page, each save with its marker."""

    journal: Path
    baseline: Path
    pid: str
    person: Path
    page: Path
    markers: list[str]
    ours: list[str]
    theirs: list[str]


def saves(root: Path, size: int, edit: str, count: int) -> Saves:
    """Generate the journal of `size` people and its baseline in `root`, and `count` saves of kind `edit`
    ("notes" or "meeting") of the person in the middle."""
    journal, baseline = root / "journal", root / "baseline"
    generate(journal, size)
    write_baseline(journal, baseline)
    pid = f"person-{size // 2:05d}"
    person, page = journal / "people" / f"{pid}.yml", baseline / "docs" / "people" / f"{pid}.md"
    text, page_text = person.read_text(encoding="utf-8"), page.read_text(encoding="utf-8")
    markers = [f"edited{n}x{size}" for n in range(count)]
    if edit == "notes":
        ours = [text.replace("notes: |\n", f"notes: |\n  {m}\n", 1) for m in markers]
    else:
        meeting = "meetings:\n  - {{date: 2026-11-{day}, kind: tea, notes: {mark}}}\n"
        ours = [text.replace("meetings:\n", meeting.format(day=10 + n, mark=m), 1) for n, m in enumerate(markers)]
    theirs = [page_text.replace("## Notes\n", f"## Notes\n\n{m}\n", 1) for m in markers]
    return Saves(journal, baseline, pid, person, page, markers, ours, theirs)
