"""The pipeline: the one way from a journal's config file to its read, checked and analysed data, and on to a site.

`open_journal` is the one entry: every CLI command (`check` included), the MkDocs plugin (through
`build_site`), `export-md`, the benchmark and the property test go through it, so they read the same
folder with the same journal root and cannot disagree. `build_site` renders the pages, the feed and
robots.txt from it. It knows nothing of MkDocs: an engine hands it the hand-written docs pages and its
settings, and gets back the problems, the generated pages and the extra files.

May import: the core and the renderers. Not the file writers nor the adapters, which call it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import escape

from .core.analysis import Analysis, Options, analyse
from .core.bulk import collector_paused
from .core.model import Journal, is_id
from .core.options import check_people_dir
from .core.problems import InputError, Problem, errors_in
from .core.read import FileCache, ReadResult, person_files, read_journal
from .render.kept import Kept

if TYPE_CHECKING:
    from .render.pages import Page, SiteRenderer

CSS_URI = "assets/handshake.css"
"""Where the stylesheet goes in the docs tree."""
FEED_URI = "handshake.ics"
"""Where the calendar feed goes in the docs tree."""
ROBOTS_META = '<meta name="robots" content="noindex, nofollow">'
"""The tag that keeps every page of a private site out of search engines."""
ROBOTS_TXT = "User-agent: *\nDisallow: /\n"
"""robots.txt of a private site, unless the user wrote their own."""


def noindex(html: str) -> str:
    """A page's HTML with the robots meta tag in its head (once)."""
    return html if ROBOTS_META in html else html.replace("<head>", "<head>\n    " + ROBOTS_META, 1)


@dataclass(frozen=True)
class JournalFiles:
    """Where a journal is: its config file (mkdocs.yml or properdocs.yml) and its `people_dir` option.

    The journal's root is the config file's folder, for every command and the build alike: a person file
    that is a link must lead inside it (DESIGN.md §2).
    """

    config_file: Path
    people_dir: str = "people"

    @classmethod
    def beside(cls, people: Path) -> JournalFiles:
        """The journal whose config file sits next to the people folder `people` (tests, benchmarks)."""
        return cls(people.parent / "mkdocs.yml", people.name)

    @property
    def root(self) -> Path:
        """The folder of the config file."""
        return self.config_file.resolve().parent

    @property
    def people(self) -> Path:
        """The people folder; InputError when `people_dir` names no folder inside the journal."""
        return people_folder(self.root, self.people_dir)


def open_journal(journal: JournalFiles, options: Options, *, cache: FileCache | None = None,
                 display_root: Path | None = None) -> Analysed:
    """The journal read, checked and (when it holds no errors) analysed: the one way into the pipeline."""
    result = read_people(journal, cache=cache, display_root=display_root)
    analysis = None
    if not errors_in(result.problems):
        analysis = analyse(result.journal, options, cache.analysis if cache is not None else None)
        if cache is not None:
            cache.analysis = analysis
    return Analysed(result.journal, result.problems, analysis)


def read_people(journal: JournalFiles, *, cache: FileCache | None = None,
                display_root: Path | None = None) -> ReadResult:
    """Every person file of the journal read and checked, without the analysis (`open_journal`'s first step; an
    import needs no more). The journal's root is the config file's folder: a person file that is a link must
    lead inside it."""
    return read_journal(journal.people, cache, display_root=display_root, journal_root=journal.root)


def people_folder(root: Path, people_dir: str) -> Path:
    """The journal's people folder (`people_dir`, relative to the journal's root); InputError when it is not one."""
    folder = root / check_people_dir(people_dir)
    if not folder.is_dir():
        raise InputError(f"people_dir '{people_dir}' is not a folder next to mkdocs.yml: create it, "
                         "or set people_dir to where your person files are")
    real, journal = folder.resolve(), root.resolve()
    if real == journal or not real.is_relative_to(journal):  # a link to the journal itself, or out of it
        where = "the journal's own folder" if real == journal else "a folder outside the journal"
        raise InputError(f"people_dir '{people_dir}' is a link to {where}, not a folder inside the journal (the "
                         "folder of mkdocs.yml): name a folder inside it, e.g. people_dir: people")
    return folder


@dataclass(frozen=True)
class Analysed:
    """A journal read and checked, and its analysis when it holds no errors."""

    journal: Journal
    problems: list[Problem]
    analysis: Analysis | None

    @property
    def errors(self) -> list[Problem]:
        """The problems that are errors; while there are any, nothing is analysed."""
        return errors_in(self.problems)

    @property
    def warnings(self) -> list[Problem]:
        """The problems that are warnings."""
        return [p for p in self.problems if p.severity == "warning"]


