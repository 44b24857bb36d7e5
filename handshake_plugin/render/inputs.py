"""Layer 4: what each generated page is rendered from, as one immutable value that is also its cache key.

A page's template receives the fields of its input and nothing else (besides the build's settings, which
`settings` fingerprints, and pure functions). So two builds that give a page equal inputs give it the same
HTML, whatever a template — ours or a user's override — reads of them: `mkdocs serve --dirty` skips a page
whose input equals the last one, and no list of "what the template reads" is kept by hand.

Equality is cheap and exact because of what the values are made of: person records are frozen and compare by
identity (`core.model`), and the file cache gives the same record object back only while its file is
unchanged; the analysis reuses a person's facts object while their records are the same objects. Comparing two
inputs therefore walks only what changed, and a record read again from a saved file is never equal to the old.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..core.analysis import Analysis, Options, PersonFacts, Week


@dataclass(frozen=True)
class PersonInput:
    """Everything a person page shows: their facts, and the name of every other person it names."""

    settings: str
    """The fingerprint of the build's settings (`SiteRenderer.settings_key`): templates, URLs, extensions."""
    src_uri: str
    title: str
    options: Options
    """The analysis' options, `today` among them."""
    facts: PersonFacts
    """Their record and its figures, with the meetings others recorded with them."""
    names: tuple[tuple[str, str | None], ...]
    """Every other person the page names (introducer, people met, the files holding shared meetings, whom they
    introduced, and those reached through them), with their name (None: not in the journal). Only the name: a
    page shows no more of anyone else, so a save of someone's notes renders their page alone."""
    open_promises: tuple[tuple[str, int], ...]
    """For each other file that holds one of their meetings, how many open promises it holds (the command that
    marks a promise kept names the promise when its file holds several)."""
    reach: int
    """How many people came through them (`core.many`)."""
    through: tuple[str, ...]
    """The first of those, nearest first, as the page names them."""

    __hash__ = None  # type: ignore[assignment]  # compared, never hashed: facts are not hashable


@dataclass(frozen=True)
class JournalInput:
    """Everything a page that shows the whole journal (the dashboard, challenge log, people, introductions and
    all open items) shows: the analysis itself, and the week notes' text."""

    settings: str
    src_uri: str
    title: str
    template: str
    analysis: Analysis
    week_notes: tuple[tuple[str, str, str], ...]
    """Each hand-written week note: its week's label, its text without the title, and its title."""

    __hash__ = None  # type: ignore[assignment]


PageInput = PersonInput | JournalInput


def named_by(facts: PersonFacts) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The other people a person's facts name — their introducer, whom they introduced, the people of their
    meetings and the files that hold them — and, of those, the files that hold their meetings (both sorted,
    without the person)."""
    pid = facts.person.id
    named = set(facts.introduced)
    owners = set()
    if facts.person.introduced_by:
        named.add(facts.person.introduced_by)
    for event in facts.timeline:
        ref = event.meeting
        if ref is not None:
            named.update(ref.people)
            owners.add(ref.owner)
    named |= owners
    named.discard(pid)
    owners.discard(pid)
    return tuple(sorted(named)), tuple(sorted(owners))


def facts_of(people: Mapping[str, PersonFacts], ids: Iterable[str]) -> tuple[tuple[str, PersonFacts | None], ...]:
    """Each id with its facts (None when not in the journal): the value of a kept piece of a hub page that names
    them (`render.fragments`)."""
    return tuple((pid, people.get(pid)) for pid in ids)


def week_value(people: Mapping[str, PersonFacts], week: Week) -> tuple:
    """A week of the challenge log as one value: the week and the facts of everyone it names."""
    named = dict.fromkeys([*week.handshakes, *(pid for ref in week.meetings for pid in ref.people)])
    return week, facts_of(people, named)
