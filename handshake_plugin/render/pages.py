"""Layer 4: the generated pages of the site, rendered from Jinja2 templates shipped in the package.

A user overrides a template by putting a file of the same name under `handshake/` in their theme's
`custom_dir`. Templates get escaped values (autoescape); notes arrive as sanitized HTML.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..core.analysis import STAGES, Analysis, Event, FollowUp, MeetingRef, PersonFacts, Week
from ..core.calendar import parse_week, week_label
from ..core.focus import next_step
from ..core.many import TOP, Many, many, reached_through
from ..core.model import Ask, Person
from ..core.problems import InputError, Problem
from ..core.wording import cadence_words, count, day
from . import charts
from .challenge_log import fold_weeks, week_span
from .commands import ask_command, done_command, met_command, review_command, step_command
from .focus import step_headline, step_reason
from .kept import Kept
from .notes import NoteRenderer, shared_note_renderer
from .people_index import STAGE_EMPTY, STAGE_TITLES, found_words, tag_anchor, tag_links
from .pieces import PIECES

TEMPLATE_DIR = Path(__file__).parent / "templates" / "handshake"
HUB_TEMPLATES = frozenset({"dashboard.html", "challenge.html", "people.html", "introductions.html", "actions.html"})
"""The pages that show the whole journal."""
THROUGH_SHOWN = 12
"""How many of the people reached through someone their page names before "and N more"."""


@dataclass(frozen=True)
class Page:
    """A generated page: where it lives in the docs tree, its title and a template with its context."""

    src_uri: str
    title: str
    template: str
    context: dict = field(default_factory=dict, hash=False, compare=False)
    in_nav: bool = True
    search: bool = True
    """False for hub pages, which only repeat names and figures the person pages already put in the search index."""


def url_of(src_uri: str, directory_urls: bool) -> str:
    """The site URL of a Markdown page (or any other file), as MkDocs gives it, relative to the site root."""
    if not src_uri.endswith(".md"):
        return src_uri
    parent, name = posixpath.split(src_uri[:-3])
    if name == "README":  # MkDocs serves a README.md as its folder's index
        name = "index"
    stem = posixpath.join(parent, name)
    if not directory_urls:
        return stem + ".html"
    if name == "index":
        return parent + "/" if parent else ""
    return stem + "/"


def root_of(page_url: str) -> str:
    """The relative path from a page URL back to the site root ("" at the top)."""
    return "../" * page_url.count("/")


def environment(override_dir: Path | None = None) -> jinja2.Environment:
    """The template environment: the user's overrides first, then the package's templates.

    One environment per override folder lives as long as the process, so `mkdocs serve` compiles
    the templates once; Jinja2 reloads a template whose file changed (auto_reload).
    """
    return _environment(override_dir, override_dir is not None and override_dir.is_dir())


@lru_cache(maxsize=4)
def _environment(override_dir: Path | None, overrides: bool) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if overrides and override_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(override_dir)))
    loaders.append(jinja2.FileSystemLoader(str(TEMPLATE_DIR)))
    env = jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=True, trim_blocks=True,
                             lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters["day"] = day
    env.filters["cadence_words"] = cadence_words
    env.filters["count"] = count
    env.globals["week_label"] = week_label
    env.globals["STAGES"] = STAGES
    env.globals.update(ask_command=ask_command, done_command=done_command, review_command=review_command)
    env.globals["latest_ask"] = latest_ask
    env.globals.update(fold_weeks=fold_weeks, week_span=week_span)
    env.globals.update(tag_anchor=tag_anchor, tag_links=tag_links, found_words=found_words,
                       stage_titles=STAGE_TITLES, stage_empty=STAGE_EMPTY)
    env.globals.update(next_step=next_step, step_headline=step_headline, step_reason=step_reason,
                       step_command=step_command, met_command=met_command)
    env.globals.update(PIECES)
    env.globals.update(others_in=others_in, promises_of=promises_of, followed_up=followed_up, week_span=week_span)
    return env


def others_in(ref: MeetingRef, person_id: str) -> list[str]:
    """The people of a meeting but one (a person page names the others)."""
    return [pid for pid in ref.people if pid != person_id]


def promises_of(facts: PersonFacts, ref: MeetingRef) -> list[FollowUp]:
    """The promises of one meeting of a person's timeline, as written."""
    return [f for f in facts.promises if f.ref is ref]


