"""Layer 3: the computed figures of a journal, as pure functions of (journal, options).

One `analyse` call computes everything a build or `handshake status` shows, once.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Literal, cast

from . import vocabulary
from .bulk import collector_paused
from .calendar import ONE_WEEK, add_cadence, monday, quarter_end, quarter_label, week_label, weeks_between
from .model import Ask, Journal, Meeting, Person, Promise
from .options import PluginOptions, default, resolve_today

Stage = Literal["radar", "asked", "met", "strong"]
Counts = Literal["asks", "meetings"]
Status = Literal["done", "paused", "pending", "missed"]
STAGES = cast(tuple[Stage, ...], vocabulary.STAGES)


@dataclass(frozen=True)
class Options:
    """The options of the analysis (the plugin's settings that change figures), independent of any site engine."""

    today: dt.date
    strong_after: int = default("strong_after")
    keep_in_touch: dict[str, str] = field(default_factory=lambda: dict(PluginOptions().keep_in_touch))
    goal: int = default("challenge.goal")
    start: dt.date | None = default("challenge.start")
    """Monday of the first challenge week; None means the week of the earliest handshake."""
    pauses: frozenset[dt.date] = default("challenge.pauses")
    nudge_after: str = default("nudge_after")
    """A pending ask this old is waiting for an answer (a cadence: 7d, 2w…)."""
    counts: Counts = default("challenge.counts")
    """What makes a handshake: the first ask or meeting (`asks`), or the first held meeting (`meetings`)."""



def core_options(options: PluginOptions) -> Options:
    """The analysis options from the plugin's options, with today resolved."""
    return Options(today=resolve_today(options.today), strong_after=options.strong_after,
                   keep_in_touch=dict(options.keep_in_touch), goal=options.goal, start=options.start,
                   pauses=options.pauses, nudge_after=options.nudge_after,
                   counts="meetings" if options.counts == "meetings" else "asks")


STRENGTH_DECAY = 2 ** (-1 / 13)
"""Strength keeps this share of itself each week: a half-life of 13 weeks."""


@dataclass(frozen=True, slots=True)
class MeetingRef:
    """A meeting with the file that records it and everyone who was there."""

    meeting: Meeting
    owner: str
    people: tuple[str, ...]
    day: dt.date = field(init=False, compare=False)
    """The meeting's calendar day."""
    order: tuple[dt.date, str, str] = field(init=False, compare=False, repr=False)
    """Where it goes in a timeline: day, time, then the recording file."""

    def __post_init__(self) -> None:
        # Sorting and grouping read these tens of thousands of times per analysis: computed once.
        day = self.meeting.day
        object.__setattr__(self, "day", day)
        object.__setattr__(self, "order", (day, self.meeting.time or "", self.owner))


@dataclass(frozen=True)
class Event:
    """One entry of a relationship timeline: an ask or a meeting."""

    day: dt.date
    kind: Literal["ask", "meeting"]
    ask: Ask | None = None
    meeting: MeetingRef | None = None


@dataclass(frozen=True, slots=True)
class FollowUp:
    """One promise of a held meeting, with the file that records the meeting (`owner`)."""

    ref: MeetingRef
    promise: Promise

    @property
    def owner(self) -> str:
        """The id of the file where `handshake done` marks it."""
        return self.ref.owner

    @property
    def day(self) -> dt.date:
        """The day of the meeting where it was promised."""
        return self.ref.day


@dataclass(frozen=True, slots=True)
class Waiting:
    """A pending ask old enough for one friendly follow-up message."""

    person: str
    ask: Ask
    days: int


@dataclass
class PersonFacts:
    """What is computed about one person."""

    person: Person
    stage: Stage
    handshake: dt.date | None
    held: list[MeetingRef]
    upcoming: list[MeetingRef]
    timeline: list[Event]
    cadence: str | None
    reconnect_by: dt.date | None
    introduced: list[str]
    strong_since: dt.date | None
    waiting: Waiting | None = None
    promises: list[FollowUp] = field(default_factory=list)
    """Every promise of their meetings (theirs and those they joined), in timeline order."""
    open_promises: list[FollowUp] = field(default_factory=list)
    """Promises of their held meetings not yet kept."""
    derived: dict[str, object] = field(default_factory=dict, repr=False, compare=False)
    """What the analysis computes from these facts alone (where their open promises go in the journal's list),
    kept with them: an analysis that reuses the facts (see `analyse`) reuses these too. Only the core writes
    here; the renderers keep their own (`render.kept`)."""

    @property
    def last_meeting(self) -> dt.date | None:
        """The day of the last held meeting."""
        return self.held[-1].day if self.held else None

    @property
    def next_meeting(self) -> dt.date | None:
        """The day of the next upcoming meeting."""
        return self.upcoming[0].day if self.upcoming else None


@dataclass
class Week:
    """One week of the challenge log."""

    monday: dt.date
    status: Status
    handshakes: list[str]
    meetings: list[MeetingRef]

    @property
    def label(self) -> str:
        """`YYYY-Www`."""
        return week_label(self.monday)


@dataclass
class Quarter:
    """Weak and strong ties at the end of a quarter (up to today)."""

    label: str
    weak: int
    strong: int


@dataclass
class Analysis:
    """Every figure of a journal for one `today`."""

    options: Options
    people: dict[str, PersonFacts]
    weeks: list[Week]
    this_week: Week
    current_streak: int
    longest_streak: int
    reconnect: list[tuple[str, dt.date]]
    upcoming: list[MeetingRef]
    radar: list[str]
    quarters: list[Quarter]
    strength: int = 0
    """The habit's strength, 0-100: done weeks raise it, missed weeks lower it, older weeks count less."""
    waiting: list[Waiting] = field(default_factory=list)
    """Pending asks old enough for a follow-up message, oldest first."""
    follow_ups: list[FollowUp] = field(default_factory=list)
    """Open promises of held meetings, oldest meeting first."""
    meetings: list[MeetingRef] = field(default_factory=list)
    """Every meeting of the journal, in timeline order (`MeetingRef.order`)."""

    @property
    def today(self) -> dt.date:
        """The day every figure is computed for."""
        return self.options.today

    def count(self, status: Status) -> int:
        """How many challenge weeks have this status."""
        return sum(1 for w in self.weeks if w.status == status)

    def stage_counts(self) -> dict[str, int]:
        """People per stage, with the total."""
        counts: dict[str, int] = {"total": len(self.people)}
        counts.update((s, 0) for s in STAGES)
        for facts in self.people.values():
            counts[facts.stage] += 1
        return counts

    def introductions(self) -> tuple[int, int]:
        """(people who came through an introduction, of whom through a strong tie)."""
        total = strong = 0
        for facts in self.people.values():
            by = facts.person.introduced_by
            if by and by in self.people:
                total += 1
                strong += self.people[by].stage == "strong"
        return total, strong


def analyse(journal: Journal, options: Options, previous: Analysis | None = None) -> Analysis:
    """Compute handshakes, weeks, streaks, stages, reconnects and introductions.

    `previous` is an analysis of an earlier state of the journal (`mkdocs serve` keeps the last one): a person
    whose record, meetings and introductions are the very objects it saw keeps the facts computed then.
    """
    with collector_paused():
        return _analyse(journal, options, previous)


def _analyse(journal: Journal, options: Options, previous: Analysis | None = None) -> Analysis:
    today = options.today
    meetings_of: dict[str, list[MeetingRef]] = defaultdict(list)
    all_meetings = _meetings(journal, previous)
    for ref in all_meetings:  # in order, so each person's list is too (the sort is stable)
        for pid in ref.people:
            meetings_of[pid].append(ref)

    introduced: dict[str, list[str]] = defaultdict(list)
    for person in journal.people.values():
        if person.introduced_by and person.introduced_by in journal.people:
            introduced[person.introduced_by].append(person.id)

    known = previous.people if previous is not None and previous.options == options else {}
    people = {}
    for pid, person in journal.people.items():
        old = known.get(pid)
        if old is not None and old.person is person and _same(old, meetings_of[pid], introduced[pid]):
            people[pid] = old
        else:
            people[pid] = _facts(person, meetings_of[pid], introduced[pid], options)

    weeks = _weeks(people, all_meetings, options)
    current = monday(today)
    this_week = next((w for w in weeks if w.monday == current), None) or Week(current, "pending", [], [])
    current_streak, longest_streak = streaks(weeks)
    waiting = sorted((f.waiting for f in people.values() if f.waiting is not None),
                     key=lambda w: (w.ask.date, w.person))

    reconnect = sorted(((pid, f.reconnect_by) for pid, f in people.items()
                        if f.reconnect_by is not None and f.reconnect_by <= today and not f.upcoming),
                       key=lambda item: (item[1], item[0]))
    upcoming = [ref for ref in all_meetings if ref.day > today]
    # Whom to ask next: on the radar, and not already due to meet.
    radar = sorted((pid for pid, f in people.items() if f.stage == "radar" and not f.upcoming),
                   key=lambda pid: (-_found_ordinal(people[pid].person), pid))
    return Analysis(options, people, weeks, this_week, current_streak, longest_streak, reconnect, upcoming,
                    radar, _quarters(people, today), strength(weeks), waiting, _open_follow_ups(journal, people),
                    all_meetings)


def _meetings(journal: Journal, previous: Analysis | None) -> list[MeetingRef]:
    """Every meeting with its file and the people of the journal who were there, in timeline order.

    While the journal has the same people as at `previous`, the meetings of a file whose record is the very
    object `previous` saw are taken from it as they are, in their order. Timeline order breaks ties by the
    recording file, and the sort is stable: a file's meetings on one day and time keep the order written,
    whether taken from `previous` (sorted so then) or made again here.
    """
    people = journal.people
    changed = list(people)
    refs: list[MeetingRef] = []
    if previous is not None and previous.people.keys() == people.keys():
        changed = [pid for pid, person in people.items() if previous.people[pid].person is not person]
        again = set(changed)
        refs = [ref for ref in previous.meetings if ref.owner not in again]
    for pid in changed:
        for meeting in people[pid].meetings:
            others = tuple(dict.fromkeys(m for m in meeting.with_ if m != pid and m in people))
            refs.append(MeetingRef(meeting, pid, (pid, *others)))
    refs.sort(key=_ORDER)
    return refs


def _same(facts: PersonFacts, meetings: list[MeetingRef], introduced: list[str]) -> bool:
    """Whether facts were computed from these meetings (the same records, owners and people) and introductions.

    The person's record and the options are compared by the caller; the facts are a function of the four.
    """
    before = facts.held + facts.upcoming  # the meetings in order, split at today
    return (len(before) == len(meetings) and facts.introduced == sorted(introduced)
            and all(a is b or (a.meeting is b.meeting and a.owner == b.owner and a.people == b.people)
                    for a, b in zip(before, meetings, strict=True)))


_ORDER = attrgetter("order")


def _found_ordinal(person: Person) -> int:
    return person.found.date.toordinal() if person.found and person.found.date else 0


def _facts(person: Person, meetings: list[MeetingRef], introduced: list[str], options: Options) -> PersonFacts:
    today = options.today
    held = [m for m in meetings if m.day <= today]
    upcoming = [m for m in meetings if m.day > today]
    asks = sorted((a for a in person.asks if a.date <= today), key=lambda a: a.date)
    if options.counts == "meetings":
        handshake = held[0].day if held else None
    else:
        firsts = [d for d in (asks[0].date if asks else None, held[0].day if held else None) if d is not None]
        handshake = min(firsts) if firsts else None

    strong_since = _strong_since(person, held, options.strong_after, today)
    if strong_since is not None:
        stage: Stage = "strong"
    elif held:
        stage = "met"
    elif asks:
        stage = "asked"
    else:
        stage = "radar"
    cadence = person.keep_in_touch or options.keep_in_touch.get(stage)
    reconnect_by = add_cadence(held[-1].day, cadence) if cadence and held else None

    timeline = [Event(a.date, "ask", ask=a) for a in person.asks]
    timeline += [Event(m.day, "meeting", meeting=m) for m in meetings]
    timeline.sort(key=lambda e: (e.day, e.kind == "meeting", e.meeting.order[1] if e.meeting else ""))
    promises = [FollowUp(ref, promise) for ref in meetings for promise in ref.meeting.follow_up]
    return PersonFacts(person, stage, handshake, held, upcoming, timeline, cadence, reconnect_by,
                       sorted(introduced), strong_since, _waiting(person, asks, meetings, options),
                       promises, [f for f in promises if f.promise.is_open and f.day <= today])


def _waiting(person: Person, asks: list[Ask], meetings: list[MeetingRef], options: Options) -> Waiting | None:
    """The person's latest ask (the last written on its day), if it still waits for an answer.

    That is: pending, made `nudge_after` ago or more, and no meeting held or planned since.
    """
    if not asks:
        return None
    latest = asks[-1]  # `asks` is sorted by date, stably: the last written of the latest day
    if latest.answer != "pending":
        return None
    try:
        if add_cadence(latest.date, options.nudge_after) > options.today:
            return None
    except (ValueError, OverflowError):  # a cadence that reaches past year 9999: never old enough
        return None
    if any(ref.day >= latest.date for ref in meetings):  # met since, or a meeting is planned
        return None
    return Waiting(person.id, latest, (options.today - latest.date).days)


def _open_follow_ups(journal: Journal, people: dict[str, PersonFacts]) -> list[FollowUp]:
    """Open promises of held meetings: oldest meeting first, ties by the recording file's id, then as written."""
    found: list[tuple[tuple[dt.date, str, int], FollowUp]] = []
    for pid, person in journal.people.items():
        facts = people[pid]
        own = cast("list[tuple[tuple[dt.date, str, int], FollowUp]] | None", facts.derived.get("follow_ups"))
        if own is None:
            order = {id(m): i for i, m in enumerate(person.meetings)}
            facts.derived["follow_ups"] = own = [((f.day, pid, order[id(f.ref.meeting)]), f)
                                                 for f in facts.open_promises if f.owner == pid]
        found += own
    found.sort(key=lambda item: item[0])  # stable: promises of one meeting stay in the order written
    return [f for _, f in found]


def _strong_since(person: Person, held: list[MeetingRef], strong_after: int, today: dt.date) -> dt.date | None:
    dates = []
    if person.rapport and person.rapport <= today:
        dates.append(person.rapport)
    if strong_after >= 1 and len(held) >= strong_after:
        dates.append(held[strong_after - 1].day)
    return min(dates) if dates else None


def _weeks(people: dict[str, PersonFacts], meetings: list[MeetingRef], options: Options) -> list[Week]:
    today = options.today
    current = monday(today)
    mondays: dict[dt.date, dt.date] = {}  # thousands of meetings fall on a few hundred days

    def week_of(day: dt.date) -> dt.date:
        week = mondays.get(day)
        if week is None:
            week = mondays[day] = monday(day)
        return week

    handshakes: dict[dt.date, list[tuple[dt.date, str]]] = defaultdict(list)
    for pid, facts in people.items():
        if facts.handshake is not None:
            handshakes[week_of(facts.handshake)].append((facts.handshake, pid))
    held_by_week: dict[dt.date, list[MeetingRef]] = defaultdict(list)
    for ref in meetings:
        if ref.day <= today:
            held_by_week[week_of(ref.day)].append(ref)
    start = options.start or (min(handshakes) if handshakes else current)
    weeks = []
    for week in weeks_between(start, current) if start <= current else ():
        ids = [pid for _, pid in sorted(handshakes.get(week, []))]
        if len(ids) >= options.goal:
            status: Status = "done"
        elif week in options.pauses:
            status = "paused"
        elif week == current:
            status = "pending"
        else:
            status = "missed"
        weeks.append(Week(week, status, ids, held_by_week.get(week, [])))
    return weeks


def streaks(weeks: list[Week]) -> tuple[int, int]:
    """(current, longest) streak of done weeks; paused and pending weeks are passed over, missed ones stop."""
    current = 0
    for week in reversed(weeks):
        if week.status == "missed":
            break
        current += week.status == "done"
    longest = run = 0
    for week in weeks:
        if week.status == "missed":
            run = 0
        elif week.status == "done":
            run += 1
            longest = max(longest, run)
    return current, longest


def strength(weeks: list[Week]) -> int:
    """The habit's strength, 0-100: each done week pulls it up, each missed one lets it decay (half-life 13 weeks).

    Paused weeks and the pending current week are skipped: they neither build nor cost strength.
    """
    s = 0.0
    for week in weeks:
        if week.status in ("done", "missed"):
            s = s * STRENGTH_DECAY + (1 - STRENGTH_DECAY) * (week.status == "done")
    return round(100 * s)


def _quarters(people: dict[str, PersonFacts], today: dt.date) -> list[Quarter]:
    starts = [f.handshake for f in people.values() if f.handshake]
    if not starts:
        return []
    starts.sort()
    strong_days = sorted(f.strong_since for f in people.values() if f.strong_since)
    quarters = []
    day = starts[0]
    while True:
        end = min(quarter_end(day), today)
        strong = bisect_right(strong_days, end)
        reached = bisect_right(starts, end)
        quarters.append(Quarter(quarter_label(day), reached - strong, strong))
        if end >= today:
            return quarters
        day = end + dt.timedelta(days=1)


def week_range(analysis: Analysis) -> list[dt.date]:
    """Every Monday shown by the year heatmaps: whole ISO years from the first to the current week."""
    if not analysis.weeks:
        return [monday(analysis.today)]
    first = dt.date.fromisocalendar(analysis.weeks[0].monday.isocalendar()[0], 1, 1)
    last_year = analysis.weeks[-1].monday.isocalendar()[0]
    last = dt.date.fromisocalendar(last_year + 1, 1, 1) - ONE_WEEK
    return list(weeks_between(first, last))
