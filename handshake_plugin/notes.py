"""Layer 4: notes are Markdown; raw HTML in them is sanitized, and they are never templates."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import markdown
import nh3
from ada_url import URL
from markupsafe import Markup

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
_SPLIT = "<!-- handshake-note-{} -->"
# Text that Markdown would only wrap in paragraphs: letters first on every line, no markup characters.
_PLAIN = re.compile(r"[^\W\d_][^*_`\[\]<>#&\\|~{}\n]*(?:\n(?:[^\W\d_][^*_`\[\]<>#&\\|~{}\n]*)?)*\n?")
# Extensions known to leave such plain text as Markdown itself does.
_PLAIN_SAFE = {"toc", "tables", "fenced_code", "admonition", "attr_list", "extra", "abbr", "def_list", "footnotes",
               "md_in_html", "sane_lists", "codehilite", "meta", "pymdownx.superfences", "pymdownx.highlight",
               "pymdownx.inlinehilite", "pymdownx.details", "pymdownx.tabbed", "pymdownx.tasklist",
               "pymdownx.emoji", "pymdownx.snippets", "pymdownx.blocks.admonition", "pymdownx.blocks.details"}
_SPLIT_RE = re.compile(r"\s*(?:<p>)?<!-- handshake-note-(\d+) -->(?:</p>)?\s*")


class NoteRenderer:
    """Markdown to safe HTML with one reusable Markdown instance and the site's own extensions.

    `prepare` renders many notes in one Markdown pass (one page's notes), which costs far less than
    one pass per note; `__call__` then finds them ready.
    """

    def __init__(self, extensions: Iterable[Any] = ("extra", "sane_lists"),
                 extension_configs: Mapping[str, Any] | None = None) -> None:
        kept = [e for e in extensions if not (isinstance(e, str) and e in _SKIPPED_EXTENSIONS)]
        configs = {k: v for k, v in (extension_configs or {}).items() if k not in _SKIPPED_EXTENSIONS}
        self._md = markdown.Markdown(extensions=kept, extension_configs=configs)
        self._done: dict[str, Markup] = {}
        names = {e.removeprefix("markdown.extensions.") if isinstance(e, str) else "" for e in kept}
        self._fast = names <= _PLAIN_SAFE

    def __call__(self, text: str | None) -> Markup:
        """Render a note: Markdown, then the HTML sanitized (no scripts, handlers or `javascript:` links)."""
        if not text:
            return Markup("")
        done = self._done.get(text)
        if done is None:
            done = self._plain(text)
            if done is None:
                done = Markup(sanitize(self._md.reset().convert(text)))
            self._done[text] = done
        return done

    def _plain(self, text: str) -> Markup | None:
        """Plain prose, rendered as Markdown would render it, without the cost of a Markdown pass."""
        if not self._fast or "  \n" in text or not _PLAIN.fullmatch(text.strip("\n")):
            return None
        paragraphs = re.split(r"\n\s*\n", text.strip("\n"))
        return Markup("\n".join(Markup("<p>{}</p>").format(p.rstrip()) for p in paragraphs))

    def prepare(self, texts: Iterable[str | None]) -> None:
        """Render these notes together in one Markdown pass, so that later calls find them ready.

        Notes prepared for the previous page are forgotten: a journal's notes are not all kept in memory.
        """
        self._done.clear()
        todo = []
        for text in dict.fromkeys(texts):
            if not text or text in self._done:
                continue
            plain = self._plain(text)
            if plain is None:
                todo.append(text)
            else:
                self._done[text] = plain
        if len(todo) < 2 or any("[^" in t for t in todo):  # footnotes gather at the end of a pass
            return
        joined = "\n\n".join(f"{text}\n\n{_SPLIT.format(i)}" for i, text in enumerate(todo))
        parts = _SPLIT_RE.split(self._md.reset().convert(joined))
        # A note that leaves a block open (an unclosed code fence) swallows the markers: render one by one.
        markers = parts[1::2]
        if markers != [str(i) for i in range(len(todo))]:
            return
        for text, html in zip(todo, parts[0::2][:len(todo)], strict=True):
            self._done[text] = Markup(sanitize(html))


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
