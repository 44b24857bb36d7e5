"""Layer 4: the generated pages of the site, rendered from Jinja2 templates shipped in the package.

Each page is rendered from its input (`render.inputs`) and the build's settings: its template receives the
input's fields, links made from the page's URL and pure functions (`render.pieces`), nothing else. A user
overrides a template by putting a file of the same name under `handshake/` in their theme's `custom_dir`.
Templates get escaped values (autoescape); notes arrive as sanitized HTML.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import os
import posixpath
import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
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
from ..core.terminal import tty
from ..core.wording import cadence_words, count, day
from . import charts
from .challenge_log import fold_weeks, week_span
from .commands import ask_command, met_command, open_promises, promise_command, review_command, step_command
from .focus import step_headline, step_reason
from .fragments import Fragments
from .inputs import JournalInput, PageInput, PersonInput, facts_of, named_by, week_value
from .kept import Kept
from .notes import NoteRenderer, shared_note_renderer
from .people_index import STAGE_EMPTY, STAGE_TITLES, found_words, tag_anchor, tag_links
from .pieces import PIECES

TEMPLATE_DIR = Path(__file__).parent / "templates" / "handshake"
THROUGH_SHOWN = 12
"""How many of the people reached through someone their page names before "and N more"."""


@dataclass(frozen=True)
class Page:
    """A generated page: where it lives in the docs tree, its title and its template."""

    src_uri: str
    title: str
    template: str
    person: str | None = None
    """The person a person page is about; None for the pages of the whole journal."""
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
    names = (frozenset(str(p.relative_to(override_dir)) for p in override_dir.rglob("*") if p.is_file())
             if override_dir is not None and override_dir.is_dir() else None)
    return _environment(override_dir, names)


@lru_cache(maxsize=4)
def _environment(override_dir: Path | None, overrides: frozenset[str] | None) -> jinja2.Environment:
    """One environment per override folder and the files in it: Jinja2 notices a changed template file, not a new
    override of a template it loaded from the package (`overrides`: the names of the files of the folder)."""
    loaders: list[jinja2.BaseLoader] = []
    if overrides is not None and override_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(override_dir)))
    loaders.append(jinja2.FileSystemLoader(str(TEMPLATE_DIR)))
    env = jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=True, trim_blocks=True,
                             lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters["day"] = day
    env.filters["cadence_words"] = cadence_words
    env.filters["count"] = count
    env.globals["week_label"] = week_label
    env.globals["STAGES"] = STAGES
    env.globals.update(ask_command=ask_command, review_command=review_command)
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
    """Renders every generated page of one build from one analysis.

    Each page is rendered from its input (`input`: a `render.inputs` value that is also its key) and the
    build's settings (fingerprinted by `settings_key`); its template receives nothing else.
    """

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
    settings_key: str = ""
    """A fingerprint of everything of the build outside the pages' inputs that a page's HTML depends on:
    the options, the URL style, whether contact data shows, the Markdown extensions, the week notes' pages and
    every template file (the package's and the user's overrides)."""
    keep_fragments: bool = False
    """Keep the pieces of the hub pages for the next build (`fragments.Fragments`): for an engine that
    rebuilds the site on every save, as `mkdocs serve` does; a one-off build would only hold them in memory."""
    site_root: str | None = None
    """The site's path on its host (`/journal/`, from site_url) for links written from it, as `export-md` writes
    them: an engine that reads relative links in HTML from the source file's folder (Zensical) keeps these. None:
    links relative to the page's URL, as MkDocs keeps them."""
    week_note_titles: dict[str, str] = field(default_factory=dict)
    """Week label to its note's title (its `# heading`, else the week's dates), for links to the note."""
    kept: Kept = field(default_factory=Kept)
    """What the renderers keep across rebuilds (`render.kept`); the fragments are kept only with `keep_fragments`."""
    _inputs: dict[str, PageInput] = field(default_factory=dict, repr=False)
    _named: dict[str, tuple[PersonFacts, tuple[tuple[str, ...], tuple[str, ...]]]] = field(default_factory=dict,
                                                                                             repr=False)
    _weeks: dict[dt.date, tuple] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._named_before, self.kept.named = self.kept.named, self._named

    def person_uri(self, person_id: str) -> str:
        """The docs-tree path of a person's page."""
        return person_uri(self.url_id(person_id) if self.url_id else person_id)

    def pages(self) -> list[Page]:
        """Every page the journal generates."""
        pages = [
            Page(self.dashboard_uri, "Dashboard", "dashboard.html", search=False),
            Page("challenge.md", "Challenge", "challenge.html", search=False),
            Page("people.md", "People", "people.html", search=False),
            Page("introductions.md", "Introductions", "introductions.html", search=False),
            # Every open item, behind the dashboard's few: reached from there, so out of the navigation.
            Page("actions.md", "All open items", "actions.html", in_nav=False, search=False),
        ]
        pages += [Page(self.person_uri(pid), "Person" if self.url_id else facts.person.name, "person.html",
                       person=pid, in_nav=False)
                  for pid, facts in self.analysis.people.items()]
        return pages

    def input(self, page: Page) -> PageInput:
        """What the page is rendered from, and nothing else: a person's page from `PersonInput`, the pages of the
        whole journal from `JournalInput`. Made once per build."""
        made = self._inputs.get(page.src_uri)
        if made is None:
            if page.person is not None:
                made = self._person_input(page)
            else:
                notes = tuple((label, self.week_note_text.get(label, ""), self.week_note_titles.get(label, label))
                              for label in sorted(self.week_notes))
                made = JournalInput(self.settings_key, page.src_uri, page.title, page.template, self.analysis, notes)
            self._inputs[page.src_uri] = made
        return made

    def key(self, page: Page) -> PageInput:
        """The page's key: its input itself (two builds that give a page equal inputs give it the same HTML).

        Compared as it is, not printed and hashed: equal keys cannot come from different values, and comparing
        two inputs walks only what changed (`render.inputs`)."""
        return self.input(page)

    def _person_input(self, page: Page) -> PersonInput:
        assert page.person is not None
        pid = page.person
        people = self.analysis.people
        facts = people[pid]
        reach, shown = self.through(pid)
        named, owners = self.named(facts)
        if shown:
            named = tuple(sorted({*named, *shown}))
        names = tuple((other, people[other].person.name if other in people else None) for other in named)
        counts = tuple((owner, open_promises(people[owner].person)) for owner in owners)
        return PersonInput(self.settings_key, page.src_uri, page.title, self.analysis.options, facts,
                           names, counts, reach, shown)

    def named(self, facts: PersonFacts) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The other people a person's facts name, and the other files that hold their meetings
        (`inputs.named_by`), worked out again only for new facts."""
        pid = facts.person.id
        before = self._named_before.get(pid)
        if before is not None and before[0] is facts:
            self._named[pid] = before
            return before[1]
        ids = named_by(facts)
        self._named[pid] = (facts, ids)
        return ids

    @functools.cached_property
    def many(self) -> Many:
        """The many from the ones, for the introductions page and the person pages."""
        return many(self.analysis)

    def through(self, pid: str) -> tuple[int, tuple[str, ...]]:
        """How many people came through `pid` (their reach) and the first `THROUGH_SHOWN` of them, nearest first.

        A person page shows these; they change when someone far down the chain names a new introducer,
        though nothing of the person's own facts does: so they are part of the page's input.
        """
        reach = self.many.reach.get(pid, 0)
        return reach, tuple(islice(reached_through(self.analysis.people, pid), THROUGH_SHOWN)) if reach else ()

    def week_note_header(self, src_uri: str) -> Markup:
        """The header of a hand-written week note: its dates, status and people, linked to the challenge log.

        Empty for any other page (and for a note named after a week that does not exist, such as W60).
        A hand-written page has no key: it is rendered on every build.
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
        people = self.analysis.people
        base = self._base_context(src_uri, label, lambda pid: people[pid].person.name if pid in people else None,
                                  lambda pid: open_promises(people[pid].person))
        base["week_note_titles"] = self.week_note_titles
        return Markup(self._render_template("week_note.html", {**base, **context}))

    def with_week_note_header(self, src_uri: str, html: str) -> str:
        """A page's HTML with the week-note header under its title, when the page is a week note."""
        header = str(self.week_note_header(src_uri))  # a plain str: the page's HTML is not to be escaped
        if not header:
            return html
        title = _LEADING_H1.match(html)
        return html[:title.end()] + header + html[title.end():] if title else header + html

    def render(self, page: Page) -> str:
        """The HTML body of a generated page, from its input alone (`input`)."""
        made = self.input(page)
        if isinstance(made, PersonInput):
            return self._render_person(made)
        return self._render_journal(made)

    def _render_person(self, made: PersonInput) -> str:
        facts = made.facts
        person = facts.person
        self.notes.prepare(note_texts(facts))
        names = dict(made.names)
        names[person.id] = person.name
        counts = dict(made.open_promises)
        counts[person.id] = open_promises(person)
        context = {
            **self._base_context(made.src_uri, made.title, names.get, counts.__getitem__),
            "facts": facts,
            "options": made.options,
            "today": made.options.today,
            "names": names,
            "through": (made.reach, made.through),
        }
        return self._render_template("person.html", context)

    def _render_journal(self, made: JournalInput) -> str:
        a = made.analysis
        people = a.people

        def name_of(pid: str) -> str | None:
            facts = people.get(pid)
            return facts.person.name if facts is not None else None

        context = {
            **self._base_context(made.src_uri, made.title, name_of, lambda pid: open_promises(people[pid].person)),
            "a": a,
            "options": a.options,
            "today": a.today,
            "people": a.people,
            "many": self.many,
            "top": TOP,
            "week_note_text": {label: text for label, text, _ in made.week_notes},
            "week_note_titles": {label: title for label, _, title in made.week_notes},
        }
        if made.template == "people.html":
            context.update(people_groups(a))
        template = self.env.get_template(made.template)
        fragments = (self.kept.fragments.setdefault(made.template, Fragments())
                     if self.keep_fragments and is_packaged(template) else None)
        if fragments is None:
            context["fragment"] = _no_fragment
        else:
            prefix = (self.settings_key, context["link"]("")), a.options

            def fragment(name: Hashable, value: object, caller: Callable[[], str]) -> Markup:
                return fragments.get(name, (prefix, value), caller)

            context["fragment"] = fragment
        context.update(people_of=lambda ids: facts_of(people, ids), week_of=self.week_value,
                       weeks_of=lambda weeks: tuple(map(self.week_value, weeks)), each=_each, blocks=blocks_of,
                       person_value=lambda pid: (pid, people.get(pid)),
                       meeting_value=lambda ref: (ref, facts_of(people, ref.people)),
                       promise_value=lambda f: (f, facts_of(people, f.ref.people)))
        if made.template == "introductions.html":  # who is in the tree of introductions
            context["in_tree"] = [pid for pid, f in people.items() if f.introduced or f.person.introduced_by]
        html = self._render_template(made.template, context, template)
        if fragments is not None:
            fragments.done()
        return html

    def week_value(self, week: Week) -> tuple:
        """A week of the challenge log as one value: the week, the facts of everyone it names, and its note
        (`inputs.week_value`)."""
        value = self._weeks.get(week.monday)
        if value is None:
            label = week.label
            note = (self.week_note_text[label], self.week_note_titles.get(label)) if label in self.week_notes else None
            value = self._weeks[week.monday] = (week_value(self.analysis.people, week), note)
        return value

    def _base_context(self, src_uri: str, title: str, name_of: Callable[[str], str | None],
                      open_count: Callable[[str], int]) -> dict[str, Any]:
        """What every template receives besides its input: links from this page, people by the names `name_of`
        gives (an id it does not know shows as the id), commands for promises (`open_count`: how many open
        promises a person's file holds), and the build's settings."""
        page_url = url_of(src_uri, self.directory_urls)
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
                name = name_of(pid) or pid
                anchor = anchors[pid] = Markup(f'<a href="{escape(person_link(pid))}">{escape(name)}</a>')
            return anchor

        def people_links(ids: Iterable[str], skip: str | None = None) -> Markup:
            return Markup(", ").join(person_a(pid) for pid in ids if pid != skip)

        def week_link(label: str) -> str:
            return link("challenge.md") + "#" + label.lower()

        def done_command(follow_up: FollowUp, verb: str = "done") -> str:
            return promise_command(open_count(follow_up.owner), follow_up, verb)

        return {
            "page_title": title,
            "link": link,
            "person_link": person_link,
            "person_a": person_a,
            "people_links": people_links,
            "week_link": week_link,
            "done_command": done_command,
            "note": self.notes,
            "show_contact": self.show_contact,
            "dashboard_link": link(self.dashboard_uri),
            "week_notes": {label: link(uri) for label, uri in self.week_notes.items()},
            "charts": charts,
            "calendar_feed": self.url_id is None,
        }

    def _render_template(self, name: str, context: dict[str, Any], template: jinja2.Template | None = None) -> str:
        """A template rendered with `context`; a mistake in a user's override is an error that names its line and
        what the template receives, not a traceback."""
        template = template or self.env.get_template(name)
        try:
            return template.render(context)
        except jinja2.TemplateError as exc:
            raise template_problem(template, exc, context) from None


