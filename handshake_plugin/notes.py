"""Layer 4: notes are Markdown; raw HTML in them is sanitized, and they are never templates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import markdown
import nh3
from markupsafe import Markup

_TAGS = nh3.ALLOWED_TAGS | {"details", "summary", "mark", "del", "ins", "sup", "sub"}
_ATTRIBUTES = {**nh3.ALLOWED_ATTRIBUTES, "*": {"class", "title", "lang"}}
for _tag in ("th", "td"):
    _ATTRIBUTES[_tag] = _ATTRIBUTES.get(_tag, set()) | {"align", "style"}


class NoteRenderer:
    """Markdown to safe HTML, with one reusable Markdown instance (the site's own extensions)."""

    def __init__(self, extensions: Iterable[Any] = ("extra", "sane_lists"),
                 extension_configs: Mapping[str, Any] | None = None) -> None:
        self._md = markdown.Markdown(extensions=list(extensions), extension_configs=dict(extension_configs or {}))
        self._cache: dict[str, Markup] = {}

    def __call__(self, text: str | None) -> Markup:
        """Render a note: Markdown, then the HTML sanitized (no scripts, handlers or `javascript:` links)."""
        if not text:
            return Markup("")
        cached = self._cache.get(text)
        if cached is None:
            html = self._md.reset().convert(text)
            cached = Markup(sanitize(html))
            self._cache[text] = cached
        return cached


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