@dataclass(frozen=True)
class Settings:
    """What an engine tells the pipeline about the site it builds."""

    journal: JournalFiles
    docs: Mapping[str, Callable[[], str]]
    """The hand-written Markdown pages: src_uri to a reader of their text (read only for week notes)."""
    files: Collection[str] = ()
    """src_uri of every other file of the docs folder (a user's own robots.txt wins)."""
    site_name: str = ""
    custom_dir: str | None = None
    markdown_extensions: Iterable[Any] = ()
    mdx_configs: Mapping[str, Any] = field(default_factory=dict)
    directory_urls: bool = True
    show_contact: bool = False
    secret: str | None = None
    """Set for an encrypted site: opaque person URLs, generic titles, no tags, no calendar feed."""
    display_root: Path | None = None
    """Problems name files relative to this folder."""
    rebuilds: bool = False
    """The engine builds the site again on every save (`mkdocs serve`): parts of the hub pages are kept
    from one build to the next (`render.fragments`)."""
    site_root: str | None = None
    """Links between generated pages start from this path (`/journal/`) rather than being relative to the
    page (`SiteRenderer.site_root`)."""
    docs_dir: str = "docs"
    """The docs folder as problems name it (relative to `display_root`)."""


@dataclass(frozen=True)
class GeneratedPage:
    """A page the journal adds to the site: where it lives, its title, and how to render its HTML body."""

    src_uri: str
    title: str
    render: Callable[[], str] = field(compare=False)
    in_nav: bool = True
    tags: tuple[str, ...] = ()
    fingerprint: Callable[[], object | None] = field(default=lambda: None, compare=False, repr=False)
    """Computes `key`, on demand: only an engine that skips unchanged pages pays for it."""
    searchable: bool = True
    """False for hub pages, kept out of the search index: they repeat what the person pages hold."""
    whole_journal: bool = False
    """A page of the whole journal (the hub pages): its key is the analysis, which every save changes, and a save
    mostly leaves its HTML as it was. An engine that skips unchanged pages compares its HTML (`Site.html`) rather
    than its key before it lays the page out again."""

    @property
    def key(self) -> object | None:
        """What the page is rendered from, as one value (`SiteRenderer.key`: the page's input), made at each call: an
        engine may skip rendering a page whose key equals (==) the one it rendered last time. Keys are compared,
        never hashed. None: render it every time."""
        return self.fingerprint()

    @property
    def title_html(self) -> str:
        """The title escaped once, for engines that print titles unescaped (MkDocs and Material do)."""
        return str(escape(self.title))


@dataclass
class Site:
    """What the pipeline gives an engine: the problems, the generated pages and the extra files."""

    analysed: Analysed
    pages: dict[str, GeneratedPage]
    """Generated pages by src_uri; while the journal has errors, each shows the errors instead."""
    extras: dict[str, str | bytes]
    """Other generated files by src_uri: the stylesheet, robots.txt and the calendar feed."""
    renderer: SiteRenderer | None = None
    error_html: str | None = None
    clashes: list[Problem] = field(default_factory=list)
    """Hand-written files of the docs folder at a path the site generates (warnings)."""
    _html: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def problems(self) -> list[Problem]:
        """Every problem found in the data, and the hand-written files the site would replace."""
        return self.analysed.problems + self.clashes

    @property
    def warnings(self) -> list[Problem]:
        """The problems that are warnings."""
        return self.analysed.warnings + self.clashes

    @property
    def errors(self) -> list[Problem]:
        """The problems that are errors."""
        return self.analysed.errors

    def html(self, src_uri: str) -> str:
        """The HTML body of a generated page, rendered once per build (an engine may ask twice: to compare it
        with the last build's, then to lay the page out)."""
        html = self._html.get(src_uri)
        if html is None:
            html = self._html[src_uri] = self.pages[src_uri].render()
        return html

    def keys(self) -> dict[str, object | None]:
        """Every generated page's key (`GeneratedPage.key`) by src_uri."""
        with collector_paused():
            return {uri: page.key for uri, page in self.pages.items()}

    def shows_journal(self, src_uri: str) -> bool:
        """Whether a hand-written page's HTML depends on the journal: it shows the errors, or it is a week note
        (its header lists the week's meetings)."""
        from .render.pages import is_week_note

        return self.error_html is not None or is_week_note(src_uri)

    def decorate(self, src_uri: str, html: str) -> str:
        """A hand-written page's HTML as the site shows it: with the errors above it while there are any,
        and with its header when it is a week note."""
        if self.error_html is not None:
            return self.error_html + html
        return self.renderer.with_week_note_header(src_uri, html) if self.renderer else html


def private_title(src_uri: str) -> str | None:
    """The title an encrypted site gives a hand-written page in place of its own, which every page's
    navigation and `<title>` show in clear: a week note's heading is a note, so it is `Week 2026-W44`."""
    from .render.pages import is_week_note

    return f"Week {src_uri.removeprefix('weeks/').removesuffix('.md')}" if is_week_note(src_uri) else None