def followed_up(timeline: Sequence[Event]) -> frozenset[int]:
    """The pending asks of a timeline that a later ask followed up, by object identity (`ask_pill`)."""
    later = False
    found = set()
    for event in reversed(timeline):
        if event.ask is not None:
            if later and event.ask.answer == "pending":
                found.add(id(event.ask))
            later = True
    return frozenset(found)


@dataclass
class SiteRenderer:
    """Renders every generated page of one build from one analysis."""

    analysis: Analysis
    env: jinja2.Environment
    notes: NoteRenderer
    directory_urls: bool = True
    show_contact: bool = False
    dashboard_uri: str = "index.md"
    week_notes: dict[str, str] = field(default_factory=dict)
    """Week label to the src_uri of its hand-written note page."""
    week_note_text: dict[str, str] = field(default_factory=dict)
    """Week label to the Markdown of its note."""
    url_id: Callable[[str], str] | None = None
    """Person ids as URLs show them; set for an encrypted site, where titles are generic too."""
    sources: Mapping[str, object] = field(default_factory=dict)
    """Person id to the fingerprint of the file their record comes from (see `key`); repr of the record when absent."""
    settings_key: str = ""
    """A fingerprint of everything of the build outside the analysis that a page's HTML depends on."""
    keep_fragments: bool = False
    """Keep the rows and weeks of the hub pages for the next build (`Fragments`): for an engine that
    rebuilds the site on every save, as `mkdocs serve` does; a one-off build would only hold them in memory."""
    site_root: str | None = None
    """The site's path on its host (`/journal/`, from site_url) for links written from it, as `export-md` writes
    them: an engine that reads relative links in HTML from the source file's folder (Zensical) keeps these. None:
    links relative to the page's URL, as MkDocs keeps them."""
    week_note_titles: dict[str, str] = field(default_factory=dict)
    """Week label to its note's title (its `# heading`, else the week's dates), for links to the note."""
    kept: Kept | None = None
    """What the renderers keep across rebuilds (`render.kept`); the fragments are kept only with `keep_fragments`."""
    _links: dict[str, tuple] = field(default_factory=dict, repr=False)
    _week_keys: dict[dt.date, tuple] = field(default_factory=dict, repr=False)

    def person_uri(self, person_id: str) -> str:
        """The docs-tree path of a person's page."""
        return person_uri(self.url_id(person_id) if self.url_id else person_id)

    def pages(self) -> list[Page]:
        """Every page the journal generates."""
        pages = [
            Page(self.dashboard_uri, "Dashboard", "dashboard.html", search=False),
            Page("challenge.md", "Challenge", "challenge.html", search=False),
            Page("people.md", "People", "people.html", self._people_context(), search=False),
            Page("introductions.md", "Introductions", "introductions.html", search=False),
            # Every open item, behind the dashboard's few: reached from there, so out of the navigation.
            Page("actions.md", "All open items", "actions.html", in_nav=False, search=False),
        ]
        pages += [Page(self.person_uri(pid), "Person" if self.url_id else facts.person.name, "person.html",
                       {"facts": facts}, in_nav=False)
                  for pid, facts in self.analysis.people.items()]
        return pages

    def key(self, page: Page) -> tuple | None:
        """Everything `render(page)` reads, as one value, or None for a page that must always be rendered.

        Two builds that give a page equal keys give it the same HTML. A key holds the values themselves
        (strings, dates, numbers, tuples), not a digest of them: comparing two keys costs less than
        printing and hashing them, and equal keys cannot come from different values.

        A person page (person.html) reads only:
        - their own record (name, found, tags, links, contact, birthday, notes, asks, their own meetings and
          promises): fingerprinted by its file's path, size, mtime and ctime (`sources`) — the rule by which the
          FileCache decides to parse the file again, so a record that changed always has a new fingerprint;
        - the facts computed from that record, the meetings others recorded with them and the options:
          stage, first handshake, held/upcoming counts, cadence, reconnect-by, strong-since, waiting, the
          people they introduced — all listed, though each is a function of the other inputs;
        - the meetings recorded in another person's file that they joined (`with:`): the whole meeting,
          its owner and its people, since their timeline shows its kind, time, place, notes and promises;
        - the name and URL of each person it links to (introducer, people met, file owners, introduced);
        - the people who came through them (`through`): how many, and the name and URL of those shown;
        - the command that marks an open promise kept, which counts the open promises of the owner's file:
          for a promise of their own file, a function of the record, fingerprinted already; for one of
          another's file, listed;
        - `today` and every setting in `settings_key` (options, contact shown, URL style, templates,
          Markdown extensions, dashboard and week-note pages).
        Nothing else reaches the template (`render`'s context): the other entries are links built from the
        page's own URL, and the figures of the whole journal (`a`) are read only for `today` and
        `done_command`. The hub pages share one key, `hub_key`; any other page gets None.
        """
        if page.template in HUB_TEMPLATES:
            return self.hub_key
        facts = page.context.get("facts")
        if facts is None or page.template != "person.html":
            return None
        pid = facts.person.id
        own, linked = self._person_parts(page, facts)
        link = self._link
        reach, shown = self.through(pid)
        return (self.settings_key, self.analysis.today, own, tuple(link(other) for other in linked),
                tuple(done_command(self.analysis, f) for f in facts.open_promises if f.owner != pid),
                reach, tuple(link(other) for other in shown))

    @functools.cached_property
    def many(self) -> Many:
        """The many from the ones, for the introductions page and the person pages."""
        return many(self.analysis)

    def through(self, pid: str) -> tuple[int, tuple[str, ...]]:
        """How many people came through `pid` (their reach) and the first `THROUGH_SHOWN` of them, nearest first.

        A person page shows these; they change when someone far down the chain names a new introducer,
        though nothing of the person's own facts does: so they are part of the page's key, not of its facts.
        """
        reach = self.many.reach.get(pid, 0)
        return reach, tuple(islice(reached_through(self.analysis.people, pid), THROUGH_SHOWN)) if reach else ()

    def _person_parts(self, page: Page, facts: PersonFacts) -> tuple[tuple, tuple[str, ...]]:
        """The parts of a person page's key that follow from their facts alone, and the ids of the people it
        links to; kept with the facts (`PersonFacts.derived`), for the page at this place with this title."""
        kept = facts.derived.get("page")
        if isinstance(kept, tuple) and kept[0] == (page.src_uri, page.title):
            return kept[1], kept[2]
        pid = facts.person.id
        linked = set(facts.introduced)
        if facts.person.introduced_by:
            linked.add(facts.person.introduced_by)
        shared = []
        for e in facts.timeline:
            ref = e.meeting
            if ref is not None:
                linked.update(ref.people)
                if ref.owner != pid:
                    linked.add(ref.owner)
                    shared.append((repr(ref.meeting), ref.owner, ref.people))
        # Their record, by its file's stamp (the same record object, as reused facts have, has the same stamp).
        own = (page.src_uri, page.title, self.sources.get(pid) or repr(facts.person), facts.stage, facts.handshake,
               len(facts.held), len(facts.upcoming), facts.cadence, facts.reconnect_by, facts.strong_since,
               facts.waiting and facts.waiting.days, tuple(facts.introduced), tuple(shared))
        ids = tuple(sorted(linked))
        facts.derived["page"] = ((page.src_uri, page.title), own, ids)
        return own, ids

    def _link(self, pid: str) -> tuple:
        """A person as links to them show: id, name (None when not in the journal) and page."""
        link = self._links.get(pid)
        if link is None:
            facts = self.analysis.people.get(pid)
            link = self._links[pid] = (pid, facts.person.name if facts else None, self.person_uri(pid))
        return link

    @functools.cached_property
    def hub_key(self) -> tuple:
        """One key (see `key`) of everything the four hub pages read (dashboard, challenge, people, introductions).

        Their templates and the charts they draw read, of each person: id, URL, name, stage, first handshake,
        where and when they were found, the latest ask's answer and day, last and next meeting, the number of
        meetings held, tags, who introduced them and whom they introduced, cadence (people.html,
        introductions.html and `charts.introductions_graph`, and names in every list). Of the journal: every
        week's status, handshakes and meeting lines (day, kind, people, place, time: `meeting_line`), this
        week, streaks, strength, quarters (`charts`), the radar and where, when and why each was found, every
        waiting ask and open promise (with `done_command`; the dashboard shows a few and the next step
        (`next_step`, a function of these lists and this week), actions.html all), reconnect dates,
        upcoming meetings, the week notes' text, the many from the ones (`many`); plus `today` and
        `settings_key`. What only person pages show (notes, asks' and meetings' notes, links, contact,
        birthdays, rapport) is left out, so editing it renders one page, not the hubs.
        """
        a = self.analysis
        today = a.today
        people = tuple(self.row_key(f) for f in a.people.values())
        line = _line_key
        found = (a.people[pid].person.found for pid in a.radar)
        journal = (self.settings_key, today, self.weeks_key(a.weeks), _week_key(a.this_week),
                   a.current_streak, a.longest_streak, a.strength,
                   tuple((q.label, q.weak, q.strong) for q in a.quarters), tuple(a.radar),
                   tuple(f and (f.date, f.where, f.note) for f in found),
                   tuple((wt.person, wt.ask.date, wt.ask.via, wt.days) for wt in a.waiting),
                   tuple((f.promise.do, line(f.ref), done_command(a, f)) for f in a.follow_ups),
                   tuple(a.reconnect), tuple(line(ref) for ref in a.upcoming),
                   tuple(sorted(self.week_note_text.items())), tuple(sorted(self.week_note_titles.items())),
                   self._many_key())
        return people, journal

    def _many_key(self) -> tuple:
        """What the introductions page shows of the many from the ones: figures, quarters, the top introducers."""
        m = self.many
        return m.reached, m.found, m.introduced, m.quarters, m.introducers[:TOP]

    def row_key(self, f: PersonFacts) -> tuple:
        """Everything the hub pages show of one person (a row of the people table, and more); kept with the
        facts (`PersonFacts.derived`) for the person's page URL."""
        uri = self.person_uri(f.person.id)
        kept = f.derived.get("row")
        if isinstance(kept, tuple) and kept[0] == uri:
            return kept[1]
        key = self._row_key(f)
        f.derived["row"] = (uri, key)
        return key

    def _row_key(self, f: PersonFacts) -> tuple:
        p = f.person
        ask = latest_ask(p, self.analysis.today)
        return (p.id, self.person_uri(p.id), p.name, f.stage, f.handshake, p.found and (p.found.where, p.found.date),
                ask and (ask.answer, ask.date), f.last_meeting, f.next_meeting, len(f.held), tuple(p.tags),
                p.introduced_by, tuple(f.introduced), f.cadence)

    def week_key(self, w: Week) -> tuple:
        """Everything a week of the challenge log shows: figures, meeting lines, the names they link, its note."""
        key = self._week_keys.get(w.monday)
        if key is None:
            names = self.names_key(sorted({*w.handshakes, *(pid for ref in w.meetings for pid in ref.people)}))
            key = self._week_keys[w.monday] = (_week_key(w), names, self.week_note_text.get(w.label),
                                               self.week_note_titles.get(w.label),
                                               w.label in self.week_notes)
        return key

    def rows_key(self, group: Iterable[PersonFacts]) -> tuple:
        """The keys of a list of people's rows (`row_key`)."""
        return tuple(self.row_key(f) for f in group)

    def weeks_key(self, weeks: Iterable[Week]) -> tuple:
        """The keys of a list of weeks (`week_key`)."""
        return tuple(self.week_key(w) for w in weeks)

    def names_key(self, ids: Iterable[str]) -> tuple:
        """The people a piece of a page links to, as links show them (`_link`: id, name, page)."""
        return tuple(self._link(pid) for pid in ids)

    def _people_context(self) -> dict:
        groups: dict[str, list] = {s: [] for s in STAGES}
        tags: dict[str, list[str]] = {}
        for pid, facts in sorted(self.analysis.people.items(), key=lambda kv: (kv[1].person.name.lower(), kv[0])):
            groups[facts.stage].append(facts)
            for tag in dict.fromkeys(facts.person.tags):  # a tag written twice lists the person once
                tags.setdefault(tag, []).append(pid)
        return {"groups": groups, "tags": dict(sorted(tags.items(), key=lambda kv: kv[0].lower()))}

    def week_note_header(self, src_uri: str) -> Markup:
        """The header of a hand-written week note: its dates, status and people, linked to the challenge log.

        Empty for any other page (and for a note named after a week that does not exist, such as W60).
        """
        match = _WEEK_NOTE.match(src_uri)
        if not match:
            return Markup("")
        try:
            first = parse_week(match[1])
        except InputError:  # W00, W60: no such week
            return Markup("")
        label = match[1]
        week = next((w for w in self.analysis.weeks if w.monday == first), None)
        met = list(dict.fromkeys(pid for ref in (week.meetings if week else []) for pid in ref.people))
        notes = sorted(self.week_notes)
        at = notes.index(label) if label in notes else -1
        context = {"label": label, "monday": first, "sunday": first + dt.timedelta(days=6), "week": week,
                   "met": met, "outside": "not yet" if first > self.analysis.today else "before the challenge",
                   "previous": notes[at - 1] if at > 0 else None,
                   "next": notes[at + 1] if 0 <= at < len(notes) - 1 else None}
        return Markup(self.render(Page(src_uri, label, "week_note.html", context)))

    def with_week_note_header(self, src_uri: str, html: str) -> str:
        """A page's HTML with the week-note header under its title, when the page is a week note."""
        header = str(self.week_note_header(src_uri))  # a plain str: the page's HTML is not to be escaped
        if not header:
            return html
        title = _LEADING_H1.match(html)
        return html[:title.end()] + header + html[title.end():] if title else header + html

    def render(self, page: Page) -> str:
        """The HTML body of a generated page."""
        facts = page.context.get("facts")
        if facts is not None:
            self.notes.prepare(note_texts(facts))
        page_url = url_of(page.src_uri, self.directory_urls)
        root = self.site_root if self.site_root is not None else root_of(page_url)

        def link(src_uri: str) -> str:
            target = url_of(src_uri, self.directory_urls)
            return (root + target) or "./"

        def person_link(pid: str) -> str:
            return link(self.person_uri(pid))

        anchors: dict[str, Markup] = {}

        def person_a(pid: str) -> Markup:
            anchor = anchors.get(pid)
            if anchor is None:
                facts = self.analysis.people.get(pid)
                name = facts.person.name if facts else pid
                anchor = anchors[pid] = Markup(f'<a href="{escape(person_link(pid))}">{escape(name)}</a>')
            return anchor

        def people_links(ids: Iterable[str], skip: str | None = None) -> Markup:
            return Markup(", ").join(person_a(pid) for pid in ids if pid != skip)

        def week_link(label: str) -> str:
            return link("challenge.md") + "#" + label.lower()

        fragments = (self.kept.fragments.setdefault(page.template, Fragments())
                     if self.keep_fragments and self.kept is not None else None)
        prefix = (self.settings_key, root)

        def fragment(key: tuple, caller: Callable[[], str]) -> Markup:
            return fragments.get((prefix, key), caller) if fragments is not None else Markup(caller())

        context = {
            "a": self.analysis,
            "fragment": fragment,
            "row_key": self.row_key,
            "week_key": self.week_key,
            "rows_key": self.rows_key,
            "weeks_key": self.weeks_key,
            "names_key": self.names_key,
            "page_title": page.title,
            "link": link,
            "person_link": person_link,
            "person_a": person_a,
            "people_links": people_links,
            "week_link": week_link,
            "note": self.notes,
            "show_contact": self.show_contact,
            "dashboard_link": link(self.dashboard_uri),
            "week_notes": {label: link(uri) for label, uri in self.week_notes.items()},
            "week_note_text": self.week_note_text,
            "week_note_titles": self.week_note_titles,
            "charts": charts,
            "many": self.many,
            "top": TOP,
            "through": self.through(facts.person.id) if facts is not None else (0, ()),
            "calendar_feed": self.url_id is None,
            **page.context,
        }
        html = self.env.get_template(page.template).render(context)
        if fragments is not None:
            fragments.done()
        return html


