"""Layer 4: notes are Markdown; raw HTML in them is sanitized, and they are never templates."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from typing import Any

import markdown
import nh3
from ada_url import URL
from markupsafe import Markup, escape

_TAGS = nh3.ALLOWED_TAGS | {"details", "summary", "mark", "del", "ins", "sup", "sub"}
# No `style` anywhere: CSS can fetch (`url(…)`) and restyle the page. Tables align through `align`.
_ATTRIBUTES = {**nh3.ALLOWED_ATTRIBUTES, "*": {"class", "title", "lang"}}
_URL_SCHEMES = {"http", "https", "mailto"}
# Attributes whose URL a browser fetches by itself when the page loads. Of these only `src` is in the
# allowed attributes (on img); the others are named so that allowing a tag later cannot let one through.
_FETCHED = {"src", "srcset", "poster", "data", "background", "xlink:href", "lowsrc", "dynsrc", "longdesc",
            "action", "formaction", "ping", "manifest", "codebase", "archive", "imagesrcset"}
_FETCHED_BY_TAG = {"link": {"href"}, "use": {"href"}, "image": {"href"}, "feimage": {"href"}, "script": {"href"}}
# Two bases no real page has: a URL that keeps the origin of both is relative to the site; one that
# resolves elsewhere from either (`//host/x`, or a full address) leads to another host.
_BASES = (("https://a.handshake.invalid/people/someone/", "https://a.handshake.invalid"),
          ("http://b.handshake.invalid:8000/x/", "http://b.handshake.invalid:8000"))
# Python-Markdown's tables write alignment as a style; the same alignment as an attribute keeps it.
_TABLE_ALIGN = re.compile(r'(<t[hd]\b[^>]*?)\sstyle="text-align: (left|right|center);?"')

# Heading anchors are for pages, not for the short notes inside one: leaving `toc` out saves a third.
_SKIPPED_EXTENSIONS = {"toc", "markdown.extensions.toc"}
# Notes never read files (DESIGN.md §7): a note holding `--8<-- "people/ada.yml"` would copy another
# person's file, contact included, into the page. Extensions that include or embed files are left out
# whatever the journal configures: pymdownx.snippets and .b64, markdown-include, mdx_include and kin.
_READS_FILES = re.compile(r"snippet|include|(?:^|[._])b64(?:$|[.:])|embed", re.IGNORECASE)
_SPLIT = "<!-- handshake-note-{} -->"
# Text that Markdown would only wrap in paragraphs: letters first on every line, no markup characters.
_PLAIN_LINE = re.compile(r"[^\W\d_][^*_`\[\]<>#&\\|~{}\n]*")
_PLAIN = re.compile(r"[^\W\d_][^*_`\[\]<>#&\\|~{}\n]*(?:\n(?:[^\W\d_][^*_`\[\]<>#&\\|~{}\n]*)?)*\n?")
# Extensions known to leave such plain text as Markdown itself does.
_PLAIN_SAFE = {"toc", "tables", "fenced_code", "admonition", "attr_list", "extra", "abbr", "def_list", "footnotes",
               "md_in_html", "sane_lists", "codehilite", "meta", "pymdownx.superfences", "pymdownx.highlight",
               "pymdownx.inlinehilite", "pymdownx.details", "pymdownx.tabbed", "pymdownx.tasklist",
               "pymdownx.emoji", "pymdownx.snippets", "pymdownx.blocks.admonition", "pymdownx.blocks.details"}
# The commonest inline Markdown in notes, in forms whose HTML is certain: *emphasis*, **strong** and
# [a link](https://host/path), each around words and standing free (space or punctuation around it).
_WORDS = r"[^\W_]+(?: [^\W_]+)*"
_INLINE = re.compile(rf"(?<![^\s(])(?:\*\*(?P<strong>{_WORDS})\*\*|\*(?P<em>{_WORDS})\*"
                     rf"|\[(?P<label>{_WORDS})\]\((?P<url>https?://[A-Za-z0-9.\-/]+)\))(?=[\s.,;:!?)]|$)")
_LIST_ITEM = "- "
# Python-Markdown scans from each `[`, `(`, `<` or backtick to the end of its paragraph for a closing
# one, and nests blockquotes, lists and definitions by recursion: a note of 15,000 `[` costs it minutes
# and 2,000 nested quotes overflow the stack. Notes past these bounds are shown as escaped text instead.
# Openers closed on their own line are cheap and not counted (a reference `[x][` is not: Markdown retries
# it). At the bound the worst note takes Markdown well under a second; real notes stay far below it.
_SCAN_BUDGET = 1_000_000  # unclosed openers × length of their paragraph (or list item), summed over the note
_OPENERS = re.compile(r"[\[(<`]")
_CLOSED = re.compile(r"!?\[[^\[\]\n]{0,200}\](?![ \t]?\[)|\([^()\n]{0,500}\)|<[^<>\n]{0,500}>|`[^`\n]{0,500}`")
_UNIT_START = re.compile(r"\n(?=[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t])|\n[ \t]*\n")
_DEEP = re.compile(r"^(?:[ \t]*>){17}|^[ \t]{65}|^[ \t]*(?:[-*+>][ \t]+){17}", re.MULTILINE)
_DEFINITIONS = re.compile(r"^[ \t]{0,3}(?::[ \t]|\*\[|\[\^?[^\]\n]*\]:)", re.MULTILINE)
_MAX_DEFINITIONS = 300
_SPLIT_RE = re.compile(r"\s*(?:<p>)?<!-- handshake-note-(\d+) -->(?:</p>)?\s*")


class RenderedNotes:
    """Rendered notes by their Markdown text, least recently used first out, bounded by total size.

    It outlives a page and, under `mkdocs serve`, a rebuild: an unchanged note is not rendered
    again. The bound counts the characters of text and HTML kept (a few megabytes by default).
    """

    def __init__(self, budget: int = 4_000_000) -> None:
        self.budget = budget
        self.size = 0
        self._items: OrderedDict[str, Markup] = OrderedDict()

    def get(self, text: str) -> Markup | None:
        """The HTML of a note rendered before, if it is still kept."""
        html = self._items.get(text)
        if html is not None:
            self._items.move_to_end(text)
        return html

    def put(self, text: str, html: Markup) -> None:
        """Keep a rendered note, forgetting the least recently used ones beyond the budget."""
        if text in self._items:
            return
        cost = len(text) + len(html)
        if cost > self.budget:
            return
        self._items[text] = html
        self.size += cost
        while self.size > self.budget:
            old, old_html = self._items.popitem(last=False)
            self.size -= len(old) + len(old_html)

    def __len__(self) -> int:
        return len(self._items)


class NoteRenderer:
    """Markdown to safe HTML with one reusable Markdown instance and the site's own extensions.

    `prepare` renders many notes in one Markdown pass (one page's notes), which costs far less than
    one pass per note; `__call__` then finds them ready. Notes that needed Markdown are kept in a
    bounded cache (`RenderedNotes`) across pages and rebuilds; plain prose is cheap to redo.
    """

    def __init__(self, extensions: Iterable[Any] = ("extra", "sane_lists"),
                 extension_configs: Mapping[str, Any] | None = None, cache: RenderedNotes | None = None) -> None:
        kept = [e for e in extensions if not (isinstance(e, str) and e in _SKIPPED_EXTENSIONS) and not reads_files(e)]
        configs = {k: v for k, v in (extension_configs or {}).items()
                   if k not in _SKIPPED_EXTENSIONS and not reads_files(k)}
        self._md = markdown.Markdown(extensions=kept, extension_configs=configs)
        self.cache = cache if cache is not None else RenderedNotes()
        self._page: dict[str, Markup] = {}
        names = {e.removeprefix("markdown.extensions.") if isinstance(e, str) else "" for e in kept}
        self._fast = names <= _PLAIN_SAFE

    def __call__(self, text: str | None) -> Markup:
        """Render a note: Markdown, then the HTML sanitized (no scripts, handlers or `javascript:` links)."""
        if not text:
            return Markup("")
        done = self._page.get(text) or self.cache.get(text)
        if done is None:
            done = self._plain(text) or (escaped_paragraphs(text) if too_costly(text) else None)
            if done is None:
                done = Markup(sanitize(self._md.reset().convert(text)))
                self.cache.put(text, done)
            self._page[text] = done
        return done

    def _plain(self, text: str) -> Markup | None:
        """Prose with the commonest inline Markdown and simple lists, rendered as Markdown and the
        sanitizer would render it, without the cost of a Markdown pass; None for anything else.
        """
        if not self._fast or "  \n" in text:
            return None
        body = text.strip("\n")
        marked = "*" in body or "[" in body
        if not marked and _LIST_ITEM not in body:  # plain prose: one check for the whole note
            if not _PLAIN.fullmatch(body):
                return None
            return Markup("\n".join(f"<p>{escape(p.rstrip())}</p>" for p in re.split(r"\n\s*\n", body)))
        blocks: list[Markup] = []
        after_list = False
        for block in re.split(r"\n\s*\n", body):
            lines = block.split("\n")
            if all(line.startswith(_LIST_ITEM) for line in lines):
                if after_list:  # two lists a blank line apart make one loose list
                    return None
                items = [_inline(line[2:].strip()) for line in lines]
                if any(item is None for item in items):
                    return None
                blocks.append(Markup("<ul>\n" + "\n".join(f"<li>{escape(item)}</li>" for item in items) + "\n</ul>"))
                after_list = True
            else:
                html = _inline(block.rstrip(), multiline=True)
                if html is None:
                    return None
                blocks.append(Markup(f"<p>{escape(html)}</p>"))
                after_list = False
        return Markup("\n").join(blocks)

    def prepare(self, texts: Iterable[str | None]) -> None:
        """Render these notes together in one Markdown pass, so that later calls find them ready.

        The notes of the previous page are let go (those that needed Markdown stay in the bounded cache).
        """
        self._page.clear()
        todo = []
        for text in dict.fromkeys(texts):
            if not text or text in self._page:
                continue
            done = self.cache.get(text) or self._plain(text)
            if done is None and too_costly(text):
                done = escaped_paragraphs(text)
            if done is None:
                todo.append(text)
            else:
                self._page[text] = done
        if len(todo) < 2 or any("[^" in t for t in todo):  # footnotes gather at the end of a pass
            return
        joined = "\n\n".join(f"{text}\n\n{_SPLIT.format(i)}" for i, text in enumerate(todo))
        parts = _SPLIT_RE.split(self._md.reset().convert(joined))
        # A note that leaves a block open (an unclosed code fence) swallows the markers: render one by one.
        markers = parts[1::2]
        if markers != [str(i) for i in range(len(todo))]:
            return
        for text, html in zip(todo, parts[0::2][:len(todo)], strict=True):
            done = self._page[text] = Markup(sanitize(html))
            self.cache.put(text, done)


def shared_note_renderer(extensions: Iterable[Any], extension_configs: Mapping[str, Any] | None = None,
                         kept: OrderedDict[str, Any] | None = None) -> NoteRenderer:
    """A note renderer for these extensions, taken from `kept` (`Kept.notes`, kept across `mkdocs serve`'s
    rebuilds) when it holds one; a new one otherwise.

    Its cache is keyed by note text, so it is only shared between builds with the same extensions
    and configs; a changed mkdocs.yml gets a new one.
    """
    extensions = list(extensions)
    if kept is None:
        return NoteRenderer(extensions, extension_configs)
    key = repr((extensions, sorted((extension_configs or {}).items(), key=lambda kv: kv[0])))
    renderer = kept.get(key)
    if renderer is None:
        renderer = kept[key] = NoteRenderer(extensions, extension_configs)
        while len(kept) > 2:
            kept.popitem(last=False)
    kept.move_to_end(key)
    return renderer


def reads_files(extension: Any) -> bool:
    """Whether a Markdown extension (a name, `module:Class`, or an instance) includes or embeds files."""
    name = extension if isinstance(extension, str) else f"{type(extension).__module__}.{type(extension).__name__}"
    return bool(_READS_FILES.search(name))


def too_costly(text: str) -> bool:
    """Whether Markdown would spend more than linear work on this note, or nest deeper than the stack allows.

    An estimate that errs on the costly side, in linear time: brackets, parentheses, angle brackets and
    backticks left open on their line, times the length of the paragraph (or list item) they open in; the
    depth of quotes and lists; and the number of definitions (abbreviations, footnotes, references, terms).
    """
    if _DEEP.search(text) or len(_DEFINITIONS.findall(text)) > _MAX_DEFINITIONS:
        return True
    cost = 0
    for unit in _UNIT_START.split(text):
        cost += len(_OPENERS.findall(_CLOSED.sub("", unit))) * len(unit)
        if cost > _SCAN_BUDGET:
            return True
    return False


def escaped_paragraphs(text: str) -> Markup:
    """A note as plain text, its blank-line-separated parts as paragraphs and its line breaks kept."""
    blocks = (block.strip("\n") for block in re.split(r"\n[ \t]*\n", text))
    return Markup("\n").join(Markup("<p>{}</p>").format(Markup("<br>\n").join(escape(line) for line in b.split("\n")))
                              for b in blocks if b.strip())


def _inline(text: str, multiline: bool = False) -> Markup | None:
    """Text with only the inline forms of `_INLINE` as HTML; None if any other markup is in it."""
    rest = _INLINE.sub("x", text) if ("*" in text or "[" in text) else text
    if not (_PLAIN.fullmatch(rest) if multiline else _PLAIN_LINE.fullmatch(rest)):
        return None
    out: list[str] = []
    end = 0
    for match in _INLINE.finditer(text):
        out.append(escape(text[end:match.start()]))
        if match["strong"]:
            out.append(Markup(f"<strong>{escape(match['strong'])}</strong>"))
        elif match["em"]:
            out.append(Markup(f"<em>{escape(match['em'])}</em>"))
        else:
            url, label = escape(match["url"]), escape(match["label"])
            out.append(Markup(f'<a href="{url}" rel="noopener noreferrer">{label}</a>'))
        end = match.end()
    out.append(escape(text[end:]))
    return Markup("").join(out)


def same_site(url: str) -> bool:
    """Whether a browser would resolve `url` on a page of the site to the site itself.

    The URL is parsed as browsers parse it (the WHATWG URL standard, through ada-url), so forms such
    as `//host/x`, `\\\\host/x`, `/\\host/x`, `https:/\\host/x` or a tab inside the scheme count as
    the other hosts they lead to; a substring test would miss them. Only relative URLs pass.
    """
    try:
        return all(URL(url, base=base).origin == origin for base, origin in _BASES)
    except ValueError:
        return False


def _local_sources_only(tag: str, attribute: str, value: str) -> str | None:
    # Whatever the page fetches by itself would be requested at every visit: only the site's own files.
    if attribute in _FETCHED or attribute in _FETCHED_BY_TAG.get(tag, ()):
        return value if attribute == "src" and same_site(value) else None
    if attribute == "style":
        return None
    return value


def sanitize(html: str) -> str:
    """HTML with only harmless tags, attributes and URL schemes left (ammonia, through nh3).

    Embedded resources (an image's `src`) must stay on the site: one that leads to another host is
    dropped. Links to other hosts stay links. No `style` attribute is kept.
    """
    html = _TABLE_ALIGN.sub(r'\1 align="\2"', html)
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_URL_SCHEMES,
                     link_rel="noopener noreferrer", attribute_filter=_local_sources_only)