def _each(make: Callable[[Any], object], items: Iterable[Any]) -> tuple[object, ...]:
    """The value of a list's piece: the value of each of its items' pieces."""
    return tuple(map(make, items))


BLOCK = 40
"""How many items of a long list (a people table, all open promises) make one kept piece: a save renders again
the block that holds a changed item, and the other blocks are compared, not rendered."""


def blocks_of(items: Sequence[Any]) -> list[tuple[Any, ...]]:
    """A list cut into pieces of `BLOCK` items, each kept on its own between `mkdocs serve` builds."""
    return [tuple(items[i:i + BLOCK]) for i in range(0, len(items), BLOCK)]


def _no_fragment(name: Hashable, value: object, caller: Callable[[], str]) -> Markup:
    """A piece rendered every time: in a user's override, or when nothing is kept between builds."""
    return Markup(caller())


def is_packaged(template: jinja2.Template) -> bool:
    """Whether a template is the package's own rather than a user's override."""
    return template.filename is not None and Path(template.filename).parent == TEMPLATE_DIR


def template_problem(template: jinja2.Template, exc: jinja2.TemplateError, context: Mapping[str, Any]) -> InputError:
    """A template's runtime error as the user reads it: the file and line, what went wrong, and what the
    template could have used instead."""
    line = 0
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == template.filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    shown = template.filename or template.name or "template"
    if Path(shown).is_absolute() and Path(shown).is_relative_to(Path.cwd()):  # as the user wrote it: theme/handshake/…
        shown = os.path.relpath(shown)
    where = f"{shown}:{line}" if line else shown
    # Jinja2 quotes the names and keys the template asked for, which may hold text of the journal: one line.
    return InputError(f"{tty(where)}: {tty(exc.message or type(exc).__name__)}: the template receives "
                      f"{', '.join(sorted(context))} (and the functions listed in the README's Templates section)")