class Fragments:
    """Pieces of a hub page kept from its last render, by a key of everything each piece shows.

    Under `mkdocs serve` a save changes a row or two of the people table, or one week of the challenge
    log: the other pieces are the ones rendered last time. A template marks a piece with
    `{% call fragment(key) %}…{% endcall %}`; the key must hold every value the piece reads (`row_key`,
    `week_key`), and the engine adds the settings and the page's place. Pieces nest: a whole table whose
    rows are unchanged is taken as it was, and when one row changed, only that row is rendered again.
    Only the pieces of the latest render are kept: at most one page's worth for each template.
    """

    def __init__(self) -> None:
        self.last: dict[tuple, tuple[Markup, tuple]] = {}
        self.now: dict[tuple, tuple[Markup, tuple]] = {}
        """Key to (the piece, the keys of the pieces inside it)."""
        self.made = 0
        """How many pieces were rendered anew rather than reused (for tests and benchmarks)."""
        self._inside: list[list[tuple]] = []

    def get(self, key: tuple, render: Callable[[], str]) -> Markup:
        """The piece of this key as rendered before, or rendered now."""
        entry = self.now.get(key)
        if entry is None:
            entry = self.last.get(key)
            if entry is None:
                self._inside.append([])
                try:
                    piece = Markup(render())
                finally:
                    inner = tuple(self._inside.pop())
                entry = (piece, inner)
                self.made += 1
            else:
                self._keep(entry[1])
            self.now[key] = entry
        if self._inside:
            self._inside[-1].append(key)
        return entry[0]

    def _keep(self, keys: tuple) -> None:
        """Carry the pieces inside a reused piece over to the next render."""
        for key in keys:
            if key not in self.now and key in self.last:
                entry = self.now[key] = self.last[key]
                self._keep(entry[1])

    def done(self) -> None:
        """End a render: its pieces are the ones kept for the next."""
        self.last, self.now = self.now, {}



