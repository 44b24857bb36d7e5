"""Layer 4: notes are Markdown; raw HTML in them is sanitized, and they are never templates."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import markdown
import nh3
from markupsafe import Markup

_TAGS = nh3.ALLOWED_TAGS | {"details", "summary", "mark", "del", "ins", "sup", "sub"}
_ATTRIBUTES = {**nh3.ALLOWED_ATTRIBUTES, "*": {"class", "title", "lang"}}
for _tag in ("th", "td"):
    _ATTRIBUTES[_tag] = _ATTRIBUTES.get(_tag, set()) | {"align", "style"}

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


def _local_sources_only(tag: str, attribute: str, value: str) -> str | None:
    # An image from another host would be fetched by every visit: the site makes no such request.
    if attribute == "src" and "//" in value.split("?", 1)[0][:12]:
        return None
    return value


def sanitize(html: str) -> str:
    """HTML with only harmless tags, attributes and URL schemes left (ammonia, through nh3).

    Images from other hosts lose their `src`: the site requests nothing from another host.
    """
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel="noopener noreferrer", attribute_filter=_local_sources_only)