def people_groups(a: Analysis) -> dict[str, Any]:
    """The People page's lists: each stage's people, by name, and each tag's people."""
    groups: dict[str, list[PersonFacts]] = {s: [] for s in STAGES}
    tags: dict[str, list[str]] = {}
    for pid, facts in sorted(a.people.items(), key=lambda kv: (kv[1].person.name.lower(), kv[0])):
        groups[facts.stage].append(facts)
        for tag in dict.fromkeys(facts.person.tags):  # a tag written twice lists the person once
            tags.setdefault(tag, []).append(pid)
    return {"groups": groups, "tags": dict(sorted(tags.items(), key=lambda kv: kv[0].lower()))}


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
                  show_contact: bool, url_id: Callable[[str], str] | None = None, keep_fragments: bool = False,
                  site_root: str | None = None, kept: Kept | None = None) -> SiteRenderer:
    """The renderer of one build, from the analysis and the hand-written docs pages (src_uri to reader)."""
    week_notes, week_texts, week_titles = week_notes_of(docs.items())
    overrides = override_dir(custom_dir)
    extensions = list(markdown_extensions)
    settings = (analysis.options, directory_urls, show_contact, dashboard_uri(docs), url_id is None,
                sorted(week_notes.items()), repr(extensions), repr(dict(mdx_configs)),
                template_stamps(overrides), site_root)
    settings_key = hashlib.blake2b(repr(settings).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    notes = shared_note_renderer(extensions, mdx_configs, kept.notes if kept is not None else None)
    return SiteRenderer(analysis, environment(overrides), notes, directory_urls,
                        show_contact, dashboard_uri(docs), week_notes, week_texts, url_id, settings_key,
                        keep_fragments, site_root, week_titles, kept if kept is not None else Kept())


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

