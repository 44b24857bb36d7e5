"""Layer 3: the many from the ones — whom you reached, by yourself or through introductions, and who brought them.

Pure functions of an analysis (DESIGN.md §4 "The many from the ones"). Introductions form a graph in which
each person points to at most one introducer, so it can hold cycles (a introduced b, b introduced a) but never
a branch back in: the reach of every introducer is counted in one pass over the journal, with no recursion,
whatever the depth.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from .analysis import Analysis, PersonFacts

TOP = 10
"""How many introducers `handshake status --json` lists."""


@dataclass(frozen=True, slots=True)
class QuarterCount:
    """The people reached in one calendar quarter (`2026-Q3`), by source."""

    label: str
    found: int
    introduced: int


@dataclass(frozen=True, slots=True)
class Introducer:
    """A person who introduced you to anyone: how many directly, and how many came through them in all."""

    id: str
    direct: int
    reach: int


@dataclass(frozen=True)
class Many:
    """The figures of the many from the ones, for one journal and one `today`."""

    reached: int
    """People with a handshake on or before today."""
    found: int
    """Of them, people nobody introduced."""
    introduced: int
    """Of them, people with an introducer."""
    quarters: tuple[QuarterCount, ...]
    """Every quarter from the earliest handshake's to today's, oldest first, zeros included."""
    introducers: tuple[Introducer, ...]
    """Everyone who introduced anyone, most reach first, ties by id."""
    reach: Mapping[str, int] = field(default_factory=dict)
    """Introducer id to reach (people who introduced no one are not in it)."""


def introducer_of(people: Mapping[str, PersonFacts]) -> dict[str, str | None]:
    """Each person's introducer, or None (an id outside the journal, or themself, counts as none)."""
    parent: dict[str, str | None] = {}
    for pid, facts in people.items():
        by = facts.person.introduced_by
        parent[pid] = by if by and by != pid and by in people else None
    return parent


def reach_counts(parent: Mapping[str, str | None]) -> dict[str, int]:
    """For every person someone names as introducer: how many people came through them, each counted once.

    `parent` maps every person to their introducer (or None). A person's reach is everyone whose chain of
    introducers passes through them, never themselves. Off a cycle, that is their subtree; on a cycle (a
    introduced b, b introduced a), the whole group hanging on it.
    """
    children = {pid: 0 for pid in parent}
    for up in parent.values():
        if up is not None:
            children[up] += 1
    size = dict.fromkeys(parent, 1)
    waiting = dict(children)
    ready = [pid for pid, n in waiting.items() if n == 0]
    while ready:  # from the people who introduced no one up to their introducers: each once
        pid = ready.pop()
        up = parent[pid]
        if up is not None:
            size[up] += size[pid]
            waiting[up] -= 1
            if waiting[up] == 0:
                ready.append(up)
    reach = {pid: size[pid] - 1 for pid, n in children.items() if n and not waiting[pid]}
    # Whoever still waits for a child is on a cycle: their child waits on them in turn.
    for start in (pid for pid, n in waiting.items() if n):
        if start in reach:
            continue
        cycle = [start]
        step = parent[start]
        while step is not None and step != start:
            cycle.append(step)
            step = parent[step]
        everyone = sum(size[p] for p in cycle)
        for p in cycle:
            reach[p] = everyone - 1
    return reach


def reached_through(people: Mapping[str, PersonFacts], pid: str) -> Iterator[str]:
    """The people who came through `pid`: whom they introduced, then whom those introduced, and so on (each once,
    nearest first, in id order within each step; never `pid`). A generator: take only as many as are shown."""
    seen = {pid}
    queue: deque[str] = deque([pid])
    while queue:
        for child in people[queue.popleft()].introduced:
            if child not in seen:
                seen.add(child)
                queue.append(child)
                yield child


def many(analysis: Analysis) -> Many:
    """The many from the ones: reached people by source and by quarter, and introducers ranked by reach."""
    people = analysis.people
    parent = introducer_of(people)
    reach = reach_counts(parent)
    direct = {pid: len(people[pid].introduced) for pid in reach}
    ranked = tuple(Introducer(pid, direct[pid], reach[pid])
                   for pid in sorted(reach, key=lambda p: (-reach[p], p)))
    reached = [(f.handshake, parent[pid] is not None) for pid, f in people.items()
               if f.handshake is not None and f.handshake <= analysis.today]
    introduced = sum(by for _, by in reached)
    return Many(len(reached), len(reached) - introduced, introduced,
                tuple(_quarters(reached, analysis.today)), ranked, reach)


def _index(day: dt.date) -> int:
    return day.year * 4 + (day.month - 1) // 3


def _quarters(reached: Sequence[tuple[dt.date, bool]], today: dt.date) -> list[QuarterCount]:
    if not reached:
        return []
    first = min(_index(day) for day, _ in reached)
    found = [0] * (_index(today) - first + 1)
    introduced = [0] * len(found)
    for day, by in reached:
        (introduced if by else found)[_index(day) - first] += 1
    return [QuarterCount(f"{(first + i) // 4}-Q{(first + i) % 4 + 1}", found[i], introduced[i])
            for i in range(len(found))]