def build_site(settings: Settings, options: Options, cache: FileCache | None = None) -> Site:
    """Every generated page and extra file of the site, or the error pages while the journal has errors."""
    # Templates, Markdown and the sanitizer load only for a build: commands that only read the journal skip them.
    from .render.pages import (
        dashboard_uri,
        environment,
        opaque_ids,
        override_dir,
        person_uri,
        render_problems,
        site_renderer,
        stylesheet,
    )

    analysed = open_journal(settings.journal, options, cache=cache, display_root=settings.display_root)
    url_id = opaque_ids(settings.secret) if settings.secret else None
    extras: dict[str, str | bytes] = {CSS_URI: stylesheet()}
    if "robots.txt" not in settings.files:
        extras["robots.txt"] = ROBOTS_TXT
    dashboard = dashboard_uri(settings.docs)
    if analysed.analysis is None:
        error_html = render_problems(environment(override_dir(settings.custom_dir)), analysed.errors)
        # Every page the user may be looking at shows the errors, so a reload never lands on a 404.
        uris = [dashboard, "challenge.md", "people.md", "introductions.md", "actions.md"]
        uris += [person_uri(url_id(p.stem) if url_id else p.stem)
                 for p in person_files(settings.journal.people) if is_id(p.stem)]
        pages = {uri: GeneratedPage(uri, "Journal errors", lambda: error_html) for uri in uris}
        return Site(analysed, pages, extras, None, error_html, _clashes(settings, [*pages, *extras]))
    if cache is not None and cache.render is None:
        cache.render = Kept()
    kept = cache.render if cache is not None else Kept()
    renderer = site_renderer(
        analysed.analysis, settings.docs, custom_dir=settings.custom_dir,
        markdown_extensions=settings.markdown_extensions, mdx_configs=settings.mdx_configs,
        directory_urls=settings.directory_urls, show_contact=settings.show_contact, url_id=url_id,
        keep_fragments=settings.rebuilds, site_root=settings.site_root, kept=kept)
    with collector_paused():  # thousands of small objects, no cycles: see bulk.py
        pages = {page.src_uri: _generated(renderer, page, tagged=url_id is None) for page in renderer.pages()}
        if url_id is None:  # a calendar app cannot decrypt: no feed of names in clear
            extras[FEED_URI] = _feed(analysed.analysis, settings.site_name, kept)
    return Site(analysed, pages, extras, renderer, clashes=_clashes(settings, [*pages, *extras]))


def _clashes(settings: Settings, generated: Iterable[str]) -> list[Problem]:
    """A warning for each hand-written file at a path the site generates: it would be replaced silently.

    Only `index.md` (the dashboard moves to dashboard.md) and `robots.txt` are the user's to take.
    """
    written = set(settings.docs) | set(settings.files)
    found = []
    for uri in sorted(u for u in generated if u in written):
        stem, dot, suffix = uri.rpartition(".")
        found.append(Problem(
            f"{settings.docs_dir}/{uri}", 1, 1,
            f"the journal generates this page and would replace your file with it: rename it "
            f"(for example to {stem}-notes.{suffix}) or move it out of the docs folder", "warning"))
    return found


def feed_key(a: Analysis, site_name: str) -> tuple:
    """Everything `calendar_feed` reads, as one value (as page keys are: equal keys, equal feeds): today, the
    site's name, the upcoming meetings (day, kind, place, file, people) and each person's name, reconnect-by
    date (when no meeting is planned) and birthday. Change both together."""
    people = tuple((pid, f.person.name, f.reconnect_by, bool(f.upcoming), f.person.birthday)
                   for pid, f in a.people.items())
    upcoming = tuple((r.owner, r.meeting.date, r.meeting.kind, r.meeting.where, r.people) for r in a.upcoming)
    return site_name, a.today, upcoming, people


def _feed(a: Analysis, site_name: str, kept: Kept) -> bytes:
    """The calendar feed, made again only when what it shows changed (a save under `mkdocs serve` mostly
    changes notes, which the feed leaves out)."""
    from .render.feed import calendar_feed

    key = feed_key(a, site_name)
    if kept.feed is None or kept.feed[0] != key:
        kept.feed = (key, calendar_feed(a, site_name, kept))
    return kept.feed[1]


def _generated(renderer: SiteRenderer, page: Page, tagged: bool) -> GeneratedPage:
    facts = renderer.analysis.people[page.person] if page.person is not None else None
    # Material's search index keeps tags as given and its search page inserts them as HTML; its
    # header and the tags plugin print them unescaped: escaped here, they show as text.
    tags = tuple(str(escape(tag)) for tag in facts.person.tags) if facts is not None and tagged else ()
    return GeneratedPage(page.src_uri, page.title, lambda: renderer.render(page), page.in_nav, tags,
                         lambda: renderer.key(page), page.search, page.person is None)