def _line_key(ref: MeetingRef) -> tuple:
    """Everything a meeting line shows but names: day, kind, people, place and time (`kind_line`)."""
    return ref.day, ref.meeting.kind, ref.people, ref.meeting.where, ref.meeting.time


def _week_key(w: Week) -> tuple:
    return w.monday, w.status, tuple(w.handshakes), tuple(_line_key(ref) for ref in w.meetings)


def latest_ask(person: Person, today: dt.date) -> Ask | None:
    """The person's latest ask made by today (of several on that day, the one written last)."""
    made = [ask for ask in reversed(person.asks) if ask.date <= today]
    return max(made, key=lambda ask: ask.date) if made else None


def dashboard_uri(doc_uris: Iterable[str]) -> str:
    """Where the dashboard goes: the site root, unless the user wrote their own `index.md`."""
    return "dashboard.md" if "index.md" in doc_uris else "index.md"


def override_dir(custom_dir: str | None) -> Path | None:
    """Where a user's template overrides live: `handshake/` in the theme's custom_dir."""
    return Path(custom_dir) / "handshake" if custom_dir else None


def site_renderer(analysis: Analysis, docs: Mapping[str, Callable[[], str]], *, custom_dir: str | None,
                  markdown_extensions: Iterable[Any], mdx_configs: Mapping[str, Any], directory_urls: bool,
                  show_contact: bool, url_id: Callable[[str], str] | None = None,
                  sources: Mapping[str, object] | None = None, keep_fragments: bool = False,
                  site_root: str | None = None, kept: Kept | None = None) -> SiteRenderer:
    """The renderer of one build, from the analysis and the hand-written docs pages (src_uri to reader).

    `sources` fingerprints each person's record (`ReadResult.sources`), so that `SiteRenderer.key` is cheap.
    """
    week_notes, week_texts, week_titles = week_notes_of(docs.items())
    overrides = override_dir(custom_dir)
    extensions = list(markdown_extensions)
    settings = (analysis.options, directory_urls, show_contact, dashboard_uri(docs), url_id is None,
                sorted(week_notes.items()), repr(extensions), repr(dict(mdx_configs)),
                template_stamps(overrides), site_root)
    settings_key = hashlib.blake2b(repr(settings).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    notes = shared_note_renderer(extensions, mdx_configs, kept.notes if kept is not None else None)
    return SiteRenderer(analysis, environment(overrides), notes, directory_urls,
                        show_contact, dashboard_uri(docs), week_notes, week_texts, url_id, sources or {}, settings_key,
                        keep_fragments, site_root, week_titles, kept)


def template_stamps(overrides: Path | None) -> list[tuple[str, int, int]]:
    """Path, modification time and size of every template a page may use: the package's and the user's."""
    folders = [TEMPLATE_DIR] + ([overrides] if overrides is not None and overrides.is_dir() else [])
    return [(str(path), stat.st_mtime_ns, stat.st_size) for folder in folders
            for path in sorted(folder.rglob("*")) if (stat := path.stat()) and path.is_file()]


def note_texts(facts: PersonFacts) -> list[str | None]:
    """Every note a person's page shows."""
    p = facts.person
    texts = [p.found.note if p.found else None, p.notes]
    for event in facts.timeline:
        texts.append(event.ask.note if event.ask else event.meeting.meeting.notes if event.meeting else None)
    return texts


_WEEK_NOTE = re.compile(r"^weeks/(\d{4}-W\d{2})\.md$")
_LEADING_H1 = re.compile(r"\s*<h1\b[^>]*>.*?</h1>", re.DOTALL)


def is_week_note(src_uri: str) -> bool:
    """Whether a hand-written page is a week note (`weeks/YYYY-Www.md`), whose header shows the journal."""
    return _WEEK_NOTE.match(src_uri) is not None


def week_notes_of(pages: Iterable[tuple[str, Callable[[], str]]]
                  ) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """From (src_uri, read Markdown) of the docs pages: week label to page, to its text (no title) and to its
    title (its `# heading`, else the week's dates: "23–29 Nov 2026").

    A week note is a hand-written `weeks/YYYY-Www.md`; only those are read.
    """
    uris: dict[str, str] = {}
    texts: dict[str, str] = {}
    titles: dict[str, str] = {}
    for src_uri, read in pages:
        match = _WEEK_NOTE.match(src_uri)
        if match:
            label = match[1]
            markdown = read()
            uris[label] = src_uri
            texts[label] = _strip_title(markdown)
            heading = _TITLE.match(markdown)
            titles[label] = heading[1].strip() if heading and heading[1].strip() else _week_span_of(label)
    return uris, texts, titles


_TITLE = re.compile(r"\s*#\s([^\n]*?)(?:\s#+)?\s*(?:\n|$)")


def _week_span_of(label: str) -> str:
    """A week's dates from its label; the label itself for a week that does not exist (W60)."""
    try:
        return week_span(parse_week(label))
    except InputError:
        return label


def _strip_title(markdown: str) -> str:
    """A week note (read without its front matter, by the engine's own rule) without its `# title` line."""
    return re.sub(r"^\s*#\s[^\n]*\n", "", markdown, count=1)


def opaque_ids(secret: str) -> Callable[[str], str]:
    """Person ids to URL names that reveal nothing without the secret (HMAC-SHA256)."""
    key = secret.encode("utf-8")
    return lambda person_id: hmac.new(key, person_id.encode("utf-8"), hashlib.sha256).hexdigest()[:20]


def person_uri(person_id: str) -> str:
    """The docs-tree path of a person's page."""
    return f"people/{person_id}.md"


def render_problems(env: jinja2.Environment, problems: Iterable[Problem]) -> str:
    """The error page shown by `mkdocs serve` while the data has errors."""
    return env.get_template("errors.html").render(problems=list(problems))


def stylesheet() -> str:
    """The plugin's stylesheet."""
    return (TEMPLATE_DIR / "handshake.css").read_text(encoding="utf-8")

